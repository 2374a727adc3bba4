// The built bundle (dist/index.js) as the runner starts it: INPUT_* environment, GitHub and cache
// fakes, a DNSBL answering from rbldnsd. Proves the bundle loads and does the whole job.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';
import { startCacheFake, type CacheFake } from '../helpers/cache-fake.ts';
import { oneListConfig } from '../helpers/one-list.ts';
import { ACTION_BUNDLE, runStep, type Step } from '../helpers/runner.ts';

const CONFIG = oneListConfig();

describeWithRbldnsd('dist/index.js as the Actions runner runs it', ({ test, before, after }) => {
  let dns: Rbldnsd;
  let gh: GitHubFake;
  let cache: CacheFake;
  let dir: string;

  before(async () => {
    dns = await startRbldnsd([{ zone: 'bl.test', type: 'ip4set', lines: ['127.0.0.2 :127.0.0.2:test', '100.64.0.10 :127.0.0.2:Spam from $'] }]);
    gh = await startGitHubFake();
    cache = await startCacheFake();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-dist-'));
    await writeFile(path.join(dir, 'monitors.yml'), CONFIG);
    await writeFile(path.join(dir, 'broken.yml'), 'monitors:\n  - name: mx\n    adress: 192.0.2.1\n');
  });
  after(async () => {
    await dns?.stop();
    await gh?.stop();
    await cache?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function runAction(inputs: Record<string, string>, runId: string): Promise<Step> {
    return runStep({
      entry: ACTION_BUNDLE,
      cwd: dir,
      runId,
      env: { ...cache.env(path.join(dir, 'tmp'), dir), GITHUB_API_URL: gh.url },
      inputs: { 'github-token': 'ghs_dist_test_token', mode: 'patrol', 'dry-run': 'false', 'max-issue-writes': '30', resolvers: dns.server, ...inputs },
    });
  }

  test('patrol: opens the issue, writes outputs and the job summary, saves state; a second run writes nothing', async () => {
    const r = await runAction({ config: 'monitors.yml' }, '9001');
    assert.equal(r.code, 0, r.stdout);
    assert.equal(gh.issues.length, 1);
    assert.equal(gh.issues[0]?.title, '100.64.0.10 (mx1) is listed on 1 blacklist');
    assert.match(r.outputs, /listed<<.*\n1\n/);
    assert.match(r.outputs, /new-listings<<.*\n1\n/);
    assert.match(r.summary, /## Blacklist Patrol/);
    assert.equal(cache.entries.length, 1);
    const writes = gh.writes();
    const again = await runAction({ config: 'monitors.yml' }, '9002');
    assert.equal(again.code, 0, again.stdout);
    assert.equal(gh.writes(), writes);
    assert.doesNotMatch(r.stdout + again.stdout, /ghs_dist_test_token/);
  });

  test('a broken monitors.yml fails with an error annotation on the right line and touches nothing', async () => {
    const writes = gh.writes();
    const entries = cache.entries.length;
    const r = await runAction({ config: 'broken.yml' }, '9003');
    assert.notEqual(r.code, 0);
    assert.match(r.stdout, /::error title=monitors\.yml,file=broken\.yml,line=3,.*col=5.*::unknown key 'adress' in monitors\[0\]; did you mean 'address'\?/);
    assert.equal(gh.writes(), writes);
    assert.equal(cache.entries.length, entries);
  });

  test('the unedited example monitors.yml: "edit monitors.yml first", nothing checked or written', async () => {
    await writeFile(path.join(dir, 'example.yml'), await readFile(new URL('../../monitors.yml', import.meta.url), 'utf8'));
    const writes = gh.writes();
    const r = await runAction({ config: 'example.yml' }, '9005');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /::warning title=Edit monitors\.yml first/);
    assert.match(r.summary, /Edit monitors\.yml first/);
    assert.equal(gh.writes(), writes);
  });

  test('validate with the base branch file previews only the monitors a pull request adds or changes', async () => {
    await writeFile(path.join(dir, 'pr.yml'), CONFIG.replace('monitors:\n', 'monitors:\n  - { name: new-relay, address: 100.64.0.20 }\n'));
    await writeFile(path.join(dir, 'base.yml'), CONFIG);
    const r = await runAction({ config: 'pr.yml', mode: 'validate', 'baseline-config': 'base.yml' }, '9006');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.summary, /Previewing the 1 monitor added or changed in this pull request: new-relay/);
    assert.match(r.summary, /1 targets/);
  });

  test('validate mode shows listings in the summary and writes nothing', async () => {
    const writes = gh.writes();
    const entries = cache.entries.length;
    const r = await runAction({ config: 'monitors.yml', mode: 'validate' }, '9004');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.summary, /validation: nothing written/);
    assert.match(r.summary, /`100\.64\.0\.10`/);
    assert.equal(gh.writes(), writes);
    assert.equal(cache.entries.length, entries);
  });
});
