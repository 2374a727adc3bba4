// SPF records (RFC 7208), parsed as far as a sender list needs: which terms authorise senders.
export type SpfQualifier = '+' | '-' | '~' | '?';

export type SpfTerm =
  | { kind: 'ip4' | 'ip6'; qualifier: SpfQualifier; address: string; prefix?: number }
  | { kind: 'a' | 'mx'; qualifier: SpfQualifier; domain?: string; prefix4?: number; prefix6?: number }
  | { kind: 'include'; qualifier: SpfQualifier; domain: string }
  | { kind: 'redirect'; domain: string }
  | { kind: 'exists' | 'ptr'; qualifier: SpfQualifier; domain?: string }
  | { kind: 'all'; qualifier: SpfQualifier }
  | { kind: 'macro'; text: string }
  | { kind: 'unknown'; text: string };

export interface SpfRecord {
  terms: SpfTerm[];
}

/** Terms that cost a DNS lookup, counted against RFC 7208's limit of 10. */
export const LOOKUP_TERMS: ReadonlySet<SpfTerm['kind']> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export function isSpf(record: string): boolean {
  return /^v=spf1(\s|$)/i.test(record.trim());
}

function cidrs(spec: string): { domain?: string; prefix4?: number; prefix6?: number } {
  const m = /^([^/]*)(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(spec);
  if (!m) return { domain: spec };
  const out: { domain?: string; prefix4?: number; prefix6?: number } = {};
  if (m[1]) out.domain = m[1].toLowerCase();
  if (m[2] !== undefined) out.prefix4 = Number(m[2]);
  if (m[3] !== undefined) out.prefix6 = Number(m[3]);
  return out;
}

function term(raw: string): SpfTerm {
  if (raw.includes('%{')) return { kind: 'macro', text: raw };
  const lower = raw.toLowerCase();
  if (lower.startsWith('redirect=')) return { kind: 'redirect', domain: lower.slice('redirect='.length) };
  if (/^[a-z][a-z0-9_.-]*=/.test(lower)) return { kind: 'unknown', text: raw }; // exp= and other modifiers
  const q = '+-~?'.includes(raw[0] ?? '') ? (raw[0] as SpfQualifier) : '+';
  const body = q === raw[0] ? raw.slice(1) : raw;
  const [name = '', ...restParts] = body.split(':');
  const rest = restParts.join(':');
  const mech = name.toLowerCase();
  switch (true) {
    case mech === 'ip4' || mech === 'ip6': {
      const [address = '', prefix] = rest.split('/');
      return prefix === undefined ? { kind: mech, qualifier: q, address } : { kind: mech, qualifier: q, address, prefix: Number(prefix) };
    }
    case mech.startsWith('a/') || mech.startsWith('mx/') || mech === 'a' || mech === 'mx': {
      const kind = mech.startsWith('mx') ? 'mx' : 'a';
      // "a/24" (no domain) or "a:host/24//64"
      const spec = rest !== '' ? rest : body.slice(kind.length);
      return { kind, qualifier: q, ...cidrs(spec) };
    }
    case mech === 'include':
      return { kind: 'include', qualifier: q, domain: rest.toLowerCase() };
    case mech === 'exists' || mech === 'ptr':
      return rest ? { kind: mech, qualifier: q, domain: rest.toLowerCase() } : { kind: mech, qualifier: q };
    case mech === 'all':
      return { kind: 'all', qualifier: q };
    default:
      return { kind: 'unknown', text: raw };
  }
}

export function parseSpf(record: string): SpfRecord | null {
  if (!isSpf(record)) return null;
  const parts = record.trim().split(/\s+/).slice(1).filter((p) => p.length > 0);
  return { terms: parts.map(term) };
}
