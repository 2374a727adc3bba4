// Reading a list's answer: listed, clean or unknown (four outcomes, never three: "not checked"
// is decided before any query). Refusals and rewritten answers are never listings.
import type { DnsError, DnsResult, ListDef, Severity, VerdictStatus } from '../model.ts';

export interface Decoded {
  status: VerdictStatus;
  /** Every A record returned. */
  codes: string[];
  /** Meaning of each listing, in answer order. */
  meanings: string[];
  /** Highest severity among the listings. */
  severity?: Severity;
  reason?: string;
}

const ERROR_REASON: Record<Exclude<DnsError, 'nxdomain' | 'nodata'>, string> = {
  timeout: 'timed out',
  servfail: 'the server failed (SERVFAIL)',
  refused: 'the server refused the query (REFUSED)',
  error: 'DNS error',
};

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function lastOctet(record: string): number {
  return Number(record.slice(record.lastIndexOf('.') + 1));
}

/** The refusal reason if this record is a refusal code for the list, else undefined. */
export function refusalFor(list: ListDef, record: string): string | undefined {
  if (list.decode === 'exact') return list.refusals[record];
  const octet = lastOctet(record);
  for (const [bit, reason] of Object.entries(list.refusals)) {
    if (/^\d+$/.test(bit) && (octet & Number(bit)) !== 0) return reason;
    if (bit === record) return reason;
  }
  return undefined;
}

function listings(list: ListDef, record: string): { meaning: string; severity: Severity }[] {
  if (list.decode === 'exact') {
    return [list.codes[record] ?? { meaning: `return code ${record} (not documented by this list)`, severity: 'medium' }];
  }
  const octet = lastOctet(record);
  const hits = Object.entries(list.codes)
    .filter(([bit]) => (octet & Number(bit)) !== 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, c]) => c);
  return hits.length > 0 ? hits : [{ meaning: `return code ${record} (bits not documented by this list)`, severity: 'medium' }];
}

export function decodeAnswer(list: ListDef, result: DnsResult): Decoded {
  if (!result.ok) {
    if (result.error === 'nxdomain' || result.error === 'nodata') return { status: 'clean', codes: [], meanings: [] };
    return { status: 'unknown', codes: [], meanings: [], reason: ERROR_REASON[result.error] };
  }
  const codes = [...result.records];
  if (codes.length === 0) return { status: 'clean', codes, meanings: [] };

  const outside = codes.find((r) => !LOOPBACK.test(r));
  if (outside !== undefined) {
    return {
      status: 'unknown',
      codes,
      meanings: [],
      reason: `the resolver rewrote the answer (got ${outside}, outside 127.0.0.0/8): use a resolver that does not redirect NXDOMAIN`,
    };
  }
  for (const r of codes) {
    const refusal = refusalFor(list, r);
    if (refusal !== undefined) return { status: 'unknown', codes, meanings: [], reason: `${r}: ${refusal}` };
  }
  const found = codes.flatMap((r) => listings(list, r));
  const severity = found.reduce<Severity>((s, c) => (RANK[c.severity] > RANK[s] ? c.severity : s), 'info');
  return { status: 'listed', codes, meanings: found.map((c) => c.meaning), severity };
}
