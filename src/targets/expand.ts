// Monitors → targets: addresses, ranges, hosts (A + AAAA), domains, and a domain's MX hosts and
// SPF senders. DNS comes in as a parameter; every failure becomes a problem, never silence.
//
// Whoever controls a domain's DNS must not control the load we send (invariant 8), so one
// monitor's expansion is bounded three ways, each a named warning when reached (limits.ts):
// settings.max-range addresses (host, MX, implicit MX and SPF together), EXPANSION_QUERY_BUDGET
// DNS queries, and RFC 7208's own limits inside SPF. All monitors together add at most
// MAX_TARGETS. Budgets are taken in a fixed order (MX before SPF, hosts in MX order, terms in
// record order), so the same DNS gives the same targets every run.
import type { Dns, DnsResult, ItemKind, Target } from '../model.ts';
import { createLimiter, type Limiter } from '../limit.ts';
import { parseAddress, specialRange } from './address.ts';
import { EXPANSION_QUERY_BUDGET, MAX_TARGETS, MX_HOST_LIMIT, SPF_LOOKUP_LIMIT, SPF_MX_HOST_LIMIT, SPF_VOID_LOOKUP_LIMIT } from './limits.ts';
import { parseCidr, parseIp, rangeAddresses, rangeWithin } from './range.ts';
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

/** Which bound a warning is about, for reports that want more than the words. */
export type ExpansionLimit = 'max-range' | 'query-budget' | 'spf-lookups' | 'spf-void-lookups' | 'spf-mx-hosts' | 'mx-hosts' | 'max-targets';

export interface Problem {
  monitor: string;
  severity: 'error' | 'warning';
  message: string;
  /** Set when the problem is a limit that was reached. */
  limit?: ExpansionLimit;
}

export interface ExpandOptions {
  /** Most addresses one monitor may add (settings.max-range): a range, or a host's, a domain's MX and SPF expansion together. */
  maxRange: number;
  /** DNS lookups in flight at once (default 8). */
  concurrency?: number;
}

/**
 * Addresses found for a monitor, as a range or a single address (a /32 or /128): an SPF
 * `ip4:…/20` stays one piece until the merge, however many monitors share it.
 */
interface Piece {
  network: string;
  prefix: number;
  kind: 'ipv4' | 'ipv6';
  via: string;
  /** Found through DNS (host, MX, SPF), not written in the config. */
  discovered: boolean;
}

interface Ctx {
  dns: Dns;
  limit: Limiter;
  maxRange: number;
  monitor: string;
  problems: Problem[];
  /** DNS queries this monitor's expansion has sent (or reserved). */
  queries: number;
  /** What was not looked up once the budget was spent. */
  unasked: string[];
  pieces: Piece[];
  seen: Set<string>;
  /** Addresses in `pieces`, counted against maxRange. */
  added: number;
  /** Single ranges larger than maxRange, and what no longer fitted, for one warning each. */
  tooBig: string[];
  pastCap: string[];
}

function problem(ctx: Ctx, message: string, limit?: ExpansionLimit, severity: Problem['severity'] = 'warning'): void {
  ctx.problems.push({ monitor: ctx.monitor, severity, message, ...(limit ? { limit } : {}) });
}

/** nxdomain and nodata are answers ("not there"); anything else means we do not know. */
function isAbsent(r: DnsResult): boolean {
  return !r.ok && (r.error === 'nxdomain' || r.error === 'nodata');
}

/** Lower case, no root dot: the form names are compared and shown in. */
function normalName(text: string): string {
  return text.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * One DNS query within the monitor's budget. The budget is taken when this is called (before
 * any await), so queries started together take it in call order. null: not asked.
 */
function ask(ctx: Ctx, what: string, run: (dns: Dns) => Promise<DnsResult>): Promise<DnsResult> | null {
  if (ctx.queries >= EXPANSION_QUERY_BUDGET) {
    ctx.unasked.push(what);
    return null;
  }
  ctx.queries++;
  return ctx.limit(() => run(ctx.dns));
}

const spent = (ctx: Ctx): boolean => ctx.unasked.length > 0;

const BITS = { ipv4: 32, ipv6: 128 } as const;

/** Adds a range or an address to the monitor's targets if it fits within maxRange; says so once when not. */
function add(ctx: Ctx, network: string, prefix: number, kind: Piece['kind'], via: string, label: string): void {
  const key = `${network}/${prefix}`;
  if (ctx.seen.has(key)) return;
  const size = 2 ** (BITS[kind] - prefix);
  if (size > ctx.maxRange) {
    ctx.tooBig.push(`${label} (${BigInt(2) ** BigInt(BITS[kind] - prefix)} addresses, ${via})`);
    return;
  }
  // Once something did not fit, nothing after it is added: "the first N" stays a prefix in order.
  if (ctx.pastCap.length > 0 || ctx.added + size > ctx.maxRange) {
    ctx.pastCap.push(`${label} (${via})`);
    return;
  }
  ctx.seen.add(key);
  ctx.added += size;
  ctx.pieces.push({ network, prefix, kind, via, discovered: true });
}

const RECORD = { ipv4: 'A', ipv6: 'AAAA' } as const;

/** A host's A and AAAA answers, or nothing (budget spent). Both queries take the budget now, A first. */
function askAddresses(ctx: Ctx, host: string): Promise<[DnsResult | null, DnsResult | null]> {
  const a = ask(ctx, `A ${host}`, (dns) => dns.a(host));
  const aaaa = ask(ctx, `AAAA ${host}`, (dns) => dns.aaaa(host));
  return Promise.all([a, aaaa]);
}

interface HostAnswer {
  /** Canonical addresses, A records first. */
  found: { value: string; kind: 'ipv4' | 'ipv6' }[];
  /** Neither family had a record (no lookup failed or was skipped). */
  empty: boolean;
}

/** Reads a host's answers; says so when there are none or a lookup failed. */
function hostAnswer(ctx: Ctx, host: string, answers: [DnsResult | null, DnsResult | null], context: string): HostAnswer {
  const found: HostAnswer['found'] = [];
  let unsure = false;
  const [a, aaaa] = answers;
  for (const [r, kind] of [[a, 'ipv4'], [aaaa, 'ipv6']] as const) {
    if (r === null) {
      unsure = true; // not asked: the budget warning says so
    } else if (r.ok) {
      for (const rec of r.records) {
        const p = parseAddress(rec);
        if (p) found.push(p);
      }
    } else if (!isAbsent(r)) {
      unsure = true;
      problem(ctx, `${context}could not resolve ${host} (${RECORD[kind]}): ${r.message}; its ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} addresses were not checked`);
    }
  }
  const empty = found.length === 0 && !unsure;
  if (empty) {
    const gone = a !== null && !a.ok && a.error === 'nxdomain' ? ' (NXDOMAIN: the name does not exist)' : '';
    problem(ctx, `${context}${host} has no A or AAAA record${gone}; nothing to check for it`);
  }
  return { found, empty };
}

/** Every A and AAAA of a host, added as single addresses. */
async function hostTargets(ctx: Ctx, host: string, via: string, context = ''): Promise<void> {
  const answer = hostAnswer(ctx, host, await askAddresses(ctx, host), context);
  for (const f of answer.found) add(ctx, f.value, BITS[f.kind], f.kind, via, f.value);
}

const SHOWN = 5;

function listed(items: readonly string[]): string {
  const more = items.length > SHOWN ? `, and ${items.length - SHOWN} more` : '';
  return items.slice(0, SHOWN).join(', ') + more;
}

/** A domain's mail servers (MX order, which the adapter sorts by priority) and their addresses. */
async function mxTargets(ctx: Ctx, domain: string): Promise<void> {
  const r = await ask(ctx, `MX ${domain}`, (dns) => dns.mx(domain));
  if (r === null) return;
  if (!r.ok && r.error === 'nxdomain') {
    problem(ctx, `${domain} does not exist (NXDOMAIN); it has no mail servers to check`);
    return;
  }
  if (!r.ok && r.error !== 'nodata') {
    problem(ctx, `could not look up the MX records of ${domain}: ${r.message}; its mail servers were not checked`);
    return;
  }
  const records = r.ok ? r.records.map(normalName) : [];
  if (records.length === 0) {
    // RFC 5321 §5.1: with no MX, mail goes to the domain's own address ("implicit MX").
    problem(ctx, `${domain} has no MX record, so mail for it goes to its own A/AAAA addresses (implicit MX); those are checked`);
    await hostTargets(ctx, domain, `mx of ${domain} (${domain}, implicit MX)`, `mx of ${domain}: `);
    return;
  }
  // A null MX (RFC 7505) is "." – the adapter gives "" once the root dot is stripped.
  const hosts = [...new Set(records.filter((h) => h !== ''))];
  if (hosts.length === 0) {
    problem(ctx, `${domain} has a null MX (RFC 7505): it receives no mail, so there are no mail servers to check`);
    return;
  }
  if (hosts.length > MX_HOST_LIMIT) {
    problem(
      ctx,
      `mx of ${domain}: ${hosts.length} mail servers; only the first ${MX_HOST_LIMIT} by priority are checked (the most followed per domain), not: ${listed(hosts.slice(MX_HOST_LIMIT))}`,
      'mx-hosts',
    );
  }
  const followed = hosts.slice(0, MX_HOST_LIMIT);
  const answers = await Promise.all(followed.map((h) => askAddresses(ctx, h)));
  followed.forEach((h, i) => {
    const answer = hostAnswer(ctx, h, answers[i] ?? [null, null], `mx of ${domain}: `);
    for (const f of answer.found) add(ctx, f.value, BITS[f.kind], f.kind, `mx of ${domain} (${h})`, f.value);
  });
}

/**
 * The senders a domain's SPF record authorises: ip4/ip6 terms, a and mx terms resolved,
 * include and redirect followed. Pass-qualified terms only; -, ~ and ? terms name senders that
 * are NOT authorised. Walks terms in order so "past the limit" means what a receiver means.
 *
 * RFC 7208 §4.6.4 is followed as a receiver must: at most 10 terms that cause DNS lookups
 * (include, a, mx, ptr, exists and redirect, at any depth), at most 2 of them finding nothing
 * (void lookups), at most 10 MX hosts per mx term. A receiver answers permerror past any of
 * them, so the walk stops there too. Other permerrors (a bad term, an include without a
 * record) are skipped with a warning: the senders around them are still the domain's.
 */
async function spfTargets(ctx: Ctx, top: string): Promise<void> {
  let lookups = 0;
  let voids = 0;
  let stopped = false;
  const path: string[] = [];
  const say = (message: string, limit?: ExpansionLimit): void => problem(ctx, `SPF of ${top}: ${message}`, limit);

  /** Counts one DNS-querying term; false (and one warning) once the limit is passed. Never called once stopped. */
  const lookup = (): boolean => {
    if (lookups >= SPF_LOOKUP_LIMIT) {
      stopped = true;
      problem(ctx, `SPF of ${top} needs more than ${SPF_LOOKUP_LIMIT} DNS lookups (RFC 7208 limit); addresses past the limit were not checked`, 'spf-lookups');
      return false;
    }
    lookups++;
    return true;
  };

  /** Counts a term whose lookup found nothing; the third stops the walk, as a receiver would. */
  const voidLookup = (what: string): void => {
    voids++;
    if (voids > SPF_VOID_LOOKUP_LIMIT && !stopped) {
      stopped = true;
      say(
        `more than ${SPF_VOID_LOOKUP_LIMIT} lookups found nothing (the third: ${what}); RFC 7208 allows ${SPF_VOID_LOOKUP_LIMIT} such void lookups, so receivers answer permerror: addresses past it were not checked`,
        'spf-void-lookups',
      );
    }
  };

  const ipTerm = (t: Extract<SpfTerm, { kind: 'ip4' | 'ip6' }>, via: string, domain: string): void => {
    const p = parseIp(t.address);
    const want = t.kind === 'ip4' ? 'ipv4' : 'ipv6';
    if (!p || p.kind !== want) {
      say(`'${t.kind}:${t.address}' in the record of ${domain} is not an ${want === 'ipv4' ? 'IPv4' : 'IPv6'} address; skipped`);
      return;
    }
    const prefix = t.prefix ?? BITS[p.kind];
    const c = parseCidr(`${p.value}/${prefix}`);
    if (c) add(ctx, c.network, prefix, c.kind, via, t.prefix === undefined ? p.value : `${t.address}/${prefix}`);
  };

  /** a and mx terms, only for pass terms: a non-pass one authorises no one (its lookup is counted already). */
  const hostTerm = async (t: Extract<SpfTerm, { kind: 'a' | 'mx' }>, domain: string, via: string): Promise<void> => {
    const name = t.domain ?? domain;
    let hosts = [name];
    if (t.kind === 'mx') {
      const r = await ask(ctx, `MX ${name}`, (dns) => dns.mx(name));
      if (r === null) return;
      if (isAbsent(r)) voidLookup(`mx:${name}`);
      else if (!r.ok) say(`could not look up the MX records of ${name} (mx term): ${r.message}; its mail servers were not checked`);
      // RFC 7208 §5.4: no implicit MX here; a domain without MX records matches nothing.
      hosts = r.ok ? [...new Set(r.records.map(normalName).filter((h) => h !== ''))] : [];
      if (hosts.length > SPF_MX_HOST_LIMIT) {
        stopped = true;
        say(
          `mx term of ${name}: ${hosts.length} mail servers, more than the ${SPF_MX_HOST_LIMIT} an mx term may lead to (RFC 7208 limit, so receivers answer permerror); only the first ${SPF_MX_HOST_LIMIT} were checked, and no term after it`,
          'spf-mx-hosts',
        );
        hosts = hosts.slice(0, SPF_MX_HOST_LIMIT);
      }
    }
    const answers = await Promise.all(hosts.map((h) => askAddresses(ctx, h)));
    hosts.forEach((h, i) => {
      const answer = hostAnswer(ctx, h, answers[i] ?? [null, null], `SPF of ${top}: ${t.kind} term: `);
      for (const f of answer.found) {
        const prefix = (f.kind === 'ipv4' ? t.prefix4 : t.prefix6) ?? BITS[f.kind];
        const c = parseCidr(`${f.value}/${prefix}`);
        if (c) add(ctx, c.network, prefix, c.kind, via, prefix === BITS[f.kind] ? f.value : `${f.value}/${prefix}`);
      }
    });
    // An a term has one host: it is void when both its lookups found nothing (a failed one is not void).
    if (t.kind === 'a' && answers[0]?.every((r) => r !== null && isAbsent(r))) voidLookup(`a:${name}`);
  };

  /** Walks one domain's record. `collect` is false under a non-pass include: lookups still count. */
  const visit = async (domain: string, via: string, collect: boolean): Promise<void> => {
    if (path.includes(domain)) {
      say(`${domain} includes itself (${[...path, domain].join(' → ')}): a loop, which receivers answer with permerror; stopped there`);
      return;
    }
    const txt = await ask(ctx, `TXT ${domain}`, (dns) => dns.txt(domain));
    if (txt === null) return;
    if (!txt.ok && !isAbsent(txt)) {
      say(`could not look up the TXT records of ${domain}: ${txt.message}; its SPF senders were not checked`);
      return;
    }
    // The top record's lookup is check_host itself, not a term; an include's or redirect's finding nothing is void.
    if (isAbsent(txt) && domain !== top) voidLookup(`include or redirect of ${domain}`);
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
      if (stopped || spent(ctx)) break;
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
          if (pass) await hostTerm(t, domain, via);
          break;
        case 'include':
          await visit(t.domain, `spf of ${top} (include:${t.domain})`, pass);
          break;
        case 'exists':
        case 'ptr':
          break; // a lookup for a receiver, but no addresses to list, so none is sent
      }
    }
    // RFC 7208 §6.1: redirect applies only when the record has no "all"; it is a lookup like any other.
    if (redirect !== undefined && !hasAll && !stopped && !spent(ctx) && lookup()) await visit(redirect, `spf of ${top} (redirect=${redirect})`, collect);
    path.pop();
  };

  await visit(top, `spf of ${top}`, true);
}

/** The warnings for the bounds a monitor reached while expanding, each naming its limit. */
function limitWarnings(ctx: Ctx): void {
  if (ctx.tooBig.length > 0) {
    problem(
      ctx,
      `${ctx.tooBig.length === 1 ? 'a range' : `${ctx.tooBig.length} ranges`} larger than ${ctx.maxRange} addresses (settings.max-range) not checked: ${listed(ctx.tooBig)}`,
      'max-range',
    );
  }
  if (ctx.pastCap.length > 0) {
    problem(
      ctx,
      `found more than ${ctx.maxRange} addresses (settings.max-range, the most one monitor may add); only the first ${ctx.added} are checked, not: ${listed(ctx.pastCap)}`,
      'max-range',
    );
  }
  if (spent(ctx)) {
    problem(
      ctx,
      `expansion stopped after ${EXPANSION_QUERY_BUDGET} DNS queries, the budget of one monitor; not looked up: ${listed(ctx.unasked)}`,
      'query-budget',
    );
  }
}

async function monitorTargets(ctx: Ctx, m: MonitorInput): Promise<Piece[] | { domain: string }> {
  if (m.address !== undefined) {
    const p = parseIp(m.address);
    if (!p) {
      problem(ctx, `'${m.address}' is not an IP address`, undefined, 'error');
      return [];
    }
    return [{ network: p.value, prefix: BITS[p.kind], kind: p.kind, via: 'address', discovered: false }];
  }
  if (m.range !== undefined) {
    const r = rangeWithin(m.range, ctx.maxRange);
    if (!r.ok) {
      problem(ctx, r.message, parseCidr(m.range) ? 'max-range' : undefined, 'error');
      return [];
    }
    return [{ network: r.cidr.network, prefix: r.cidr.prefix, kind: r.cidr.kind, via: `range ${m.range}`, discovered: false }];
  }
  if (m.host !== undefined) {
    const host = normalName(m.host);
    await hostTargets(ctx, host, `host ${host}`);
  } else if (m.domain !== undefined) {
    const domain = normalName(m.domain);
    const expand = m.expand ?? [];
    // One after the other, so the budget goes to MX first, then SPF, the same way every run.
    if (expand.includes('mx')) await mxTargets(ctx, domain);
    if (expand.includes('spf')) await spfTargets(ctx, domain);
    limitWarnings(ctx);
    return { domain };
  } else {
    problem(ctx, 'needs one of address, range, host or domain', undefined, 'error');
    return [];
  }
  limitWarnings(ctx);
  return ctx.pieces;
}

/** Monitor names shown for a target several monitors share; the rest are counted. */
const NAMES_SHOWN = 5;

interface Merged {
  value: string;
  kind: ItemKind;
  via: string;
  /** Shared by every target of a monitor until another monitor narrows it. */
  skip: string[];
  /** The first monitor, and up to NAMES_SHOWN once others share the target. */
  names: string | string[];
  count: number;
  /** Index of the last monitor that reached it: one monitor may reach an address twice (MX and SPF). */
  last: number;
}

/** Special-range addresses one monitor found through one source: one warning for them all. */
interface SpecialGroup {
  via: string;
  range: string;
  count: number;
  first: string;
  last: string;
}

function specialWarning(monitor: string, g: SpecialGroup): Problem {
  return {
    monitor,
    severity: 'warning',
    message:
      g.count === 1
        ? `${g.first} (${g.via}) is in ${g.range}: blacklists only list public addresses (checked anyway)`
        : `${g.count} addresses from ${g.via} (${g.first} … ${g.last}) are in ${g.range}: blacklists only list public addresses (checked anyway)`,
  };
}

/**
 * Every target the monitors name, one per value. An address several monitors reach is checked
 * once: its `monitor` names them (first seen first, the first few, then how many more), its
 * `skip` holds only the lists every one of them skips, and it keeps the first `via`. Problems
 * come in monitor order. At most MAX_TARGETS in all: monitors earlier in the file come first.
 */
export async function expandTargets(
  monitors: readonly MonitorInput[],
  dns: Dns,
  opts: ExpandOptions,
): Promise<{ targets: Target[]; problems: Problem[] }> {
  const limit = createLimiter(opts.concurrency ?? 8);
  const results = await Promise.all(
    monitors.map(async (m) => {
      const ctx: Ctx = {
        dns,
        limit,
        maxRange: opts.maxRange,
        monitor: m.name,
        problems: [],
        queries: 0,
        unasked: [],
        pieces: [],
        seen: new Set(),
        added: 0,
        tooBig: [],
        pastCap: [],
      };
      const found = await monitorTargets(ctx, m);
      return { m, found, ctx };
    }),
  );

  // Literal addresses, and literal ranges by their first address, got their special-range
  // warning from the config loader already (config/rules.ts): those stay quiet here, and only
  // those, so a discovered special address in a range the loader said nothing about is warned.
  const quiet = new Set<string>();
  for (const { found } of results) {
    if (!Array.isArray(found)) continue;
    for (const p of found) {
      if (p.discovered) continue;
      if (p.prefix === BITS[p.kind]) quiet.add(p.network);
      else if (specialRange(p.network) !== null) for (const v of rangeAddresses(`${p.network}/${p.prefix}`)) quiet.add(v);
    }
  }

  const merged = new Map<string, Merged>();
  const problems: Problem[] = [];
  results.forEach(({ m, found, ctx }, index) => {
    for (const p of ctx.problems) problems.push(p);
    const skipList = [...new Set(m.skip ?? [])];
    const skip = new Set(skipList);
    const special = new Map<string, SpecialGroup>();
    let dropped = 0;
    const take = (value: string, kind: ItemKind, via: string, discovered: boolean): void => {
      const seen = merged.get(value);
      if (seen) {
        if (seen.last === index) return;
        seen.last = index;
        seen.count++;
        if (typeof seen.names === 'string') seen.names = [seen.names, m.name];
        else if (seen.names.length < NAMES_SHOWN) seen.names.push(m.name);
        // A list is skipped for a target only if every monitor that includes the target skips it.
        if (seen.skip.some((id) => !skip.has(id))) seen.skip = seen.skip.filter((id) => skip.has(id));
        return;
      }
      if (merged.size >= MAX_TARGETS) {
        dropped++;
        return;
      }
      merged.set(value, { value, kind, via, skip: skipList, names: m.name, count: 1, last: index });
      if (!discovered || kind === 'domain' || quiet.has(value)) return;
      const range = specialRange(value);
      if (range === null) return;
      const key = `${via}\n${range}`;
      const g = special.get(key);
      if (g) {
        g.count++;
        g.last = value;
      } else {
        special.set(key, { via, range, count: 1, first: value, last: value });
      }
    };
    const pieces = Array.isArray(found) ? found : ctx.pieces;
    if (!Array.isArray(found)) take(found.domain, 'domain', 'domain', false);
    for (const p of pieces) {
      if (p.prefix === BITS[p.kind]) take(p.network, p.kind, p.via, p.discovered);
      else for (const value of rangeAddresses(`${p.network}/${p.prefix}`)) take(value, p.kind, p.via, p.discovered);
    }
    for (const g of special.values()) problems.push(specialWarning(m.name, g));
    if (dropped > 0) {
      problems.push({
        monitor: m.name,
        severity: 'warning',
        message: `the run already has ${MAX_TARGETS} addresses and domains to check, the most one run checks; ${dropped} more from this monitor are not checked`,
        limit: 'max-targets',
      });
    }
  });
  const targets: Target[] = [];
  for (const t of merged.values()) {
    const names = typeof t.names === 'string' ? t.names : `${t.names.join(', ')}${t.count > t.names.length ? `, and ${t.count - t.names.length} more` : ''}`;
    // A copy of the skip list: targets must not share one array that a caller might change.
    targets.push({ value: t.value, kind: t.kind, monitor: names, via: t.via, skip: [...t.skip] });
  }
  return { targets, problems };
}
