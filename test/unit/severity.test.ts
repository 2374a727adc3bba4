// Severity decides who is woken: informational listings are shown, never alarming. The state rule:
// they ride along beside a listed target's listings, come and go without a change, and never make
// a target listed; unknown still changes nothing and a re-run still changes nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Severity, Verdict } from '../../src/model.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { alarms, listingSeverity, rateVerdict } from '../../src/dnsbl/severity.ts';
import { VerdictTally } from '../../src/report.ts';
import { diffRun, type DiffContext } from '../../src/state/diff.ts';
import type { TargetsState } from '../../src/state/snapshot.ts';

const T = '203.0.113.10';
const SPFBL = findList('spfbl');
const URIBL = findList('uribl-multi');

/** A rated verdict on SPFBL: 127.0.0.2 is medium (complaints), 127.0.0.4 info ("not a mail server"). */
function spfbl(status: Verdict['status'], codes: string[] = []): Verdict {
  return rateVerdict({ target: T, monitor: 'mx1', list: 'spfbl', status, codes, meanings: codes.map(() => 'm'), txt: [] }, SPFBL);
}
function spamcop(status: Verdict['status']): Verdict {
  const codes = status === 'listed' ? ['127.0.0.2'] : [];
  return rateVerdict({ target: T, monitor: 'mx1', list: 'spamcop', status, codes, meanings: codes.map(() => 'reported'), txt: [] }, findList('spamcop'));
}
function ctx(over: Partial<DiffContext> = {}): DiffContext {
  return { now: new Date('2026-11-28T06:00:00Z'), closeAfter: 2, selectedLists: new Set(['spfbl', 'spamcop']), monitored: new Map([[T, 'mx1']]), partial: false, ...over };
}

describe('severity of a listing', () => {
  test('the highest severity among its codes, as the catalog documents them; undocumented codes are medium', () => {
    assert.ok(SPFBL && URIBL);
    assert.equal(listingSeverity(SPFBL, ['127.0.0.4']), 'info');
    assert.equal(listingSeverity(SPFBL, ['127.0.0.4', '127.0.0.2']), 'medium');
    assert.equal(listingSeverity(URIBL, ['127.0.0.4']), 'info', 'URIBL grey');
    assert.equal(listingSeverity(URIBL, ['127.0.0.14']), 'high', 'URIBL black + grey + red');
    assert.equal(listingSeverity(SPFBL, ['127.0.0.99']), 'medium');
    assert.equal(listingSeverity(undefined, ['127.0.0.2']), 'medium');
  });

  test('min-severity: info alarms only at info; low is the default', () => {
    const table: [Severity, Severity, boolean][] = [
      ['info', 'low', false],
      ['info', 'info', true],
      ['low', 'low', true],
      ['medium', 'high', false],
      ['high', 'high', true],
    ];
    for (const [s, min, want] of table) assert.equal(alarms(s, min), want, `${s} at min ${min}`);
    assert.equal(alarms('info'), false);
  });

  test('the report counts informational listings apart: not in listed, not in listings', () => {
    const tally = new VerdictTally();
    tally.add(spfbl('listed', ['127.0.0.4']));
    tally.add(spamcop('clean'));
    assert.deepEqual([tally.listedCount, tally.listings, tally.informational], [0, 0, 1]);
    const all = new VerdictTally(undefined, 'info');
    all.add(spfbl('listed', ['127.0.0.4']));
    assert.deepEqual([all.listedCount, all.listings, all.informational], [1, 1, 0]);
  });
});

describe('informational listings in the state', () => {
  test('an informational-only target is not in the state and makes no change (default min-severity)', () => {
    const { next, changes } = diffRun({}, [spfbl('listed', ['127.0.0.4']), spamcop('clean')], ctx());
    assert.deepEqual(next, {});
    assert.deepEqual(changes, []);
  });

  test('with min-severity info the same answer is a new listing', () => {
    const { next, changes } = diffRun({}, [spfbl('listed', ['127.0.0.4'])], ctx({ minSeverity: 'info' }));
    assert.deepEqual(changes.map((c) => [c.kind, c.added]), [['new', ['spfbl']]]);
    assert.deepEqual(Object.keys(next[T]?.listings ?? {}), ['spfbl']);
  });

  test('beside an alarming listing it is kept as context, carried through unknown, dropped on clean, and never a change', () => {
    const first = diffRun({}, [spamcop('listed'), spfbl('listed', ['127.0.0.4'])], ctx());
    assert.deepEqual(first.changes.map((c) => [c.kind, c.added]), [['new', ['spamcop']]], 'only the alarming listing is news');
    assert.deepEqual(Object.keys(first.next[T]?.listings ?? {}), ['spamcop']);
    assert.deepEqual(first.next[T]?.info?.spfbl?.codes, ['127.0.0.4']);
    assert.equal(first.next[T]?.info?.spfbl?.since, '2026-11-28T06:00:00.000Z');

    const later = new Date('2026-11-29T06:00:00Z');
    const unknown = diffRun(first.next, [spamcop('listed'), spfbl('unknown')], ctx({ now: later }));
    assert.deepEqual(unknown.next, first.next, 'unknown changes nothing, context included');
    assert.deepEqual(unknown.changes.map((c) => c.kind), ['still']);

    const again = diffRun(unknown.next, [spamcop('listed'), spfbl('listed', ['127.0.0.4'])], ctx({ now: later }));
    assert.equal(again.next[T]?.info?.spfbl?.since, '2026-11-28T06:00:00.000Z', 'first seen is kept');

    const gone = diffRun(again.next, [spamcop('listed'), spfbl('clean')], ctx({ now: later }));
    assert.equal(gone.next[T]?.info, undefined);
    assert.deepEqual(gone.changes.map((c) => [c.kind, c.removed]), [['still', []]], 'its going is no delisting');
  });

  test('re-running the same verdicts from the same state gives the same state and changes', () => {
    const prev: TargetsState = diffRun({}, [spamcop('listed'), spfbl('listed', ['127.0.0.4'])], ctx()).next;
    const verdicts = [spamcop('listed'), spfbl('clean')];
    assert.deepEqual(diffRun(prev, verdicts, ctx()), diffRun(prev, verdicts, ctx()));
  });

  test('an alarming listing that turns informational counts towards its delisting, then stays as context', () => {
    const prev = diffRun({}, [spfbl('listed', ['127.0.0.2'])], ctx()).next;
    const one = diffRun(prev, [spfbl('listed', ['127.0.0.4'])], ctx());
    assert.deepEqual(one.changes.map((c) => c.kind), ['still']);
    assert.equal(one.next[T]?.clean.spfbl, 1);
    const two = diffRun(one.next, [spfbl('listed', ['127.0.0.4'])], ctx());
    assert.deepEqual(two.changes.map((c) => [c.kind, c.removed]), [['delisted', ['spfbl']]]);
    assert.deepEqual(two.next, {}, 'the target, listed only informationally now, leaves the state');
  });

  test('an informational listing that becomes alarming is a change like any new listing', () => {
    const prev = diffRun({}, [spamcop('listed'), spfbl('listed', ['127.0.0.4'])], ctx()).next;
    const { next, changes } = diffRun(prev, [spamcop('listed'), spfbl('listed', ['127.0.0.2', '127.0.0.4'])], ctx());
    assert.deepEqual(changes.map((c) => [c.kind, c.added]), [['changed', ['spfbl']]]);
    assert.deepEqual(next[T]?.listings.spfbl?.codes, ['127.0.0.2', '127.0.0.4']);
    assert.equal(next[T]?.info, undefined);
  });
});
