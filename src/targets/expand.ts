// Monitors → targets: addresses, ranges, hosts (A + AAAA), domains, and a domain's MX hosts and
// SPF senders. DNS comes in as a parameter; every failure becomes a problem, never silence.
import type { Dns, DnsResult, ItemKind, Target } from '../model.ts';
import { createLimiter, type Limiter } from '../limit.ts';
import { parseAddress, specialRange } from './address.ts';
import { expandRange, parseCidr, parseIp, rangeAddresses } from './range.ts';
import { LOOKUP_TERMS, isSpf, parseSpf, type SpfTerm } from './spf.ts';

/** One monitor as the expansion needs it (the config loader's output fits this shape). */
export interface MonitorInput {
  name: string;
  address?: string;
  range?: string;
  host?: string;
  domain?: string;
  expand?: ('mx' | 'spf')[];
  skip?: string[];
}

export interface Problem {
  monitor: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface ExpandOptions {
  /**
   * Most addresses one range may add (settings.max-range). Also caps one domain's whole SPF
   * expansion: a big provider's include reaches hundreds of thousands of addresses.
   */
  maxRange: number;
  /** DNS-querying SPF terms allowed per evaluation; RFC 7208 §4.6.4 says 10. */
  spfLookupLimit?: number;
  /** DNS lookups in flight at once (default 8). */
  concurrency?: number;
}

interface Found {
  value: string;
  kind: ItemKind;
  via: string;
  /** Found through DNS (host, MX, SPF), not written in the config. */
  discovered: boolean;
}

interface Ctx {
  dns: Dns;
  limit: Limiter;
  maxRange: number;
  spfLookupLimit: number;
  monitor: string;
  problems: Problem[];
}

function problem(ctx: Ctx, message: string, severity: Problem['severity'] = 'warning'): void {
  ctx.problems.push({ monitor: ctx.monitor, severity, message });
}

/** nxdomain and nodata are answers ("not there"); anything else means we do not know. */
function isAbsent(r: DnsResult): boolean {
  return !r.ok && (r.error === 'nxdomain' || r.error === 'nodata');
}

/** Lower case, no root dot: the form names are compared and shown in. */
function normalName(text: string): string {
  return text.trim().toLowerCase().replace(/\.$/, '');
}

const RECORD = { ipv4: 'A', ipv6: 'AAAA' } as const;

/** Every A and AAAA of a host; says so when there are none or a lookup failed. */
async function hostAddresses(ctx: Ctx, host: string, via: string, context = ''): Promise<Found[]> {
  const [a, aaaa] = await Promise.all([ctx.limit(() => ctx.dns.a(host)), ctx.limit(() => ctx.dns.aaaa(host))]);
  const found: Found[] = [];
  let failed = false;
  for (const [r, kind] of [[a, 'ipv4'], [aaaa, 'ipv6']] as const) {
    if (r.ok) {
      for (const rec of r.records) {
        const p = parseAddress(rec);
        if (p) found.push({ value: p.value, kind: p.kind, via, discovered: true });
      }
    } else if (!isAbsent(r)) {
      failed = true;
      problem(ctx, `${context}could not resolve ${host} (${RECORD[kind]}): ${r.message}; its ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} addresses were not checked`);
    }
  }
  if (found.length === 0 && !failed) {
    const gone = !a.ok && a.error === 'nxdomain' ? ' (NXDOMAIN: the name does not exist)' : '';
    problem(ctx, `${context}${host} has no A or AAAA record${gone}; nothing to check for it`);
  }
  return found;
}

/** A domain's mail servers (MX order, which the adapter sorts by priority) and their addresses. */
async function mxTargets(ctx: Ctx, domain: string): Promise<Found[]> {
  const r = await ctx.limit(() => ctx.dns.mx(domain));
  if (!r.ok && r.error === 'nxdomain') {
    problem(ctx, `${domain} does not exist (NXDOMAIN); it has no mail servers to check`);
    return [];
  }
  if (!r.ok && r.error !== 'nodata') {
    problem(ctx, `could not look up the MX records of ${domain}: ${r.message}; its mail servers were not checked`);
    return [];
  }
  const records = r.ok ? r.records.map(normalName) : [];
  if (records.length === 0) {
    // RFC 5321 §5.1: with no MX, mail goes to the domain's own address ("implicit MX").
    problem(ctx, `${domain} has no MX record, so mail for it goes to its own A/AAAA addresses (implicit MX); those are checked`);
    return hostAddresses(ctx, domain, `mx of ${domain} (${domain}, implicit MX)`, `mx of ${domain}: `);
  }
  // A null MX (RFC 7505) is "." – the adapter gives "" once the root dot is stripped.
  const hosts = [...new Set(records.filter((h) => h !== ''))];
  if (hosts.length === 0) {
    problem(ctx, `${domain} has a null MX (RFC 7505): it receives no mail, so there are no mail servers to check`);
    return [];
  }
  const each = await Promise.all(hosts.map((h) => hostAddresses(ctx, h, `mx of ${domain} (${h})`, `mx of ${domain}: `)));
  return each.flat();
}

const SHOWN = 5;

function listed(items: string[]): string {
  const more = items.length > SHOWN ? `, and ${items.length - SHOWN} more` : '';
  return items.slice(0, SHOWN).join(', ') + more;
}

/**
 * The senders a domain's SPF record authorises: ip4/ip6 terms, a and mx terms resolved,
 * include and redirect followed. Pass-qualified terms only; -, ~ and ? terms name senders that
 * are NOT authorised. Walks terms in order so "past the limit" means what a receiver means.
 *
 * Caps: one range may hold at most maxRange addresses (larger ones are skipped and named), and
 * the whole expansion stops adding at maxRange addresses, so one provider include cannot
 * balloon a run. Both are reported once per domain.
 */
async function spfTargets(ctx: Ctx, top: string): Promise<Found[]> {
  const out: Found[] = [];
  const tooBig: string[] = [];
  const pastCap: string[] = [];
  let lookups = 0;
  let stopped = false;
  const path: string[] = [];
  const say = (message: string): void => problem(ctx, `SPF of ${top}: ${message}`);

  /** Counts one DNS-querying term; false (and one warning) once the limit is passed. */
  const lookup = (): boolean => {
    if (stopped) return false;
    if (lookups >= ctx.spfLookupLimit) {
      stopped = true;
      problem(
        ctx,
        `SPF of ${top} needs more than ${ctx.spfLookupLimit} DNS lookups (RFC 7208 limit); addresses past the limit were not checked`,
      );
      return false;
    }
    lookups++;
    return true;
  };

  /** Adds a range (or one address as a /32 or /128), within both caps. */
  const addRange = (cidr: string, via: string, label: string): void => {
    const c = parseCidr(cidr);
    if (!c) return;
    const size = 1n << BigInt((c.kind === 'ipv4' ? 32 : 128) - c.prefix);
    if (size > BigInt(ctx.maxRange)) {
      tooBig.push(`${label} (${size} addresses, ${via})`);
      return;
    }
    if (pastCap.length > 0 || out.length + Number(size) > ctx.maxRange) {
      pastCap.push(`${label} (${via})`);
      return;
    }
    for (const value of rangeAddresses(cidr)) out.push({ value, kind: c.kind, via, discovered: true });
  };

  const ipTerm = (t: Extract<SpfTerm, { kind: 'ip4' | 'ip6' }>, via: string, domain: string): void => {
    const p = parseIp(t.address);
    const want = t.kind === 'ip4' ? 'ipv4' : 'ipv6';
    if (!p || p.kind !== want) {
      say(`'${t.kind}:${t.address}' in the record of ${domain} is not an ${want === 'ipv4' ? 'IPv4' : 'IPv6'} address; skipped`);
      return;
    }
    const prefix = t.prefix ?? (p.kind === 'ipv4' ? 32 : 128);
    addRange(`${p.value}/${prefix}`, via, t.prefix === undefined ? p.value : `${t.address}/${prefix}`);
  };

  const hostTerm = async (t: Extract<SpfTerm, { kind: 'a' | 'mx' }>, domain: string, via: string, collect: boolean): Promise<void> => {
    if (!collect) return; // counted already; a non-pass term authorises no one
    const name = t.domain ?? domain;
    let hosts = [name];
    if (t.kind === 'mx') {
      const r = await ctx.limit(() => ctx.dns.mx(name));
      if (!r.ok && !isAbsent(r)) say(`could not look up the MX records of ${name} (mx term): ${r.message}; its mail servers were not checked`);
      hosts = r.ok ? [...new Set(r.records.map(normalName).filter((h) => h !== ''))] : [];
    }
    const each = await Promise.all(hosts.map((h) => hostAddresses(ctx, h, via, `SPF of ${top}: ${t.kind} term: `)));
    for (const f of each.flat()) {
      const prefix = f.kind === 'ipv4' ? t.prefix4 : t.prefix6;
      addRange(`${f.value}/${prefix ?? (f.kind === 'ipv4' ? 32 : 128)}`, via, prefix === undefined ? f.value : `${f.value}/${prefix}`);
    }
  };

  /** Walks one domain's record. `collect` is false under a non-pass include: lookups still count. */
  const visit = async (domain: string, via: string, collect: boolean): Promise<void> => {
    if (path.includes(domain)) {
      say(`${domain} includes itself (${[...path, domain].join(' → ')}): a loop, which receivers answer with permerror; stopped there`);
      return;
    }
    const txt = await ctx.limit(() => ctx.dns.txt(domain));
    if (!txt.ok && !isAbsent(txt)) {
      say(`could not look up the TXT records of ${domain}: ${txt.message}; its SPF senders were not checked`);
      return;
    }
    const records = txt.ok ? txt.records.filter(isSpf) : [];
    if (records.length === 0) {
      say(domain === top ? `${top} has no SPF record (v=spf1); no SPF senders to check` : `${domain} has no SPF record (v=spf1) (receivers answer permerror); skipped`);
      return;
    }
    if (records.length > 1) {
      say(`${domain} has ${records.length} SPF records (v=spf1); receivers answer permerror, so none was used`);
      return;
    }
    const spf = parseSpf(records[0] ?? '');
    if (!spf) return;
    path.push(domain);
    let redirect: string | undefined;
    let hasAll = false;
    for (const t of spf.terms) {
      if (stopped) break;
      if (t.kind === 'modifier') continue;
      if (t.kind === 'invalid') {
        say(`'${t.text}' in the record of ${domain} is not valid SPF (${t.reason}; receivers answer permerror); skipped`);
        continue;
      }
      if (t.kind === 'redirect') {
        redirect ??= t.domain;
        continue;
      }
      // A receiver queries DNS for every such term it reaches, whatever its qualifier.
      const costs = t.kind === 'macro' ? LOOKUP_TERMS.has(t.mechanism) : LOOKUP_TERMS.has(t.kind);
      if (costs && !lookup()) break;
      if (t.kind === 'macro') {
        say(`'${t.text}' in the record of ${domain} uses a macro, which only a receiving server can expand; skipped`);
        continue;
      }
      if (t.kind === 'all') {
        hasAll = true;
        continue;
      }
      // Only pass (+) terms authorise senders; -, ~ and ? name senders that may not send.
      const pass = collect && t.qualifier === '+';
      switch (t.kind) {
        case 'ip4':
        case 'ip6':
          if (pass) ipTerm(t, via, domain);
          break;
        case 'a':
        case 'mx':
          await hostTerm(t, domain, via, pass);
          break;
        case 'include':
          await visit(t.domain, `spf of ${top} (include:${t.domain})`, pass);
          break;
        case 'exists':
        case 'ptr':
          break; // a lookup, but no addresses to list
      }
    }
    // RFC 7208 §6.1: redirect applies only when the record has no "all".
    if (redirect !== undefined && !hasAll && !stopped && lookup()) await visit(redirect, `spf of ${top} (redirect=${redirect})`, collect);
    path.pop();
  };

  await visit(top, `spf of ${top}`, true);
  if (tooBig.length > 0) {
    say(`${tooBig.length === 1 ? 'a range' : `${tooBig.length} ranges`} larger than ${ctx.maxRange} addresses (settings.max-range) not checked: ${listed(tooBig)}`);
  }
  if (pastCap.length > 0) {
    say(`authorises more than ${ctx.maxRange} addresses (settings.max-range); only the first ${out.length} were checked, not: ${listed(pastCap)}`);
  }
  return out;
}

async function monitorTargets(ctx: Ctx, m: MonitorInput): Promise<Found[]> {
  if (m.address !== undefined) {
    const p = parseIp(m.address);
    if (!p) {
      problem(ctx, `'${m.address}' is not an IP address`, 'error');
      return [];
    }
    return [{ value: p.value, kind: p.kind, via: 'address', discovered: false }];
  }
  if (m.range !== undefined) {
    const c = parseCidr(m.range);
    const r = expandRange(m.range, ctx.maxRange);
    if (!c || !r.ok) {
      problem(ctx, r.ok ? `'${m.range}' is not a CIDR range` : r.message, 'error');
      return [];
    }
    return r.addresses.map((value) => ({ value, kind: c.kind, via: `range ${m.range}`, discovered: false }));
  }
  if (m.host !== undefined) {
    const host = normalName(m.host);
    return hostAddresses(ctx, host, `host ${host}`);
  }
  if (m.domain !== undefined) {
    const domain = normalName(m.domain);
    const expand = m.expand ?? [];
    const [mx, spf] = await Promise.all([
      expand.includes('mx') ? mxTargets(ctx, domain) : [],
      expand.includes('spf') ? spfTargets(ctx, domain) : [],
    ]);
    return [{ value: domain, kind: 'domain', via: 'domain', discovered: false }, ...mx, ...spf];
  }
  problem(ctx, 'needs one of address, range, host or domain', 'error');
  return [];
}

/** One warning per (source, special range): an SPF range of 256 private addresses is one fact. */
function specialWarnings(monitor: string, found: Found[], quiet: Set<string>): Problem[] {
  const groups = new Map<string, { via: string; range: string; values: string[] }>();
  for (const f of found) {
    if (!f.discovered || f.kind === 'domain' || quiet.has(f.value)) continue;
    const range = specialRange(f.value);
    if (!range) continue;
    quiet.add(f.value);
    const key = `${f.via}\n${range}`;
    const g = groups.get(key) ?? { via: f.via, range, values: [] };
    g.values.push(f.value);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ via, range, values }) => ({
    monitor,
    severity: 'warning' as const,
    message:
      values.length === 1
        ? `${values[0]} (${via}) is in ${range}: blacklists only list public addresses (checked anyway)`
        : `${values.length} addresses from ${via} (${values[0]} … ${values.at(-1)}) are in ${range}: blacklists only list public addresses (checked anyway)`,
  }));
}

/**
 * Every target the monitors name, one per value. An address several monitors reach is checked
 * once: its `monitor` names them all (first seen first), its `skip` holds only the lists every
 * one of them skips, and it keeps the first `via`. Problems come in monitor order.
 */
export async function expandTargets(
  monitors: readonly MonitorInput[],
  dns: Dns,
  opts: ExpandOptions,
): Promise<{ targets: Target[]; problems: Problem[] }> {
  const limit = createLimiter(opts.concurrency ?? 8);
  const results = await Promise.all(
    monitors.map(async (m) => {
      const ctx: Ctx = { dns, limit, maxRange: opts.maxRange, spfLookupLimit: opts.spfLookupLimit ?? 10, monitor: m.name, problems: [] };
      const found = await monitorTargets(ctx, m);
      return { m, found, problems: ctx.problems };
    }),
  );

  // Literal addresses got their special-range warning from the config loader already.
  const quiet = new Set(results.flatMap((r) => r.found.filter((f) => !f.discovered).map((f) => f.value)));
  const merged = new Map<string, { target: Target; monitors: string[]; skips: string[][] }>();
  const problems: Problem[] = [];
  for (const { m, found, problems: p } of results) {
    problems.push(...p, ...specialWarnings(m.name, found, quiet));
    const skip = m.skip ?? [];
    for (const f of found) {
      const seen = merged.get(f.value);
      if (!seen) {
        merged.set(f.value, { target: { value: f.value, kind: f.kind, monitor: m.name, via: f.via, skip: [] }, monitors: [m.name], skips: [skip] });
      } else if (!seen.monitors.includes(m.name)) {
        seen.monitors.push(m.name);
        seen.skips.push(skip);
      }
    }
  }
  return {
    targets: [...merged.values()].map(({ target, monitors: names, skips }) => ({
      ...target,
      monitor: names.join(', '),
      // A list is skipped for a target only if every monitor that includes the target skips it.
      skip: [...new Set(skips[0] ?? [])].filter((id) => skips.every((s) => s.includes(id))),
    })),
    problems,
  };
}
