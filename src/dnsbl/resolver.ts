// The DNS adapter: which transport carries the queries, and which servers they go to.
// udp (default): our own stub resolver (src/dns/udp.ts), built for this workload.
// c-ares: Node's resolver with our own retry policy, as before (settings.transport: c-ares).
// Errors are data either way.
//
// What c-ares does on its own, and why this file works around it (measured with Node 24, c-ares 1.34):
// - Its default timeout and tries make a silent server take 28 s to fail, so both are always set.
// - After the first answers from a server it times queries out at 5 × the average round trip
//   (at least 250 ms), not at the configured timeout, and Node only checks at ticks of
//   min(timeout, 1 s). A slow list behind a fast resolver would time out after about a second
//   whatever the user set. So one attempt here lasts the configured timeout: when c-ares gives
//   up early, the query is sent again within the same attempt (a stub resolver's retransmit).
// - `maxTimeout` keeps c-ares' own adaptive timeout from growing past the configured one.
import { promises as dnsp } from 'node:dns';
import { isIP } from 'node:net';
import type { Dns, DnsError, DnsResult, QueryOptions } from '../model.ts';
import { systemNameServers } from '../dns/resolv-conf.ts';
import { createUdpDns } from '../dns/udp.ts';

/** How queries travel: our UDP stub resolver, or Node's c-ares. */
export type Transport = 'udp' | 'c-ares';

export interface DnsOptions {
  /** "host", "host:port", "[v6]:port" or a bare IPv6 address; empty = the system resolver. */
  servers?: string[];
  /** How long one attempt waits for an answer. */
  timeoutMs: number;
  /** Attempts per query; only timeouts and SERVFAIL are tried again. */
  tries: number;
  /** udp unless said otherwise. */
  transport?: Transport;
}

/** The DNS adapter plus the servers it asks, for the report. */
export interface ResolverDns extends Dns {
  /** As `describeServers` gives them. */
  servers: string[];
}

export interface ServerAddress {
  host: string;
  port: number;
  /** The form c-ares takes: "192.0.2.53:53", "[2001:db8::53]:53". */
  address: string;
}

function splitServer(t: string): [host: string, port: string | undefined] | null {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracket) return [bracket[1] ?? '', bracket[2]];
  if (isIP(t) === 6) return [t, undefined];
  const plain = /^([^:]+)(?::(\d+))?$/.exec(t);
  return plain ? [plain[1] ?? '', plain[2]] : null;
}

/** Parses a resolver address. Throws on text that is not an IP address with an optional port. */
export function parseServer(text: string): ServerAddress {
  const t = text.trim();
  const parts = splitServer(t);
  if (!parts) throw new Error(`resolver '${t}' is not HOST, HOST:PORT or [IPV6]:PORT`);
  const [host, portText] = parts;
  if (isIP(host) === 0) throw new Error(`resolver '${t}' must be an IP address (a resolver cannot be given by name)`);
  const port = portText === undefined ? 53 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`resolver '${t}' has an invalid port`);
  return { host, port, address: isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}

/** The system resolver's servers (resolv.conf), as addresses: "192.0.2.53:53", "[::1]:53". */
function systemServers(): ServerAddress[] {
  return systemNameServers().map((s) => ({ host: s.host, port: s.port, address: isIP(s.host.replace(/%.*$/, '')) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}` }));
}

/** The servers a query goes to: the configured ones, or the system resolver's from resolv.conf. */
export function describeServers(servers?: string[]): string[] {
  const configured = (servers ?? []).map((s) => parseServer(s).address);
  if (configured.length > 0) return configured;
  return [`system (${systemNameServers().map((s) => s.host).join(', ')})`];
}

const ERRORS: Record<string, DnsError> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
};

/** Only these may give a different answer a moment later. */
const RETRIED: ReadonlySet<DnsError> = new Set(['timeout', 'servfail']);

/**
 * What went wrong, for people. Never the query name: it can carry a list's secret key
 * (Spamhaus DQS), so a message names the server and the kind of failure only.
 */
function describeFailure(code: string, where: string, timeoutMs: number, tries: number): string {
  const tried = tries === 1 ? '1 try' : `${tries} tries`;
  const messages: Record<string, string> = {
    ENOTFOUND: `NXDOMAIN from ${where}`,
    ENODATA: `no records of that type (NODATA) from ${where}`,
    ETIMEOUT: `no answer from ${where} within ${timeoutMs} ms (${tried})`,
    ESERVFAIL: `SERVFAIL from ${where} (${tried})`,
    EREFUSED: `REFUSED by ${where}`,
    ECONNREFUSED: `no DNS server answering at ${where} (connection refused)`,
    EFORMERR: `${where} could not parse the query (FORMERR)`,
    ENOTIMP: `${where} does not support this query (NOTIMP)`,
    EBADRESP: `malformed reply from ${where}`,
    EBADNAME: 'the query name is not a valid DNS name',
    ECANCELLED: `query to ${where} cancelled`,
    EDESTRUCTION: `query to ${where} cancelled`,
  };
  return messages[code] ?? `DNS error ${code} from ${where}`;
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Pause between attempts: short and jittered; a daily check gains nothing from waiting seconds. */
function backoff(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
}

/** c-ares never times a send out sooner than this, so a resend needs at least this much time left. */
const MIN_SEND_MS = 250;

/** The DNS adapter for these options. Throws on a server address that is not one. */
export function createDns(opts: DnsOptions): ResolverDns {
  if (opts.transport === 'c-ares') return createCaresDns(opts);
  const configured = (opts.servers ?? []).map(parseServer);
  const servers = configured.length > 0 ? configured : systemServers();
  const dns = createUdpDns({
    servers: servers.map((s) => ({ host: s.host, port: s.port, label: s.address })),
    timeoutMs: opts.timeoutMs,
    tries: opts.tries,
  });
  return { ...dns, servers: configured.length > 0 ? configured.map((s) => s.address) : describeServers() };
}

/** Node's resolver (c-ares), kept for settings.transport: c-ares. */
export function createCaresDns(opts: DnsOptions): ResolverDns {
  const servers = (opts.servers ?? []).map(parseServer);
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs));
  const tries = Math.max(1, Math.floor(opts.tries));
  // ALWAYS set timeout and tries: c-ares' defaults take 28 s to give up on a silent server.
  const resolver = new dnsp.Resolver({ timeout: timeoutMs, tries: 1, maxTimeout: timeoutMs });
  if (servers.length > 0) resolver.setServers(servers.map((s) => s.address));
  const where = servers.length > 0 ? servers.map((s) => s.address).join(', ') : `the system resolver (${resolver.getServers().join(', ') || 'none configured'})`;

  /** One attempt: up to timeoutMs, sending again if c-ares' adaptive timeout fires first. */
  async function attempt<T>(run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    for (let send = 1; ; send++) {
      try {
        return await run();
      } catch (e) {
        const left = timeoutMs - (performance.now() - started);
        const early = errorCode(e) === 'ETIMEOUT' && left >= MIN_SEND_MS && send < Math.ceil(timeoutMs / MIN_SEND_MS);
        if (!early) throw e;
      }
    }
  }

  async function query(run: () => Promise<string[]>, options?: QueryOptions): Promise<DnsResult> {
    const allowance = options?.retries;
    for (let n = 1; ; n++) {
      try {
        return { ok: true, records: await attempt(run) };
      } catch (e) {
        const code = errorCode(e);
        const error = ERRORS[code] ?? 'error';
        if (!RETRIED.has(error) || n >= tries || (allowance && allowance.left <= 0)) {
          return { ok: false, error, message: describeFailure(code, where, timeoutMs, n) };
        }
        if (allowance) allowance.left--;
        await backoff();
      }
    }
  }

  return {
    servers: servers.length > 0 ? servers.map((s) => s.address) : describeServers(),
    a: (name, o) => query(() => resolver.resolve4(name), o),
    aaaa: (name, o) => query(() => resolver.resolve6(name), o),
    txt: (name, o) => query(async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')), o),
    // A null MX (RFC 7505) comes back as "" once the root dot is stripped; callers read it as "no mail".
    mx: (name, o) =>
      query(
        async () =>
          (await resolver.resolveMx(name))
            .sort((x, y) => x.priority - y.priority)
            .map((m) => m.exchange.toLowerCase().replace(/\.$/, '')),
        o,
      ),
  };
}
