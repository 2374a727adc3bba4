// How long monitors.yml validation and target expansion take on the largest and most hostile
// inputs the limits allow (issue 8.8/8.9). Timing belongs here, not in tests: the tests check
// what is said; this says how long it took and how much memory, one input per child process.
//
//   node scripts/bench-config.ts            # every case
//   node scripts/bench-config.ts keys-100k  # one case
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load.ts';
import type { Dns, DnsResult } from '../src/model.ts';
import { expandTargets } from '../src/targets/expand.ts';

const monitors = (n: number, address: (i: number) => string): string =>
  `monitors:\n${Array.from({ length: n }, (_, i) => `  - { name: m${i}, address: ${address(i)} }`).join('\n')}\n`;
const ip = (i: number): string => `8.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const CONFIGS: Record<string, () => string> = {
  // Refused before parsing: over 2 MB.
  'monitors-300k': () => monitors(300_000, ip),
  // The most monitors a file may have, and one more.
  'monitors-10k': () => monitors(10_000, ip),
  'monitors-10001': () => monitors(10_001, ip),
  // 150,000 diagnostics (more than push(...all) takes).
  'errors-150k': () =>
    `monitors:\n${Array.from({ length: 750 }, (_, i) => `  - { name: m${i}, address: 8.8.8.8, skip: [${Array(200).fill('A').join(',')}] }`).join('\n')}\n`,
  // One map of 100,000 keys (the YAML reader's own duplicate check is quadratic).
  'keys-100k': () => `monitors:\n  - { name: a, address: 8.8.8.8 }\nsettings: {${Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join(', ')}}\n`,
};

/** Answers every A query with one address; nothing else exists. */
const none: DnsResult = { ok: false, error: 'nodata', message: '' };
const dns: Dns = {
  a: () => Promise.resolve({ ok: true, records: ['192.0.2.1'] }),
  aaaa: () => Promise.resolve(none),
  mx: () => Promise.resolve(none),
  txt: () => Promise.resolve(none),
};

const EXPANSIONS: Record<string, () => Promise<number>> = {
  // 1,048,576 addresses from one range and a host past the run's limit.
  'targets-1m': async () =>
    (await expandTargets([{ name: 'block', range: '16.0.0.0/12' }, { name: 'relay', host: 'relay.example' }], dns, { maxRange: 1_048_576 })).targets.length,
};

async function runCase(name: string): Promise<void> {
  const started = performance.now();
  let outcome: string;
  const config = CONFIGS[name];
  if (config) {
    const text = config();
    const t = performance.now();
    const r = parseConfig(text, 'monitors.yml');
    const ms = performance.now() - t;
    outcome = `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB, ${r.ok ? 'valid' : `${r.errors.length} errors listed`}, ${Math.round(ms)} ms to validate`;
  } else {
    const n = await EXPANSIONS[name]?.();
    outcome = `${n} targets, ${Math.round(performance.now() - started)} ms to expand`;
  }
  console.log(`${name.padEnd(16)} ${outcome}, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

const only = process.argv[2];
if (only) {
  await runCase(only);
} else {
  for (const name of [...Object.keys(CONFIGS), ...Object.keys(EXPANSIONS)]) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: 'utf8' });
    process.stdout.write(child.stdout || `${name}: failed (${child.status}): ${child.stderr.split('\n')[0] ?? ''}\n`);
  }
}
