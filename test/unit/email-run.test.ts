// The run's email decisions without a mail server: when the summary goes out, which delistings
// it still owes, and what a re-run, a dry run or a failed send leave for the next run.
// The real SMTP round trip is in test/integration/email.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EMAILED_RUNS_KEPT, emailDue, owedDelistings, sendRunEmail, type EmailAdapter, type EmailRun } from '../../src/notify/email-run.ts';
import type { ChangeKind, TargetChange } from '../../src/state/diff.ts';
import type { DelistedSinceEmail, Snapshot } from '../../src/state/snapshot.ts';
import { SNAPSHOT_LIMITS } from '../../src/state/snapshot.ts';

function change(target: string, kind: ChangeKind, removed: string[] = []): TargetChange {
  return { target, monitor: `m-${target}`, kind, added: [], removed, recoded: [], before: undefined, after: undefined };
}

const NOW = new Date('2026-12-01T06:00:00Z');
const old = (target: string): DelistedSinceEmail => ({ target, monitor: `m-${target}`, lists: ['zen'], at: '2026-11-30T06:00:00Z' });

describe('emailDue: notify.email.when', () => {
  const still = [change('192.0.2.1', 'still')];
  const cases: [Parameters<typeof emailDue>, boolean, string][] = [
    [['never', 3, [change('192.0.2.1', 'new')], 1], false, 'never, whatever happened'],
    [['always', 0, [], 0], true, 'always, even with nothing listed'],
    [['listed', 1, still, 0], true, 'listed: something is still listed'],
    [['listed', 0, [], 0], false, 'listed: nothing listed, nothing changed'],
    [['listed', 0, [change('192.0.2.1', 'delisted')], 0], true, 'listed: the last listing just went away'],
    [['listed', 0, [], 1], true, 'listed: a delisting an earlier email did not report'],
    [['changes', 2, still, 0], false, 'changes: still listed is no change'],
    [['changes', 2, [...still, change('192.0.2.2', 'new')], 0], true, 'changes: a new listing'],
    [['changes', 0, [], 1], true, 'changes: an owed delisting'],
  ];
  for (const [args, due, why] of cases) test(why, () => assert.equal(emailDue(...args), due));
});

describe('owedDelistings', () => {
  const snapshot = (d: DelistedSinceEmail[]): Snapshot => ({ delistedSinceEmail: d }) as unknown as Snapshot;
  const all = (): boolean => true;

  test('older ones from the snapshot first, then this run’s delistings with their lists and time', () => {
    const owed = owedDelistings(true, snapshot([old('192.0.2.1')]), [change('192.0.2.2', 'delisted', ['zen', 'sbl']), change('192.0.2.3', 'new')], all, NOW);
    assert.deepEqual(owed, [old('192.0.2.1'), { target: '192.0.2.2', monitor: 'm-192.0.2.2', lists: ['zen', 'sbl'], at: NOW.toISOString() }]);
  });

  test('a re-run recomputes its own delistings instead of owing them twice', () => {
    const previous = snapshot([{ ...old('192.0.2.2'), at: NOW.toISOString() }]);
    const owed = owedDelistings(true, previous, [change('192.0.2.2', 'delisted', ['zen'])], all, NOW);
    assert.deepEqual(owed.map((d) => d.target), ['192.0.2.2']);
  });

  test('a delisting still owed stays owed when the address is listed again before the email goes out', () => {
    const owed = owedDelistings(true, snapshot([old('192.0.2.1')]), [change('192.0.2.1', 'new'), change('192.0.2.2', 'still')], all, NOW);
    assert.deepEqual(owed, [old('192.0.2.1')]);
  });

  test('a delisting whose issue could not be closed is not owed yet', () => {
    const owed = owedDelistings(true, null, [change('192.0.2.2', 'delisted'), change('192.0.2.3', 'delisted')], (c) => c.target === '192.0.2.3', NOW);
    assert.deepEqual(owed.map((d) => d.target), ['192.0.2.3']);
  });

  test('nothing is kept without an email to report it', () => {
    assert.deepEqual(owedDelistings(false, snapshot([old('192.0.2.1')]), [change('192.0.2.2', 'delisted')], all, NOW), []);
  });

  test('bounded like the rest of the state: the newest are kept', () => {
    const many = Array.from({ length: SNAPSHOT_LIMITS.delisted }, (_, i) => old(`10.0.${i >> 8}.${i & 255}`));
    const owed = owedDelistings(true, snapshot(many), [change('192.0.2.2', 'delisted')], all, NOW);
    assert.equal(owed.length, SNAPSHOT_LIMITS.delisted);
    assert.equal(owed.at(-1)?.target, '192.0.2.2');
    assert.equal(owed[0]?.target, '10.0.0.1');
  });
});

describe('sendRunEmail', () => {
  function adapter(fail?: string) {
    const sent: string[] = [];
    const previewed: string[] = [];
    const a: EmailAdapter = {
      send: (e) => (fail ? Promise.reject(new Error(fail)) : Promise.resolve(void sent.push(e.subject))),
      preview: (e) => Promise.resolve(void previewed.push(e.subject)),
    };
    return { a, sent, previewed };
  }
  function run(over: Partial<EmailRun> & { adapter: EmailAdapter }): EmailRun {
    let n = 0;
    return { when: 'listed', runId: '42', dryRun: false, listed: 1, changes: [], delisted: [old('192.0.2.9')], emailed: ['41'], render: () => ({ subject: `subject ${++n}`, html: '', text: '' }), ...over };
  }

  test('sent: the run is remembered and the delistings it reported are no longer owed', async () => {
    const m = adapter();
    const r = await sendRunEmail(run({ adapter: m.a }));
    assert.deepEqual(r, { email: { status: 'sent', subject: 'subject 1' }, emailed: ['41', '42'], delisted: [] });
    assert.deepEqual(m.sent, ['subject 1']);
  });

  test('a re-run of a run whose email went out sends nothing and changes nothing', async () => {
    const m = adapter();
    const r = await sendRunEmail(run({ adapter: m.a, emailed: ['42'] }));
    assert.deepEqual(r, { email: { status: 'skipped', reason: "this run's email was already sent (re-run)" }, emailed: ['42'], delisted: [old('192.0.2.9')] });
    assert.deepEqual(m.sent, []);
  });

  test('not due: skipped, naming the setting, and the delistings stay owed', async () => {
    const m = adapter();
    const r = await sendRunEmail(run({ adapter: m.a, when: 'changes', changes: [change('192.0.2.1', 'still')], delisted: [] }));
    assert.deepEqual(r.email, { status: 'skipped', reason: 'nothing to report for notify.email.when: changes' });
    assert.deepEqual([m.sent, m.previewed], [[], []]);
  });

  test('a dry run previews and remembers nothing, so the real run still sends', async () => {
    const m = adapter();
    const r = await sendRunEmail(run({ adapter: m.a, dryRun: true }));
    assert.deepEqual(r, { email: { status: 'previewed', subject: 'subject 1' }, emailed: ['41'], delisted: [old('192.0.2.9')] });
    assert.deepEqual([m.sent, m.previewed], [[], ['subject 1']]);
  });

  test('a failed send says why and keeps everything for the next run', async () => {
    const m = adapter('535 authentication failed');
    const r = await sendRunEmail(run({ adapter: m.a }));
    assert.deepEqual(r, { email: { status: 'failed', subject: 'subject 1', error: '535 authentication failed' }, emailed: ['41'], delisted: [old('192.0.2.9')] });
  });

  test(`the last ${EMAILED_RUNS_KEPT} run ids are kept`, async () => {
    const m = adapter();
    const emailed = Array.from({ length: EMAILED_RUNS_KEPT }, (_, i) => String(i));
    const r = await sendRunEmail(run({ adapter: m.a, emailed, runId: 'new' }));
    assert.deepEqual(r.emailed, [...emailed.slice(1), 'new']);
  });
});
