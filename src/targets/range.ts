// CIDR ranges: size and every address in order. Every address counts, network and broadcast
// included: a DNSBL lists single addresses, and a mail server can sit on any of them.
import ipaddr from 'ipaddr.js';

function parse(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    return ipaddr.parseCIDR(cidr.trim());
  } catch {
    return null;
  }
}

/** Number of addresses in the range (bigint: an IPv6 /64 holds 2^64). */
export function rangeSize(cidr: string): bigint {
  const p = parse(cidr);
  if (!p) throw new Error(`'${cidr}' is not a CIDR range`);
  const bits = p[0].kind() === 'ipv4' ? 32 : 128;
  return 1n << BigInt(bits - p[1]);
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

function fromBigInt(n: bigint, length: number): number[] {
  const out = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(n & 255n);
    n >>= 8n;
  }
  return out;
}

/** Every address of the range, in order, canonical text; lazily, so a /16 never sits in memory. */
export function* rangeAddresses(cidr: string): Generator<string> {
  const p = parse(cidr);
  if (!p) throw new Error(`'${cidr}' is not a CIDR range`);
  const [addr, prefix] = p;
  const bytes = addr.toByteArray();
  const bits = bytes.length * 8;
  const size = 1n << BigInt(bits - prefix);
  const start = (toBigInt(bytes) >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  if (addr.kind() === 'ipv4') {
    // Numbers are exact up to 2^53, so IPv4 needs no bigint in the loop.
    const s = Number(start);
    for (let i = 0; i < Number(size); i++) {
      const n = s + i;
      yield `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
    }
    return;
  }
  for (let i = 0n; i < size; i++) yield ipaddr.fromByteArray(fromBigInt(start + i, 16)).toString();
}

/** The whole range as a list, or a message when it holds more than `cap` addresses. */
export function expandRange(cidr: string, cap: number): { ok: true; addresses: string[] } | { ok: false; message: string } {
  let size: bigint;
  try {
    size = rangeSize(cidr);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  if (size > BigInt(cap)) {
    return { ok: false, message: `${cidr} has ${size} addresses; the limit is ${cap} (settings.max-range)` };
  }
  return { ok: true, addresses: [...rangeAddresses(cidr)] };
}
