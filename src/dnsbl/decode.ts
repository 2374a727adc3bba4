// Reading a list's answer: listed, clean or unknown. "Not checked" is decided before any query,
// so four outcomes in all, never three. The rules, in order (dnsbl-protocol.md §2-3):
//   1. NXDOMAIN / NODATA → clean; timeout, SERVFAIL, REFUSED, other errors → unknown.
//   2. Any record that is not an IPv4 address inside 127.0.0.0/8 → unknown (a rewriting resolver).
//   3. Any record that is one of the list's refusals → unknown, even beside real listing codes.
//   4. Otherwise listed: every record decoded (exact code, bits of the last octet, or the value of
//      one octet, as the list's decode mode says), in order.
import ipaddr from 'ipaddr.js';
import type { CodeMeaning, DecodeMode, DnsError, DnsResult, ListDef, Severity, VerdictStatus } from '../model.ts';

export interface Decoded {
  status: VerdictStatus;
  /** Every A record returned, in answer order. */
  codes: string[];
  /** Meaning of each listing, in answer order (a bitmask record gives one per bit, low bit first). */
  meanings: string[];
  /** Highest severity among the listings. */
  severity?: Severity;
  reason?: string;
}

// The adapter's message is left out on purpose: it may hold the query name, and with it a list key.
const ERROR_REASON: Record<Exclude<DnsError, 'nxdomain' | 'nodata'>, string> = {
  timeout: 'timed out',
  servfail: 'the server failed (SERVFAIL)',
  refused: 'the server refused the query (REFUSED)',
  error: 'the DNS lookup failed',
};

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

/** Undocumented codes are still listings; their weight is unknown, so neither alarm nor dismissal. */
const UNDOCUMENTED_SEVERITY: Severity = 'medium';

/** Whether an answer record is an IPv4 address in 127.0.0.0/8, the only answers a list gives. */
export function inLoopback(record: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(record) && record.startsWith('127.');
}

function lastOctet(record: string): number {
  return Number(record.slice(record.lastIndexOf('.') + 1));
}

/** Which octet (1-based) an `octet-N` mode reads; undefined for the other modes. */
const OCTET: Partial<Record<DecodeMode, number>> = { 'octet-2': 2, 'octet-3': 3, 'octet-4': 4 };

/**
 * The key a record is looked up by in `codes` (and `refusals`) for exact and octet modes: the
 * whole answer, or the decimal value of the octet that carries the code. Undefined for bitmask.
 */
export function codeKey(decode: DecodeMode, record: string): string | undefined {
  if (decode === 'exact') return record;
  const n = OCTET[decode];
  return n === undefined ? undefined : record.split('.')[n - 1];
}

/**
 * A bitmask table's bits, low bit first, each with its entry. Keys are decimal strings (object keys
 * that are integers come in ascending order: ECMA-262 OrdinaryOwnPropertyKeys); a whole answer
 * kept beside them ("127.0.0.1" in refusals) is not a bit and is left out.
 */
function bitEntries<T>(table: Record<string, T>): [number, T][] {
  return Object.entries(table)
    .filter(([k]) => /^\d+$/.test(k))
    .map(([k, v]) => [Number(k), v]);
}

/**
 * The list's reason if this answer record is a refusal (error, quota, blocked resolver), else
 * undefined. A whole answer address always matches; then the mode's own keys (bits, octet value).
 */
export function refusalFor(list: ListDef, record: string): string | undefined {
  const whole = list.refusals[record];
  if (whole !== undefined) return whole;
  if (list.decode !== 'bitmask') {
    const key = codeKey(list.decode, record);
    return key === undefined ? undefined : list.refusals[key];
  }
  const octet = lastOctet(record);
  return bitEntries(list.refusals).find(([b]) => (octet & b) !== 0)?.[1];
}

export function isRefusal(list: ListDef, record: string): boolean {
  return refusalFor(list, record) !== undefined;
}

function undocumented(meaning: string): CodeMeaning {
  return { meaning, severity: UNDOCUMENTED_SEVERITY };
}

/** The listings one record stands for (a record already known to be in 127/8 and not a refusal). */
function listings(list: ListDef, record: string): CodeMeaning[] {
  if (list.decode === 'exact') {
    return [list.codes[record] ?? undocumented(`return code ${record} (not documented by this list)`)];
  }
  if (list.decode !== 'bitmask') {
    const key = codeKey(list.decode, record) ?? '';
    const where = list.decode.replace('octet-', 'octet ');
    return [list.codes[key] ?? undocumented(`return code ${record} (value ${key} in ${where} not documented by this list)`)];
  }
  const octet = lastOctet(record);
  const known = bitEntries(list.codes);
  const found = known.filter(([b]) => (octet & b) !== 0).map(([, meaning]) => meaning);
  const rest = known.reduce((left, [b]) => left & ~b, octet);
  if (found.length === 0) return [undocumented(`return code ${record} (bits not documented by this list)`)];
  return rest === 0 ? found : [...found, undocumented(`return code ${record} also sets bits not documented by this list (${rest})`)];
}

/**
 * What a listing's codes mean, one entry per listing (a bitmask answer gives one per bit), with
 * severity and cause. For codes already judged a listing (a verdict's or a stored listing's codes);
 * answers outside 127.0.0.0/8 and refusals are skipped, as they are never listings.
 */
export function meaningsOf(list: ListDef, codes: readonly string[]): CodeMeaning[] {
  return codes.filter((r) => inLoopback(r) && refusalFor(list, r) === undefined).flatMap((r) => listings(list, r));
}

function shown(record: string): string {
  return JSON.stringify(record.length > 64 ? `${record.slice(0, 64)}…` : record);
}

function highest(found: CodeMeaning[]): Severity | undefined {
  return found.reduce<Severity | undefined>((s, c) => (s === undefined || RANK[c.severity] > RANK[s] ? c.severity : s), undefined);
}

export function decodeAnswer(list: ListDef, result: DnsResult): Decoded {
  if (!result.ok) {
    if (result.error === 'nxdomain' || result.error === 'nodata') return { status: 'clean', codes: [], meanings: [] };
    return { status: 'unknown', codes: [], meanings: [], reason: ERROR_REASON[result.error] };
  }
  const codes = [...result.records];
  if (codes.length === 0) return { status: 'clean', codes, meanings: [] };

  const foreign = codes.find((r) => !inLoopback(r));
  if (foreign !== undefined) {
    const got = ipaddr.IPv4.isValidFourPartDecimal(foreign) ? foreign : `${shown(foreign)}, not an IPv4 address`;
    return {
      status: 'unknown',
      codes,
      meanings: [],
      reason: `the resolver rewrote the answer (got ${got}, outside 127.0.0.0/8): use a resolver that does not redirect NXDOMAIN`,
    };
  }

  for (const r of codes) {
    const refusal = refusalFor(list, r);
    if (refusal !== undefined) return { status: 'unknown', codes, meanings: [], reason: `${r}: ${refusal}` };
  }

  const found = meaningsOf(list, codes);
  const severity = highest(found);
  return { status: 'listed', codes, meanings: found.map((c) => c.meaning), ...(severity ? { severity } : {}) };
}
