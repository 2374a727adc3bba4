// When a listing ends, as a mail admin relies on it: only a clean answer from a list checked this
// run counts towards close-after; a list with no verdict (skipped for a missing key, unhealthy,
// timed out) changes nothing. Pure: diffRun over runs of verdicts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/model.ts';
import { diffRun, type DiffContext } from '../../src/state/diff.ts';
import type { TargetsState } from '../../src/state/snapshot.ts';

const T = '203.0.113.10';

function v(list: string, status: Verdict['status'], codes: string[] = status === 'listed' ? ['127.0.0.2'] : []): Verdict {
  return { target: T, monitor: 'mx1', list, status, codes, meanings: codes.map(() => 'spam'), txt: [] };
}

function ctx(over: Partial<DiffContext> = {}): DiffContext {
  return {
    now: new Date('2026-11-28T06:00:00Z'),
    closeAfter: 2,
    selectedLists: new Set(['spamcop', 'spamhaus-zen']),
    monitored: new Map([[T, 'mx1']]),
    partial: false,
    ...over,
  };
}

/** Runs the verdicts of each run in turn; the state and changes after the last. */
function runs(start: TargetsState, ...each: Verdict[][]): ReturnType<typeof diffRun> {
  let state = start;
  let last: ReturnType<typeof diffRun> = { next: state, changes: [] };
  for (const verdicts of each) {
    last = diffRun(state, verdicts, ctx());
    state = last.next;
  }
  return last;
}

describe('close-after counts clean answers only', () => {
  const listedOnBoth = diffRun({}, [v('spamcop', 'listed'), v('spamhaus-zen', 'listed')], ctx()).next;

  test('a list with no verdict this run (its key is missing) never counts as a clean run: the listing stays', () => {
    // spamhaus-zen is still selected but gives no verdict (skipped): three runs, far past close-after.
    const r = runs(listedOnBoth, [v('spamcop', 'listed')], [v('spamcop', 'listed')], [v('spamcop', 'listed')]);
    assert.deepEqual(Object.keys(r.next[T]?.listings ?? {}).sort(), ['spamcop', 'spamhaus-zen']);
    assert.equal(r.next[T]?.clean['spamhaus-zen'], undefined);
    assert.deepEqual(r.changes.map((c) => c.kind), ['still']);
  });

  test('a pending delisting is neither advanced nor reset by a run without a verdict', () => {
    const oneClean = runs(listedOnBoth, [v('spamcop', 'listed'), v('spamhaus-zen', 'clean')]).next;
    assert.equal(oneClean[T]?.clean['spamhaus-zen'], 1);
    const skipped = runs(oneClean, [v('spamcop', 'listed')], [v('spamcop', 'listed')]);
    assert.equal(skipped.next[T]?.clean['spamhaus-zen'], 1, 'still one clean run');
    assert.ok(skipped.next[T]?.listings['spamhaus-zen'], 'still listed');
    // The next clean answer confirms it.
    const confirmed = runs(skipped.next, [v('spamcop', 'listed'), v('spamhaus-zen', 'clean')]);
    assert.equal(confirmed.next[T]?.listings['spamhaus-zen'], undefined);
    assert.deepEqual(confirmed.changes[0]?.removed, ['spamhaus-zen']);
    assert.equal(confirmed.changes[0]?.kind, 'changed');
  });

  test('when the last listing is confirmed gone, the target is delisted and leaves the state', () => {
    const r = runs(listedOnBoth, [v('spamcop', 'clean'), v('spamhaus-zen', 'clean')], [v('spamcop', 'clean'), v('spamhaus-zen', 'clean')]);
    assert.deepEqual(r.changes.map((c) => [c.kind, c.removed]), [['delisted', ['spamcop', 'spamhaus-zen']]]);
    assert.equal(r.changes[0]?.after, undefined);
    assert.deepEqual(r.next, {});
  });
});
