// rbldnsd on a loopback port, the DNSBL server most lists run, for integration tests and the bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSocket } from 'node:dgram';
import { promises as dnsp } from 'node:dns';
import { after, before, describe, test, type TestContext, type TestOptions } from 'node:test';

export interface RbldnsdZone {
  zone: string;
  type: 'ip4set' | 'ip6trie' | 'dnset';
  /** Zone file lines; `$SOA` and `$NS` are added. */
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
const MISSING = `rbldnsd is not installed at ${BIN} (apt-get install rbldnsd)`;

export function rbldnsdAvailable(): boolean {
  try {
    accessSync(BIN, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** False when rbldnsd is here (or CI=true, where it is mandatory); otherwise why its tests skip. */
export function rbldnsdSkipReason(): string | false {
  if (rbldnsdAvailable() || process.env.CI === 'true') return false;
  return `${MISSING}; skipped here, mandatory under CI=true`;
}

type Body = (t: TestContext) => void | Promise<void>;
type SuiteTest = (name: string, ...rest: [Body] | [TestOptions, Body]) => void;
type Hook = (fn: () => void | Promise<void>) => void;

/**
 * describe() for tests that need rbldnsd. `describe(…, { skip })` would hide its tests from the
 * count (node:test never declares them), so this one hands the suite its own `test`, `before`
 * and `after`: without rbldnsd each test is declared and reported as skipped with the reason, and
 * the hooks (which would start rbldnsd) do not run. Under CI=true nothing skips: there a missing
 * rbldnsd fails the tests. Write the suite's tests with the `test` it is given.
 */
export function describeWithRbldnsd(name: string, fn: (suite: { test: SuiteTest; before: Hook; after: Hook }) => void): void {
  const reason = rbldnsdSkipReason();
  describe(name, () => {
    if (reason === false) {
      const real: SuiteTest = (n, ...rest) => void (rest.length === 2 ? test(n, rest[0], rest[1]) : test(n, rest[0]));
      fn({ test: real, before: (h) => before(h), after: (h) => after(h) });
      return;
    }
    const skipped: SuiteTest = (n, ...rest) => void test(n, { ...(rest.length === 2 ? rest[0] : {}), skip: reason }, () => undefined);
    fn({ test: skipped, before: () => undefined, after: () => undefined });
  });
}

/** For one test: `if (!requireRbldnsd(t)) return;` skips it without rbldnsd (fails it under CI=true). */
export function requireRbldnsd(t: TestContext): boolean {
  const reason = rbldnsdSkipReason();
  if (reason === false) return true;
  t.skip(reason);
  return false;
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function fileName(zone: string): string {
  return `${zone.replace(/[^a-z0-9.-]/gi, '_')}.zone`;
}

function zoneText(lines: string[], serial: number): string {
  return [`$SOA 60 ns.test. hostmaster.test. ${serial} 3600 600 86400 60`, '$NS 60 ns.test.', ...lines, ''].join('\n');
}

// rbldnsd reloads a file only when its mtime (whole seconds) changed, so two writes in one second
// would look like one. Every write gets its own made-up mtime, one second later than the last.
let generation = 0;
const EPOCH = Math.floor(Date.now() / 1000) - 86_400;

async function writeZone(dir: string, zone: string, lines: string[]): Promise<number> {
  const serial = ++generation;
  const file = path.join(dir, fileName(zone));
  await writeFile(file, zoneText(lines, serial));
  await chmod(file, 0o644); // rbldnsd drops to the rbldns user, which must read it
  await utimes(file, EPOCH + serial, EPOCH + serial);
  return serial;
}

const running = new Set<ChildProcess>();
function killAll(): void {
  for (const p of running) p.kill('SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal); // the handler ran once; the signal now does what it would have
  });
}

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

/** Gone, or never started (spawn failed: no pid, and no 'exit' will come). */
function exited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!exited(child)) {
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const slow = setTimeout(() => child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(slow);
  }
  running.delete(child);
}

export async function startRbldnsd(zones: RbldnsdZone[]): Promise<Rbldnsd> {
  const first = zones[0];
  if (!first) throw new Error('rbldnsd: give it at least one zone');
  if (!rbldnsdAvailable()) throw new Error(process.env.CI === 'true' ? `${MISSING}; CI must install it` : MISSING);
  const dir = await mkdtemp(path.join(tmpdir(), 'rbldnsd-'));
  await chmod(dir, 0o755);
  const serials = new Map<string, number>();
  for (const z of zones) serials.set(z.zone, await writeZone(dir, z.zone, z.lines));
  const specs = zones.map((z) => `${z.zone}:${z.type}:${fileName(z.zone)}`);
  // Root must name the user to drop to; anyone else runs it as themselves.
  const user = process.getuid?.() === 0 ? ['-u', 'rbldns'] : [];

  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpPort();
    const child = spawn(BIN, ['-n', ...user, '-b', `127.0.0.1/${port}`, '-w', dir, '-t', '60', ...specs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let log = '';
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    // 'close' comes after its stderr is read, so the reason it exited is in the log by then.
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    const died = async (): Promise<never> => {
      await closed;
      throw new Error(`rbldnsd exited: ${log.trim()}`);
    };
    const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
    spawnFailed.catch(() => undefined);
    try {
      await Promise.race([
        spawnFailed,
        waitFor(async () => {
          if (exited(child)) await died();
          return (await soaSerial(port, first.zone)) !== null;
        }, 'it to answer'),
      ]);
    } catch (e) {
      await stopChild(child);
      // Someone took the port between our probe and rbldnsd's bind: pick another.
      if (/bind|address already in use/i.test(String(e))) continue;
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return {
      port,
      server: `127.0.0.1:${port}`,
      async stop() {
        await stopChild(child);
        await rm(dir, { recursive: true, force: true });
      },
      async setZone(zone, lines) {
        if (!serials.has(zone)) throw new Error(`rbldnsd: no zone ${zone}`);
        // The new SOA serial tells us when rbldnsd serves the new data.
        const serial = await writeZone(dir, zone, lines);
        serials.set(zone, serial);
        let hups = 0;
        await waitFor(async () => {
          if (exited(child)) await died();
          if (hups++ % 8 === 0) child.kill('SIGHUP'); // again now and then, in case one came mid-reload
          return (await soaSerial(port, zone)) === serial;
        }, `zone ${zone} to reload`);
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('rbldnsd: could not bind a free port');
}
