// Address parsing shared by config validation and target expansion.
import ipaddr from 'ipaddr.js';

export interface ParsedAddress {
  /** Canonical text: dotted IPv4, compressed lower-case IPv6. */
  value: string;
  kind: 'ipv4' | 'ipv6';
}

/** Parses an IPv4 or IPv6 address in its usual text forms; null if it is not one. */
export function parseAddress(text: string): ParsedAddress | null {
  const s = text.trim();
  // ipaddr.js accepts legacy IPv4 forms such as "10" or "0x7f000001"; a mail admin means dotted quads.
  if (!s.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  if (!ipaddr.isValid(s)) return null;
  const addr = ipaddr.parse(s);
  return addr.kind() === 'ipv4'
    ? { value: addr.toString(), kind: 'ipv4' }
    : { value: addr.toString(), kind: 'ipv6' };
}

/**
 * The special-purpose range an address sits in ("private", "loopback", "reserved", …),
 * or null for a global unicast address. Lists only hold public addresses, so a special one
 * cannot be listed meaningfully; we warn but still check it.
 */
export function specialRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const range = ipaddr.parse(address).range();
  return range === 'unicast' ? null : range;
}
