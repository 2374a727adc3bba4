// A busy issue: people have written hundreds of comments, and a re-run of a change must still find
// the comment it already made and not make it again. Real Octokit against the local GitHub fake,
// which pages comments 100 at a time as GitHub does; the sync is called directly (no DNS, no cache).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/model.ts';
import { createGitHubIssues } from '../../src/notify/github.ts';
import { findOurIssues, syncIssues, type IssueApi } from '../../src/notify/issues.ts';
import { diffRun } from '../../src/state/diff.ts';
import type { TargetsState } from '../../src/state/snapshot.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';

const T = '192.0.2.10';

function listed(codes: string[]): Verdict[] {
  return [{ target: T, monitor: 'mx1', list: 'spamcop', status: 'listed', codes, meanings: codes.map(() => 'spam'), txt: [] }];
}

/** One run from `state`: diff, then sync against GitHub; the state after it. */
async function run(api: IssueApi, state: TargetsState, codes: string[]): Promise<TargetsState> {
  const { next, changes } = diffRun(state, listed(codes), {
    now: new Date('2026-11-28T06:00:00Z'),
    closeAfter: 2,
    selectedLists: new Set(['spamcop']),
    monitored: new Map([[T, 'mx1']]),
    partial: false,
  });
  const r = await syncIssues(api, changes, await findOurIssues(api), () => ({ lists: new Map(), coverage: 'checked 1 of 1 lists' }), { labels: [], assignees: [], maxWrites: 10 }, new Date('2026-11-28T06:00:00Z'));
  assert.deepEqual(r.failed, []);
  return next;
}

describe('a re-run finds its comment among hundreds (GitHub fake, real Octokit)', () => {
  let gh: GitHubFake;
  let api: IssueApi;
  before(async () => {
    gh = await startGitHubFake({ repository: 'octo/mail' });
    api = createGitHubIssues({ token: 'ghs_test', owner: 'octo', repo: 'mail', baseUrl: gh.url, retryAfterBaseValue: 5, writeSpacingMs: 0 });
  });
  after(() => gh.stop());

  test('our comment on the last of three pages, then on the page before the last: never made twice', async () => {
    const listedOnce = await run(api, {}, ['127.0.0.2']);
    const [issue] = gh.issues;
    assert.ok(issue);
    for (let i = 0; i < 200; i++) gh.addComment(issue.number, `note ${i}`, 'octocat');
    await run(api, listedOnce, ['127.0.0.4']); // ours is comment 201: page 3 of 3
    const ours = (): number => gh.comments.filter((c) => c.issue_number === issue.number && c.user.login !== 'octocat').length;
    assert.equal(ours(), 1);

    let writes = gh.writes();
    await run(api, listedOnce, ['127.0.0.4']); // the same run again
    assert.equal(gh.writes(), writes, 'no second comment');

    for (let i = 0; i < 100; i++) gh.addComment(issue.number, `later ${i}`, 'octocat'); // ours is now on page 3 of 4
    writes = gh.writes();
    await run(api, listedOnce, ['127.0.0.4']);
    assert.equal(gh.writes(), writes, 'no second comment');
    assert.equal(ours(), 1);
  });
});
