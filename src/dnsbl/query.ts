// Query names (RFC 5782): reversed IPv4 octets, reversed IPv6 nibbles, or the domain, then the zone.
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import type { ItemKind } from '../model.ts';

export function itemKind(item: string): ItemKind | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(item)) return 'ipv4';
  if (item.includes(':') && ipaddr.IPv6.isValid(item)) return 'ipv6';
  return toALabel(item) === null ? null : 'domain';
}

/** The 32 nibbles of an IPv6 address, built from its 16 bytes (never normalised to IPv4). */
function nibbles(address: string): string[] {
  // ipaddr.IPv6.parse keeps ::ffff:7f00:2 as IPv6; only ipaddr.process() would map it to IPv4.
  const bytes = ipaddr.IPv6.parse(address).toByteArray();
  return bytes.flatMap((b) => [(b >> 4).toString(16), (b & 15).toString(16)]);
}

/** A-label, lower case, no trailing dot; null if it is not a usable DNS name. */
export function toALabel(name: string): string | null {
  const trimmed = name.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.includes('..')) return null;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (ascii === '') return null;
  const labels = ascii.split('.');
  if (ascii.length > 253 || labels.some((l) => l.length === 0 || l.length > 63)) return null;
  if (!labels.every((l) => /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(l))) return null;
  return ascii;
}

/**
 * The name to ask a list about an item. Throws on names DNS cannot carry (over 253 octets,
 * a label over 63): the caller turns that into an `unknown` with the message.
 */
export function queryName(item: string, kind: ItemKind, zone: string): string {
  let head: string;
  if (kind === 'ipv4') {
    if (!ipaddr.IPv4.isValidFourPartDecimal(item)) throw new Error(`${item} is not an IPv4 address`);
    head = item.split('.').reverse().join('.');
  } else if (kind === 'ipv6') {
    if (!ipaddr.IPv6.isValid(item)) throw new Error(`${item} is not an IPv6 address`);
    head = nibbles(item).reverse().join('.');
  } else {
    const a = toALabel(item);
    if (a === null) throw new Error(`${item} is not a valid domain name`);
    head = a;
  }
  const name = `${head}.${zone}`;
  // The zone may hold a key; say how long the name is, never the name itself.
  if (name.length > 253) throw new Error(`the query name would be ${name.length} octets long; DNS allows 253`);
  return name;
}
