// The snapshot's record of chat deliveries: which destinations each run reached, validated like
// the rest of the state, so a re-run posts only where it failed and a hand-edited record is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHATTED_KEPT, SnapshotError, chatSent, parseSnapshot, recordChat, type Snapshot } from '../../src/state/snapshot.ts';

const base: Snapshot = { version: 1, runId: '7', savedAt: '2026-11-28T06:17:00.000Z', base: {}, targets: {} };

test('a run\'s destinations are merged across its attempts, other runs kept, newest last and bounded', () => {
  let record = recordChat([], '7', ['slack']);
  record = recordChat(record, '7', ['webhook']);
  assert.deepEqual(record, [{ run: '7', sent: ['slack', 'webhook'] }]);
  assert.deepEqual(recordChat(record, '8', []), record, 'a run that reached nothing adds nothing');
  for (let i = 0; i < 30; i++) record = recordChat(record, `r${i}`, ['teams']);
  assert.equal(record.length, CHATTED_KEPT);
  assert.equal(record.at(-1)?.run, 'r29');
  assert.deepEqual(chatSent({ ...base, chatted: [{ run: '7', sent: ['discord'] }] }, '7'), ['discord']);
  assert.deepEqual(chatSent({ ...base, chatted: [{ run: '7', sent: ['discord'] }] }, '8'), []);
  assert.deepEqual(chatSent(null, '7'), []);
});

test('the record is read back strictly: an unknown destination is named, not trusted', () => {
  const ok = parseSnapshot(JSON.stringify({ ...base, chatted: [{ run: '7', sent: ['slack', 'webhook'] }] }));
  assert.deepEqual(ok.chatted, [{ run: '7', sent: ['slack', 'webhook'] }]);
  assert.throws(
    () => parseSnapshot(JSON.stringify({ ...base, chatted: [{ run: '7', sent: ['irc'] }] })),
    (e: unknown) => e instanceof SnapshotError && e.message === 'chatted[0].sent[0]: expected one of slack, teams, discord, webhook',
  );
});
