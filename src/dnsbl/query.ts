// Query names (RFC 5782): reversed IPv4 octets, reversed IPv6 nibbles, or the domain, then the zone.
//
// Errors: queryName throws an Error with a message fit to show as an `unknown` verdict's reason.
// The message names the item but never the zone, which may hold a list key.
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import type { ItemKind } from '../model.ts';

/** DNS limits (RFC 1035): 255 octets on the wire is 253 characters of dotted text. */
const MAX_NAME = 253;
const MAX_LABEL = 63;

const LABEL = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

/** Dotted-quad IPv4 only: ipaddr.js would also take "10" or "0x7f000001", which nobody means. */
function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** IPv6 text without a zone id or prefix (fe80::1%eth0 and 2001:db8::/64 are not addresses to check). */
function isIPv6(text: string): boolean {
  return text.includes(':') && !/[%/]/.test(text) && ipaddr.IPv6.isValid(text);
}

/** What an item is, or null when it is none of the three. */
export function itemKind(item: string): ItemKind | null {
  if (isIPv4(item)) return 'ipv4';
  if (isIPv6(item)) return 'ipv6';
  return toALabel(item) === null ? null : 'domain';
}

/**
 * The 32 nibbles of an IPv6 address, most significant first. Built from the address's own 16
 * bytes: ipaddr.IPv6.parse never turns ::ffff:7f00:2 into 127.0.0.2 (only ipaddr.process does),
 * so the RFC 5782 IPv6 test point keeps its IPv6 name.
 */
function nibbles(address: string): string[] {
  return ipaddr.IPv6.parse(address)
    .toByteArray()
    .flatMap((b) => [(b >> 4).toString(16), (b & 15).toString(16)]);
}

/**
 * A-label form of a domain: lower case, no trailing dot, IDN labels punycoded; null if DNS cannot
 * carry it (empty label, label over 63 octets, name over 253) or it is not a host name.
 */
export function toALabel(name: string): string | null {
  const trimmed = name.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.split('.').some((l) => l === '')) return null;
  // The URL host parser reads a name ending in a number as IPv4 ("1.2.3" → "1.2.0.3");
  // no top-level domain is numeric, so such a name is refused before it gets there.
  const last = trimmed.slice(trimmed.lastIndexOf('.') + 1);
  if (/^(0x[0-9a-f]*|\d+)$/i.test(last)) return null;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '') return null;
  const labels = ascii.split('.');
  if (ascii.length > MAX_NAME || labels.some((l) => l.length > MAX_LABEL || !LABEL.test(l))) return null;
  return ascii;
}

function head(item: string, kind: ItemKind): string {
  switch (kind) {
    case 'ipv4':
      if (!isIPv4(item)) throw new Error(`${item} is not an IPv4 address`);
      return item.split('.').reverse().join('.');
    case 'ipv6':
      if (!isIPv6(item)) throw new Error(`${item} is not an IPv6 address`);
      return nibbles(item).reverse().join('.');
    case 'domain': {
      const name = toALabel(item);
      if (name === null) {
        throw new Error(`${item} is not a valid domain name (labels of 1 to ${MAX_LABEL} octets, ${MAX_NAME} in all)`);
      }
      return name;
    }
  }
}

/**
 * The name to ask a list about an item: `2.0.0.127.<zone>`, 32 reversed nibbles + zone, or
 * `example.com.<zone>`. Throws when the item is not of its kind or the whole name would be over
 * 253 octets (a long domain in front of a long keyed zone).
 */
export function queryName(item: string, kind: ItemKind, zone: string): string {
  const name = `${head(item, kind)}.${zone}`;
  // Say how long the name is, never the name itself: the zone may hold a key.
  if (name.length > MAX_NAME) {
    throw new Error(`the query name for ${item} would be ${name.length} octets long; DNS allows ${MAX_NAME}`);
  }
  return name;
}
