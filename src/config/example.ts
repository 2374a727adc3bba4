// The shipped monitors.yml watches documentation addresses and example domains only; a scheduled
// run on it would "check" nothing real, so it asks the user to edit the file first.
import ipaddr from 'ipaddr.js';
import type { Monitor } from './schema.ts';

/** RFC 5737 and RFC 3849 documentation ranges. */
const DOC_RANGES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((c) => ipaddr.parseCIDR(c));

function documentation(address: string): boolean {
  const a = ipaddr.parse(address);
  return DOC_RANGES.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
}

/** RFC 2606 example names. */
function exampleName(name: string): boolean {
  return /(^|\.)example(\.(com|net|org))?$/.test(name) || /\.(test|invalid|example)$/.test(name);
}

export function isUneditedExample(monitors: readonly Monitor[]): boolean {
  return (
    monitors.length > 0 &&
    monitors.every((m) =>
      m.address !== undefined
        ? documentation(m.address)
        : m.range !== undefined
          ? documentation(m.range.split('/')[0] ?? '')
          : exampleName(m.host ?? m.domain ?? ''),
    )
  );
}
