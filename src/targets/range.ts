// CIDR ranges: size and every address in order. Every address counts, network and broadcast
// included: a DNSBL lists single addresses, and in a routed block a mail server can sit on any
// of them (a /28 handed out by a hosting provider has no "unusable" first and last address).
import ipaddr from 'ipaddr.js';
import { parseAddress, type ParsedAddress } from './address.ts';

export interface Cidr {
  /** First address of the range (the given address with its host bits cleared), canonical. */
  network: string;
  kind: 'ipv4' | 'ipv6';
  prefix: number;
}

const BITS = { ipv4: 32, ipv6: 128 } as const;

/**
 * parseAddress, but only in the forms a mail admin writes: it lets ipaddr.js read "10" and
 * "0x7f000001" as IPv4, which in a range or an SPF term is a typo, not an address.
 */
export function parseIp(text: string): ParsedAddress | null {
  const s = text.trim();
  return s.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(s) ? parseAddress(s) : null;
}

/**
 * Parses "198.51.100.0/28" or "2001:db8::/124"; null if it is not a range. Host bits are
 * cleared rather than refused: the range the user meant is the one that holds the address.
 */
export function parseCidr(text: string): Cidr | null {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return null;
  // Not ipaddr.parseCIDR: it reads "10/8" as 0.0.0.10/8.
  const addr = parseIp(m[1] ?? '');
  const prefix = Number(m[2]);
  if (!addr || prefix > BITS[addr.kind]) return null;
  const start = (toBigInt(ipaddr.parse(addr.value).toByteArray()) >> hostBits(addr.kind, prefix)) << hostBits(addr.kind, prefix);
  return { network: format(start, addr.kind), kind: addr.kind, prefix };
}

function hostBits(kind: Cidr['kind'], prefix: number): bigint {
  return BigInt(BITS[kind] - prefix);
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function format(n: bigint, kind: Cidr['kind']): string {
  const length = kind === 'ipv4' ? 4 : 16;
  const bytes = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(n & 255n);
    n >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

function parseOrThrow(cidr: string): Cidr {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`'${cidr}' is not a CIDR range (address/prefix)`);
  return c;
}

/** Number of addresses in the range (bigint: an IPv6 /64 holds 2^64). Throws if it is not a range. */
export function rangeSize(cidr: string): bigint {
  const c = parseOrThrow(cidr);
  return 1n << hostBits(c.kind, c.prefix);
}

/**
 * Every address of the range, in order, canonical text; lazily, so callers can stream a /16
 * without holding it. Throws if it is not a range. Mind the size: an IPv6 /64 never ends.
 */
export function* rangeAddresses(cidr: string): Generator<string> {
  const c = parseOrThrow(cidr);
  const size = 1n << hostBits(c.kind, c.prefix);
  if (c.kind === 'ipv4') {
    // Numbers are exact up to 2^53, so IPv4 needs no bigint (nor ipaddr.js) in the loop.
    const start = Number(toBigInt(ipaddr.parse(c.network).toByteArray()));
    const end = start + Number(size);
    for (let n = start; n < end; n++) {
      yield `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
    }
    return;
  }
  // Count in eight 16-bit words with carry: a bigint and an ipaddr.js object per address
  // made a /112 several times slower.
  const words = ipaddr.IPv6.parse(c.network).parts.slice();
  for (let i = 0n; i < size; i++) {
    yield formatV6(words);
    for (let w = 7; w >= 0; w--) {
      words[w] = ((words[w] ?? 0) + 1) & 0xffff;
      if (words[w] !== 0) break;
    }
  }
}

/** RFC 5952 text of eight words: lower-case hex, the longest run of two or more zero words (first on a tie) as "::". */
export function formatV6(words: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: readonly number[]): string => ws.map((w) => w.toString(16)).join(':');
  return best < 0 ? hex(words) : `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

export type RangeCheck = { ok: true; cidr: Cidr; size: number } | { ok: false; message: string };

/** The range, or a message when it is not a range or holds more than `cap` addresses. */
export function rangeWithin(cidr: string, cap: number): RangeCheck {
  const c = parseCidr(cidr);
  if (!c) return { ok: false, message: `'${cidr}' is not a CIDR range (address/prefix)` };
  const size = 1n << hostBits(c.kind, c.prefix);
  if (size > BigInt(cap)) {
    return { ok: false, message: `${cidr} has ${size} addresses; the limit is ${cap} (settings.max-range)` };
  }
  return { ok: true, cidr: c, size: Number(size) };
}
