// Targets typed by hand (CLI arguments, the workflow's ad-hoc input) as monitors.
import { toALabel } from '../dnsbl/query.ts';
import { plain } from '../render/escape.ts';
import { parseAddress } from './address.ts';
import type { MonitorInput } from './expand.ts';
import { parseCidr } from './range.ts';

/** An address, a CIDR range, or a domain (checked on domain lists, plus its MX hosts). */
export function targetToMonitor(text: string): MonitorInput | string {
  const t = text.trim();
  if (t.includes('/')) {
    const cidr = parseCidr(t);
    return cidr ? { name: t, range: `${cidr.network}/${cidr.prefix}` } : `'${plain(t, 80)}' is not a CIDR range`;
  }
  const addr = parseAddress(t);
  if (addr) return { name: addr.value, address: addr.value };
  const domain = toALabel(t);
  if (domain?.includes('.')) return { name: domain, domain, expand: ['mx'] };
  return `'${plain(t, 80)}' is not an IP address, a CIDR range or a domain`;
}
