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
 * Where a special-purpose address sits, in words a mail admin knows, read after "is in" / "are in".
 * One row per range name ipaddr.js's range() can return (a test holds this table to the library's
 * own list), plus finer rows for blocks ipaddr.js folds into "reserved" but people know by name.
 */
const PRECISE: readonly (readonly [cidr: string, words: string])[] = [
  ['192.0.2.0/24', 'a documentation range (RFC 5737)'],
  ['198.51.100.0/24', 'a documentation range (RFC 5737)'],
  ['203.0.113.0/24', 'a documentation range (RFC 5737)'],
  ['198.18.0.0/15', 'the benchmarking range 198.18.0.0/15 (RFC 2544)'],
  ['240.0.0.0/4', 'the reserved range 240.0.0.0/4 (set aside for future use)'],
  ['2001:db8::/32', 'the documentation range 2001:db8::/32 (RFC 3849)'],
  ['3fff::/20', 'the documentation range 3fff::/20 (RFC 9637)'],
];

export const IPV4_RANGE_WORDS: Readonly<Record<string, string>> = {
  unspecified: 'the "this network" block 0.0.0.0/8 (no mail server sends from it)',
  broadcast: 'the broadcast address 255.255.255.255',
  multicast: 'the multicast range 224.0.0.0/4',
  linkLocal: 'the link-local range 169.254.0.0/16 (self-assigned when DHCP fails)',
  loopback: 'the loopback range 127.0.0.0/8 (the machine itself)',
  carrierGradeNat: "carrier-grade NAT (100.64.0.0/10, an ISP's internal addresses)",
  private: 'a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  reserved: 'a reserved range (IANA special-purpose)',
  as112: 'an AS112 range (a sink for stray reverse-DNS queries)',
  amt: 'the AMT range 192.52.193.0/24 (multicast relays)',
};

export const IPV6_RANGE_WORDS: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address ::',
  linkLocal: 'the link-local range fe80::/10',
  multicast: 'the multicast range ff00::/8',
  loopback: 'the loopback address ::1 (the machine itself)',
  uniqueLocal: 'a unique local range (fc00::/7, the IPv6 counterpart of private addresses)',
  ipv4Mapped: 'the IPv4-mapped range ::ffff:0:0/96 (an IPv4 address written as IPv6; monitor the IPv4 address itself)',
  deprecatedSiteLocal: 'the old site-local range fec0::/10 (deprecated private addresses)',
  discard: 'the discard-only range 100::/64',
  rfc6145: 'the IPv4-translated range ::ffff:0:0:0/96 (RFC 6145)',
  rfc6052: 'a NAT64 range (64:ff9b::/96, IPv4 addresses behind a translator)',
  '6to4': 'the 6to4 range 2002::/16 (an IPv4 address tunnelled in IPv6)',
  teredo: 'the Teredo range 2001::/32 (IPv6 tunnelled through IPv4 NAT)',
  benchmarking: 'the benchmarking range 2001:2::/48',
  amt: 'the AMT range 2001:3::/32 (multicast relays)',
  as112v6: 'an AS112 range (a sink for stray reverse-DNS queries)',
  deprecatedOrchid: 'the old ORCHID range 2001:10::/28 (identifiers, never routed)',
  orchid2: 'the ORCHIDv2 range 2001:20::/28 (identifiers, never routed)',
  droneRemoteIdProtocolEntityTags: 'the drone Remote ID range 2001:30::/28 (identifiers, never routed)',
  segmentRouting: 'the segment-routing range 5f00::/16 (not host addresses)',
  reserved: 'a reserved range (IANA special-purpose)',
};

const PRECISE_PARSED = PRECISE.map(([cidr, words]) => [ipaddr.parseCIDR(cidr), words] as const);

/**
 * The special-purpose range an address sits in, in words ("a private range (RFC 1918: …)"),
 * or null for a global unicast address. Lists only hold public addresses, so a special one
 * cannot be listed meaningfully; we warn but still check it.
 */
export function specialRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const addr = ipaddr.parse(address);
  const name = addr.range();
  if (name === 'unicast') return null;
  for (const [[net, bits], words] of PRECISE_PARSED) {
    if (net.kind() === addr.kind() && addr.match(net, bits)) return words;
  }
  const table = addr.kind() === 'ipv4' ? IPV4_RANGE_WORDS : IPV6_RANGE_WORDS;
  // A range a newer ipaddr.js adds before this table knows it: still said plainly, never as an identifier.
  return table[name] ?? 'a special-purpose range (IANA registry)';
}
