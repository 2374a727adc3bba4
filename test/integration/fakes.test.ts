// Proves the GitHub and cache fakes speak what the real clients expect: Octokit with the retry and
// throttling plugins, and @actions/cache 6 with tar + zstd, unchanged.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import * as cache from '@actions/cache';
import { startGitHubFake } from '../helpers/github-fake.ts';
import type { GitHubFake } from '../helpers/github-fake.ts';
import { startCacheFake } from '../helpers/cache-fake.ts';
import type { CacheFake } from '../helpers/cache-fake.ts';

const repo = { owner: 'mail-admin', repo: 'patrol' };

/**
 * Octokit as the action builds it, with the waits shrunk: the plugins multiply their delays
 * (retry: (n+1)² s, throttling: retry-after s) by retryAfterBaseValue (default 1000 ms), and the
 * throttling plugin spaces writes 1 s apart and issue/comment creation 3 s apart unless given
 * its own Bottleneck groups. A fresh `id` keeps one test's pacing from leaking into the next.
 */
function octokit(fake: GitHubFake, token = 'ghs_test') {
  const limits = { primary: [] as number[], secondary: [] as number[] };
  const fast = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const client = getOctokit(token, {
    baseUrl: fake.url,
    retry: { retryAfterBaseValue: 10 },
    throttle: {
      id: randomUUID(),
      retryAfterBaseValue: 10,
      write: fast(),
      notifications: fast(),
      onRateLimit: (after: number) => limits.primary.push(after) > 0,
      onSecondaryRateLimit: (after: number) => limits.secondary.push(after) > 0,
    },
  }, retry, throttling);
  return { client, limits };
}

describe('GitHub fake with the real Octokit', () => {
  let fake: GitHubFake;
  before(async () => {
    fake = await startGitHubFake({ repository: 'mail-admin/patrol' });
  });
  after(() => fake.stop());

  test('75 issues come back by label over three pages; update, comment and close stick', async () => {
    const { client } = octokit(fake);
    for (let i = 1; i <= 75; i++) {
      await client.rest.issues.create({ ...repo, title: `192.0.2.${i} listed`, body: `<!-- patrol:${i} -->`, labels: ['blacklist-patrol', 'listing'] });
    }
    await client.rest.issues.create({ ...repo, title: 'unrelated', labels: ['blacklist-patrol'] });
    fake.addIssue({ title: 'by a human', labels: ['blacklist-patrol', 'listing'], user: { login: 'octocat' } });

    const before = fake.requests.length;
    const listed = await client.paginate(client.rest.issues.listForRepo, { ...repo, labels: 'blacklist-patrol,listing', state: 'open', per_page: 30 });
    assert.equal(fake.requests.length - before, 3);
    assert.equal(listed.length, 76); // 'unrelated' lacks a label; the human's issue has both
    assert.ok(listed.every((i) => i.pull_request === undefined));
    const mine = listed.filter((i) => i.user?.login === 'github-actions[bot]');
    assert.deepEqual(new Set(mine.map((i) => i.title)), new Set(Array.from({ length: 75 }, (_, k) => `192.0.2.${k + 1} listed`)));

    const target = mine.find((i) => i.body === '<!-- patrol:7 -->');
    assert.ok(target);
    await client.rest.issues.update({ ...repo, issue_number: target.number, title: '192.0.2.7 still listed' });
    const comment = await client.rest.issues.createComment({ ...repo, issue_number: target.number, body: 'Still listed on zen.test' });
    assert.equal(comment.status, 201);
    assert.equal(comment.data.user?.login, 'github-actions[bot]');
    await client.rest.issues.update({ ...repo, issue_number: target.number, state: 'closed', state_reason: 'completed' });

    const { data: closed } = await client.rest.issues.get({ ...repo, issue_number: target.number });
    assert.equal(closed.title, '192.0.2.7 still listed');
    assert.equal(closed.state, 'closed');
    assert.equal(closed.state_reason, 'completed');
    assert.ok(closed.closed_at);
    assert.equal(closed.comments, 1);
    const comments = await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: target.number });
    assert.deepEqual(comments.map((c) => c.body), ['Still listed on zen.test']);
    const open = await client.paginate(client.rest.issues.listForRepo, { ...repo, labels: 'listing', per_page: 100 });
    assert.equal(open.length, 75); // 74 of ours + the human's; the closed one is gone
  });

  test('Link header names next, last, prev and first like GitHub', async () => {
    const res = await fetch(`${fake.url}/repos/mail-admin/patrol/issues?labels=listing&state=all&per_page=30&page=2`, { headers: { authorization: 'token x' } });
    const link = res.headers.get('link') ?? '';
    for (const [page, rel] of [[1, 'prev'], [3, 'next'], [3, 'last'], [1, 'first']] as const) {
      assert.match(link, new RegExp(`<[^>]*[?&]page=${page}[^>]*>; rel="${rel}"`));
    }
    assert.equal(res.headers.get('x-ratelimit-limit'), '1000');
    assert.equal(res.headers.get('x-ratelimit-resource'), 'core');
  });

  test('a 502 is retried by the retry plugin; a lasting 500 gives up after 3 retries', async () => {
    const { client } = octokit(fake);
    fake.fail({ method: 'GET', path: '/issues/1', times: 1, status: 502 });
    const { data } = await client.rest.issues.get({ ...repo, issue_number: 1 });
    assert.equal(data.number, 1);
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/issues/1')).length, 2);

    fake.fail({ path: '/issues/2', times: 10, status: 500 });
    await assert.rejects(client.rest.issues.get({ ...repo, issue_number: 2 }), { status: 500 });
    assert.equal(fake.requests.filter((r) => r.path.endsWith('/issues/2')).length, 4);
  });

  test('a secondary rate limit waits retry-after, then the write lands once', async () => {
    const { client, limits } = octokit(fake);
    const writes = fake.writes();
    const comments = fake.comments.length;
    fake.fail({ method: 'POST', path: '/comments', times: 1, status: 403, secondary: true, retryAfter: 1 });
    await client.rest.issues.createComment({ ...repo, issue_number: 3, body: 'retried' });
    assert.deepEqual(limits.secondary, [1]);
    assert.equal(fake.writes() - writes, 2);
    assert.equal(fake.comments.length - comments, 1);
  });

  test('a primary rate limit (403, remaining 0) waits for the reset, then retries', async () => {
    const { client, limits } = octokit(fake);
    fake.fail({ method: 'GET', path: '/issues/4', times: 1, status: 403, retryAfter: 1 });
    const { data } = await client.rest.issues.get({ ...repo, issue_number: 4 });
    assert.equal(data.number, 4);
    assert.equal(limits.primary.length, 1);
  });

  test('labels: create, duplicate is 422 already_exists, add to an issue', async () => {
    const { client } = octokit(fake);
    await client.rest.issues.createLabel({ ...repo, name: 'delisted', color: '0e8a16' });
    await assert.rejects(client.rest.issues.createLabel({ ...repo, name: 'Delisted', color: '0e8a16' }),
      (e: { status: number; response: { data: { errors: { code: string }[] } } }) =>
        e.status === 422 && e.response.data.errors[0]?.code === 'already_exists');
    const { data } = await client.rest.issues.addLabels({ ...repo, issue_number: 5, labels: ['delisted'] });
    assert.deepEqual(data.map((l) => l.name), ['blacklist-patrol', 'listing', 'delisted']);
  });

  test('GET /user is 403 for the GITHUB_TOKEN bot, and not retried', async () => {
    const { client } = octokit(fake);
    await assert.rejects(client.rest.users.getAuthenticated(), { status: 403, message: /Resource not accessible by integration/ });
    assert.equal(fake.requests.filter((r) => r.path === '/user').length, 1);
  });

  test('a request without a token is 401', async () => {
    const res = await fetch(`${fake.url}/repos/mail-admin/patrol/issues`);
    assert.equal(res.status, 401);
  });

});

/** GitHub's 422 body: which field, which code, and the message or value it names. */
type Invalid = { status: number; response: { data: { message: string; errors: { field: string; code: string; message?: string; value?: string }[] } } };
const invalid = (field: string, detail: RegExp) => (e: Invalid): boolean =>
  e.status === 422 && e.response.data.message === 'Validation Failed'
  && e.response.data.errors.some((x) => x.field === field && detail.test(`${x.code} ${x.message ?? ''} ${x.value ?? ''}`));

describe('GitHub fake refuses what GitHub refuses', () => {
  let fake: GitHubFake;
  before(async () => {
    fake = await startGitHubFake({
      repository: 'mail-admin/patrol',
      assignable: ['octocat'],
      tokens: { ghs_workflow: { kind: 'workflow' }, ghs_app: { kind: 'app', slug: 'patrol-app' }, ghp_person: { kind: 'user', login: 'octocat' } },
    });
  });
  after(() => fake.stop());

  test('another repository is 404, owner and name swapped included; case does not matter', async () => {
    const { client } = octokit(fake);
    await assert.rejects(client.rest.issues.listForRepo({ owner: 'someone-else', repo: 'patrol' }), { status: 404 });
    await assert.rejects(client.rest.issues.create({ owner: 'patrol', repo: 'mail-admin', title: 'x' }), { status: 404 });
    const { data } = await client.rest.issues.create({ owner: 'Mail-Admin', repo: 'Patrol', title: 'x' });
    assert.equal(data.html_url, `https://github.com/mail-admin/patrol/issues/${data.number}`);
  });

  test('a login that cannot be assigned is 422 on create and edit; GET assignees/{login} says 204 or 404', async () => {
    const { client } = octokit(fake);
    await assert.rejects(client.rest.issues.create({ ...repo, title: 't', assignees: ['octocat', 'octocta'] }), invalid('assignees', /invalid .*octocta/));
    const { data } = await client.rest.issues.create({ ...repo, title: 't', assignees: ['OctoCat', 'mail-admin'] });
    assert.deepEqual(data.assignees?.map((a) => a.login), ['OctoCat', 'mail-admin']);
    await assert.rejects(client.rest.issues.update({ ...repo, issue_number: data.number, assignees: ['nobody'] }), invalid('assignees', /nobody/));
    assert.equal((await client.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: 'octocat' })).status, 204);
    await assert.rejects(client.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: 'octocta' }), { status: 404 });
  });

  test('the issues listing returns pull requests too, marked by a pull_request key', async () => {
    const { client } = octokit(fake);
    fake.addIssue({ title: 'an issue', labels: ['mixed'] });
    fake.addPullRequest({ title: 'a pull request', labels: ['mixed'] });
    const listed = await client.paginate(client.rest.issues.listForRepo, { ...repo, labels: 'mixed', state: 'all' });
    assert.deepEqual(listed.map((i) => [i.title, i.pull_request !== undefined]).sort(), [['a pull request', true], ['an issue', false]]);
  });

  test('a deleted issue is gone from listings and 410 everywhere; issues turned off are 410', async () => {
    const { client } = octokit(fake);
    const gone = fake.addIssue({ title: 'deleted later', labels: ['gone'] });
    fake.deleteIssue(gone.number);
    assert.deepEqual(await client.paginate(client.rest.issues.listForRepo, { ...repo, labels: 'gone' }), []);
    await assert.rejects(client.rest.issues.get({ ...repo, issue_number: gone.number }), { status: 410, message: /This issue was deleted/ });
    await assert.rejects(client.rest.issues.createComment({ ...repo, issue_number: gone.number, body: 'x' }), { status: 410 });

    fake.setIssuesEnabled(false);
    try {
      await assert.rejects(client.rest.issues.listForRepo(repo), { status: 410, message: /Issues are disabled for this repo/ });
      await assert.rejects(client.rest.issues.create({ ...repo, title: 'x' }), { status: 410 });
      assert.equal((await client.rest.repos.get(repo)).data.has_issues, false);
    } finally {
      fake.setIssuesEnabled(true);
    }
  });

  test('150 comments come in pages of 100; the Link header names the last page', async () => {
    const { client } = octokit(fake);
    const { data: issue } = await client.rest.issues.create({ ...repo, title: 'busy' });
    for (let i = 1; i <= 150; i++) fake.addComment(issue.number, `comment ${i}`, 'octocat');
    const first = await client.rest.issues.listComments({ ...repo, issue_number: issue.number, per_page: 100 });
    assert.equal(first.data.length, 100);
    assert.match(first.headers.link ?? '', /[?&]page=2>; rel="last"/);
    const last = await client.rest.issues.listComments({ ...repo, issue_number: issue.number, per_page: 100, page: 2 });
    assert.deepEqual([last.data.length, last.data.at(-1)?.body, last.data.at(-1)?.user?.login], [50, 'comment 150', 'octocat']);
  });

  test('bodies over 65,536 characters and titles over 256 are 422, on create, edit and comment', async () => {
    const { client } = octokit(fake);
    const max = 'é'.repeat(65_536); // characters, not bytes: 131,072 bytes in UTF-8 and still accepted
    const { data: issue } = await client.rest.issues.create({ ...repo, title: 't'.repeat(256), body: max });
    assert.equal(issue.body?.length, 65_536);
    await assert.rejects(client.rest.issues.create({ ...repo, title: 't', body: `${max}x` }), invalid('body', /body is too long \(maximum is 65536 characters\)/));
    await assert.rejects(client.rest.issues.create({ ...repo, title: 't'.repeat(257) }), invalid('title', /maximum is 256 characters/));
    await assert.rejects(client.rest.issues.update({ ...repo, issue_number: issue.number, body: `${max}x` }), invalid('body', /too long/));
    await client.rest.issues.createComment({ ...repo, issue_number: issue.number, body: max });
    await assert.rejects(client.rest.issues.createComment({ ...repo, issue_number: issue.number, body: `${max}x` }), invalid('data', /Body is too long/));
  });

  test('identities: workflow token, GitHub App installation token and a person\'s token', async () => {
    const viewer = async (client: ReturnType<typeof octokit>['client']): Promise<string> =>
      (await client.graphql<{ viewer: { login: string } }>('query { viewer { login } }')).viewer.login;
    for (const [token, login, installation] of [['ghs_workflow', 'github-actions[bot]', true], ['ghs_app', 'patrol-app[bot]', true], ['ghp_person', 'octocat', false]] as const) {
      const { client } = octokit(fake, token);
      if (installation) {
        await assert.rejects(client.rest.users.getAuthenticated(), { status: 403, message: /Resource not accessible by integration/ });
        assert.equal((await client.rest.apps.listReposAccessibleToInstallation()).data.repositories[0]?.full_name, 'mail-admin/patrol');
      } else {
        assert.equal((await client.rest.users.getAuthenticated()).data.login, login);
        await assert.rejects(client.rest.apps.listReposAccessibleToInstallation(), { status: 403, message: /installation access token/ });
      }
      await assert.rejects(client.rest.apps.getAuthenticated(), { status: 401, message: /JSON web token/ });
      assert.equal(await viewer(client), login);
      const { data: issue } = await client.rest.issues.create({ ...repo, title: `by ${login}` });
      const { data: comment } = await client.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hi' });
      assert.deepEqual([issue.user?.login, issue.user?.type, comment.user?.login], [login, installation ? 'Bot' : 'User', login]);
    }
  });
});

describe('cache fake with the real @actions/cache', () => {
  let fake: CacheFake;
  let dir: string;
  let state: string;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    fake = await startCacheFake();
    dir = await mkdtemp(join(tmpdir(), 'cache-fake-'));
    state = join(dir, 'workspace', '.patrol-state');
    await mkdir(join(dir, 'runner-temp'), { recursive: true });
    for (const [k, v] of Object.entries(fake.env(join(dir, 'runner-temp'), join(dir, 'workspace')))) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const writeState = async (text: string) => {
    await rm(state, { recursive: true, force: true });
    await mkdir(state, { recursive: true });
    await writeFile(join(state, 'state.json'), text);
  };

  test('save, restore by prefix (newest wins), duplicate key is -1, eviction is a miss', async (t) => {
    await writeState('{"run":1}');
    assert.ok(await cache.saveCache([state], 'patrol-state-1') > 0);
    await writeState('{"run":2}');
    assert.ok(await cache.saveCache([state], 'patrol-state-2') > 0);
    assert.deepEqual(fake.entries.map((e) => e.key), ['patrol-state-1', 'patrol-state-2']);

    await rm(state, { recursive: true });
    assert.equal(await cache.restoreCache([state], 'patrol-state-', ['patrol-state-']), 'patrol-state-2');
    assert.equal(await readFile(join(state, 'state.json'), 'utf8'), '{"run":2}');
    assert.equal(await cache.restoreCache([state], 'patrol-state-1'), 'patrol-state-1');
    assert.equal(await readFile(join(state, 'state.json'), 'utf8'), '{"run":1}');

    // GitHub answers 409 already_exists; the library logs a ReserveCacheError and returns -1.
    const log = t.mock.method(process.stdout, 'write');
    assert.equal(await cache.saveCache([state], 'patrol-state-2'), -1);
    assert.ok(log.mock.calls.some((c) => String(c.arguments[0]).includes('Unable to reserve cache with key patrol-state-2, another job may be creating this cache')));
    log.mock.restore();
    assert.equal(await cache.restoreCache([state], 'other-', ['other-']), undefined);

    fake.clear();
    assert.equal(await cache.restoreCache([state], 'patrol-state-', ['patrol-state-']), undefined);
  });

  test('blob uploads in blocks (Put Block + Put Block List, what the Azure SDK sends above 128 MiB)', async () => {
    const twirp = (method: string, body: object) => fetch(`${fake.url}twirp/github.actions.results.api.v1.CacheService/${method}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}` }, body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, string>>);
    const entry = { key: 'blocks-1', version: 'v1' };
    const { signed_upload_url: upload = '' } = await twirp('CreateCacheEntry', entry);
    const ids = ['YmxvY2stMA==', 'YmxvY2stMQ=='];
    for (const [i, part] of ['first-', 'second'].entries()) {
      const res = await fetch(`${upload}&comp=block&blockid=${encodeURIComponent(ids[i] ?? '')}`, { method: 'PUT', body: part });
      assert.equal(res.status, 201);
    }
    const list = `<?xml version="1.0" encoding="UTF-8"?><BlockList>${ids.map((i) => `<Latest>${i}</Latest>`).join('')}</BlockList>`;
    assert.equal((await fetch(`${upload}&comp=blocklist`, { method: 'PUT', body: list })).status, 201);
    assert.equal((await twirp('FinalizeCacheEntryUpload', { ...entry, size_bytes: '12' })).ok, true);
    const found = await twirp('GetCacheEntryDownloadURL', { ...entry, restore_keys: [] });
    assert.equal(found.matched_key, 'blocks-1');
    assert.equal(await (await fetch(found.signed_download_url ?? '')).text(), 'first-second');
  });
});
