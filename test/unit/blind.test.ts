// A blind run is loud: which targets could not be checked and why, when the run saw nothing, and
// the partly-blind rule (a list or a target unchecked FAIL_AFTER_RUNS runs in a row fails the run).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerTracker, FAIL_AFTER_RUNS, judgeCoverage, judgeStreaks, watchedLists, type StreakInput } from '../../src/blind.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import type { ListDef, ListHealth, Target, Verdict } from '../../src/model.ts';
import { startingUnchecked, type Snapshot } from '../../src/state/snapshot.ts';

function list(id: string): ListDef {
  const l = findList(id);
  assert.ok(l, `catalog has ${id}`);
  return l;
}
const ok = (l: ListDef): ListHealth => ({ id: l.id, name: l.name, zone: l.zone, status: 'ok' });
const bad = (l: ListDef, status: ListHealth['status'] = 'empty', reason = 'empty: does not list its test point'): ListHealth => ({ id: l.id, name: l.name, zone: l.zone, status, reason });
const target = (value: string, over: Partial<Target> = {}): Target => ({
  value,
  kind: value.includes(':') ? 'ipv6' : /^[\d.]+$/.test(value) ? 'ipv4' : 'domain',
  monitor: 'mx1',
  via: 'address',
  skip: [],
  ...over,
});
function answers(...verdicts: [string, string, Verdict['status'], string?][]): AnswerTracker {
  const a = new AnswerTracker();
  for (const [t, l, status, reason] of verdicts) a.add({ target: t, monitor: 'mx1', list: l, status, codes: [], meanings: [], txt: [], ...(reason ? { reason } : {}) });
  return a;
}

const spamcop = list('spamcop'); // IPv4 and IPv6, default
const psbl = list('psbl'); // IPv4 only, default
const zen = list('spamhaus-zen-dqs'); // needs a key

describe('judgeCoverage: what could not be checked, never counted as clean', () => {
  test('every list failing its test points: blind, with the resolver as the likely cause', () => {
    const c = judgeCoverage([target('192.0.2.1')], [spamcop, psbl], [bad(spamcop), bad(psbl, 'unreachable', 'unreachable: timed out')], answers(['192.0.2.1', 'spamcop', 'unknown'], ['192.0.2.1', 'psbl', 'unknown']));
    assert.equal(c.blind?.reason, 'no list passed its test points');
    assert.match(c.blind?.fix ?? '', /resolver/);
    assert.match(c.notChecked[0]?.reason ?? '', /^none of its lists is usable: SpamCop \(empty: does not list its test point\); PSBL \(Passive Spam Block List\) \(unreachable: timed out\)$/);
  });

  test('an IPv6 address with only IPv4 lists is not checked, and not blind while another target is', () => {
    const c = judgeCoverage([target('192.0.2.1'), target('2001:db8::1')], [psbl], [ok(psbl)], answers(['192.0.2.1', 'psbl', 'clean']));
    assert.equal(c.blind, null);
    assert.deepEqual(c.notChecked, [{ target: '2001:db8::1', monitor: 'mx1', reason: 'no list in this run checks IPv6 addresses' }]);
  });

  test('the same IPv6 address alone: blind, and the fix is the configuration', () => {
    const c = judgeCoverage([target('2001:db8::1')], [psbl], [ok(psbl)], answers());
    assert.equal(c.blind?.reason, 'no list covers any target: no list in this run checks IPv6 addresses');
    assert.match(c.blind?.fix ?? '', /lists\.add/);
  });

  test("a monitor whose skip removes every list that checks its kind", () => {
    const c = judgeCoverage([target('192.0.2.1', { skip: ['spamcop', 'psbl'] }), target('192.0.2.2')], [spamcop, psbl], [ok(spamcop), ok(psbl)], answers(['192.0.2.2', 'psbl', 'clean']));
    assert.deepEqual(c.notChecked.map((n) => [n.target, n.reason]), [['192.0.2.1', 'its monitor skips every list that checks IPv4 addresses']]);
  });

  test('lists that are healthy but answer nothing trustworthy for a target: not checked, with the first reason', () => {
    const c = judgeCoverage(
      [target('192.0.2.1'), target('192.0.2.2')],
      [spamcop, psbl],
      [ok(spamcop), ok(psbl)],
      answers(['192.0.2.1', 'spamcop', 'unknown', 'timed out'], ['192.0.2.1', 'psbl', 'unknown', 'SERVFAIL'], ['192.0.2.2', 'psbl', 'listed']),
    );
    assert.deepEqual(c.notChecked.map((n) => n.reason), ['no trustworthy answer from any of its 2 usable lists (timed out)']);
  });

  test('one clean answer is enough: a target is checked once any list answered', () => {
    const c = judgeCoverage([target('192.0.2.1')], [spamcop, psbl], [ok(spamcop), ok(psbl)], answers(['192.0.2.1', 'spamcop', 'unknown', 'timed out'], ['192.0.2.1', 'psbl', 'clean']));
    assert.deepEqual(c, { blind: null, notChecked: [] });
  });

  test('only lists whose key is missing, no target at all, no list at all: each is blind with its own reason', () => {
    const skipped: ListHealth = { ...ok(zen), status: 'skipped', reason: 'needs a Spamhaus DQS key' };
    assert.equal(judgeCoverage([target('192.0.2.1')], [zen], [skipped], answers()).blind?.reason, 'every list needs a key that was not given');
    assert.equal(judgeCoverage([], [psbl], [ok(psbl)], answers()).blind?.reason, 'no target to check was found');
    assert.equal(judgeCoverage([target('192.0.2.1')], [], [], answers()).blind?.reason, 'no list is selected');
  });

  test('a target found twice (two monitors) is judged once', () => {
    const c = judgeCoverage([target('2001:db8::1'), target('2001:db8::1', { monitor: 'mx2' })], [psbl], [ok(psbl)], answers());
    assert.equal(c.notChecked.length, 1);
  });
});

describe('judgeStreaks: the partly-blind rule', () => {
  const empty = { lists: {}, targets: {} };
  const input = (over: Partial<StreakInput>): StreakInput => ({ previous: empty, health: [], watched: new Set([spamcop.id, psbl.id]), notChecked: [], partial: false, ...over });

  test(`a list the patrol relies on: warned for ${FAIL_AFTER_RUNS - 1} runs, fails at ${FAIL_AFTER_RUNS}, a working run resets it`, () => {
    let previous = input({}).previous;
    for (let run = 1; run <= FAIL_AFTER_RUNS; run++) {
      const r = judgeStreaks(input({ previous, health: [ok(spamcop), bad(psbl)] }));
      assert.equal(r.unchecked.lists[psbl.id], run);
      if (run < FAIL_AFTER_RUNS) {
        assert.deepEqual(r.failures, []);
        assert.equal(r.warnings.length, 1);
        const count = run === 1 ? '' : `, ${run} runs in a row`;
        assert.equal(r.warnings[0], `${psbl.name} could not be used (empty: does not list its test point)${count}; the patrol fails when a list it relies on is unusable ${FAIL_AFTER_RUNS} runs in a row.`);
      } else {
        assert.equal(r.failures.length, 1);
        assert.ok(r.failures[0]?.startsWith(`${psbl.name} could not be used (empty: does not list its test point) ${FAIL_AFTER_RUNS} runs in a row: `), r.failures[0]);
        assert.match(r.failures[0] ?? '', /lists\.skip/);
      }
      previous = r.unchecked;
    }
    const healed = judgeStreaks(input({ previous, health: [ok(spamcop), ok(psbl)] }));
    assert.deepEqual(healed, { unchecked: empty, warnings: [], failures: [] });
  });

  test('not counted: lists waiting for a key, and lists neither default nor named in lists.add', () => {
    const l2 = list('uceprotect-l2');
    const skipped: ListHealth = { ...ok(zen), status: 'skipped', reason: 'needs a Spamhaus DQS key' };
    const r = judgeStreaks(input({ previous: { lists: { [l2.id]: 9 }, targets: {} }, health: [skipped, bad(l2)], watched: watchedLists([zen, l2], []) }));
    assert.deepEqual(r, { unchecked: empty, warnings: [], failures: [] });
    assert.deepEqual([...watchedLists([zen, l2, psbl], ['uceprotect-l2'])].sort(), ['psbl', 'spamhaus-zen-dqs', 'uceprotect-l2']);
  });

  test('targets not checked: counted each run, grouped in messages, failing at the limit', () => {
    const notChecked = ['2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4'].map((t) => ({ target: t, monitor: 'v6', reason: 'no list in this run checks IPv6 addresses' }));
    const first = judgeStreaks(input({ notChecked }));
    assert.deepEqual(first.warnings, [
      `4 targets of v6 not checked (no list in this run checks IPv6 addresses): 2001:db8::1, 2001:db8::2, 2001:db8::3 and 1 more; never counted as clean. The patrol fails when a target goes unchecked ${FAIL_AFTER_RUNS} runs in a row.`,
    ]);
    const previous = { lists: {}, targets: { '2001:db8::1': FAIL_AFTER_RUNS - 1, '2001:db8::2': FAIL_AFTER_RUNS + 5 } };
    const later = judgeStreaks(input({ previous, notChecked }));
    assert.deepEqual(later.unchecked.targets, { '2001:db8::1': FAIL_AFTER_RUNS, '2001:db8::2': FAIL_AFTER_RUNS + 6, '2001:db8::3': 1, '2001:db8::4': 1 });
    assert.deepEqual(later.failures, [`2 targets of v6 not checked (no list in this run checks IPv6 addresses): 2001:db8::1, 2001:db8::2, ${FAIL_AFTER_RUNS} runs in a row or more.`]);
    assert.equal(later.warnings.length, 1);
    assert.match(later.warnings[0] ?? '', /^2 targets of v6 not checked .*2001:db8::3, 2001:db8::4;/);
  });

  test('a re-run of a run counts from where that run started, so it never fails a run early', () => {
    const snapshot: Snapshot = {
      version: 1,
      runId: '77',
      savedAt: '2026-11-28T06:17:00.000Z',
      base: {},
      targets: {},
      unchecked: { base: { lists: { [psbl.id]: FAIL_AFTER_RUNS - 2 }, targets: {} }, after: { lists: { [psbl.id]: FAIL_AFTER_RUNS - 1 }, targets: {} } },
    };
    const rerun = judgeStreaks(input({ previous: startingUnchecked(snapshot, '77'), health: [bad(psbl)] }));
    assert.equal(rerun.unchecked.lists[psbl.id], FAIL_AFTER_RUNS - 1);
    assert.deepEqual(rerun.failures, []);
    const next = judgeStreaks(input({ previous: startingUnchecked(snapshot, '78'), health: [bad(psbl)] }));
    assert.equal(next.failures.length, 1);
    assert.deepEqual(startingUnchecked(null, '1'), { lists: {}, targets: {} });
  });

  test('an ad-hoc run says what it could not check but neither counts nor fails', () => {
    const previous = { lists: { [psbl.id]: FAIL_AFTER_RUNS + 1 }, targets: { '2001:db8::1': FAIL_AFTER_RUNS + 1 } };
    const r = judgeStreaks(input({ previous, partial: true, health: [bad(psbl)], notChecked: [{ target: '2001:db8::1', monitor: 'm', reason: 'r' }] }));
    assert.deepEqual(r.unchecked, previous);
    assert.deepEqual(r.failures, []);
    assert.equal(r.warnings.length, 2);
  });
});
