// npm run bench: the whole-process `check` against a bare resolver loop and against `rblcheck -t`
// (a sequential C client, Debian package rblcheck), same queries, same rbldnsd, same run.
// Every side is its own process, timed from spawn to exit, with its peak RSS (GNU time).
//
//   node scripts/bench.ts                   # 5 rounds of 4096 addresses × 10 lists, then a /16 memory run
//   node scripts/bench.ts --rounds 9        # more rounds (the median is reported)
//   node scripts/bench.ts --skip-16         # without the /16 run
//
// rblcheck asks the resolver in /etc/resolv.conf, which cannot carry a port: a ten-line shim,
// compiled here with the machine's cc, points glibc's resolver at rbldnsd's port (LD_PRELOAD).
// The CLI runs from source (node src/cli.ts) with Node's compile cache in a temporary directory,
// warmed by one unmeasured run, as `module.enableCompileCache()` would give an installed CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const LISTS = 10;
const SMALL = '198.18.0.0/20'; // 4096 addresses in the benchmarking range (RFC 2544)
const BIG = '198.18.0.0/16';
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'src/cli.ts');
const GNU_TIME = '/usr/bin/time';

function zoneName(i: number): string {
  return `bl${i}.bench.test`;
}

/** Every even address of a range, as rangeAddresses gives them (the engine's order). */
function* addresses(cidr: string): Generator<string> {
  const [base = '', bits = '32'] = cidr.split('/');
  const start = base.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  for (let i = 0; i < size; i++) {
    const n = start + i;
    yield `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
}

function config(cidr: string): string {
  const lists = Array.from(
    { length: LISTS },
    (_, i) => `    - { id: bench${i}, zone: ${zoneName(i)}, kinds: [ipv4], codes: { "127.0.0.2": "listed by bench" } }`,
  );
  // Settings are the defaults (concurrency 32, per-list 8), bar the range limit a /16 needs.
  return [`monitors:`, `  - { name: bench, range: ${cidr} }`, `lists:`, `  use: none`, `  add:`, ...lists, `settings: { max-range: 65536 }`, ''].join('\n');
}

// ------------------------------------------------------------------ the bare loop (a child)

/** The same queries as the check, over the same transport, with nothing else: the resolver's ceiling. */
async function bareLoop(server: string, cidr: string, inFlight: number): Promise<void> {
  const { createDns } = await import('../src/dnsbl/resolver.ts');
  const dns = createDns({ servers: [server], timeoutMs: 5000, tries: 2 });
  const names: string[] = [];
  for (let i = 0; i < LISTS; i++) names.push(`2.0.0.127.${zoneName(i)}`, `1.0.0.127.${zoneName(i)}`);
  for (const a of addresses(cidr)) {
    const head = a.split('.').reverse().join('.');
    for (let i = 0; i < LISTS; i++) names.push(`${head}.${zoneName(i)}`);
  }
  let next = 0;
  let listed = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] ?? '';
      const r = await dns.a(name);
      if (r.ok) {
        listed++;
        await dns.txt(name);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  process.stdout.write(JSON.stringify({ listed: listed - LISTS }));
}

// ------------------------------------------------------------------ measuring a child

interface Run {
  wallMs: number;
  maxRssMb: number | null;
  /** User + system CPU seconds of the process (what a busy machine shares out). */
  cpuS: number | null;
  /** Listings the side found (a check of the work done). */
  listed: number;
}

async function measure(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; count: (tail: string) => number }): Promise<Run> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-run-'));
  const rssFile = path.join(dir, 'rss');
  const timed = existsSync(GNU_TIME);
  const argv = timed ? ['-f', '%M %U %S', '-o', rssFile, cmd, ...args] : args;
  const t0 = performance.now();
  const child = spawn(timed ? GNU_TIME : cmd, argv, { env: { ...process.env, ...opts.env }, stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  // Only the tail of the output is kept (the summary), and rblcheck's listing lines are counted.
  let tail = '';
  let partial = '';
  let lines = 0;
  child.stdout?.on('data', (d: Buffer) => {
    const s = d.toString();
    tail = (tail + s).slice(-4096);
    const all = (partial + s).split('\n');
    partial = all.pop() ?? '';
    for (const line of all) if (/^\S+ listed by /.test(line)) lines++;
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  if (opts.stdin && child.stdin) child.stdin.end(opts.stdin);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - t0;
  let maxRssMb: number | null = null;
  let cpuS: number | null = null;
  if (timed) {
    const [rss = 0, user = 0, sys = 0] = ((await readFile(rssFile, 'utf8')).trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    maxRssMb = rss / 1024;
    cpuS = user + sys;
  }
  await rm(dir, { recursive: true, force: true });
  if (code !== 0 && code !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`);
  return { wallMs, maxRssMb, cpuS, listed: opts.count(`${lines}\n${tail}`) };
}

/** The listings in a report's summary, from the last lines of `check --json`. */
function reportListings(tail: string): number {
  const m = /"listings": (\d+)/.exec(tail);
  return m ? Number(m[1]) : -1;
}

// ------------------------------------------------------------------ rblcheck and its shim

const SHIM = `#define _GNU_SOURCE
#include <dlfcn.h>
#include <resolv.h>
#include <arpa/inet.h>
#include <stdlib.h>
/* glibc's resolver, pointed at 127.0.0.1:$BENCH_DNS_PORT after it has read resolv.conf. */
int __res_init(void) {
  int (*real)(void) = (int (*)(void))dlsym(RTLD_NEXT, "__res_init");
  int r = real();
  const char *port = getenv("BENCH_DNS_PORT");
  if (r == 0 && port) {
    _res.nscount = 1;
    _res.nsaddr_list[0].sin_family = AF_INET;
    _res.nsaddr_list[0].sin_port = htons((unsigned short)atoi(port));
    inet_pton(AF_INET, "127.0.0.1", &_res.nsaddr_list[0].sin_addr);
    _res._u._ext.nsaddrs[0] = NULL;
    _res.options |= RES_NORELOAD;
  }
  return r;
}
`;

async function buildShim(dir: string): Promise<string | null> {
  const src = path.join(dir, 'shim.c');
  const so = path.join(dir, 'shim.so');
  await writeFile(src, SHIM);
  const cc = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-o', so, src, '-ldl'], { encoding: 'utf8' });
  return cc.status === 0 ? so : null;
}

function rblcheckPath(): string | null {
  for (const p of ['/usr/bin/rblcheck', '/usr/local/bin/rblcheck']) if (existsSync(p)) return p;
  return null;
}

// ------------------------------------------------------------------ report

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function row(name: string, runs: Run[], queries: number): string {
  const ms = median(runs.map((r) => r.wallMs));
  const rss = runs.map((r) => r.maxRssMb).filter((x): x is number => x !== null);
  const cpu = runs.map((r) => r.cpuS).filter((x): x is number => x !== null);
  const all = runs.map((r) => (r.wallMs / 1000).toFixed(2)).join(' ');
  return (
    `${name.padEnd(13)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${String(Math.round(queries / (ms / 1000))).padStart(6)} q/s  ` +
    `CPU ${cpu.length ? `${median(cpu).toFixed(2)} s` : 'n/a'}  peak RSS ${rss.length ? `${Math.max(...rss).toFixed(0)} MB` : 'n/a'}  (rounds: ${all})`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      worker: { type: 'string' },
      server: { type: 'string' },
      cidr: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      'skip-16': { type: 'boolean' },
    },
  });
  if (values.worker === 'bare') return bareLoop(values.server ?? '', values.cidr ?? '', 32);

  const { rbldnsdAvailable, startRbldnsd } = await import('../test/helpers/rbldnsd.ts');
  if (!rbldnsdAvailable()) {
    console.error('npm run bench needs rbldnsd (apt-get install rbldnsd)');
    process.exit(2);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-'));
  const lines = ['127.0.0.2'];
  let i = 0;
  for (const a of addresses(BIG)) if (i++ % 2 === 0) lines.push(`${a} :127.0.0.2:Listed by bench: $`);
  const server = await startRbldnsd(Array.from({ length: LISTS }, (_, n) => ({ zone: zoneName(n), type: 'ip4set' as const, lines })));
  try {
    const small = path.join(dir, 'small.yml');
    const big = path.join(dir, 'big.yml');
    await writeFile(small, config(SMALL));
    await writeFile(big, config(BIG));
    const env = { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') };
    const checkArgs = (file: string): string[] => [cli, 'check', '--config', file, '--resolver', server.server, '--json'];

    const rblcheck = rblcheckPath();
    const shim = rblcheck ? await buildShim(dir) : null;
    const rblArgs = ['-t', '-c', ...Array.from({ length: LISTS }, (_, n) => ['-s', zoneName(n)]).flat(), '-'];
    const smallAddrs = `${[...addresses(SMALL)].join('\n')}\n`;

    const rounds = Math.max(1, Number(values.rounds));
    const n = 2 ** (32 - Number(SMALL.split('/')[1]));
    const expected = (n / 2) * LISTS;
    const queries = n * LISTS + expected + 2 * LISTS;
    console.log(`rbldnsd on ${server.server}; ${n} addresses × ${LISTS} lists, half listed, TXT for listings: ${queries} queries a run`);
    console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (${rounds} rounds, median shown)`);
    if (!rblcheck) console.log('rblcheck is not installed (apt-get install rblcheck): that comparison is skipped');
    else if (!shim) console.log('no C compiler to build the resolver shim for rblcheck: that comparison is skipped');

    await measure(process.execPath, checkArgs(small), { env, count: reportListings }); // warms the compile cache
    const sides: Record<string, Run[]> = { check: [], bare: [], rblcheck: [] };
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so no side always runs right after another.
      const order = r % 2 === 0 ? ['rblcheck', 'check', 'bare'] : ['bare', 'check', 'rblcheck'];
      for (const side of order) {
        if (side === 'check') sides.check!.push(await measure(process.execPath, checkArgs(small), { env, count: reportListings }));
        if (side === 'bare') {
          const args = [fileURLToPath(import.meta.url), '--worker', 'bare', '--server', server.server, '--cidr', SMALL];
          sides.bare!.push(await measure(process.execPath, args, { env, count: (t) => Number(/"listed":(\d+)/.exec(t)?.[1] ?? -1) }));
        }
        if (side === 'rblcheck' && rblcheck && shim) {
          sides.rblcheck!.push(
            await measure(rblcheck, rblArgs, { env: { LD_PRELOAD: shim, BENCH_DNS_PORT: String(server.port) }, stdin: smallAddrs, count: (t) => Number(t.split('\n')[0]) }),
          );
        }
      }
    }
    console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
    console.log(row('check --json', sides.check!, queries));
    console.log(row('bare loop', sides.bare!, queries));
    if (sides.rblcheck!.length > 0) console.log(row('rblcheck -t', sides.rblcheck!, queries));
    for (const [side, runs] of Object.entries(sides)) {
      const wrong = runs.filter((r) => r.listed !== expected);
      if (wrong.length > 0) console.log(`WARNING: ${side} found ${wrong.map((r) => r.listed).join(', ')} listings, expected ${expected}`);
    }
    const check = median(sides.check!.map((r) => r.wallMs));
    const bare = median(sides.bare!.map((r) => r.wallMs));
    console.log(`\ncheck takes ${(check / bare).toFixed(2)}× the bare loop's time (whole processes)`);
    if (sides.rblcheck!.length > 0) {
      const rbl = median(sides.rblcheck!.map((r) => r.wallMs));
      console.log(`check is ${(rbl / check).toFixed(2)}× as fast as rblcheck -t (goal ≥ 1.5, aim 2)`);
    }

    if (!values['skip-16']) {
      const total = 65536 * LISTS;
      console.log(`\n/16: ${65536} addresses × ${LISTS} lists, check --json to a pipe:`);
      const m = await measure(process.execPath, checkArgs(big), { env, count: reportListings });
      console.log(row('check --json', [m], total + total / 2 + 2 * LISTS));
      console.log(`peak RSS ${m.maxRssMb === null ? 'n/a' : `${m.maxRssMb.toFixed(0)} MB`} (goal < 300 MB); listings found ${m.listed} of ${total / 2}`);
    }
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
