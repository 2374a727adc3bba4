// The system resolver, as the C library finds it: the `nameserver` lines of /etc/resolv.conf.
// Only the servers are read; timeouts and tries are ours (settings.timeout, settings.tries).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** glibc reads at most three (MAXNS); later lines are ignored there too. */
const MAXNS = 3;

export interface NameServer {
  host: string;
  port: number;
}

/**
 * The nameservers in resolv.conf text, in order. glibc's rules: `nameserver ADDRESS` (IPv4 or IPv6,
 * an IPv6 zone such as %eth0 allowed), `#` and `;` start comments, at most three, port 53.
 * With none, glibc asks the local host (127.0.0.1), and so do we.
 */
export function parseResolvConf(text: string): NameServer[] {
  const servers: NameServer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const m = /^nameserver\s+(\S+)/.exec(line);
    if (!m?.[1]) continue;
    const host = m[1];
    if (isIP(host.replace(/%.*$/, '')) === 0) continue;
    servers.push({ host, port: 53 });
    if (servers.length === MAXNS) break;
  }
  return servers.length > 0 ? servers : [{ host: '127.0.0.1', port: 53 }];
}

export function systemNameServers(file = '/etc/resolv.conf'): NameServer[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // no resolv.conf: the C library's default, the local host
  }
  return parseResolvConf(text);
}
