// Saved state is untrusted: a corrupt or hostile snapshot (from the Actions cache or the CLI's
// file) is named once in a warning, ignored, rebuilt from the issues, and replaced by the next save.
// And the cache itself can fail: a failed restore is "no state", a failed save keeps the issue work.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as cache from '@actions/cache';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT, main, type Io } from '../../src/cli.ts';
import { renderMarker } from '../../src/notify/marker.ts';
import { CACHE_DIR, CACHE_PREFIX } from '../../src/state/cache-store.ts';
import { parseSnapshot, SNAPSHOT_LIMITS } from '../../src/state/snapshot.ts';
import { startFaultDns, type FaultDns } from '../helpers/fault-dns.ts';
import { startHarness, type Harness } from '../helpers/patrol-harness.ts';

const T = '192.0.2.10';
const SINCE = '2026-11-20T06:17:00.000Z';

/** Snapshots as JSON data, loose enough to break in every way. */
type Loose = Record<string, unknown>;
interface LooseTarget extends Loose {
  listings: Record<string, Loose>;
}
type Json = Loose & { targets: Record<string, LooseTarget> };

/** A snapshot as the patrol writes it: 192.0.2.10 listed on the test list, issue #1. */
function goodSnapshot(): Json {
  const listing = { codes: ['127.0.0.2'], since: SINCE, meanings: ['spam source'], txt: ['Listed: see https://bl.test/192.0.2.10'] };
  return {
    version: 1,
    runId: 'planted',
    savedAt: SINCE,
    base: {},
    targets: { [T]: { monitor: 'host0', listings: { 'test-bl': listing }, clean: {}, issue: 1 } },
  };
}

const target = (s: Json): LooseTarget => s.targets[T] as LooseTarget;
const listing = (s: Json): Loose => target(s).listings['test-bl'] as Loose;

/** Corrupt snapshots, and the field the one warning must name. */
const CORRUPT: { name: string; text: (s: Json) => string; names: RegExp }[] = [
  { name: 'null in the code list', text: (s) => (listing(s).codes = [null], JSON.stringify(s)), names: /targets\["192\.0\.2\.10"\]\.listings\.test-bl\.codes\[0\]/ },
  { name: 'a number where the monitor name belongs', text: (s) => ((target(s).monitor = 7), JSON.stringify(s)), names: /targets\["192\.0\.2\.10"\]\.monitor/ },
  { name: 'numbers in the TXT strings', text: (s) => ((listing(s).txt = [1, 2]), JSON.stringify(s)), names: /\.txt\[0\]/ },
  { name: 'a first-seen time that is not a time', text: (s) => ((listing(s).since = 'yesterday'), JSON.stringify(s)), names: /\.since: expected an ISO date/ },
  { name: 'a negative clean count', text: (s) => ((target(s).clean = { 'test-bl': -1 }), JSON.stringify(s)), names: /\.clean\.test-bl/ },
  { name: 'an issue number as text', text: (s) => ((target(s).issue = '#1'), JSON.stringify(s)), names: /\.issue: expected an issue number/ },
  { name: 'a newer version', text: (s) => ((s.version = 2), JSON.stringify(s)), names: /newer Blacklist Patrol \(snapshot version 2/ },
  { name: 'an unknown older version', text: (s) => ((s.version = 0), JSON.stringify(s)), names: /version: expected snapshot version 1/ },
  { name: 'the version as text', text: (s) => ((s.version = '1'), JSON.stringify(s)), names: /version: expected snapshot version 1/ },
  { name: 'no run id', text: (s) => (delete s.runId, JSON.stringify(s)), names: /runId/ },
  { name: 'targets as a list', text: (s) => ((s.targets = [s.targets] as unknown as Json['targets']), JSON.stringify(s)), names: /targets: expected an object of targets/ },
  { name: 'a null target in base', text: (s) => ((s.base = { '192.0.2.11': null }), JSON.stringify(s)), names: /base\["192\.0\.2\.11"\]/ },
  { name: 'a key that is no target', text: (s) => ((s.targets['x\n::error::pwned'] = target(s)), JSON.stringify(s)), names: /targets\["x\?::error::pwned"\]: not a valid key/ },
  { name: 'a list id that is no list id', text: (s) => ((target(s).listings['<b>List'] = listing(s)), JSON.stringify(s)), names: /listings\["\?b\?List"\]: not a valid key/ },
  { name: 'emailed runs that are not run ids', text: (s) => ((s.emailed = [null]), JSON.stringify(s)), names: /emailed\[0\]/ },
  { name: 'a delisting without a target', text: (s) => ((s.delistedSinceEmail = [{ monitor: 'm', lists: ['test-bl'], at: SINCE }]), JSON.stringify(s)), names: /delistedSinceEmail\[0\]\.target/ },
  { name: 'not-checked counts as text', text: (s) => ((s.unchecked = { base: { lists: {}, targets: {} }, after: { lists: { 'test-bl': 'three' }, targets: {} } }), JSON.stringify(s)), names: /unchecked\.after\.lists\.test-bl/ },
  { name: 'more codes than a snapshot may hold', text: (s) => ((listing(s).codes = Array.from({ length: SNAPSHOT_LIMITS.items + 1 }, () => '127.0.0.2')), JSON.stringify(s)), names: /codes: more than 1000 codes/ },
  { name: 'a TXT string longer than a DNS message', text: (s) => ((listing(s).txt = ['x'.repeat(SNAPSHOT_LIMITS.text + 1)]), JSON.stringify(s)), names: /\.txt\[0\]: expected at most 65536 characters/ },
  { name: 'not JSON (its text is not echoed)', text: () => '{"version": 1, "runId": "secret-looking-text', names: /not valid JSON/ },
  { name: 'JSON null', text: () => 'null', names: /the snapshot/ },
];

/** Through the cache, a sample of each kind of damage (the file store below takes the whole table). */
const THROUGH_CACHE = ['null in the code list', 'a newer version', 'a key that is no target', 'not JSON (its text is not echoed)'];

describe('corrupt snapshots in the Actions cache (real @actions/cache)', () => {
  let h: Harness;
  let planted = 0;
  before(async () => {
    h = await startHarness();
    // One listed target with its issue, kept for every case: each case replaces the newest entry.
    h.listings.set(T, ['127.0.0.2']);
    await h.patrol();
    assert.equal(h.ours().length, 1);
  });
  after(async () => h?.stop());

  /** Stores text as the newest cache entry under our prefix, as any workflow of the repository could. */
  async function plant(text: string, file = 'state.json'): Promise<void> {
    const dir = path.join(h.work, CACHE_DIR);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, file), text);
    assert.ok((await cache.saveCache([dir], `${CACHE_PREFIX}planted-${++planted}`)) > 0, 'planted');
  }

  /** The run after a bad entry: no duplicate, no write, and a new newest entry that is valid. */
  async function afterPlanting(text: string, file?: string): Promise<Awaited<ReturnType<Harness['patrol']>>> {
    await plant(text, file);
    const entries = h.cache.entries.length;
    const writes = h.gh.writes();
    const out = await h.patrol();
    assert.equal(h.ours().length, 1, 'no duplicate issue');
    assert.equal(h.gh.writes(), writes, 'the issues already match: no write');
    assert.equal(h.cache.entries.length, entries + 1, 'a new snapshot is saved');
    // What the next run restores (the newest entry by prefix) is the new one, and it is valid.
    const dir = path.join(h.work, CACHE_DIR);
    await rm(dir, { recursive: true, force: true });
    assert.equal(await cache.restoreCache([dir], `${CACHE_PREFIX}next`, [CACHE_PREFIX]), h.cache.entries.at(-1)?.key);
    const next = parseSnapshot(await readFile(path.join(dir, 'state.json'), 'utf8'));
    assert.deepEqual(Object.keys(next.targets), [T]);
    return out;
  }

  test('control: the planted snapshot itself is valid and is used as is', async () => {
    await plant(JSON.stringify(goodSnapshot()));
    const out = await h.patrol();
    assert.equal(out.stateSource, 'snapshot');
    assert.deepEqual(out.warnings, []);
    assert.equal(out.state[T]?.listings['test-bl']?.since, SINCE, 'its first-seen time is kept');
  });

  for (const c of CORRUPT.filter((x) => THROUGH_CACHE.includes(x.name))) {
    test(`${c.name}: one warning naming it, state rebuilt from the issues, the next save is valid`, async () => {
      const out = await afterPlanting(c.text(goodSnapshot()));
      assert.equal(out.stateSource, 'issues');
      assert.equal(out.warnings.length, 1, out.warnings.join('\n'));
      assert.match(out.warnings[0] ?? '', /^The saved state in the Actions cache \(blacklist-patrol-state-v1-\*\) is not usable \(/);
      assert.match(out.warnings[0] ?? '', c.names);
      assert.match(out.warnings[0] ?? '', /ignored it; rebuilt from 1 open issue\. This run saves a new one\.$/);
      assert.doesNotMatch(out.warnings[0] ?? '', /secret-looking-text|\n/);
      assert.deepEqual(Object.keys(out.state), [T], 'the listing is carried on from the issue');
    });
  }

  test('an entry without state.json is named, ignored and replaced', async () => {
    const out = await afterPlanting('{}', 'other.json');
    assert.equal(out.stateSource, 'issues');
    assert.equal(out.warnings.length, 1, out.warnings.join('\n'));
    assert.match(out.warnings[0] ?? '', /the cache entry blacklist-patrol-state-v1-planted-\d+ holds no state\.json/);
  });
});

describe('cache faults (real @actions/cache against the fake)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());
  beforeEach(async () => h.reset());

  for (const fault of ['lookup', 'download'] as const) {
    test(`a failed restore (${fault}) is "no saved state", said once; the issues rebuild it, no duplicate`, async () => {
      h.listings.set(T, ['127.0.0.2']);
      await h.patrol();
      h.cache.fail(fault);
      const writes = h.gh.writes();
      const out = await h.patrol();
      assert.equal(out.stateSource, 'issues');
      assert.equal(out.warnings.length, 1, out.warnings.join('\n'));
      assert.match(out.warnings[0] ?? '', /No saved state in the Actions cache .*could not be read.*rebuilt from 1 open issue/);
      assert.equal(h.gh.writes(), writes);
      assert.equal(h.ours().length, 1);
      assert.equal(out.saved, true, 'and saves a fresh snapshot');
    });
  }

  for (const fault of ['reserve', 'finalize'] as const) {
    test(`a failed save (${fault}) is a warning: the issue is opened, the run completes, the next run opens no duplicate`, async () => {
      h.listings.set(T, ['127.0.0.2']);
      h.cache.fail(fault);
      const out = await h.patrol();
      assert.equal(out.saved, false);
      assert.equal(h.ours().length, 1, 'the issue work stands');
      assert.equal(out.changes[0]?.kind, 'new');
      assert.equal(out.warnings.length, 2, out.warnings.join('\n'));
      assert.match(out.warnings[1] ?? '', /^The state could not be saved to the Actions cache .*This run's issue updates stand/);
      assert.equal(h.cache.entries.length, 0);
      const next = await h.patrol();
      assert.equal(next.stateSource, 'issues');
      assert.equal(h.ours().length, 1, 'no duplicate');
      assert.equal(next.saved, true);
    });
  }
});

describe('a hidden marker edited by hand in one of our issues', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  test('is held to the state rules when the state is rebuilt: named, not carried, the body rewritten, no duplicate', async () => {
    h.listings.set(T, ['127.0.0.2']);
    const issue = h.gh.addIssue({
      title: `${T} (host0) is listed on 1 blacklist`,
      body: renderMarker(T, { monitor: 'host0', listings: { 'test-bl': { codes: ['127.0.0.2'], since: '<b>whenever</b>', txt: ['x'.repeat(SNAPSHOT_LIMITS.text + 1)] } }, clean: {} }),
      labels: ['blacklist-patrol'],
    });
    const out = await h.patrol();
    assert.equal(out.warnings.length, 2, out.warnings.join('\n'));
    assert.match(out.warnings[0] ?? '', /^No saved state in the Actions cache .*rebuilt from 0 open issues\.$/);
    assert.equal(out.warnings[1], '1 open issue carries a hidden marker that is not valid state (edited by hand?); its target starts afresh and the body is rewritten.');
    assert.equal(h.ours().length, 1, 'no duplicate');
    assert.doesNotMatch(issue.body ?? '', /whenever|xxxxxxxx/, 'the body and its marker are ours again');
    const since = out.state[T]?.listings['test-bl']?.since ?? '';
    assert.ok(since.startsWith(new Date().toISOString().slice(0, 10)), `first seen today, not '${since}'`);
  });
});

describe('corrupt state files for blacklist-patrol run (file store)', () => {
  let dns: FaultDns;
  let dir: string;
  let args: string[];
  const state = (): string => path.join(dir, 'state.json');
  const run = async (): Promise<{ code: number; warnings: string[] }> => {
    const err: string[] = [];
    const io: Io = { out: () => undefined, err: (t) => err.push(t), env: {}, progress: false };
    const code = await main(args, io);
    return { code, warnings: err.filter((l) => l.startsWith('warning:')) };
  };

  before(async () => {
    dns = await startFaultDns(({ name }) =>
      name === '2.0.0.127.bl.test' || name === '10.2.0.192.bl.test' ? { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] } : { rcode: 'NXDOMAIN' },
    );
    dir = await mkdtemp(path.join(tmpdir(), 'bp-state-file-'));
    await writeFile(
      path.join(dir, 'monitors.yml'),
      `monitors:\n  - { name: host0, address: ${T} }\nlists:\n  use: none\n  add:\n    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4] }\nsettings: { timeout: 300ms, tries: 1 }\n`,
    );
    args = ['run', '--config', path.join(dir, 'monitors.yml'), '--state', state(), '--issues', path.join(dir, 'issues'), '--resolver', dns.server];
  });
  after(async () => {
    await dns?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('first run: "no saved state" speaks of the file, not of the Actions cache', async () => {
    const r = await run();
    assert.equal(r.code, EXIT.listed);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /No saved state in .*state\.json \(first run, or the file was deleted\); rebuilt from 0 open issues/);
    assert.doesNotMatch(r.warnings.join('\n'), /cache|evicted|7 days/);
  });

  const cases: { name: string; write: () => Promise<void>; names: RegExp }[] = [
    ...CORRUPT.map((c) => ({ name: c.name, write: () => writeFile(state(), c.text(goodSnapshot())), names: c.names })),
    {
      name: 'a file over the size limit (refused before it is read)',
      write: () => writeFile(state(), `${JSON.stringify(goodSnapshot())}${' '.repeat(SNAPSHOT_LIMITS.bytes)}`),
      names: /17 MiB, more than the 16 MiB a snapshot may hold/,
    },
    {
      name: 'a million empty lists (refused before JSON.parse builds them)',
      write: () => writeFile(state(), `{"version": 1, "emailed": [${'[],'.repeat(SNAPSHOT_LIMITS.containers)}[]]}`),
      names: /more than 1000000 objects and lists/,
    },
    {
      name: 'a symlink to another file',
      write: async () => {
        await writeFile(path.join(dir, 'elsewhere.json'), JSON.stringify(goodSnapshot()));
        await symlink(path.join(dir, 'elsewhere.json'), state());
      },
      names: /not a regular file/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: one warning, rebuilt from the local issues, the file is replaced by a valid one`, async () => {
      await rm(state(), { force: true });
      await c.write();
      const r = await run();
      assert.equal(r.code, EXIT.listed, 'the run completes');
      assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
      assert.match(r.warnings[0] ?? '', /is not usable \(/);
      assert.match(r.warnings[0] ?? '', c.names);
      assert.match(r.warnings[0] ?? '', /rebuilt from 1 open issue\. This run saves a new one\.$/);
      const saved = parseSnapshot(await readFile(state(), 'utf8'));
      assert.deepEqual(Object.keys(saved.targets), [T]);
      const next = await run();
      assert.deepEqual(next.warnings, []);
    });
  }
});
