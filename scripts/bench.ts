// npm run bench: the check engine against a bare loop of Node's resolver, same queries, same
// rbldnsd, same run. Each side runs in its own child process so peak RSS is its own.
//
//   node scripts/bench.ts                 # 4096 addresses × 10 lists, then a /16 memory run
//   node scripts/bench.ts --rounds 5      # more rounds (median is reported)
import { spawn } from 'node:child_process';
import { promises as dnsp } from 'node:dns';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ListDef, Target } from '../src/model.ts';
import { checkTargets } from '../src/dnsbl/check.ts';
import { createDns } from '../src/dnsbl/resolver.ts';
import { queryName } from '../src/dnsbl/query.ts';
import { rangeAddresses } from '../src/targets/range.ts';
import { createLimiter } from '../src/limit.ts';
import { VerdictTally } from '../src/report.ts';
import { rbldnsdAvailable, startRbldnsd } from '../test/helpers/rbldnsd.ts';

const LISTS = 10;
const CONCURRENCY = 64;

interface Measure {
  side: string;
  queries: number;
  wallMs: number;
  maxRssMb: number;
  listed?: number;
}

function zoneName(i: number): string {
  return `bl${i}.bench.test`;
}

function listDefs(): ListDef[] {
  return Array.from({ length: LISTS }, (_, i) => ({
    id: `bench${i}`,
    name: `Bench ${i}`,
    zone: zoneName(i),
    kinds: ['ipv4'],
    decode: 'exact',
    codes: { '127.0.0.2': { meaning: 'listed', severity: 'high' } },
    refusals: {},
    test: { listed: '127.0.0.2', unlisted: '127.0.0.1' },
    access: 'public',
    scope: 'address',
    default: false,
  }));
}

/** Half of the range listed: every even address, on every list. */
function zoneLines(cidr: string): string[] {
  const lines = ['127.0.0.2'];
  let i = 0;
  for (const a of rangeAddresses(cidr)) if (i++ % 2 === 0) lines.push(`${a} :127.0.0.2:Listed by bench: $`);
  return lines;
}

async function engine(server: string, cidr: string, keep: string): Promise<Measure> {
  const targets: Target[] = [];
  for (const value of rangeAddresses(cidr)) targets.push({ value, kind: 'ipv4', monitor: 'bench', via: 'range', skip: [] });
  const dns = createDns({ servers: [server], timeoutMs: 2000, tries: 2 });
  const tally = new VerdictTally(keep === 'all' ? () => true : keep === 'listed' ? (v) => v.status !== 'clean' : () => false);
  const t0 = performance.now();
  await checkTargets(targets, listDefs(), dns, { concurrency: CONCURRENCY, perListConcurrency: CONCURRENCY, keys: {} }, tally.add);
  const wallMs = performance.now() - t0;
  // A queries for every pair + TXT for listings + 2 test points per list.
  const queries = targets.length * LISTS + tally.listings + LISTS * 2;
  return { side: 'engine', queries, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, listed: tally.listings };
}

async function bare(server: string, cidr: string): Promise<Measure> {
  const resolver = new dnsp.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([server]);
  const names: string[] = [];
  for (let i = 0; i < LISTS; i++) names.push(`2.0.0.127.${zoneName(i)}`, `1.0.0.127.${zoneName(i)}`);
  const addrs = [...rangeAddresses(cidr)];
  const limit = createLimiter(CONCURRENCY);
  let queries = 0;
  let listed = 0;
  const one = async (name: string): Promise<void> => {
    queries++;
    try {
      await resolver.resolve4(name);
      listed++;
      queries++;
      await resolver.resolveTxt(name);
    } catch {
      // NXDOMAIN: not listed
    }
  };
  const t0 = performance.now();
  await Promise.all(names.map((n) => limit(() => one(n))));
  // Same shape as the engine: a fixed pool pulling pairs lazily.
  let next = 0;
  const total = addrs.length * LISTS;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const k = next++;
      await one(queryName(addrs[Math.floor(k / LISTS)] ?? '', 'ipv4', zoneName(k % LISTS)));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = performance.now() - t0;
  return { side: 'bare', queries, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, listed: listed - LISTS };
}

function runChild(args: string[]): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Measure) : reject(new Error(`child exited ${code}`))));
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function row(m: Measure): string {
  const qps = Math.round(m.queries / (m.wallMs / 1000));
  return `${m.side.padEnd(7)} ${String(m.queries).padStart(8)} queries  ${(m.wallMs / 1000).toFixed(2).padStart(6)} s  ${String(qps).padStart(6)} q/s  peak RSS ${m.maxRssMb.toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      worker: { type: 'string' },
      server: { type: 'string' },
      cidr: { type: 'string' },
      keep: { type: 'string', default: 'all' },
      rounds: { type: 'string', default: '3' },
      'skip-16': { type: 'boolean' },
    },
  });
  if (values.worker) {
    const server = values.server ?? '';
    const cidr = values.cidr ?? '';
    const m = values.worker === 'bare' ? await bare(server, cidr) : await engine(server, cidr, values.keep ?? 'all');
    process.stdout.write(JSON.stringify(m));
    return;
  }

  if (!rbldnsdAvailable()) {
    console.error('npm run bench needs rbldnsd (apt-get install rbldnsd)');
    process.exit(2);
  }
  const small = '198.18.0.0/20'; // 4096 addresses in the benchmarking range (RFC 2544)
  const big = '198.18.0.0/16';
  const lines = zoneLines(big);
  const server = await startRbldnsd(Array.from({ length: LISTS }, (_, i) => ({ zone: zoneName(i), type: 'ip4set' as const, lines })));
  try {
    const rounds = Math.max(1, Number(values.rounds));
    console.log(`rbldnsd on ${server.server}; ${LISTS} lists; ${CONCURRENCY} queries in flight; ${rounds} rounds, median shown`);
    const e: Measure[] = [];
    const b: Measure[] = [];
    for (let r = 0; r < rounds; r++) {
      b.push(await runChild(['--worker', 'bare', '--server', server.server, '--cidr', small]));
      e.push(await runChild(['--worker', 'engine', '--server', server.server, '--cidr', small, '--keep', 'all']));
    }
    const pick = (ms: Measure[]): Measure => {
      const w = median(ms.map((m) => m.wallMs));
      return ms.find((m) => m.wallMs === w) ?? ms[0]!;
    };
    const em = pick(e);
    const bm = pick(b);
    console.log(`\n4096 addresses × ${LISTS} lists (half listed, TXT for listings):`);
    console.log(row(bm));
    console.log(row(em));
    const ratio = em.queries / em.wallMs / (bm.queries / bm.wallMs);
    console.log(`engine / bare throughput: ${ratio.toFixed(2)} (goal ≥ 0.80)`);
    if (em.listed !== bm.listed) console.log(`WARNING: listings differ: engine ${em.listed}, bare ${bm.listed}`);

    if (!values['skip-16']) {
      // Verdicts stream out of the engine; this run counts them without keeping any, so what it
      // measures is the engine's own footprint, which must not grow with the number of queries.
      console.log(`\n/16 (65536 addresses × ${LISTS} lists, half listed), verdicts streamed and counted, none kept:`);
      const m16 = await runChild(['--worker', 'engine', '--server', server.server, '--cidr', big, '--keep', 'none']);
      console.log(row(m16));
      console.log(`peak RSS ${m16.maxRssMb.toFixed(0)} MB (goal < 300 MB)`);
    }
  } finally {
    await server.stop();
  }
}

await main();
