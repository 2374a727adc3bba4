// SPF records (RFC 7208), parsed as far as a sender list needs: which terms authorise which
// senders, and which cost a DNS lookup. No evaluation against a message happens here.
export type SpfQualifier = '+' | '-' | '~' | '?';

export type SpfTerm =
  | { kind: 'ip4' | 'ip6'; qualifier: SpfQualifier; address: string; prefix?: number }
  /** No domain: the record's own domain. prefix4/prefix6 widen each address found to a range. */
  | { kind: 'a' | 'mx'; qualifier: SpfQualifier; domain?: string; prefix4?: number; prefix6?: number }
  | { kind: 'include'; qualifier: SpfQualifier; domain: string }
  | { kind: 'exists' | 'ptr'; qualifier: SpfQualifier; domain?: string }
  | { kind: 'all'; qualifier: SpfQualifier }
  | { kind: 'redirect'; domain: string }
  /** A term with a macro (%{i}, %{d} …): only a receiver, with a message in hand, can expand it. */
  | { kind: 'macro'; text: string; mechanism: string }
  /** exp= and unknown modifiers: ignored, as RFC 7208 §6 asks. */
  | { kind: 'modifier'; text: string }
  /** Not valid SPF: a receiver answers permerror. */
  | { kind: 'invalid'; text: string; reason: string };

export interface SpfRecord {
  terms: SpfTerm[];
}

/** Terms that cost a DNS lookup, counted against RFC 7208's limit of 10 (§4.6.4). */
export const LOOKUP_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/** Is this TXT string an SPF record? ("v=spf1" alone or followed by a space, any case.) */
export function isSpf(record: string): boolean {
  return /^v=spf1( |$)/i.test(record.trim());
}

const QUALIFIERS = '+-~?';
/**
 * RFC 7208 §7.1 domain-end: at least two labels, the last ("toplabel") not all digits, so
 * "a:192.0.2.1" or "include:localhost" is a permerror, as it is for a receiver. The same rule
 * as a monitor's host or domain in monitors.yml.
 */
const DOMAIN = /^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.(?!\d+$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function domainOf(text: string): string | null {
  const d = text.toLowerCase().replace(/\.$/, '');
  return DOMAIN.test(d) ? d : null;
}

function prefixOf(text: string | undefined, max: number): number | undefined | null {
  if (text === undefined) return undefined;
  const n = Number(text);
  return /^\d{1,3}$/.test(text) && n <= max ? n : null;
}

function invalid(text: string, reason: string): SpfTerm {
  return { kind: 'invalid', text, reason };
}

/** a and mx: "[:domain][/cidr4][//cidr6]", e.g. "a", "a/24", "mx:example.com//64". */
function hostTerm(kind: 'a' | 'mx', q: SpfQualifier, spec: string, raw: string): SpfTerm {
  const m = /^(?::([^/]+))?(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(spec);
  if (!m) return invalid(raw, `'${spec}' is not [:domain][/prefix][//prefix]`);
  const prefix4 = prefixOf(m[2], 32);
  const prefix6 = prefixOf(m[3], 128);
  if (prefix4 === null || prefix6 === null) return invalid(raw, 'prefix out of range');
  const term: Extract<SpfTerm, { kind: 'a' | 'mx' }> = { kind, qualifier: q };
  if (m[1] !== undefined) {
    const d = domainOf(m[1]);
    if (d === null) return invalid(raw, `'${m[1]}' is not a domain`);
    term.domain = d;
  }
  if (prefix4 !== undefined) term.prefix4 = prefix4;
  if (prefix6 !== undefined) term.prefix6 = prefix6;
  return term;
}

function ipTerm(kind: 'ip4' | 'ip6', q: SpfQualifier, value: string, raw: string): SpfTerm {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefix = slash < 0 ? undefined : prefixOf(value.slice(slash + 1), kind === 'ip4' ? 32 : 128);
  if (address === '' || prefix === null) return invalid(raw, `'${value}' is not an ${kind} address or range`);
  return prefix === undefined ? { kind, qualifier: q, address } : { kind, qualifier: q, address, prefix };
}

function parseTerm(raw: string): SpfTerm {
  const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
  if (modifier) {
    const name = (modifier[1] ?? '').toLowerCase();
    if (raw.includes('%{')) return { kind: 'macro', text: raw, mechanism: name };
    if (name !== 'redirect') return { kind: 'modifier', text: raw };
    const d = domainOf(modifier[2] ?? '');
    return d === null ? invalid(raw, 'redirect= needs a domain') : { kind: 'redirect', domain: d };
  }
  const q = (QUALIFIERS.includes(raw[0] ?? '') ? raw[0] : '+') as SpfQualifier;
  const body = QUALIFIERS.includes(raw[0] ?? '') ? raw.slice(1) : raw;
  const m = /^([a-z0-9]+)(.*)$/i.exec(body);
  const mech = (m?.[1] ?? '').toLowerCase();
  const rest = m?.[2] ?? '';
  if (raw.includes('%{')) return { kind: 'macro', text: raw, mechanism: mech };
  switch (mech) {
    case 'all':
      return rest === '' ? { kind: 'all', qualifier: q } : invalid(raw, "'all' takes no argument");
    case 'ip4':
    case 'ip6':
      return rest.startsWith(':') ? ipTerm(mech, q, rest.slice(1), raw) : invalid(raw, `${mech} needs ':address'`);
    case 'a':
    case 'mx':
      return hostTerm(mech, q, rest, raw);
    case 'include': {
      const d = rest.startsWith(':') ? domainOf(rest.slice(1)) : null;
      return d === null ? invalid(raw, "include needs ':domain'") : { kind: 'include', qualifier: q, domain: d };
    }
    case 'exists':
    case 'ptr': {
      if (rest === '' && mech === 'ptr') return { kind: mech, qualifier: q };
      const d = rest.startsWith(':') ? domainOf(rest.slice(1)) : null;
      return d === null ? invalid(raw, `${mech} needs ':domain'`) : { kind: mech, qualifier: q, domain: d };
    }
    default:
      return invalid(raw, `unknown mechanism '${mech || raw}'`);
  }
}

/** The terms of an SPF record in order; null if the text is not an SPF record. */
export function parseSpf(record: string): SpfRecord | null {
  if (!isSpf(record)) return null;
  // After trim(), splitting on runs of whitespace leaves no empty parts.
  const parts = record.trim().split(/\s+/).slice(1);
  return { terms: parts.map(parseTerm) };
}
