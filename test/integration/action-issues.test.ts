// The patrol against a local GitHub REST fake (real Octokit with throttling + retry) and the real
// @actions/cache against a local cache-service fake. DNS comes from an in-process server whose
// listings each test sets, so scenarios run fast and exactly.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config/schema.ts';
import { parseConfig } from '../../src/config/load.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { checkAssignees, createGitHubIssues } from '../../src/notify/github.ts';
import { findOurIssues, stateFromIssues, syncIssues } from '../../src/notify/issues.ts';
import { parseMarker, renderMarker } from '../../src/notify/marker.ts';
import { runPatrol, type PatrolOutput } from '../../src/patrol.ts';
import { cacheStore } from '../../src/state/cache-store.ts';
import { diffRun, type DiffContext } from '../../src/state/diff.ts';
import { startFaultDns, type FaultDns } from '../helpers/fault-dns.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';
import { startCacheFake, type CacheFake } from '../helpers/cache-fake.ts';
import { ACTION_SOURCE, runStep } from '../helpers/runner.ts';
import { worstCase } from '../helpers/worst-case.ts';

const BOT = 'github-actions[bot]';
/**
 * Generous for a loopback server: on a busy machine a shorter timeout loses a TXT answer now and
 * then, and the next run rightly edits the body, which the zero-write assertions would misread.
 */
const DNS_TIMEOUT_MS = 2000;
/** The token kinds the README allows, as the fake knows them. */
const TOKENS = {
  ghs_workflow: { kind: 'workflow' },
  ghs_app: { kind: 'app', slug: 'patrol-app' },
  ghp_person: { kind: 'user', login: 'octocat' },
} as const;

/** Listing per address: which codes the test list answers (absent = NXDOMAIN, 'timeout' = no answer). */
const listings = new Map<string, string[] | 'timeout'>();

function reverse(name: string): string | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.bl\.test$/.exec(name);
  return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}` : null;
}

function config(addresses: string[], closeAfter = 2): Config {
  const yaml = `monitors:\n${addresses.map((a, i) => `  - { name: host${i}, address: ${a} }`).join('\n')}
lists:
  use: none
  add:
    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4], codes: { "127.0.0.2": "spam source", "127.0.0.4": "exploited host" }, delist: "https://bl.test/delist" }
settings: { timeout: ${DNS_TIMEOUT_MS}ms, tries: 1, max-range: 4096 }
notify:
  issues: { labels: [mail], close-after: ${closeAfter} }
`;
  const r = parseConfig(yaml, 'monitors.yml');
  assert.ok(r.ok, 'test config is valid');
  return r.config;
}

describe('the Action: state, diff and the issue lifecycle on GitHub', () => {
  let dns: FaultDns;
  let gh: GitHubFake;
  let cacheFake: CacheFake;
  let work: string;
  let run = 100;
  let attempt = 0;
  const savedEnv = { ...process.env };

  before(async () => {
    dns = await startFaultDns(({ name, type }) => {
      if (name === '2.0.0.127.bl.test') return { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['test point'] };
      const ip = reverse(name);
      const l = ip ? listings.get(ip) : undefined;
      if (l === 'timeout') return 'drop';
      if (!l) return { rcode: 'NXDOMAIN' };
      return type === 'TXT' ? { rcode: 'NOERROR', txt: [`Listed: see https://bl.test/${ip ?? ''}`] } : { rcode: 'NOERROR', a: l };
    });
    cacheFake = await startCacheFake();
    work = await mkdtemp(path.join(tmpdir(), 'bp-action-'));
    Object.assign(process.env, cacheFake.env(path.join(work, 'tmp'), work));
  });
  after(async () => {
    process.env = savedEnv;
    await gh?.stop();
    await dns?.stop();
    await cacheFake?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await gh?.stop();
    gh = await startGitHubFake({ repository: 'mail-admin/patrol', login: BOT, tokens: TOKENS, assignable: ['octocat'] });
    cacheFake.clear();
    listings.clear();
  });

  async function patrol(addresses: string[], opts: { maxWrites?: number; runId?: string; closeAfter?: number; token?: string; assignees?: string[] } = {}): Promise<PatrolOutput & { warnings: string[] }> {
    const runId = opts.runId ?? String(++run);
    const warnings: string[] = [];
    const out = await runPatrol({
      config: config(addresses, opts.closeAfter),
      keys: {},
      dns: createDns({ servers: [dns.server], timeoutMs: DNS_TIMEOUT_MS, tries: 1 }),
      resolvers: [dns.server],
      now: () => new Date(),
      runId,
      store: cacheStore({ runId, runAttempt: String(++attempt) }),
      issues: createGitHubIssues({
        token: opts.token ?? 'ghs_test',
        owner: 'mail-admin',
        repo: 'patrol',
        baseUrl: gh.url,
        retryAfterBaseValue: 5,
        writeSpacingMs: 0,
        warn: (m) => warnings.push(m),
      }),
      issueSettings: { labels: ['mail'], assignees: opts.assignees ?? [], maxWrites: opts.maxWrites ?? 30 },
      dryRun: false,
      log: { info: () => undefined, warning: (m) => warnings.push(m) },
    });
    return Object.assign(out, { warnings });
  }

  const ours = (): typeof gh.issues => gh.issues.filter((i) => i.user.login === BOT);

  test('first run opens one issue per listed target; an identical second run makes zero writes', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    listings.set('192.0.2.11', ['127.0.0.2', '127.0.0.4']);
    const first = await patrol(['192.0.2.10', '192.0.2.11', '192.0.2.12']);
    assert.equal(first.changes.filter((c) => c.kind === 'new').length, 2);
    assert.equal(ours().length, 2);
    const issue = ours().find((i) => i.title.startsWith('192.0.2.11'));
    assert.equal(issue?.title, '192.0.2.11 (host1) is listed on 1 blacklist');
    assert.deepEqual(issue?.labels.map((l) => l.name).sort(), ['blacklist-patrol', 'mail']);
    assert.match(issue?.body ?? '', /<!-- blacklist-patrol:v1 /);
    const writes = gh.writes();
    await patrol(['192.0.2.10', '192.0.2.11', '192.0.2.12']);
    assert.equal(gh.writes(), writes, 'a second identical run writes nothing');
  });

  test('changed codes edit the body and add exactly one comment', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    listings.set('192.0.2.10', ['127.0.0.2', '127.0.0.4']);
    await patrol(['192.0.2.10']);
    await patrol(['192.0.2.10']);
    const [issue] = ours();
    assert.match(issue?.body ?? '', /`127\.0\.0\.4`/);
    const comments = gh.comments.filter((c) => c.issue_number === issue?.number);
    assert.equal(comments.length, 1);
    assert.match(comments[0]?.body ?? '', /Return code changed on \*\*Test BL\*\*/);
  });

  test('a delisting closes the issue only after close-after clean runs; timeouts in between close nothing', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    listings.delete('192.0.2.10');
    await patrol(['192.0.2.10']); // clean 1 of 2
    listings.set('192.0.2.10', 'timeout');
    for (let i = 0; i < 3; i++) await patrol(['192.0.2.10']);
    assert.equal(ours()[0]?.state, 'open', 'timeouts never close an issue');
    listings.delete('192.0.2.10');
    const out = await patrol(['192.0.2.10']); // clean 2 of 2
    assert.equal(out.changes[0]?.kind, 'delisted');
    assert.equal(ours()[0]?.state, 'closed');
    assert.equal(ours()[0]?.title, '192.0.2.10 (host0) is no longer listed');
    assert.match(gh.comments.at(-1)?.body ?? '', /Delisted/);

    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    assert.deepEqual([ours().length, ours()[0]?.state, ours()[0]?.title], [1, 'open', '192.0.2.10 (host0) is listed on 1 blacklist'], 'listed again: the same issue, reopened');
  });

  test('a lost cache rebuilds state from the issues: no duplicate, no new comment', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    cacheFake.clear();
    const writes = gh.writes();
    const out = await patrol(['192.0.2.10']);
    assert.equal(out.stateSource, 'issues');
    assert.equal(ours().length, 1);
    assert.equal(gh.writes(), writes);
  });

  test('an issue with our marker written by someone else is ignored', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    const forged = gh.addIssue({
      title: '192.0.2.10 is listed',
      body: renderMarker('192.0.2.10', { monitor: 'host0', listings: { 'test-bl': { codes: ['127.0.0.2'], since: '2026-01-01T00:00:00Z' } }, clean: {} }),
      labels: ['blacklist-patrol'],
      user: { login: 'mallory' },
    });
    await patrol(['192.0.2.10']);
    assert.equal(ours().length, 1, 'we open our own issue');
    assert.ok(!gh.requests.some((r) => r.method !== 'GET' && r.path.includes(`/issues/${forged.number}`)), 'the forged issue is never touched');
  });

  test('200 new listings respect max-issue-writes; the next run finishes the job', async () => {
    const addresses = Array.from({ length: 200 }, (_, i) => `198.51.${100 + Math.floor(i / 250)}.${i % 250}`);
    for (const a of addresses) listings.set(a, ['127.0.0.2']);
    const first = await patrol(addresses, { maxWrites: 120 });
    assert.equal(ours().length, 120);
    assert.equal(first.sync?.deferred.length, 80);
    assert.ok(first.warnings.some((w) => /max-issue-writes \(120\) reached/.test(w)));
    await patrol(addresses, { maxWrites: 120 });
    assert.equal(ours().length, 200);
    assert.equal(new Set(ours().map((i) => i.title)).size, 200, 'no duplicates');
  });

  test('5xx and secondary rate limits are retried; a fault that outlasts the retries is redone next run', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    listings.set('192.0.2.11', ['127.0.0.2']);
    gh.fail({ method: 'POST', path: '/issues', times: 1, status: 502 });
    gh.fail({ method: 'GET', path: '/issues', times: 1, status: 403, secondary: true, retryAfter: 1 });
    await patrol(['192.0.2.10', '192.0.2.11']);
    assert.equal(ours().length, 2, 'retried within the plugins');

    listings.set('192.0.2.12', ['127.0.0.2']);
    // Four 500s outlast the retry plugin (1 try + 3 retries) for the one create this run makes.
    gh.fail({ method: 'POST', path: '/repos/mail-admin/patrol/issues', times: 4, status: 500 });
    const broken = await patrol(['192.0.2.10', '192.0.2.11', '192.0.2.12']);
    assert.equal(broken.sync?.failed.length, 1);
    const fixed = await patrol(['192.0.2.10', '192.0.2.11', '192.0.2.12']);
    assert.equal(fixed.sync?.failed.length, 0);
    assert.equal(ours().length, 3);
    assert.equal(new Set(ours().map((i) => i.title)).size, 3);
  });

  test('re-running a finished run (same run id) makes zero writes', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10'], { runId: '555' });
    listings.set('192.0.2.10', ['127.0.0.4']);
    await patrol(['192.0.2.10'], { runId: '556' });
    const writes = gh.writes();
    await patrol(['192.0.2.10'], { runId: '556' });
    assert.equal(gh.writes(), writes);
  });

  for (const [token, login] of [['ghs_workflow', BOT], ['ghs_app', 'patrol-app[bot]'], ['ghp_person', 'octocat']] as const) {
    test(`${login} (${TOKENS[token].kind} token) finds its own issue again: a second run opens none`, async () => {
      listings.set('192.0.2.10', ['127.0.0.2']);
      await patrol(['192.0.2.10'], { token });
      cacheFake.clear(); // the issues are the only memory left: the marker must be recognised as ours
      const writes = gh.writes();
      const again = await patrol(['192.0.2.10'], { token });
      assert.deepEqual(gh.issues.map((i) => i.user.login), [login]);
      assert.equal(again.stateSource, 'issues');
      assert.equal(gh.writes(), writes, 'no write at all');
    });
  }

  test('an identity that cannot be established writes nothing and says what to do', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    gh.fail({ path: '/graphql', times: 10, status: 403, message: 'Resource not accessible by integration' });
    await assert.rejects(patrol(['192.0.2.10'], { token: 'ghs_app' }), /could not tell which account the github-token writes as[^]*nothing was written[^]*workflow token/i);
    assert.equal(gh.writes(), 0);
    assert.equal(gh.issues.length, 0);
  });

  test('a login that cannot be assigned never blocks an issue: opened anyway, with a warning naming it', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    listings.set('192.0.2.11', ['127.0.0.2']);
    const out = await patrol(['192.0.2.10', '192.0.2.11'], { assignees: ['octocat', 'octocta'] });
    assert.deepEqual(out.sync?.failed, []);
    assert.equal(ours().length, 2);
    for (const issue of ours()) assert.deepEqual(issue.assignees.map((a) => a.login), ['octocat']);
    const warned = out.warnings.filter((w) => w.includes("'octocta'"));
    assert.equal(warned.length, 1, 'one warning per login and run');
    assert.match(warned[0] ?? '', /notify\.issues\.assignees.*cannot be assigned.*mail-admin\/patrol/);
    assert.equal(gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues')).length, 3, 'one refused attempt, then none');
  });

  test('validate flags an assignee GitHub cannot assign, on the file, and fails the check', async () => {
    const file = path.join(work, 'assignees.yml');
    await writeFile(file, `monitors:\n  - { name: mx1, address: 192.0.2.10 }\nlists:\n  use: none\n  add:\n    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4] }\nsettings: { timeout: ${DNS_TIMEOUT_MS}ms, tries: 1 }\nnotify:\n  issues: { assignees: [octocat, octocta] }\n`);
    const { code, stdout } = await runStep({
      entry: ACTION_SOURCE,
      cwd: work,
      runId: '8801',
      env: { GITHUB_REPOSITORY: 'mail-admin/patrol', GITHUB_API_URL: gh.url },
      inputs: { mode: 'validate', config: file, 'github-token': 'ghs_workflow', resolvers: dns.server, 'report-path': path.join(work, 'assignees-report.json') },
    });
    assert.equal(code, 1, stdout);
    assert.match(stdout, /::error title=monitors\.yml,file=[^:]*assignees\.yml::notify\.issues\.assignees: 'octocta' cannot be assigned issues in mail-admin\/patrol/);
    assert.doesNotMatch(stdout, /'octocat' cannot/);
    assert.equal(gh.writes(), 0, 'validate writes nothing');
  });

  test('validate without permission to check assignees: a note for each, never an error', async () => {
    gh.fail({ method: 'GET', path: '/assignees/', times: 2, status: 403, message: 'Resource not accessible by integration' });
    const api = createGitHubIssues({ token: 'ghs_workflow', owner: 'mail-admin', repo: 'patrol', baseUrl: gh.url, retryAfterBaseValue: 5 });
    const { errors, notes } = await checkAssignees(api, ['octocat', 'octocta'], 'mail-admin/patrol');
    assert.deepEqual(errors, []);
    assert.equal(notes.length, 2);
    assert.match(notes[1] ?? '', /Could not check whether 'octocta' can be assigned issues \(Resource not accessible by integration.*needs permissions issues: read/);
  });

  /** Run 'a' opens the issue, run 'b' changes its codes (one comment); returns the issue. */
  async function listedThenRecoded(): Promise<(typeof gh.issues)[number]> {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10'], { runId: 'a' });
    listings.set('192.0.2.10', ['127.0.0.4']);
    const [issue] = ours();
    assert.ok(issue);
    return issue;
  }
  const commentsOn = (n: number): typeof gh.comments => gh.comments.filter((c) => c.issue_number === n);

  test('a stranger\'s comment carrying our fingerprint does not stop our comment', async () => {
    const issue = await listedThenRecoded();
    await patrol(['192.0.2.10'], { runId: 'b' });
    const ourComment = commentsOn(issue.number).at(-1);
    assert.match(ourComment?.body ?? '', /Return code changed/);
    // Someone deletes it and posts a copy of its hidden fingerprint; the re-run of 'b' must comment again.
    gh.comments.splice(gh.comments.indexOf(ourComment as (typeof gh.comments)[number]), 1);
    gh.addComment(issue.number, `looks fixed to me ${/<!-- blacklist-patrol:event \w+ -->/.exec(ourComment?.body ?? '')?.[0] ?? ''}`, 'mallory');
    await patrol(['192.0.2.10'], { runId: 'b' });
    assert.deepEqual(commentsOn(issue.number).map((c) => c.user.login), ['mallory', BOT]);
  });

  test('our comment is found among more than 100: on the last page, or just before a short last page', async () => {
    const issue = await listedThenRecoded();
    for (let i = 0; i < 99; i++) gh.addComment(issue.number, `note ${i}`, 'octocat');
    await patrol(['192.0.2.10'], { runId: 'b' }); // ours is comment 100, the end of page 1
    gh.addComment(issue.number, 'one more', 'octocat'); // page 2 holds only this one
    let writes = gh.writes();
    await patrol(['192.0.2.10'], { runId: 'b' });
    assert.equal(gh.writes(), writes, 'a re-run does not comment again');

    for (let i = 0; i < 50; i++) gh.addComment(issue.number, `later ${i}`, 'octocat');
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10'], { runId: 'c' }); // ours is comment 152, on page 2 of 2
    writes = gh.writes();
    await patrol(['192.0.2.10'], { runId: 'c' });
    assert.equal(gh.writes(), writes, 'a re-run does not comment again');
    assert.equal(commentsOn(issue.number).filter((c) => c.user.login === BOT).length, 2);
  });

  test('a marker pasted above ours in the body does not make the issue someone else\'s', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    const [issue] = ours();
    assert.ok(issue);
    const pasted = renderMarker('192.0.2.99', { monitor: 'other', listings: { 'test-bl': { codes: ['127.0.0.2'], since: '2026-01-01T00:00:00Z' } }, clean: {} });
    issue.body = `Same as the other one:\n${pasted}\n\n${issue.body ?? ''}`;
    cacheFake.clear();
    const writes = gh.writes();
    await patrol(['192.0.2.10']);
    assert.equal(ours().length, 1, 'no second issue for 192.0.2.10');
    assert.equal(gh.writes(), writes);
  });

  test('a pull request with our label and marker is never taken for our issue', async () => {
    const issue = await listedThenRecoded();
    // A workflow using the same token opens a pull request quoting the issue.
    const quoted = issue.body;
    const pr = gh.addPullRequest({ title: 'Quote', body: quoted, labels: ['blacklist-patrol'], user: { login: BOT } });
    await patrol(['192.0.2.10'], { runId: 'b' });
    assert.ok(!gh.requests.some((r) => r.method !== 'GET' && r.path.includes(`/issues/${pr.number}`)), 'the pull request is never touched');
    assert.deepEqual([pr.title, pr.body], ['Quote', quoted]);
    assert.match(commentsOn(issue.number).at(-1)?.body ?? '', /Return code changed/);
  });

  test('a deleted issue is replaced by a new one; issues turned off stop the run with what to do', async () => {
    listings.set('192.0.2.10', ['127.0.0.2']);
    await patrol(['192.0.2.10']);
    const [first] = ours();
    assert.ok(first);
    gh.deleteIssue(first.number);
    await patrol(['192.0.2.10']);
    assert.equal(ours().length, 2);
    assert.equal(ours()[1]?.state, 'open');

    gh.setIssuesEnabled(false);
    const writes = gh.writes();
    await assert.rejects(patrol(['192.0.2.10']), /Issues are turned off for mail-admin\/patrol.*Settings → General → Features → Issues/);
    assert.equal(gh.writes(), writes);
  });

  test('the largest issue anyone can make us write fits GitHub\'s limits: opened, commented on, closed', async () => {
    const w = worstCase(); // 300 lists × 200 codes × 500 TXT strings of 4,000 characters, long names everywhere
    const api = createGitHubIssues({ token: 'ghs_test', owner: 'mail-admin', repo: 'patrol', baseUrl: gh.url, retryAfterBaseValue: 5, writeSpacingMs: 0 });
    const ctx: DiffContext = { now: new Date(), closeAfter: 1, selectedLists: new Set(w.lists.keys()), monitored: new Map([[w.target, w.monitor]]), partial: false };
    const sync = async (changes: ReturnType<typeof diffRun>['changes']) => {
      const out = await syncIssues(api, changes, await findOurIssues(api), () => ({ lists: w.lists, coverage: w.coverage }), { labels: [], assignees: [], maxWrites: 10 }, new Date());
      assert.deepEqual(out.failed, [], 'GitHub accepted every write');
    };
    const chars = (s: string | null | undefined): number => [...(s ?? '')].length;

    const first = diffRun({}, w.verdicts, ctx);
    await sync(first.changes);
    const [issue] = gh.issues;
    assert.ok(issue);
    assert.ok(chars(issue.body) <= 65_536 && chars(issue.title) <= 256, `body ${chars(issue.body)}, title ${chars(issue.title)}`);
    assert.match(issue.body ?? '', /\| … \| and \d+ more lists: see the JSON report/);
    assert.match(issue.body ?? '', /shortened to fit GitHub's limits; a run's JSON report has them in full/);
    assert.equal(parseMarker(issue.body)?.target, w.target);
    assert.ok(Object.keys(stateFromIssues(await findOurIssues(api))[w.target]?.listings ?? {}).length > 0, 'a lost cache still finds the listing');

    // Every list answers other codes: one comment with 300 changes.
    const second = diffRun(first.next, worstCase({ offset: 200 }).verdicts, ctx);
    await sync(second.changes);
    const comment = gh.comments.at(-1);
    assert.ok(comment && chars(comment.body) <= 65_536);
    assert.match(comment.body, /Return code changed on/);

    // All clean: the issue closes, and its title no longer says "is listed".
    await sync(diffRun(second.next, w.verdicts.map((v) => ({ ...v, status: 'clean' as const, codes: [], meanings: [], txt: [] })), ctx).changes);
    assert.equal(issue.state, 'closed');
    assert.ok(chars(issue.title) <= 256);
    assert.match(issue.title, /is no longer listed$/);
  });
});

