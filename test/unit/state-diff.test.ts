// Diffing a run against the previous state; markers; escaping of untrusted text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/model.ts';
import { diffRun, type DiffContext } from '../../src/state/diff.ts';
import { SnapshotError, parseSnapshot, serializeSnapshot, startingState, type TargetsState } from '../../src/state/snapshot.ts';
import { parseMarker, renderMarker } from '../../src/notify/marker.ts';
import { code, text } from '../../src/render/markdown.ts';
import { issueBody, issueTitle } from '../../src/render/issue.ts';
import { findList } from '../../src/dnsbl/catalog.ts';

const T = '203.0.113.10';
function v(list: string, status: Verdict['status'], codes: string[] = status === 'listed' ? ['127.0.0.2'] : []): Verdict {
  return { target: T, monitor: 'mx1', list, status, codes, meanings: codes.map(() => 'spam'), txt: status === 'listed' ? ['see url'] : [] };
}
function ctx(over: Partial<DiffContext> = {}): DiffContext {
  return {
    now: new Date('2026-11-28T06:00:00Z'),
    closeAfter: 2,
    selectedLists: new Set(['spamcop', 'psbl']),
    monitored: new Map([[T, 'mx1']]),
    partial: false,
    ...over,
  };
}

describe('diffRun', () => {
  test('a first listing is new, with its first-seen time', () => {
    const { next, changes } = diffRun({}, [v('spamcop', 'listed'), v('psbl', 'clean')], ctx());
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.kind, 'new');
    assert.deepEqual(changes[0]?.added, ['spamcop']);
    assert.equal(next[T]?.listings.spamcop?.since, '2026-11-28T06:00:00.000Z');
  });

  test('the same verdicts again: still listed, nothing added, since kept', () => {
    const first = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    const { next, changes } = diffRun(first, [v('spamcop', 'listed')], ctx({ now: new Date('2026-11-29T06:00:00Z') }));
    assert.equal(changes[0]?.kind, 'still');
    assert.equal(next[T]?.listings.spamcop?.since, '2026-11-28T06:00:00.000Z');
  });

  test('new codes on the same list: changed (recoded)', () => {
    const first = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    const { changes } = diffRun(first, [v('spamcop', 'listed', ['127.0.0.2', '127.0.0.4'])], ctx());
    assert.equal(changes[0]?.kind, 'changed');
    assert.deepEqual(changes[0]?.recoded, ['spamcop']);
  });

  test('delisted only after close-after consecutive clean runs; unknown in between changes nothing', () => {
    let state = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    let r = diffRun(state, [v('spamcop', 'clean')], ctx());
    assert.equal(r.changes[0]?.kind, 'still');
    assert.equal(r.next[T]?.clean.spamcop, 1);
    state = r.next;
    // A run of timeouts: the clean count neither grows nor resets, and nothing closes.
    for (let i = 0; i < 3; i++) {
      r = diffRun(state, [v('spamcop', 'unknown')], ctx());
      assert.equal(r.changes[0]?.kind, 'still');
      assert.equal(r.next[T]?.clean.spamcop, 1);
      state = r.next;
    }
    r = diffRun(state, [v('spamcop', 'clean')], ctx());
    assert.equal(r.changes[0]?.kind, 'delisted');
    assert.deepEqual(r.changes[0]?.removed, ['spamcop']);
    assert.equal(r.next[T], undefined);
  });

  test('listed again before the delisting is confirmed resets the clean count', () => {
    let state = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    state = diffRun(state, [v('spamcop', 'clean')], ctx()).next;
    const r = diffRun(state, [v('spamcop', 'listed')], ctx());
    assert.equal(r.next[T]?.clean.spamcop, undefined);
  });

  test('a list dropped from the config removes its listing; a target dropped from monitors is delisted', () => {
    const state = diffRun({}, [v('spamcop', 'listed'), v('psbl', 'listed')], ctx()).next;
    const r = diffRun(state, [v('psbl', 'listed')], ctx({ selectedLists: new Set(['psbl']) }));
    assert.equal(r.changes[0]?.kind, 'changed');
    assert.deepEqual(r.changes[0]?.removed, ['spamcop']);
    const gone = diffRun(state, [], ctx({ monitored: new Map() }));
    assert.equal(gone.changes[0]?.kind, 'delisted');
    assert.equal(gone.changes[0]?.note, 'no longer monitored');
    // An ad-hoc run leaves targets it did not check alone.
    const adhoc = diffRun(state, [], ctx({ monitored: new Map(), partial: true }));
    assert.deepEqual(adhoc.changes, []);
    assert.deepEqual(Object.keys(adhoc.next), [T]);
  });
});

describe('snapshots', () => {
  const targets: TargetsState = { [T]: { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:17:00.000Z' } }, clean: {}, issue: 4 } };

  test('round trip; a re-run of the same run starts from its base', () => {
    const s = parseSnapshot(serializeSnapshot({ version: 1, runId: '77', savedAt: '2026-11-28T06:17:00.000Z', base: {}, targets }));
    assert.deepEqual(startingState(s, '78'), targets);
    assert.deepEqual(startingState(s, '77'), {});
  });

  test('unreadable or future snapshots are refused with a reason', () => {
    assert.throws(() => parseSnapshot('{nope'), SnapshotError);
    assert.throws(() => parseSnapshot('{"version": 9, "runId": "1", "targets": {}}'), /newer Blacklist Patrol/);
    assert.throws(() => parseSnapshot('{"version": 1, "runId": "1", "savedAt": "2026-11-28T06:17:00Z", "targets": {"192.0.2.1": {"monitor": 1}}}'), /targets\["192\.0\.2\.1"\]\.monitor/);
  });
});

describe('markers and escaping', () => {
  test('the marker round-trips, even for xn-- domains and hostile text', () => {
    const state = { monitor: 'shop --> <b>', listings: { 'test-dbl': { codes: ['127.0.1.2'], since: 's', txt: ['--> <script>alert(1)</script>'] } }, clean: { 'test-dbl': 1 } };
    const m = renderMarker('xn--bcher-kva.example', state);
    assert.equal(m.indexOf('-->'), m.length - 3, 'only the closing --> ends the comment');
    assert.doesNotMatch(m.slice(4, -3), /--|<|>/);
    const parsed = parseMarker(`body\n\n${m}`);
    assert.equal(parsed?.target, 'xn--bcher-kva.example');
    assert.deepEqual(parsed?.state, state);
    assert.equal(parseMarker('no marker here'), null);
    assert.equal(parseMarker('<!-- blacklist-patrol:v1 {broken -->'), null);
  });

  test('only a whole marker of the right shape is read; an older or hand-edited one without clean counts still is', () => {
    const listings = { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00.000Z' } };
    const marker = (v: unknown): string => `<!-- blacklist-patrol:v1 ${JSON.stringify(v)} -->`;
    assert.deepEqual(parseMarker(marker({ target: T, monitor: 'mx1', listings, clean: { spamcop: 1 } }))?.state, { monitor: 'mx1', listings, clean: { spamcop: 1 } });
    for (const clean of [undefined, null]) {
      assert.deepEqual(parseMarker(marker({ target: T, monitor: 'mx1', listings, clean }))?.state, { monitor: 'mx1', listings, clean: {} }, `clean: ${clean}`);
    }
    assert.equal(parseMarker(marker({ target: 42, listings })), null, 'a target that is not text');
    assert.equal(parseMarker(marker({ target: T, listings: 'spamcop' })), null, 'listings that are not an object');
    assert.equal(parseMarker(marker({ target: T, listings: null })), null, 'no listings');
    // A body cut off before the marker's end.
    assert.equal(parseMarker(`${marker({ target: T, listings }).slice(0, -4)}\n`), null);
    // The marker's JSON without our opening, as if quoted, wherever it sits in the body.
    for (let pad = 0; pad < 40; pad++) assert.equal(parseMarker(`${' '.repeat(pad)}${JSON.stringify({ target: T, listings })} -->`), null, `at ${pad}`);
  });

  test('hostile TXT becomes inert text: no HTML, no mention, no link, no table break', () => {
    const hostile = '<img src=x onerror=alert(1)> @someone | https://evil.example `x`';
    const c = code(hostile);
    assert.match(c, /^``/);
    assert.ok(c.includes('\\|'));
    const t = text(hostile);
    assert.doesNotMatch(t, /<img/);
    assert.doesNotMatch(t, /@someone/);
    assert.doesNotMatch(t, /https:\/\/evil/);
  });

  test('an issue body: table of listings, causes, coverage, marker', () => {
    const list = findList('spamcop');
    assert.ok(list);
    const state = { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00Z', meanings: ['reported'], txt: ['<b>@bob</b>'] } }, clean: {} };
    const body = issueBody(T, state, { lists: new Map([['spamcop', list]]), coverage: 'checked 14 of 16 lists' });
    assert.equal(issueTitle(T, state), '203.0.113.10 (mx1) is listed on 1 blacklist');
    assert.match(body, /\| SpamCop \| high \| `127\.0\.0\.2` \| reported \| Recipients reported it as spam \| `<b>@bob<\/b>` \| 2026-11-20 \|/);
    // Only the cause this listing has, with its fix, and SpamCop's own removal process with the prefilled lookup.
    assert.match(body, /- \*\*Recipients reported it as spam\*\* \(SpamCop\): Recipients marked this mail as spam/);
    assert.doesNotMatch(body, /Open relay|Missing or generic reverse DNS/);
    assert.match(body, /- \*\*SpamCop\*\*: Expires by itself 24 hours after the last evidence\. There is no manual removal\. \[look up this address\]\(https:\/\/www\.spamcop\.net\/bl\.shtml\?203\.0\.113\.10\)/);
    assert.match(body, /checked 14 of 16 lists/);
    assert.equal(parseMarker(body)?.target, T);
  });
});

describe('diffRun: what carries over from run to run', () => {
  const U = '203.0.113.20';

  test('the same codes answered in another order are no change: no comment, no edit', () => {
    const orders: [string[], string[]][] = [
      [['127.0.0.2', '127.0.0.4'], ['127.0.0.4', '127.0.0.2']],
      [['127.0.0.4', '127.0.0.2'], ['127.0.0.2', '127.0.0.4']],
    ];
    for (const [then, now] of orders) {
      const first = diffRun({}, [v('spamcop', 'listed', then)], ctx()).next;
      const { changes } = diffRun(first, [v('spamcop', 'listed', now)], ctx());
      assert.equal(changes[0]?.kind, 'still', `${then.join()} then ${now.join()}`);
      assert.deepEqual(changes[0]?.recoded, []);
    }
  });

  test('a listing waiting for its delisting, or without an answer, keeps its meanings and TXT for the issue body', () => {
    const first = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    const listing = first[T]?.listings.spamcop;
    assert.deepEqual(listing?.meanings, ['spam']);
    assert.deepEqual(listing?.txt, ['see url']);
    const pending = diffRun(first, [v('spamcop', 'clean')], ctx()).next;
    assert.deepEqual(pending[T]?.listings.spamcop, listing);
    const timedOut = diffRun(pending, [v('spamcop', 'unknown')], ctx()).next;
    assert.deepEqual(timedOut[T]?.listings.spamcop, listing);
  });

  test('the issue number stays with a listed target, so the same issue is updated', () => {
    const prev: TargetsState = { [T]: { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00.000Z' } }, clean: {}, issue: 7 } };
    const { next } = diffRun(prev, [v('spamcop', 'listed', ['127.0.0.4'])], ctx());
    assert.equal(next[T]?.issue, 7);
  });

  test('an ad-hoc run leaves every target it did not check exactly as it was', () => {
    const listing = { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00.000Z', meanings: ['spam'], txt: ['see url'] };
    const prev: TargetsState = {
      [T]: { monitor: 'mx1', listings: { spamcop: listing }, clean: { spamcop: 1 }, info: { psbl: { codes: ['127.0.0.3'], since: '2026-11-21T06:00:00.000Z' } }, issue: 7 },
      [U]: { monitor: 'mx2', listings: { psbl: listing }, clean: {} },
    };
    const before = structuredClone(prev);
    const { next, changes } = diffRun(prev, [], ctx({ monitored: new Map(), partial: true }));
    assert.deepEqual(changes, []);
    assert.deepEqual(next, before);
  });

  test('a monitor renamed in monitors.yml: the state and the change carry the new name', () => {
    const first = diffRun({}, [v('spamcop', 'listed')], ctx()).next;
    const { next, changes } = diffRun(first, [v('spamcop', 'listed')], ctx({ monitored: new Map([[T, 'mail-out']]) }));
    assert.equal(next[T]?.monitor, 'mail-out');
    assert.equal(changes[0]?.monitor, 'mail-out');
  });

  test('a target taken out of monitors.yml: delisted under its monitor name, with only its lists removed', () => {
    const first = diffRun({}, [v('spamcop', 'listed'), v('psbl', 'listed')], ctx()).next;
    const { next, changes } = diffRun(first, [], ctx({ monitored: new Map() }));
    assert.deepEqual(next, {});
    assert.deepEqual(changes, [{ target: T, monitor: 'mx1', kind: 'delisted', added: [], removed: ['spamcop', 'psbl'], recoded: [], note: 'no longer monitored', before: first[T], after: undefined }]);
  });

  test('a state entry without listings (a hand-edited snapshot) taken out of monitors.yml announces no delisting', () => {
    const prev: TargetsState = { [T]: { monitor: 'mx1', listings: {}, clean: {}, issue: 3 } };
    const { next, changes } = diffRun(prev, [], ctx({ monitored: new Map() }));
    assert.deepEqual(changes, []);
    assert.deepEqual(next, {});
  });

  test('an informational listing on a list no longer selected is dropped; one merely unanswered is kept', () => {
    const info = (list: string): Verdict => ({ ...v(list, 'listed', ['127.0.0.4']), severity: 'info' });
    const first = diffRun({}, [v('spamcop', 'listed'), info('psbl')], ctx()).next;
    assert.deepEqual(Object.keys(first[T]?.info ?? {}), ['psbl']);
    const unanswered = diffRun(first, [v('spamcop', 'listed'), v('psbl', 'unknown')], ctx()).next;
    assert.deepEqual(unanswered[T]?.info, first[T]?.info);
    const dropped = diffRun(first, [v('spamcop', 'listed')], ctx({ selectedLists: new Set(['spamcop']) })).next;
    assert.equal(dropped[T]?.info, undefined);
  });

  test('changes come in address order, whatever order the verdicts came in', () => {
    const both = new Map([[T, 'mx1'], [U, 'mx2']]);
    const { changes } = diffRun({}, [{ ...v('spamcop', 'listed'), target: U, monitor: 'mx2' }, v('spamcop', 'listed')], ctx({ monitored: both }));
    assert.deepEqual(changes.map((c) => c.target), [T, U]);
  });
});
