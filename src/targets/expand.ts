// Monitors → targets: addresses, ranges, hosts (A + AAAA), domains, and a domain's MX hosts and
// SPF senders. DNS comes in as a parameter; failures become problems, never silence.
import type { Dns, DnsResult, ItemKind, Target } from '../model.ts';
import { createLimiter, type Limiter } from '../limit.ts';
import { parseAddress, specialRange } from './address.ts';
import { expandRange, rangeAddresses, rangeSize } from './range.ts';
import { LOOKUP_TERMS, isSpf, parseSpf } from './spf.ts';

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
  /** Most addresses one range may add (settings.max-range); also the cap on one SPF expansion. */
  maxRange: number;
  /** RFC 7208: at most 10 DNS-querying terms per SPF evaluation. */
  spfLookupLimit?: number;
}

interface Found {
  value: string;
  kind: ItemKind;
  via: string;
  /** Found through DNS (host, MX, SPF), so a special-range warning has not been given yet. */
  discovered: boolean;
}

interface Ctx {
  dns: Dns;
  limit: Limiter;
  opts: Required<ExpandOptions>;
  monitor: string;
  problems: Problem[];
}

function warn(ctx: Ctx, message: string): void {
  ctx.problems.push({ monitor: ctx.monitor, severity: 'warning', message });
}

function failure(r: DnsResult): string {
  return r.ok ? '' : r.message;
}

/** Every A and AAAA of a host; says so when there are none or the lookup failed. */
async function hostAddresses(ctx: Ctx, host: string, via: string): Promise<Found[]> {
  const [a, aaaa] = await Promise.all([ctx.limit(() => ctx.dns.a(host)), ctx.limit(() => ctx.dns.aaaa(host))]);
  const found: Found[] = [];
  for (const [r, kind] of [[a, 'ipv4'], [aaaa, 'ipv6']] as const) {
    if (r.ok) {
      for (const rec of r.records) {
        const p = parseAddress(rec);
        if (p) found.push({ value: p.value, kind, via, discovered: true });
      }
    } else if (r.error !== 'nxdomain' && r.error !== 'nodata') {
      warn(ctx, `could not resolve ${host} (${kind === 'ipv4' ? 'A' : 'AAAA'}): ${failure(r)}; its addresses were not checked`);
    }
  }
  const answered = [a, aaaa].some((r) => r.ok || r.error === 'nxdomain' || r.error === 'nodata');
  if (found.length === 0 && answered && [a, aaaa].every((r) => r.ok || r.error === 'nxdomain' || r.error === 'nodata')) {
    warn(ctx, `${host} has no A or AAAA record; nothing to check for it`);
  }
  return found;
}

async function mxHosts(ctx: Ctx, domain: string): Promise<Found[]> {
  const r = await ctx.limit(() => ctx.dns.mx(domain));
  if (!r.ok) {
    if (r.error === 'nxdomain' || r.error === 'nodata') {
      warn(ctx, `${domain} has no MX record; mail goes to its A/AAAA addresses, which are checked instead`);
      return hostAddresses(ctx, domain, `mx of ${domain} (implicit: no MX record)`);
    }
    warn(ctx, `could not look up the MX of ${domain}: ${r.message}; its mail servers were not checked`);
    return [];
  }
  const hosts = r.records.filter((h) => h !== '');
  if (hosts.length === 0) {
    warn(ctx, `${domain} has a null MX: it receives no mail, so there are no mail servers to check`);
    return [];
  }
  const each = await Promise.all(hosts.map((h) => hostAddresses(ctx, h, `mx of ${domain} (${h})`)));
  return each.flat();
}

/** A prefix on an a/mx/ip term widens an address to the range around it. */
function* widen(address: string, kind: ItemKind, prefix: number | undefined): Generator<string> {
  const full = kind === 'ipv4' ? 32 : 128;
  if (prefix === undefined || prefix >= full) {
    yield address;
    return;
  }
  yield* rangeAddresses(`${address}/${prefix}`);
}

interface SpfState {
  lookups: number;
  added: number;
  stopped: boolean;
  path: string[];
}

async function spfSenders(ctx: Ctx, top: string): Promise<Found[]> {
  const state: SpfState = { lookups: 0, added: 0, stopped: false, path: [] };
  const out: Found[] = [];

  const room = (n: bigint | number, what: string): boolean => {
    if (state.added + Number(n) > ctx.opts.maxRange) {
      warn(ctx, `SPF of ${top}: ${what} would take the expansion past ${ctx.opts.maxRange} addresses (settings.max-range); it was not checked`);
      return false;
    }
    return true;
  };
  const push = (addresses: Iterable<string>, kind: ItemKind, via: string): void => {
    for (const value of addresses) {
      out.push({ value, kind, via, discovered: true });
      state.added++;
    }
  };
  const lookup = (): boolean => {
    if (state.stopped) return false;
    if (state.lookups >= ctx.opts.spfLookupLimit) {
      state.stopped = true;
      warn(ctx, `SPF of ${top} needs more than ${ctx.opts.spfLookupLimit} DNS lookups (RFC 7208 limit); addresses past the limit were not checked`);
      return false;
    }
    state.lookups++;
    return true;
  };

  const visit = async (domain: string, via: string): Promise<void> => {
    if (state.path.includes(domain)) {
      warn(ctx, `SPF of ${top}: ${domain} includes itself (loop through ${[...state.path, domain].join(' → ')}); stopped there`);
      return;
    }
    const txt = await ctx.limit(() => ctx.dns.txt(domain));
    if (!txt.ok) {
      const what = txt.error === 'nxdomain' || txt.error === 'nodata' ? 'has no TXT record' : `TXT lookup failed: ${txt.message}`;
      warn(ctx, `SPF of ${top}: ${domain} ${what}; no SPF senders from it`);
      return;
    }
    const records = txt.records.filter(isSpf);
    if (records.length === 0) {
      warn(ctx, `SPF of ${top}: ${domain} has no SPF record (v=spf1)`);
      return;
    }
    if (records.length > 1) {
      warn(ctx, `SPF of ${top}: ${domain} has ${records.length} SPF records (a permanent error for receivers); none was used`);
      return;
    }
    const spf = parseSpf(records[0] ?? '');
    if (!spf) return;
    state.path.push(domain);
    let redirect: string | undefined;
    let hasAll = false;
    for (const t of spf.terms) {
      if (state.stopped) break;
      if (t.kind === 'all') hasAll = true;
      if (t.kind === 'redirect') {
        redirect = t.domain;
        continue;
      }
      if (t.kind === 'macro') {
        warn(ctx, `SPF of ${top}: '${t.text}' uses a macro, which only a receiving server can expand; skipped`);
        continue;
      }
      // Only pass (+) terms authorise senders; -, ~ and ? terms name addresses that may not send.
      if ('qualifier' in t && t.qualifier !== '+') continue;
      if (LOOKUP_TERMS.has(t.kind) && !lookup()) break;
      switch (t.kind) {
        case 'ip4':
        case 'ip6': {
          const p = parseAddress(t.address);
          if (!p) {
            warn(ctx, `SPF of ${top}: ${t.kind}:${t.address} is not a valid address; skipped`);
            break;
          }
          const cidr = `${p.value}/${t.prefix ?? (p.kind === 'ipv4' ? 32 : 128)}`;
          let size: bigint;
          try {
            size = rangeSize(cidr);
          } catch {
            warn(ctx, `SPF of ${top}: ${t.kind}:${t.address}/${t.prefix} is not a valid range; skipped`);
            break;
          }
          if (size > BigInt(ctx.opts.maxRange)) {
            warn(ctx, `SPF of ${top}: ${cidr} (${via}) has ${size} addresses; the limit is ${ctx.opts.maxRange} (settings.max-range); not checked`);
            break;
          }
          if (room(size, cidr)) push(rangeAddresses(cidr), p.kind, via);
          break;
        }
        case 'a':
        case 'mx': {
          const name = t.domain ?? domain;
          const hosts = t.kind === 'a' ? [name] : await mxNames(name);
          for (const h of hosts) {
            for (const f of await hostAddresses(ctx, h, via)) {
              const prefix = f.kind === 'ipv4' ? t.prefix4 : t.prefix6;
              const wide = [...widen(f.value, f.kind, prefix)];
              if (room(wide.length, `${t.kind}:${name}`)) push(wide, f.kind, via);
            }
          }
          break;
        }
        case 'include':
          await visit(t.domain, `spf of ${top} (include:${t.domain})`);
          break;
        default:
          break; // exists, ptr: a lookup, but no addresses to list
      }
    }
    if (redirect && !hasAll && !state.stopped && lookup()) await visit(redirect, `spf of ${top} (redirect=${redirect})`);
    state.path.pop();
  };

  const mxNames = async (name: string): Promise<string[]> => {
    const r = await ctx.limit(() => ctx.dns.mx(name));
    if (!r.ok) {
      if (r.error !== 'nxdomain' && r.error !== 'nodata') warn(ctx, `SPF of ${top}: MX lookup of ${name} failed: ${r.message}`);
      return [];
    }
    return r.records.filter((h) => h !== '');
  };

  await visit(top, `spf of ${top}`);
  return out;
}

async function monitorTargets(ctx: Ctx, m: MonitorInput): Promise<Found[]> {
  if (m.address !== undefined) {
    const p = parseAddress(m.address);
    if (!p) {
      ctx.problems.push({ monitor: m.name, severity: 'error', message: `'${m.address}' is not an IP address` });
      return [];
    }
    return [{ value: p.value, kind: p.kind, via: 'address', discovered: false }];
  }
  if (m.range !== undefined) {
    const r = expandRange(m.range, ctx.opts.maxRange);
    if (!r.ok) {
      ctx.problems.push({ monitor: m.name, severity: 'error', message: r.message });
      return [];
    }
    const kind: ItemKind = m.range.includes(':') ? 'ipv6' : 'ipv4';
    return r.addresses.map((value) => ({ value, kind, via: `range ${m.range}`, discovered: false }));
  }
  if (m.host !== undefined) return hostAddresses(ctx, m.host, `host ${m.host}`);
  if (m.domain !== undefined) {
    const found: Found[] = [{ value: m.domain, kind: 'domain', via: 'domain', discovered: false }];
    const parts = await Promise.all([
      m.expand?.includes('mx') ? mxHosts(ctx, m.domain) : Promise.resolve([]),
      m.expand?.includes('spf') ? spfSenders(ctx, m.domain) : Promise.resolve([]),
    ]);
    return [...found, ...parts.flat()];
  }
  ctx.problems.push({ monitor: m.name, severity: 'error', message: 'needs one of address, range, host or domain' });
  return [];
}

export async function expandTargets(
  monitors: readonly MonitorInput[],
  dns: Dns,
  opts: ExpandOptions,
): Promise<{ targets: Target[]; problems: Problem[] }> {
  const limit = createLimiter(8);
  const full: Required<ExpandOptions> = { spfLookupLimit: 10, ...opts };
  // Each monitor collects its own problems, so the merged list keeps monitor order.
  const results = await Promise.all(
    monitors.map(async (m) => {
      const ctx: Ctx = { dns, limit, opts: full, monitor: m.name, problems: [] };
      const found = await monitorTargets(ctx, m);
      return { m, found, problems: ctx.problems };
    }),
  );

  const targets = new Map<string, Target>();
  const skips = new Map<string, string[][]>();
  const problems: Problem[] = [];
  const warned = new Set<string>();
  for (const { m, found, problems: p } of results) {
    problems.push(...p);
    for (const f of found) {
      if (f.discovered && f.kind !== 'domain' && !warned.has(f.value)) {
        const special = specialRange(f.value);
        if (special) {
          warned.add(f.value);
          problems.push({
            monitor: m.name,
            severity: 'warning',
            message: `${f.value} (${f.via}) is in a ${special} range: blacklists only list public addresses (checked anyway)`,
          });
        }
      }
      const existing = targets.get(f.value);
      if (!existing) {
        targets.set(f.value, { value: f.value, kind: f.kind, monitor: m.name, via: f.via, skip: [] });
        skips.set(f.value, [m.skip ?? []]);
        continue;
      }
      if (!existing.monitor.split(', ').includes(m.name)) {
        existing.monitor = `${existing.monitor}, ${m.name}`;
        skips.get(f.value)?.push(m.skip ?? []);
      }
    }
  }
  // A list is skipped for a target only if every monitor that includes the target skips it.
  for (const [value, t] of targets) {
    const all = skips.get(value) ?? [];
    t.skip = (all[0] ?? []).filter((id) => all.every((s) => s.includes(id)));
  }
  return { targets: [...targets.values()], problems };
}
