// Reverse DNS as evidence: the address's PTR, whether that name resolves back to the address
// (forward-confirmed reverse DNS, FCrDNS), and whether it looks like an ISP's generic name. A
// missing or generic PTR is behind many policy listings (RATS-NoPtr, RATS-Dyna, Spamhaus PBL) and
// most rejections at large receivers, so a listed address's report says which it is.
//
// Four-state honesty, as for list queries: a PTR lookup that timed out is `unknown`, never
// "no PTR"; NXDOMAIN and NODATA are answers. The lookups go through the same DNS adapter (its
// timeout and retries) and the caller's concurrency limit.
import ipaddr from 'ipaddr.js';
import type { Dns, DnsError, DnsResult, ItemKind } from '../model.ts';
import type { Limiter } from '../limit.ts';
import { plain } from '../render/escape.ts';
import { queryName, toALabel } from './query.ts';

/**
 * - good: a PTR name that resolves back to the address and does not look generic;
 * - generic: it resolves back, but the name looks like an ISP's name for an end-user line;
 * - not-confirmed: there is a PTR, but no PTR name resolves back to the address;
 * - no-ptr: the reverse zone answers that there is none (NXDOMAIN or NODATA);
 * - unknown: no trustworthy answer (timeout, SERVFAIL, REFUSED …): says nothing either way.
 */
export type ReverseDnsStatus = 'good' | 'generic' | 'not-confirmed' | 'no-ptr' | 'unknown';

export interface ReverseDnsFinding {
  /** The address, as checked. */
  target: string;
  status: ReverseDnsStatus;
  /** The PTR names (at most RDNS_BOUNDS.names, lower case, no trailing dot). Untrusted text. */
  ptr: string[];
  /** The PTR name whose A or AAAA records include the address. */
  confirmed?: string;
  /** Why a name looks generic ("embeds the address (dashed: 203-0-113-10)", "the word 'dsl'"); also on not-confirmed. */
  generic?: string;
  /** For unknown: what went wrong; for not-confirmed: what the forward lookup gave. */
  reason?: string;
}

/** What one finding may carry, whatever the reverse zone answers (invariant 10). */
export const RDNS_BOUNDS = {
  /** PTR names kept (an address normally has one). */
  names: 4,
  /** PTR names whose A/AAAA are looked up. */
  forward: 4,
  nameLength: 253,
} as const;

/**
 * Ways a generic PTR writes an IPv4 address, as templates: {a} {b} {c} {d} are the octets,
 * {A} {B} {C} {D} the octets zero-padded to three digits, {xa} {xb} {xc} {xd} the octets as two
 * hex digits. A form must stand alone in the name: no digit (hex digit, for hex forms) on
 * either side, so 10.113.0.203 does not match inside 110.113.0.2034.
 */
export const IPV4_FORMS: readonly { form: string; label: string }[] = [
  { form: '{a}-{b}-{c}-{d}', label: 'dashed' },
  { form: '{a}.{b}.{c}.{d}', label: 'dotted' },
  { form: '{a}_{b}_{c}_{d}', label: 'underscored' },
  { form: '{d}-{c}-{b}-{a}', label: 'reversed, dashed' },
  { form: '{d}.{c}.{b}.{a}', label: 'reversed, dotted' },
  { form: '{A}{B}{C}{D}', label: 'zero-padded' },
  { form: '{A}-{B}-{C}-{D}', label: 'zero-padded, dashed' },
  { form: '{A}.{B}.{C}.{D}', label: 'zero-padded, dotted' },
  { form: '{D}{C}{B}{A}', label: 'reversed, zero-padded' },
  { form: '{xa}{xb}{xc}{xd}', label: 'hex' },
  { form: '{b}-{c}-{d}', label: 'last three octets, dashed' },
  { form: '{d}-{c}-{b}', label: 'last three octets reversed, dashed' },
  { form: '{d}.{c}.{b}', label: 'last three octets reversed, dotted' },
];

/**
 * The same for IPv6: {dashed} is the compressed address with `-` for `:`, {nibbles} its 32 hex
 * digits, {groups} its eight groups zero-padded and joined by `-`.
 */
export const IPV6_FORMS: readonly { form: string; label: string }[] = [
  { form: '{dashed}', label: 'dashed' },
  { form: '{nibbles}', label: 'hex digits' },
  { form: '{groups}', label: 'groups, dashed' },
];

/**
 * Words ISPs put in the names of end-user lines. A word counts when it stands alone between
 * separators or digits (`dsl-203-0-113-10`, `pool12`, `dyn.example.net`), in any label but the
 * last two (the provider's own domain: `mail.cable-tv.example` is not generic).
 */
export const GENERIC_WORDS: readonly string[] = [
  'dynamic', 'dyn', 'dhcp', 'pool', 'dsl', 'adsl', 'vdsl', 'xdsl', 'cable', 'cablemodem', 'customer', 'cust',
  'client', 'clients', 'ppp', 'pppoe', 'dial', 'dialup', 'dialin', 'static-ip', 'staticip', 'ip-static',
  'broadband', 'residential', 'cpe', 'ftth', 'fttx', 'unassigned',
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every template's placeholders filled for one address. */
function fields(address: string, kind: ItemKind): Record<string, string> {
  if (kind === 'ipv4') {
    const [a = '', b = '', c = '', d = ''] = address.split('.');
    const pad = (o: string): string => o.padStart(3, '0');
    const hex = (o: string): string => Number(o).toString(16).padStart(2, '0');
    return { a, b, c, d, A: pad(a), B: pad(b), C: pad(c), D: pad(d), xa: hex(a), xb: hex(b), xc: hex(c), xd: hex(d) };
  }
  const v6 = ipaddr.IPv6.parse(address);
  const groups = v6.toNormalizedString().split(':').map((g) => g.padStart(4, '0'));
  return { dashed: v6.toString().replace(/:/g, '-'), nibbles: groups.join(''), groups: groups.join('-') };
}

/** Why `name` looks generic for `address`, or undefined when it does not. Pure. */
export function genericReason(name: string, address: string, kind: ItemKind): string | undefined {
  const lower = name.toLowerCase();
  const values = fields(address, kind);
  for (const { form, label } of kind === 'ipv4' ? IPV4_FORMS : IPV6_FORMS) {
    const written = form.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
    const hex = /\{(x\w|nibbles|groups|dashed)\}/.test(form);
    const edge = hex ? '0-9a-f' : '0-9';
    if (new RegExp(`(?<![${edge}])${escapeRegExp(written)}(?![${edge}])`).test(lower)) return `it embeds the address (${label}: ${written})`;
  }
  const labels = lower.split('.');
  const host = labels.slice(0, Math.max(0, labels.length - 2)).join('.');
  for (const word of GENERIC_WORDS) {
    if (new RegExp(`(?<![a-z])${escapeRegExp(word)}(?![a-z])`).test(host)) return `it contains the word '${word}'`;
  }
  return undefined;
}

/** The reverse name of an address: `10.113.0.203.in-addr.arpa`, or 32 nibbles + `.ip6.arpa`. */
export function reverseName(address: string, kind: 'ipv4' | 'ipv6'): string {
  return queryName(address, kind, kind === 'ipv4' ? 'in-addr.arpa' : 'ip6.arpa');
}

// The adapter's message is left out: it names the server, which the report already does.
const FAILED: Record<Exclude<DnsError, 'nxdomain' | 'nodata'>, string> = {
  timeout: 'timed out',
  servfail: 'got SERVFAIL',
  refused: 'was refused (REFUSED)',
  error: 'failed',
};

function answered(r: DnsResult): boolean {
  return r.ok || r.error === 'nxdomain' || r.error === 'nodata';
}

function sameAddress(record: string, address: string): boolean {
  try {
    return ipaddr.parse(record).toNormalizedString() === ipaddr.parse(address).toNormalizedString();
  } catch {
    return false;
  }
}

/** PTR names as we keep them: cleaned, bounded, distinct. */
export function boundNames(records: readonly string[]): string[] {
  const names = records.map((r) => plain(r.toLowerCase().replace(/\.$/, ''), RDNS_BOUNDS.nameLength)).filter((n) => n !== '');
  return [...new Set(names)].slice(0, RDNS_BOUNDS.names);
}

/**
 * The finding from the PTR answer and the forward answers of its names (in the same order; a
 * name that is not a DNS name has no forward answer). Pure.
 */
export function judgeReverseDns(address: string, kind: 'ipv4' | 'ipv6', ptr: DnsResult, forward: readonly (DnsResult | undefined)[]): ReverseDnsFinding {
  const target = address;
  if (!ptr.ok) {
    if (ptr.error === 'nxdomain' || ptr.error === 'nodata') return { target, status: 'no-ptr', ptr: [] };
    return { target, status: 'unknown', ptr: [], reason: `the PTR lookup ${FAILED[ptr.error]}` };
  }
  const names = boundNames(ptr.records);
  if (names.length === 0) return { target, status: 'no-ptr', ptr: [] };
  const checked = names.slice(0, RDNS_BOUNDS.forward);
  const confirmed = checked.find((_, i) => {
    const r = forward[i];
    return r?.ok === true && r.records.some((rec) => sameAddress(rec, address));
  });
  if (confirmed === undefined) {
    const failed = checked.findIndex((_, i) => forward[i] !== undefined && !answered(forward[i]));
    const first = forward[failed];
    if (first && !first.ok && !answered(first)) {
      return { target, status: 'unknown', ptr: names, reason: `the lookup of ${checked[failed] ?? ''} ${FAILED[first.error as keyof typeof FAILED]}` };
    }
    const generic = genericReason(checked[0] ?? '', address, kind);
    const got = forward[0];
    const what =
      got === undefined
        ? 'it is not a valid host name'
        : got.ok
          ? `it resolves to ${got.records.slice(0, 3).map((r) => plain(r, 45)).join(', ')}${got.records.length > 3 ? ' …' : ''}, not to ${address}`
          : `it has no ${kind === 'ipv4' ? 'A' : 'AAAA'} record`;
    return { target, status: 'not-confirmed', ptr: names, reason: what, ...(generic ? { generic } : {}) };
  }
  const generic = genericReason(confirmed, address, kind);
  return { target, status: generic ? 'generic' : 'good', ptr: names, confirmed, ...(generic ? { generic } : {}) };
}

/** Looks up one address's PTR and confirms its names forward (A for IPv4, AAAA for IPv6). */
export async function lookupReverseDns(address: string, kind: 'ipv4' | 'ipv6', dns: Dns): Promise<ReverseDnsFinding> {
  const ptr = await dns.ptr(reverseName(address, kind));
  const names = ptr.ok ? boundNames(ptr.records).slice(0, RDNS_BOUNDS.forward) : [];
  const forward = await Promise.all(
    names.map((n): Promise<DnsResult | undefined> => {
      const name = toALabel(n);
      if (name === null) return Promise.resolve(undefined);
      return kind === 'ipv4' ? dns.a(name) : dns.aaaa(name);
    }),
  );
  return judgeReverseDns(address, kind, ptr, forward);
}

/** Findings for many addresses, at most `limit` lookups in flight; in the order given. */
export async function reverseDnsOf(addresses: readonly { value: string; kind: ItemKind }[], dns: Dns, limit: Limiter): Promise<ReverseDnsFinding[]> {
  const seen = new Set<string>();
  const ips = addresses.filter((a): a is { value: string; kind: 'ipv4' | 'ipv6' } => a.kind !== 'domain' && !seen.has(a.value) && (seen.add(a.value), true));
  return Promise.all(ips.map((a) => limit(() => lookupReverseDns(a.value, a.kind, dns))));
}
