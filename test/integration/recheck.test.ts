// /recheck from the issue, through the Action's entry (run() with the issue_comment event the
// runner hands the step in GITHUB_EVENT_PATH), against the GitHub fake (real Octokit), the real
// @actions/cache against the cache-service fake, and an in-process DNS server for the lists.
// Who may ask, which issues count, what the answer says, and what the state does.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderMarker } from '../../src/notify/marker.ts';
import { cacheStore } from '../../src/state/cache-store.ts';
import type { Snapshot } from '../../src/state/snapshot.ts';
import { runActionWith } from '../helpers/action-run.ts';
import { BOT, DQS_KEY, TEST_LIST, startHarness, type Harness, type PatrolOptions } from '../helpers/patrol-harness.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-server.ts';

const T = '192.0.2.10';

describe('/recheck on an issue', () => {
  let h: Harness;
  let slack: Receiver;
  let runId = 5000;
  let summaryFile = '';

  before(async () => {
    h = await startHarness();
    slack = await startReceiver({ status: 200, body: 'ok' });
    // One summary file for the whole file: @actions/core keeps the first path it is given.
    summaryFile = path.join(h.work, 'summary.md');
  });
  after(async () => {
    await Promise.all([h?.stop(), slack?.stop()]);
  });
  beforeEach(async () => {
    await h.reset();
    slack.received.length = 0;
  });

  interface Ask {
    login?: string;
    body?: string;
    issue?: number;
    labels?: string[];
    pullRequest?: boolean;
    /** Re-run a run: same id, next attempt. */
    runId?: string;
    attempt?: string;
    config?: PatrolOptions;
    inputs?: Record<string, string>;
    /** The workflow's event (issue_comment unless a workflow is set up wrong). */
    eventName?: string;
  }

  /** A comment on the GitHub fake, then the recheck step for its issue_comment event. */
  async function recheck(ask: Ask = {}): Promise<{ code: number; stdout: string; commentId: number }> {
    const issue = ask.issue ?? 1;
    const login = ask.login ?? 'writer';
    const id = ask.runId ?? String(++runId);
    const comment = ask.runId ? h.gh.comments.filter((c) => c.body.startsWith('/recheck')).at(-1)! : h.gh.addComment(issue, ask.body ?? '/recheck', login);
    const record = h.gh.issues.find((i) => i.number === issue);
    const event = {
      action: 'created',
      issue: {
        number: issue,
        labels: (ask.labels ?? record?.labels.map((l) => l.name) ?? []).map((name) => ({ name })),
        user: { login: record?.user.login ?? BOT },
        ...(ask.pullRequest ? { pull_request: { url: `${h.gh.url}/repos/octo/mail/pulls/${issue}` } } : {}),
      },
      comment: { id: comment.id, body: comment.body, user: { login: comment.user.login }, html_url: comment.html_url, author_association: 'COLLABORATOR' },
      repository: { full_name: 'octo/mail' },
      sender: { login: comment.user.login },
    };
    const eventFile = path.join(h.work, `event-${id}.json`);
    await writeFile(eventFile, JSON.stringify(event));
    const configFile = path.join(h.work, `monitors-${id}.yml`);
    await writeFile(configFile, h.yaml(ask.config));
    const output = path.join(h.work, `output-${id}`);
    await writeFile(output, '');
    await writeFile(summaryFile, '');
    const env: Record<string, string> = {
      GITHUB_EVENT_NAME: ask.eventName ?? 'issue_comment',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REPOSITORY: 'octo/mail',
      GITHUB_API_URL: h.gh.url,
      GITHUB_RUN_ID: id,
      GITHUB_RUN_ATTEMPT: ask.attempt ?? '1',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: h.work,
      INPUT_MODE: 'recheck',
      'INPUT_GITHUB-TOKEN': 'ghs_recheck',
      INPUT_CONFIG: configFile,
      INPUT_RESOLVERS: h.dns.server,
      'INPUT_REPORT-PATH': path.join(h.work, `report-${id}.json`),
      ...Object.fromEntries(Object.entries(ask.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    const { code, stdout } = await runActionWith(env);
    return { code, stdout, commentId: comment.id };
  }

  const reactions = (commentId: number): string[] => h.gh.reactions.filter((r) => r.comment_id === commentId).map((r) => `${r.user.login} ${r.content}`);
  const answers = (issue = 1): string[] => h.gh.comments.filter((c) => c.issue_number === issue && c.user.login === BOT && c.body.startsWith('**Rechecked')).map((c) => c.body);
  const snapshot = async (): Promise<Snapshot | null> => cacheStore({ runId: 'reader', runAttempt: '1' }).load();

  /** The patrol opens the issue for T (listed on the test list). */
  async function listed(config: PatrolOptions = {}): Promise<void> {
    h.listings.set(T, ['127.0.0.2']);
    await h.patrol(config);
    assert.equal(h.ours().length, 1);
  }

  test('someone with write access: 👀, the answer in the issue (still listed, with the code and meaning, and the coverage), then 👍; the comment cannot choose the target', async () => {
    await listed();
    assert.match(h.gh.issues[0]?.body ?? '', /Fixed it and asked for removal\? Comment `\/recheck` to check again now \(anyone with write access to this repository\)\./, 'the issue body tells how');
    // maintain is "write" to GitHub's legacy permission field; writer is covered by every other test.
    const r = await recheck({ login: 'maintainer', body: '/recheck\n198.51.100.7 and 203.0.113.99 too please' });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(reactions(r.commentId), [`${BOT} eyes`, `${BOT} +1`]);
    const [answer] = answers();
    assert.ok(answer, 'answered');
    assert.match(answer, /^\*\*Rechecked `192\.0\.2\.10` just now\*\* · \d{4}-\d\d-\d\d \d\d:\d\d UTC · \[requested here\]\(https:\/\/github\.com\/octo\/mail\/issues\/1#issuecomment-\d+\)/);
    assert.match(answer, /\*\*Still listed on 1 list:\*\*\n\n\| List \| Return code \| Meaning \| Listed since \|\n\| --- \| --- \| --- \| --- \|\n\| Test BL \| `127\.0\.0\.2` \| spam source \| \d{4}-\d\d-\d\d \|/);
    assert.match(answer, /This issue stays open while the listings above last\./);
    assert.match(answer, /<sub>checked 1 of 1 lists<\/sub>/);
    assert.equal(answers().length, 1, 'one answer per /recheck');
    assert.equal(h.gh.issues[0]?.state, 'open');
    const asked = new Set(h.dns.queries.map((q) => q.name));
    assert.ok(asked.has('10.2.0.192.bl.test'));
    assert.ok(![...asked].some((n) => n.includes('7.100.51.198') || n.includes('99.113.0.203')), 'only the issue\'s own marker says what is checked');
  });

  test('a read-only or triage collaborator and a stranger get nothing: no reaction, no answer, no write, no check', async () => {
    await listed();
    const writes = h.gh.writes();
    const entries = h.cache.entries.length;
    const queries = h.dns.queries.length;
    for (const login of ['reader', 'triager', 'mallory']) {
      const r = await recheck({ login });
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(reactions(r.commentId), []);
      assert.match(r.stdout, new RegExp(`^/recheck by ${login} ignored: they have \\w+ access, and /recheck needs write access to the repository\\. Nothing was said to them\\.$`, 'm'));
    }
    assert.equal(h.gh.writes(), writes, 'no write through the API');
    assert.deepEqual(answers(), []);
    assert.equal(h.cache.entries.length, entries, 'no state saved');
    assert.equal(h.dns.queries.length, queries, 'nothing checked');
  });

  test('a clean recheck counts towards close-after, and reaching it closes the issue, as the patrol would; chat hears of the delisting only', async () => {
    await listed({ chatYaml: '{ when: always }' });
    h.listings.delete(T);
    const chat = { config: { chatYaml: '{ when: always }' }, inputs: { 'slack-webhook-url': `${slack.origin}/services/T0RECHECK/B0RECHECK/recheckToken0123456789` } };
    const first = await recheck(chat);
    assert.equal(first.code, 0, first.stdout);
    assert.match(answers()[0] ?? '', /\*\*Not listed any more on 1 list:\*\*\n\n- Test BL: clean check 1 of 2 in a row; the removal is confirmed after 2 clean checks/);
    assert.match(answers()[0] ?? '', /This issue stays open until the removal is confirmed by 2 clean checks in a row \(the daily patrol, or another \/recheck\)\./);
    assert.equal(h.gh.issues[0]?.state, 'open');
    assert.deepEqual((await snapshot())?.targets[T]?.clean, { 'test-bl': 1 });
    assert.equal(slack.received.length, 0, 'one clean check is no news for chat');

    const second = await recheck(chat);
    assert.equal(second.code, 0, second.stdout);
    assert.match(answers()[1] ?? '', /- Test BL: removal confirmed/);
    assert.match(answers()[1] ?? '', /Every removal is confirmed: this issue is closed\./);
    assert.equal(h.gh.issues[0]?.state, 'closed');
    assert.equal((await snapshot())?.targets[T], undefined);
    assert.equal(slack.received.length, 1);
    assert.match(slack.received[0]?.body.toString('utf8') ?? '', /Delisted/);
    assert.deepEqual(reactions(second.commentId), [`${BOT} eyes`, `${BOT} +1`]);
  });

  test('an unknown answer changes nothing and never closes: the list is named as not checked', async () => {
    const config: PatrolOptions = { lists: [TEST_LIST, 'spamhaus-zen-dqs'], closeAfter: 1 };
    const inputs = { 'spamhaus-dqs-key': DQS_KEY };
    h.listings.set(T, ['127.0.0.2']);
    await h.patrol({ ...config, keys: { 'spamhaus-dqs': DQS_KEY } });
    const before = (await snapshot())?.targets[T];
    h.listings.set(T, 'timeout');
    const r = await recheck({ config, inputs });
    assert.equal(r.code, 0, r.stdout);
    const answer = answers()[0] ?? '';
    assert.match(answer, /\*\*Could not be checked on 1 list\*\* \(no answer to trust: never counted as clean, nothing changed for them\):\n\n- Test BL: /);
    assert.match(answer, /Not listed on the other 1 list that answered\./);
    assert.match(answer, /This issue stays open while the listings above last\./);
    assert.equal(h.gh.issues[0]?.state, 'open', 'close-after 1, and still not closed on an unknown');
    assert.deepEqual((await snapshot())?.targets[T], before);
  });

  test('nothing could be checked: 😕, an answer saying so, the step fails, and nothing changes', async () => {
    await listed();
    const before = await snapshot();
    h.server = 'refused';
    const r = await recheck();
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error::Nothing was checked: no list passed its test points\. Nothing was changed\./m);
    assert.deepEqual(reactions(r.commentId), [`${BOT} eyes`, `${BOT} confused`]);
    assert.match(answers()[0] ?? '', /\*\*Nothing could be checked:\*\* no list passed its test points\. Nothing was changed: this issue and the saved state are as they were\./);
    assert.deepEqual((await snapshot())?.targets, before?.targets);
    assert.equal(h.gh.issues[0]?.state, 'open');
  });

  test('not our issue: a copied marker in someone else\'s issue, a pull request, an issue without our label, another comment: ignored', async () => {
    await listed();
    const forged = h.gh.addIssue({ title: 'looks like ours', body: renderMarker('198.51.100.7', { monitor: 'x', listings: { 'test-bl': { codes: ['127.0.0.2'], since: '2026-01-01T00:00:00Z' } }, clean: {} }), labels: ['blacklist-patrol'], user: { login: 'mallory' } });
    const pr = h.gh.addPullRequest({ title: 'a change', body: h.gh.issues[0]?.body ?? '', labels: ['blacklist-patrol'], user: { login: BOT } });
    const queries = h.dns.queries.length;
    const cases: [Ask, RegExp][] = [
      [{ issue: forged.number }, /^\/recheck on issue #2 ignored: it is not one of ours \(written by github-actions\[bot\] with our hidden marker\)\.$/m],
      [{ issue: pr.number, pullRequest: true }, /^\/recheck: nothing to do: the comment is on a pull request\.$/m],
      [{ labels: ['mail'] }, /^\/recheck: nothing to do: the issue has no blacklist-patrol label\.$/m],
      [{ body: 'could someone /recheck this?' }, /^\/recheck: nothing to do: the comment is not \/recheck\.$/m],
    ];
    for (const [ask, said] of cases) {
      const r = await recheck(ask);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, said);
      assert.deepEqual(reactions(r.commentId), []);
    }
    assert.deepEqual(answers(forged.number), []);
    assert.deepEqual(answers(), []);
    assert.equal(h.dns.queries.length, queries, 'nothing was checked');
  });

  test('mode: recheck on another event fails the step saying how to run it, and touches nothing', async () => {
    await listed();
    const writes = h.gh.writes();
    const r = await recheck({ eventName: 'schedule' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error::mode: recheck answers \/recheck comments: run it on issue_comment events \(this run's event is schedule\); see \.github\/workflows\/recheck\.yml$/m);
    assert.equal(h.gh.writes(), writes);
  });

  test('re-running a recheck run answers once, reacts once, and counts the clean check once', async () => {
    await listed();
    h.listings.delete(T);
    const first = await recheck();
    const id = String(runId);
    assert.deepEqual((await snapshot())?.targets[T]?.clean, { 'test-bl': 1 });
    const again = await recheck({ runId: id, attempt: '2' });
    assert.equal(again.code, 0, again.stdout);
    assert.equal(again.commentId, first.commentId);
    assert.equal(answers().length, 1);
    assert.deepEqual(reactions(first.commentId), [`${BOT} eyes`, `${BOT} +1`]);
    assert.match(again.stdout, /already has the answer to this comment \(a re-run\); not answered again/);
    assert.deepEqual((await snapshot())?.targets[T]?.clean, { 'test-bl': 1 }, 'the re-run starts from the state its run started from');
    assert.equal(h.gh.issues[0]?.state, 'open');
  });
});
