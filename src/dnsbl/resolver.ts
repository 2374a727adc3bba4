// The DNS adapter: node's c-ares resolver with our own retry policy. Errors are data.
import { promises as dnsp } from 'node:dns';
import { isIP } from 'node:net';
import type { Dns, DnsError, DnsResult } from '../model.ts';

export interface DnsOptions {
  /** "host", "host:port", "[v6]:port" or a bare IPv6 address; empty = the system resolver. */
  servers?: string[];
  timeoutMs: number;
  /** Attempts per query; only timeouts and SERVFAIL are tried again. */
  tries: number;
}

/** Parses a resolver address into the form c-ares takes ("1.2.3.4:53", "[::1]:53"). */
export function parseServer(text: string): { host: string; port: number; address: string } {
  const t = text.trim();
  let host: string;
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracket) {
    host = bracket[1] ?? '';
    if (bracket[2]) port = Number(bracket[2]);
  } else if (isIP(t) === 6) {
    host = t;
  } else {
    const m = /^([^:]+)(?::(\d+))?$/.exec(t);
    if (!m) throw new Error(`resolver '${t}' is not HOST, HOST:PORT or [IPV6]:PORT`);
    host = m[1] ?? '';
    if (m[2]) port = Number(m[2]);
  }
  if (isIP(host) === 0) throw new Error(`resolver '${t}' must be an IP address (c-ares cannot look up a resolver by name)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`resolver '${t}' has an invalid port`);
  return { host, port, address: isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}

const CODES: Record<string, DnsError> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
};

const LABEL: Record<DnsError, string> = {
  nxdomain: 'NXDOMAIN',
  nodata: 'no records (NODATA)',
  timeout: 'timeout',
  servfail: 'SERVFAIL',
  refused: 'REFUSED',
  error: 'error',
};

/** Retry backoff: short and jittered; a daily check gains nothing from waiting seconds. */
function backoff(attempt: number): Promise<void> {
  const ms = 100 * attempt + Math.random() * 100;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createDns(opts: DnsOptions): Dns {
  const servers = (opts.servers ?? []).map(parseServer);
  // ALWAYS set timeout and tries: c-ares' defaults take 28 s to give up on a silent server.
  const resolver = new dnsp.Resolver({ timeout: opts.timeoutMs, tries: 1 });
  if (servers.length > 0) resolver.setServers(servers.map((s) => s.address));
  const where = servers.length > 0 ? servers.map((s) => s.address).join(', ') : 'the system resolver';
  const tries = Math.max(1, opts.tries);

  // Messages name the server and the failure only: a query name can carry a list key.
  function failure(e: unknown): DnsResult {
    const code = (e as { code?: string }).code ?? 'UNKNOWN';
    const error = CODES[code] ?? 'error';
    const message =
      error === 'timeout'
        ? `timed out after ${tries} ${tries === 1 ? 'try' : 'tries'} of ${opts.timeoutMs} ms at ${where}`
        : code === 'ECONNREFUSED'
          ? `no DNS server answering at ${where} (connection refused)`
          : error === 'error'
            ? `DNS error ${code} at ${where}`
            : `${LABEL[error]} from ${where}`;
    return { ok: false, error, message };
  }

  async function query(run: () => Promise<string[]>): Promise<DnsResult> {
    let last: DnsResult = { ok: false, error: 'error', message: 'no attempt made' };
    for (let attempt = 1; attempt <= tries; attempt++) {
      try {
        return { ok: true, records: await run() };
      } catch (e) {
        last = failure(e);
        if (last.ok || (last.error !== 'timeout' && last.error !== 'servfail')) return last;
        if (attempt < tries) await backoff(attempt);
      }
    }
    return last;
  }

  return {
    a: (name) => query(() => resolver.resolve4(name)),
    aaaa: (name) => query(() => resolver.resolve6(name)),
    txt: (name) => query(async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''))),
    mx: (name) =>
      query(async () =>
        (await resolver.resolveMx(name))
          .sort((x, y) => x.priority - y.priority)
          .map((m) => m.exchange.toLowerCase().replace(/\.$/, '')),
      ),
  };
}
