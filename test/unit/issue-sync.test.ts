// Issue sync as a mail admin sees it: runs of verdicts go through the real diff and the real
// sync into an in-memory repository of issues, and the tests read what a person would see there
// (which issues are open, their titles, the comments, how many writes a run made). The GitHub
// REST side (Octokit against the local fake) is covered by test/integration/action-issues.test.ts;
// this file keeps the sync's rules fast enough to run for every mutant (npm run mutation).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/model.ts';
import { dryRunIssues, findOurIssues, LABEL, stateFromIssues, syncIssues, type IssueApi, type IssueRecord, type SyncResult } from '../../src/notify/issues.ts';
import { renderMarker } from '../../src/notify/marker.ts';
import { diffRun } from '../../src/state/diff.ts';
import type { TargetsState } from '../../src/state/snapshot.ts';

const BOT = 'github-actions[bot]';
const A = '192.0.2.10';
const B = '192.0.2.11';
const C = '192.0.2.12';

interface Comment {
  number: number;
  author: string;
  body: string;
}

/** A repository's issues in memory: every write is recorded; identity is the token's login. */
class Repo implements IssueApi {
  issues: (IssueRecord & { labels: string[]; assignees: string[] })[] = [];
  comments: Comment[] = [];
  writes: string[] = [];
  /** Calls that throw, by kind and issue number (or 'create'). */
  broken = new Set<string>();
  readonly me: string;
  constructor(me = BOT) {
    this.me = me;
  }

  identity(): Promise<string> {
    return Promise.resolve(this.me);
  }
  listIssues(label: string): Promise<IssueRecord[]> {
    return Promise.resolve(this.issues.filter((i) => i.labels.includes(label)).map((i) => ({ ...i })));
  }
  create(issue: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<IssueRecord> {
    if (this.broken.has('create')) return Promise.reject(new Error('create failed'));
    this.writes.push('create');
    return Promise.resolve({ ...this.add({ ...issue, author: this.me }) });
  }
  update(number: number, patch: { title?: string; body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'reopened' }): Promise<void> {
    if (this.broken.has(`update ${number}`)) return Promise.reject(new Error(`update of #${number} failed`));
    this.writes.push(`update ${number}`);
    const issue = this.issue(number);
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.state !== undefined) issue.state = patch.state;
    return Promise.resolve();
  }
  comment(number: number, body: string): Promise<void> {
    this.writes.push(`comment ${number}`);
    this.comments.push({ number, author: this.me, body });
    return Promise.resolve();
  }
  recentComments(number: number): Promise<{ author: string; body: string }[]> {
    return Promise.resolve(this.comments.filter((c) => c.number === number).map(({ author, body }) => ({ author, body })));
  }

  /** An issue as someone (by default the patrol) wrote it. */
  add(seed: { title: string; body: string; author: string; labels?: string[]; assignees?: string[]; state?: 'open' | 'closed' }): IssueRecord & { labels: string[]; assignees: string[] } {
    const number = this.issues.length + 1;
    const issue = { number, state: 'open' as const, url: `https://github.test/octo/mail/issues/${number}`, labels: [LABEL], assignees: [], ...seed };
    this.issues.push(issue);
    return issue;
  }
  issue(number: number): IssueRecord & { labels: string[]; assignees: string[] } {
    const found = this.issues.find((i) => i.number === number);
    assert.ok(found, `issue #${number} exists`);
    return found;
  }
  open(): string[] {
    return this.issues.filter((i) => i.state === 'open').map((i) => i.title);
  }
  commentsOn(number: number): string[] {
    return this.comments.filter((c) => c.number === number).map((c) => c.body);
  }
}

type Answers = Record<string, Record<string, Verdict['status'] | string[]>>;

/** Verdicts of one run: per target, per list, a status, or the codes it is listed with. */
function verdicts(answers: Answers): Verdict[] {
  return Object.entries(answers).flatMap(([target, lists]) =>
    Object.entries(lists).map(([list, a]): Verdict => {
      const codes = Array.isArray(a) ? a : [];
      return { target, monitor: `mx-${target.slice(-2)}`, list, status: Array.isArray(a) ? 'listed' : a, codes, meanings: codes.map(() => 'spam source'), txt: [] };
    }),
  );
}

interface RunOptions {
  closeAfter?: number;
  maxWrites?: number;
  api?: IssueApi;
  monitored?: string[];
  assignees?: string[];
}

/** The patrol, as far as issues go: previous state, this run's verdicts, diff, sync. */
class Patrol {
  state: TargetsState = {};
  readonly repo: Repo;
  constructor(repo: Repo) {
    this.repo = repo;
  }

  async run(answers: Answers, opts: RunOptions = {}): Promise<SyncResult> {
    const monitored = opts.monitored ?? Object.keys(answers);
    const lists = new Set(Object.values(answers).flatMap((l) => Object.keys(l)));
    const { next, changes } = diffRun(this.state, verdicts(answers), {
      now: new Date('2026-11-28T06:00:00Z'),
      closeAfter: opts.closeAfter ?? 2,
      selectedLists: lists.size > 0 ? lists : new Set(['spamcop']),
      monitored: new Map(monitored.map((t) => [t, `mx-${t.slice(-2)}`])),
      partial: false,
    });
    const api = opts.api ?? this.repo;
    const existing = await findOurIssues(api);
    const sync = await syncIssues(api, changes, existing, () => ({ lists: new Map(), coverage: 'checked 1 of 1 lists' }), { labels: ['mail'], assignees: opts.assignees ?? [], maxWrites: opts.maxWrites ?? 50 }, new Date('2026-12-01T06:00:00Z'));
    // As the patrol saves it: only what was delivered moves on.
    for (const t of new Set([...Object.keys(this.state), ...Object.keys(next)])) {
      if (!sync.delivered.has(t)) continue;
      const s = next[t];
      if (s) this.state[t] = { ...s, ...(sync.issues.has(t) ? { issue: sync.issues.get(t) } : {}) };
      else delete this.state[t];
    }
    return sync;
  }
}

describe('issue sync: what a mail admin sees in the repository', () => {
  test('a new listing opens one issue, labelled and assigned; the same run again writes nothing', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    const first = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] }, [B]: { spamcop: 'clean' } }, { assignees: ['postmaster'] });
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 1 blacklist`]);
    assert.deepEqual(repo.issues[0]?.labels, ['blacklist-patrol', 'mail']);
    assert.deepEqual(repo.issues[0]?.assignees, ['postmaster']);
    assert.deepEqual([...first.delivered], [A]);
    assert.equal(first.writes, 1);
    assert.equal(first.issues.get(A), 1);
    assert.equal(first.urls.get(1), 'https://github.test/octo/mail/issues/1');

    const again = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] }, [B]: { spamcop: 'clean' } });
    assert.equal(again.writes, 0);
    assert.deepEqual(repo.writes, ['create']);
    assert.equal(again.issues.get(A), 1, 'the issue is still known by its number');
    assert.equal(again.urls.get(1), 'https://github.test/octo/mail/issues/1');
  });

  test('a changed return code edits the title and body and comments once, however often the run is repeated', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const before = repo.issue(1).body;
    const state = structuredClone(patrol.state);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'], psbl: ['127.0.0.2'] } });
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 2 blacklists`]);
    assert.notEqual(repo.issue(1).body, before);
    assert.deepEqual(
      repo.commentsOn(1).map((c) => c.split('\n')[0]),
      ['- Newly listed on **psbl**: `127.0.0.2`'],
    );
    // The same run again (a re-run, its state not saved): the comment is not repeated.
    patrol.state = state;
    const rerun = await patrol.run({ [A]: { spamcop: ['127.0.0.2'], psbl: ['127.0.0.2'] } });
    assert.equal(rerun.writes, 0);
    assert.equal(repo.commentsOn(1).length, 1);
  });

  test('a copy of our comment fingerprint posted by someone else does not stop our comment', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const state = structuredClone(patrol.state);
    await patrol.run({ [A]: { spamcop: ['127.0.0.4'] } });
    const ours = repo.comments.splice(0);
    assert.equal(ours.length, 1);
    repo.comments.push({ number: 1, author: 'mallory', body: `fixed already ${/<!--[^>]*-->/.exec(ours[0]?.body ?? '')?.[0] ?? ''}` });
    patrol.state = state;
    await patrol.run({ [A]: { spamcop: ['127.0.0.4'] } });
    assert.deepEqual(
      repo.comments.map((c) => c.author),
      ['mallory', BOT],
    );
    assert.match(repo.comments[1]?.body ?? '', /Return code changed on \*\*spamcop\*\*: `127\.0\.0\.2` → `127\.0\.0\.4`/);
  });

  test('an issue closes only when the delisting is confirmed, with a comment and a title that no longer says listed', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const one = await patrol.run({ [A]: { spamcop: 'clean' } }, { closeAfter: 2 });
    assert.equal(one.writes, 1, 'the body says the delisting is pending');
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 1 blacklist`]);
    assert.match(repo.issue(1).body, /Clean again on spamcop \(1 run\)/);
    await patrol.run({ [A]: { spamcop: 'clean' } }, { closeAfter: 2 });
    assert.deepEqual(repo.open(), []);
    assert.equal(repo.issue(1).title, `${A} (mx-10) is no longer listed`);
    assert.match(repo.commentsOn(1).at(-1) ?? '', /^Delisted: no longer listed on any checked blacklist/);
    // Closed is closed: the next clean run writes nothing.
    const after = await patrol.run({ [A]: { spamcop: 'clean' } }, { closeAfter: 2 });
    assert.equal(after.writes, 0);
  });

  test('a target taken out of monitors.yml has its issue closed, saying so', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    await patrol.run({}, { monitored: [] });
    assert.deepEqual(repo.open(), []);
    assert.equal(repo.issue(1).title, `${A} (mx-10) is no longer monitored`);
    assert.match(repo.commentsOn(1)[0] ?? '', /no longer in `monitors\.yml`/);
  });

  test('an issue closed by hand stays closed while nothing changes, and reopens when the listing changes', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    repo.issue(1).state = 'closed';
    const still = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(still.writes, 0);
    assert.deepEqual(repo.open(), []);
    assert.ok(still.delivered.has(A));
    await patrol.run({ [A]: { spamcop: ['127.0.0.2', '127.0.0.4'] } });
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 1 blacklist`]);
    assert.equal(repo.issues.length, 1, 'the same issue, not a new one');
    assert.match(repo.commentsOn(1)[0] ?? '', /^- Return code changed on \*\*spamcop\*\*/);
  });

  test('a relisting reopens the closed issue with "Listed again", instead of opening another', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    await patrol.run({ [A]: { spamcop: 'clean' } }, { closeAfter: 1 });
    assert.deepEqual(repo.open(), []);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 1 blacklist`]);
    assert.equal(repo.issues.length, 1);
    assert.match(repo.commentsOn(1).at(-1) ?? '', /^Listed again\.\n\n- Newly listed on \*\*spamcop\*\*/);
  });

  test('an issue body edited by a person is left alone until our next change', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const issue = repo.issue(1);
    issue.body = `Ticket #4711 opened with SpamCop.\n\n${issue.body}`;
    const quiet = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(quiet.writes, 0);
    assert.match(repo.issue(1).body, /Ticket #4711/);
    // Someone retitles it: the title is ours, it comes back.
    issue.title = 'mx is blocked';
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(repo.issue(1).title, `${A} (mx-10) is listed on 1 blacklist`);
  });

  test('the write budget defers whole targets to the next run, which finishes them', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    const listed = { [A]: { spamcop: ['127.0.0.2'] }, [B]: { spamcop: ['127.0.0.2'] }, [C]: { spamcop: ['127.0.0.2'] } };
    const first = await patrol.run(listed, { maxWrites: 2 });
    assert.equal(first.writes, 2);
    assert.deepEqual(first.deferred, [C]);
    assert.equal(repo.issues.length, 2);
    const second = await patrol.run(listed, { maxWrites: 2 });
    assert.deepEqual(second.deferred, []);
    assert.equal(repo.issues.length, 3);
    assert.deepEqual(repo.open().sort(), [A, B, C].map((t) => `${t} (mx-${t.slice(-2)}) is listed on 1 blacklist`));

    // A delisting needs two writes (comment and close): with one left it waits whole, never half done.
    const tight = await patrol.run({ ...listed, [A]: { spamcop: 'clean' } }, { closeAfter: 1, maxWrites: 1 });
    assert.deepEqual(tight.deferred, [A]);
    assert.equal(repo.commentsOn(1).length, 0);
    assert.equal(repo.open().length, 3);
  });

  test('a write GitHub refuses fails that target only; the others are delivered', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    repo.broken.add('update 1');
    const r = await patrol.run({ [A]: { spamcop: ['127.0.0.4'] }, [B]: { spamcop: ['127.0.0.2'] } });
    assert.deepEqual(r.failed, [{ target: A, error: 'update of #1 failed' }]);
    assert.deepEqual([...r.delivered], [B]);
    assert.equal(repo.issues.length, 2);
  });

  test('a create that fails is reported with its message, and the next run opens the issue', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    repo.broken.add('create');
    const r = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.deepEqual(r.failed, [{ target: A, error: 'create failed' }]);
    assert.equal(r.delivered.size, 0);
    repo.broken.clear();
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(repo.issues.length, 1);
  });
});

describe('issue sync: comments and closings are never repeated, never missed', () => {
  test('each new return code on the same list is commented, one after the other', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    await patrol.run({ [A]: { spamcop: ['127.0.0.4'] } });
    await patrol.run({ [A]: { spamcop: ['127.0.0.8'] } });
    assert.deepEqual(
      repo.commentsOn(1).map((c) => c.split('\n')[0]),
      ['- Return code changed on **spamcop**: `127.0.0.2` → `127.0.0.4`', '- Return code changed on **spamcop**: `127.0.0.4` → `127.0.0.8`'],
    );
  });

  test('a re-run whose DNS answer gives the same codes in another order does not comment again', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const state = structuredClone(patrol.state);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2', '127.0.0.4'] } });
    assert.equal(repo.commentsOn(1).length, 1);
    patrol.state = state;
    await patrol.run({ [A]: { spamcop: ['127.0.0.4', '127.0.0.2'] } });
    assert.equal(repo.commentsOn(1).length, 1);
  });

  test('an issue closed by hand gets no delisting comment and no second close when the delisting is confirmed', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    repo.issue(1).state = 'closed';
    repo.issue(1).title = 'handled by hand';
    const r = await patrol.run({ [A]: { spamcop: 'clean' } }, { closeAfter: 1 });
    assert.equal(r.writes, 0);
    assert.deepEqual(repo.commentsOn(1), []);
    assert.equal(repo.issue(1).title, 'handled by hand');
    assert.ok(r.delivered.has(A));
  });

  test('an open issue whose marker lists nothing is reused for a new listing, without saying "Listed again"', async () => {
    const repo = new Repo();
    // What a marker falls back to when hundreds of listings do not fit: no listings, so no state comes back from it.
    repo.add({ title: `${A} (mx-10) is listed on 300 blacklists`, body: renderMarker(A, { monitor: 'mx-10', listings: {}, clean: {} }), author: BOT });
    const patrol = new Patrol(repo);
    patrol.state = stateFromIssues(await findOurIssues(repo));
    assert.deepEqual(patrol.state, {});
    const r = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(repo.issues.length, 1, 'no duplicate');
    assert.deepEqual(repo.open(), [`${A} (mx-10) is listed on 1 blacklist`]);
    assert.deepEqual(repo.commentsOn(1), []);
    assert.equal(r.issues.get(A), 1);
  });
});

describe('our issues: only ours count', () => {
  const marker = (target: string, list = 'spamcop'): string => renderMarker(target, { monitor: 'mx', listings: { [list]: { codes: ['127.0.0.2'], since: '2026-11-01T06:00:00.000Z' } }, clean: {} });

  test('an issue carrying our marker but written by someone else is not ours, and does not stop ours', async () => {
    const repo = new Repo();
    repo.add({ title: 'forged', body: `x\n\n${marker(A)}`, author: 'mallory' });
    assert.equal((await findOurIssues(repo)).size, 0);
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(repo.issues.length, 2);
    assert.equal(repo.issue(1).title, 'forged', 'the forged issue is never edited');
  });

  test('with a GitHub App token, the issues the App wrote are its own', async () => {
    const repo = new Repo('patrol-app[bot]');
    repo.add({ title: 'ours', body: `x\n\n${marker(A)}`, author: 'patrol-app[bot]' });
    const ours = await findOurIssues(repo);
    assert.deepEqual([...ours.keys()], [A]);
  });

  test('issues without our label or without a marker are not ours', async () => {
    const repo = new Repo();
    repo.add({ title: 'no label', body: marker(A), author: BOT, labels: ['mail'] });
    repo.add({ title: 'no marker', body: 'hello', author: BOT });
    repo.add({ title: 'empty', body: '', author: BOT });
    assert.equal((await findOurIssues(repo)).size, 0);
  });

  test('a marker pasted above ours is not read as ours: the issue stays the one for its own address', async () => {
    const repo = new Repo();
    repo.add({ title: 'ours', body: `Same as ${B}:\n${marker(B)}\n\n${marker(A)}`, author: BOT });
    assert.deepEqual([...(await findOurIssues(repo)).keys()], [A]);
  });

  test('of several issues for one address, the open one counts, then the newest, in whatever order GitHub lists them', async () => {
    // GitHub lists the newest first by default; the fake in this file lists the oldest first. Both are tried.
    const pick = async (seeds: { title: string; state: 'open' | 'closed' }[]): Promise<string[]> => {
      const titles: string[] = [];
      for (const newestFirst of [false, true]) {
        const repo = new Repo();
        for (const seed of seeds) repo.add({ ...seed, body: marker(A), author: BOT });
        if (newestFirst) repo.issues.reverse();
        titles.push((await findOurIssues(repo)).get(A)?.title ?? '');
      }
      return titles;
    };
    assert.deepEqual(await pick([{ title: 'old closed', state: 'closed' }, { title: 'open', state: 'open' }, { title: 'newer closed', state: 'closed' }]), ['open', 'open']);
    assert.deepEqual(await pick([{ title: 'first', state: 'closed' }, { title: 'second', state: 'closed' }]), ['second', 'second']);
    assert.deepEqual(await pick([{ title: 'first', state: 'open' }, { title: 'second', state: 'open' }, { title: 'closed', state: 'closed' }]), ['second', 'second']);
  });

  test('a lost state comes back from the open issues only, with their numbers; a relisting then edits, not duplicates', async () => {
    const repo = new Repo();
    repo.add({ title: 'open', body: marker(A), author: BOT });
    repo.add({ title: 'closed', body: marker(B), author: BOT, state: 'closed' });
    repo.add({ title: 'empty marker', body: renderMarker(C, { monitor: 'mx', listings: {}, clean: {} }), author: BOT });
    const state = stateFromIssues(await findOurIssues(repo));
    assert.deepEqual(Object.keys(state), [A]);
    assert.equal(state[A]?.issue, 1);
    assert.deepEqual(state[A]?.listings.spamcop?.codes, ['127.0.0.2']);

    const patrol = new Patrol(repo);
    patrol.state = state;
    const r = await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    assert.equal(repo.issues.length, 3, 'no duplicate');
    assert.equal(r.issues.get(A), 1);
  });
});

describe('dry run', () => {
  test('says what it would do and writes nothing', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] }, [B]: { spamcop: ['127.0.0.2'] } });
    repo.issue(2).state = 'closed';
    const writes = repo.writes.length;
    const lines: string[] = [];
    const dry = dryRunIssues(repo, (l) => lines.push(l));
    patrol.state = structuredClone(patrol.state);
    await patrol.run(
      { [A]: { spamcop: 'clean' }, [B]: { spamcop: ['127.0.0.4'] }, [C]: { spamcop: ['127.0.0.2'] } },
      { api: dry, closeAfter: 1 },
    );
    assert.equal(repo.writes.length, writes);
    assert.deepEqual(lines, [
      '[dry-run] would comment on issue #1: Delisted: no longer listed on any checked blacklist (confirmed by consecutive clean checks), after 3 days.',
      `[dry-run] would close issue #1, titled: ${A} (mx-10) is no longer listed`,
      '[dry-run] would reopen and edit issue #2',
      '[dry-run] would comment on issue #2: - Return code changed on **spamcop**: `127.0.0.2` → `127.0.0.4`',
      `[dry-run] would open an issue: ${C} (mx-12) is listed on 1 blacklist (labels: ${LABEL}, mail)`,
    ]);
  });

  test('an issue it would open has no address yet: nothing links to it', async () => {
    const repo = new Repo();
    const r = await new Patrol(repo).run({ [A]: { spamcop: ['127.0.0.2'] }, [B]: { spamcop: ['127.0.0.2'] } }, { api: dryRunIssues(repo, () => undefined) });
    assert.equal(repo.issues.length, 0);
    const numbers = [A, B].map((t) => r.issues.get(t));
    assert.equal(new Set(numbers).size, 2, 'one would-be issue per target');
    assert.deepEqual(numbers.map((n) => (n === undefined ? undefined : r.urls.get(n))), ['', '']);
  });

  test('an edit alone is said as an edit', async () => {
    const repo = new Repo();
    const patrol = new Patrol(repo);
    await patrol.run({ [A]: { spamcop: ['127.0.0.2'] } });
    const lines: string[] = [];
    await patrol.run({ [A]: { spamcop: 'clean' } }, { api: dryRunIssues(repo, (l) => lines.push(l)) });
    assert.deepEqual(lines, ['[dry-run] would edit issue #1']);
  });
});
