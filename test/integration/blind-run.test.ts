// A blind run is loud and changes nothing; a target no list covers is "not checked", never clean;
// a list or target unchecked FAIL_AFTER_RUNS runs in a row fails the run. Through the Action's
// entry (run() with the runner's environment, in process), the patrol with the GitHub and cache
// fakes, and the CLI's exit codes.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FAIL_AFTER_RUNS } from '../../src/blind.ts';
import { EXIT, main, type Io } from '../../src/cli.ts';
import { fileStore } from '../../src/state/file-store.ts';
import type { EmailAdapter } from '../../src/patrol.ts';
import type { RenderedEmail } from '../../src/render/email.ts';
import { startCacheFake, type CacheFake } from '../helpers/cache-fake.ts';
import { startFaultDns, type FaultAnswer, type FaultDns } from '../helpers/fault-dns.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';
import { runActionWith } from '../helpers/action-run.ts';
import { startHarness, type Harness } from '../helpers/patrol-harness.ts';

/**
 * The lists' DNS server for the Action and CLI tests: bl.test lists 100.64.0.10 (not a documentation
 * address: the Action skips the unedited example file); dead.test answers
 * every name (it fails its must-not-list test point); `refuse` makes it refuse everything.
 */
async function listServer(): Promise<FaultDns & { refuse: boolean }> {
  const box = { refuse: false };
  const dns = await startFaultDns(({ name }): FaultAnswer => {
    if (box.refuse) return { rcode: 'REFUSED' };
    if (name.endsWith('.dead.test')) return { rcode: 'NOERROR', a: ['127.0.0.2'] };
    if (name === '2.0.0.127.bl.test' || name === '10.0.64.100.bl.test') return { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] };
    return { rcode: 'NXDOMAIN' };
  });
  return Object.assign(box, dns);
}

const TEST_BL = '{ id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4] }';
const DEAD_BL = '{ id: dead-bl, name: Dead BL, zone: dead.test, kinds: [ipv4] }';
const yaml = (monitors: string[], lists: string[]): string =>
  `monitors:\n${monitors.map((m) => `  - ${m}`).join('\n')}\nlists:\n  use: none\n  add:\n${lists.map((l) => `    - ${l}`).join('\n')}\nsettings: { timeout: 2s, tries: 2 }\n`;

describe('the Action (run() with the environment the runner gives it)', () => {
  let dns: Awaited<ReturnType<typeof listServer>>;
  let gh: GitHubFake;
  let cache: CacheFake;
  let dir: string;
  let runId = 7000;

  before(async () => {
    dns = await listServer();
    cache = await startCacheFake();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-blind-action-'));
    await mkdir(path.join(dir, 'tmp'));
  });
  after(async () => {
    await dns?.stop();
    await gh?.stop();
    await cache?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await gh?.stop();
    gh = await startGitHubFake();
    cache.clear();
    dns.refuse = false;
  });

  /** One step: INPUT_* and GITHUB_* as the runner sets them; workflow commands are read from stdout. */
  async function action(config: string): Promise<{ code: number; stdout: string; summary: string }> {
    const id = String(++runId);
    await writeFile(path.join(dir, 'monitors.yml'), config);
    // One summary file for every run: @actions/core keeps the first path it was given for the process.
    const files = { GITHUB_OUTPUT: path.join(dir, `output-${id}`), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
    for (const f of Object.values(files)) await writeFile(f, '');
    const env: Record<string, string> = {
      ...cache.env(path.join(dir, 'tmp'), dir),
      ...files,
      GITHUB_REPOSITORY: 'octo/mail',
      GITHUB_API_URL: gh.url,
      GITHUB_RUN_ID: id,
      GITHUB_RUN_ATTEMPT: '1',
      'INPUT_GITHUB-TOKEN': 'ghs_blind_test_token',
      INPUT_CONFIG: path.join(dir, 'monitors.yml'),
      INPUT_RESOLVERS: dns.server,
      'INPUT_REPORT-PATH': path.join(dir, `report-${id}.json`),
    };
    const { code, stdout } = await runActionWith(env);
    return { code, stdout, summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8') };
  }

  test('a blind run fails the step with an annotation saying why and what to do, and writes nothing', async () => {
    const config = yaml(['{ name: mx1, address: 100.64.0.10 }'], [TEST_BL]);
    const first = await action(config);
    assert.equal(first.code, 0, first.stdout);
    const writes = gh.writes();
    const entries = cache.entries.length;
    dns.refuse = true;
    const r = await action(config);
    assert.equal(r.code, 1, r.stdout);
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    assert.match(error, /^::error::Nothing was checked: no list passed its test points\. Nothing was changed: no issue was opened, edited or closed, no state was saved and no email was sent\. What to do: check that this machine's DNS resolver reaches the internet/);
    assert.equal(gh.writes(), writes, 'no issue write');
    assert.equal(cache.entries.length, entries, 'no state saved');
    assert.equal(gh.issues[0]?.state, 'open');
    assert.match(r.summary, /Nothing was checked: no list passed its test points/);
    assert.match(r.summary, /\*\*1 listed\*\*/, 'the summary shows the last known listings, not "0 listed"');
  });

  test(`a list named in lists.add that stays dead: warned, then the step fails on run ${FAIL_AFTER_RUNS}; the issue work goes on`, async () => {
    const config = yaml(['{ name: mx1, address: 100.64.0.10 }', '{ name: mx2, address: 100.64.0.11 }'], [TEST_BL, DEAD_BL]);
    for (let run = 1; run <= FAIL_AFTER_RUNS; run++) {
      const r = await action(config);
      const lines = r.stdout.split('\n');
      if (run < FAIL_AFTER_RUNS) {
        assert.equal(r.code, 0, r.stdout);
        assert.ok(lines.some((l) => /^::warning::Dead BL could not be used \(dead: lists everything\)(, \d runs in a row)?;/.test(l)), r.stdout);
        assert.ok(!lines.some((l) => l.startsWith('::error::')));
      } else {
        assert.equal(r.code, 1);
        assert.ok(lines.some((l) => l.startsWith(`::error::Dead BL could not be used (dead: lists everything) ${FAIL_AFTER_RUNS} runs in a row`)), r.stdout);
      }
    }
    assert.equal(gh.issues.length, 1, 'the listed address got its issue as usual');
    assert.equal(cache.entries.length, FAIL_AFTER_RUNS, 'state is saved every run');
  });
});

describe('the patrol: a blind run changes nothing and sends no email', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  test('listed, one clean run, a blind run, a clean run: the issue closes on the second clean run, the blind run is not counted', async () => {
    const sent: RenderedEmail[] = [];
    const email: EmailAdapter = { send: (e) => Promise.resolve(void sent.push(e)), preview: () => Promise.resolve() };
    const file = path.join(h.work, 'state.json');
    const opts = { email: '{ to: ops@example.com, when: always }', emailAdapter: email, store: fileStore(file) };
    h.listings.set('192.0.2.10', ['127.0.0.2']);
    await h.patrol(opts);
    h.listings.delete('192.0.2.10');
    const clean = await h.patrol(opts);
    assert.equal(clean.state['192.0.2.10']?.clean['test-bl'], 1);
    const writes = h.gh.writes();
    const state = await readFile(file, 'utf8');
    const emails = sent.length;

    h.server = 'refused';
    const blind = await h.patrol(opts);
    assert.equal(blind.coverage.blind?.reason, 'no list passed its test points');
    assert.deepEqual(blind.changes, []);
    assert.equal(blind.saved, false);
    assert.equal(h.gh.writes(), writes, 'no issue write');
    assert.equal(await readFile(file, 'utf8'), state, 'no state saved');
    assert.equal(sent.length, emails, 'no email');
    assert.match(blind.email.status === 'skipped' ? blind.email.reason : '', /nothing was checked/);
    assert.equal(blind.state['192.0.2.10']?.clean['test-bl'], 1, 'the state as it was');

    h.server = 'up';
    const last = await h.patrol(opts);
    assert.equal(last.changes[0]?.kind, 'delisted');
    assert.equal(h.ours()[0]?.state, 'closed');
  });
});

describe('the CLI: exit 4 when nothing could be checked; "not checked" is never clean', () => {
  let dns: Awaited<ReturnType<typeof listServer>>;
  let dir: string;
  const capture = (): Io & { stdout: string[]; stderr: string[] } => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {}, progress: false, stdout, stderr };
  };
  const config = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };

  before(async () => {
    dns = await listServer();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-blind-cli-'));
  });
  after(async () => {
    await dns?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    dns.refuse = false;
  });

  test('check with every list failing its test points: NOTHING WAS CHECKED, exit 4', async () => {
    dns.refuse = true;
    const io = capture();
    const file = await config('v4.yml', yaml(['{ name: mx1, address: 100.64.0.11 }'], [TEST_BL]));
    assert.equal(await main(['check', '--config', file, '--resolver', dns.server], io), EXIT.blind);
    assert.match(io.stdout.join('\n'), /NOTHING WAS CHECKED/);
    assert.match(io.stderr.join('\n'), /^error: nothing was checked \(exit 4\): check that this machine's DNS resolver/m);
  });

  test('check of an IPv6 address with only IPv4 lists: not checked, with the reason, exit 4', async () => {
    const io = capture();
    const file = await config('v4.yml', yaml(['{ name: mx1, address: 100.64.0.11 }'], [TEST_BL]));
    assert.equal(await main(['check', '2001:db8::1', '--config', file, '--resolver', dns.server], io), EXIT.blind);
    const out = io.stdout.join('\n');
    assert.match(out, /NOTHING WAS CHECKED: no list covers any target: no list in this run checks IPv6 addresses\./);
    assert.match(io.stderr.join('\n'), /^error: nothing was checked \(exit 4\): add a list for these targets/m);
  });

  test('check with one target covered and one not: exit 0 (nothing listed) but the gap is printed; --strict exits 3', async () => {
    const file = await config('v4.yml', yaml(['{ name: mx1, address: 100.64.0.11 }'], [TEST_BL]));
    const io = capture();
    assert.equal(await main(['check', '100.64.0.11', '2001:db8::1', '--config', file, '--resolver', dns.server], io), EXIT.clean, [...io.stdout, ...io.stderr].join('\n'));
    assert.match(io.stdout.join('\n'), /NOT CHECKED \(no list gave an answer; not counted as clean\)\n {2}2001:db8::1 \(2001:db8::1\): no list in this run checks IPv6 addresses/);
    assert.doesNotMatch(io.stdout.join('\n'), /NOTHING WAS CHECKED/);
    assert.equal(await main(['check', '100.64.0.11', '2001:db8::1', '--config', file, '--resolver', dns.server, '--strict'], capture()), EXIT.incomplete);
  });

  test('check --json keeps stdout pure JSON and says it on stderr', async () => {
    dns.refuse = true;
    const io = capture();
    const file = await config('v4.yml', yaml(['{ name: mx1, address: 100.64.0.11 }'], [TEST_BL]));
    assert.equal(await main(['check', '--config', file, '--resolver', dns.server, '--json'], io), EXIT.blind);
    assert.doesNotThrow(() => JSON.parse(io.stdout.join('\n')) as unknown);
    assert.match(io.stderr.join('\n'), /NOTHING WAS CHECKED: no list passed its test points/);
  });

  test('run: a blind run exits 4 and leaves state and issues byte for byte', async () => {
    const file = await config('run.yml', yaml(['{ name: mx1, address: 100.64.0.10 }'], [TEST_BL]));
    const args = ['run', '--config', file, '--state', path.join(dir, 'state.json'), '--issues', path.join(dir, 'issues'), '--resolver', dns.server];
    assert.equal(await main(args, capture()), EXIT.listed);
    const state = await readFile(path.join(dir, 'state.json'), 'utf8');
    const issues = await readFile(path.join(dir, 'issues', 'issues.json'), 'utf8');
    dns.refuse = true;
    const io = capture();
    assert.equal(await main(args, io), EXIT.blind);
    assert.match(io.stdout.join('\n'), /Nothing was changed: state, issues and email are as before\./);
    assert.equal(await readFile(path.join(dir, 'state.json'), 'utf8'), state);
    assert.equal(await readFile(path.join(dir, 'issues', 'issues.json'), 'utf8'), issues);
  });

  test(`run: a dead list named in lists.add exits 4 on its ${FAIL_AFTER_RUNS}rd unusable run in a row, with warnings before`, async () => {
    const file = await config('dead.yml', yaml(['{ name: mx2, address: 100.64.0.11 }'], [TEST_BL, DEAD_BL]));
    const args = ['run', '--config', file, '--state', path.join(dir, 'dead-state.json'), '--issues', path.join(dir, 'dead-issues'), '--resolver', dns.server];
    for (let run = 1; run <= FAIL_AFTER_RUNS; run++) {
      const io = capture();
      const code = await main(args, io);
      const err = io.stderr.join('\n');
      if (run < FAIL_AFTER_RUNS) {
        assert.equal(code, EXIT.clean);
        assert.match(err, /^warning: Dead BL could not be used \(dead: lists everything\)/m);
      } else {
        assert.equal(code, EXIT.blind);
        assert.match(err, new RegExp(`^error: Dead BL could not be used \\(dead: lists everything\\) ${FAIL_AFTER_RUNS} runs in a row`, 'm'));
      }
    }
  });
});
