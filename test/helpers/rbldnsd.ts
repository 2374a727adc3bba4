// rbldnsd on a loopback port, the DNSBL server most lists run, for integration tests and the bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSocket } from 'node:dgram';
import { promises as dnsp } from 'node:dns';

export interface RbldnsdZone {
  zone: string;
  type: 'ip4set' | 'ip6trie' | 'dnset';
  lines: string[];
}

export interface Rbldnsd {
  port: number;
  /** "127.0.0.1:PORT", as a resolver setting. */
  server: string;
  /** Rewrites a zone file and reloads; resolves once the new data is served. */
  setZone(zone: string, lines: string[]): Promise<void>;
  stop(): Promise<void>;
}

const BIN = process.env.RBLDNSD_BIN ?? '/usr/sbin/rbldnsd';

export function rbldnsdAvailable(): boolean {
  try {
    accessSync(BIN, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * For `describe(…, { skip })`: false when rbldnsd is here; a reason to skip when it is not.
 * Under CI=true a missing rbldnsd throws: CI installs it, so its absence is a failure.
 */
export function rbldnsdSkipReason(): string | false {
  if (rbldnsdAvailable()) return false;
  if (process.env.CI === 'true') throw new Error(`rbldnsd not found at ${BIN}; CI must install it (apt-get install rbldnsd)`);
  return 'rbldnsd is not installed (apt-get install rbldnsd); these tests are mandatory under CI=true';
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function fileName(zone: string): string {
  return `${zone.replace(/[^a-z0-9.-]/gi, '_')}.zone`;
}

let serials = 1;

function zoneText(lines: string[], serial = 1): string {
  return [`$SOA 60 ns.test. hostmaster.test. ${serial} 3600 600 86400 60`, '$NS 60 ns.test.', ...lines, ''].join('\n');
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

async function soaSerial(port: number, zone: string): Promise<number | null> {
  const r = new dnsp.Resolver({ timeout: 200, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  try {
    return (await r.resolveSoa(zone)).serial;
  } catch {
    return null;
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`rbldnsd: timed out waiting for ${what}`);
}

export async function startRbldnsd(zones: RbldnsdZone[]): Promise<Rbldnsd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rbldnsd-'));
  await chmod(dir, 0o755); // rbldnsd drops to the rbldns user, which must read the zones
  for (const z of zones) {
    const f = path.join(dir, fileName(z.zone));
    await writeFile(f, zoneText(z.lines));
    await chmod(f, 0o644);
  }
  const specs = zones.map((z) => `${z.zone}:${z.type}:${fileName(z.zone)}`);
  const probeZone = zones[0]?.zone ?? 'probe.test';

  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpPort();
    const child = spawn(BIN, ['-n', '-q', '-u', 'rbldns', '-b', `127.0.0.1/${port}`, '-w', dir, '-t', '60', ...specs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    running.add(child);
    try {
      await waitFor(async () => {
        if (exited) throw new Error(`rbldnsd exited: ${stderr.trim()}`);
        return (await soaSerial(port, probeZone)) !== null;
      }, 'startup');
    } catch (e) {
      child.kill('SIGKILL');
      running.delete(child);
      if (/bind|address already in use/i.test(String(e))) continue;
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    const stop = async (): Promise<void> => {
      if (!exited) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await gone;
      }
      running.delete(child);
      await rm(dir, { recursive: true, force: true });
    };
    return {
      port,
      server: `127.0.0.1:${port}`,
      stop,
      async setZone(zone, lines) {
        const z = zones.find((x) => x.zone === zone);
        if (!z) throw new Error(`rbldnsd: no zone ${zone}`);
        // A new SOA serial tells us when rbldnsd (reloading on SIGHUP) serves the new data.
        const serial = ++serials;
        const f = path.join(dir, fileName(zone));
        await writeFile(f, zoneText(lines, serial));
        await chmod(f, 0o644);
        child.kill('SIGHUP');
        await waitFor(async () => (await soaSerial(port, zone)) === serial, 'zone reload');
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('rbldnsd: could not bind a free port');
}
