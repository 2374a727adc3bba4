// The issue lifecycle as a user sees it, for the rules a small bug would break unnoticed: only a
// clean answer counts towards close-after, a re-run starts from the state its run started from,
// a delisting is in exactly one email, and a dry run writes nothing anywhere. The re-run test keeps
// the Actions cache (its restore-by-prefix is what a re-run meets); the others keep state in a file,
// which follows the same rules and spares the tar and zstd processes of every cache operation.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emailAdapter } from '../../src/notify/email.ts';
import { fileStore } from '../../src/state/file-store.ts';
import { DQS_KEY, TEST_LIST, startHarness, type Harness } from '../helpers/patrol-harness.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const T = '192.0.2.10';

describe('the issue lifecycle (GitHub fake)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());
  beforeEach(async () => h.reset());

  test('a list with no verdict (its key is missing) never counts as a clean run: the issue stays open', async () => {
    const opts = { lists: [TEST_LIST, 'spamhaus-zen-dqs'], closeAfter: 2, store: fileStore(path.join(h.work, 'no-verdict.json')) };
    h.zen.set(T, ['127.0.0.2']);
    const listed = await h.patrol({ ...opts, keys: { 'spamhaus-dqs': DQS_KEY } });
    assert.deepEqual(listed.changes.map((c) => [c.target, c.kind, c.added]), [[T, 'new', ['spamhaus-zen-dqs']]]);
    // The key is gone (an expired secret): Spamhaus ZEN is skipped, the test list answers clean.
    for (let run = 0; run < 3; run++) {
      const out = await h.patrol(opts);
      assert.equal(out.lists.find((l) => l.id === 'spamhaus-zen-dqs')?.status, 'skipped');
      assert.equal(out.state[T]?.clean['spamhaus-zen-dqs'], undefined, 'no clean run was counted');
    }
    assert.equal(h.ours()[0]?.state, 'open', 'not closed by runs that never asked Spamhaus');
    // With the key back and ZEN answering clean, close-after applies as usual.
    h.zen.clear();
    await h.patrol({ ...opts, keys: { 'spamhaus-dqs': DQS_KEY } });
    assert.equal(h.ours()[0]?.state, 'open');
    await h.patrol({ ...opts, keys: { 'spamhaus-dqs': DQS_KEY } });
    assert.equal(h.ours()[0]?.state, 'closed');
  });

  test("a re-run of a run starts from that run's base: its clean run is not counted twice (real @actions/cache)", async () => {
    h.listings.set(T, ['127.0.0.2']);
    await h.patrol({ runId: '501' });
    h.listings.delete(T);
    const clean = await h.patrol({ runId: '502', attempt: '1' });
    assert.equal(clean.state[T]?.clean['test-bl'], 1);
    const rerun = await h.patrol({ runId: '502', attempt: '2' });
    assert.equal(rerun.state[T]?.clean['test-bl'], 1, 'still the first clean run');
    assert.equal(h.ours()[0]?.state, 'open', 'close-after is 2: one clean run does not close');
    await h.patrol({ runId: '503' });
    assert.equal(h.ours()[0]?.state, 'closed', 'the second clean run does');
  });

  test('a dry run makes no write to GitHub and saves no state, whatever the changes', async () => {
    h.listings.set(T, ['127.0.0.2']);
    h.listings.set('192.0.2.12', ['127.0.0.2']);
    const addresses = [T, '192.0.2.11', '192.0.2.12'];
    const file = path.join(h.work, 'dry.json');
    const store = fileStore(file);
    await h.patrol({ addresses, closeAfter: 1, store });
    assert.equal(h.ours().length, 2);
    // Every kind of write is due: a new listing, changed codes, a delisting.
    h.listings.set(T, ['127.0.0.2', '127.0.0.4']);
    h.listings.set('192.0.2.11', ['127.0.0.2']);
    h.listings.delete('192.0.2.12');
    const writes = h.gh.writes();
    const state = await readFile(file, 'utf8');
    const dry = await h.patrol({ addresses, closeAfter: 1, dryRun: true, store });
    assert.deepEqual(dry.changes.map((c) => c.kind).sort(), ['changed', 'delisted', 'new']);
    assert.equal(h.gh.writes(), writes, 'no write reached GitHub');
    assert.equal(await readFile(file, 'utf8'), state, 'no state saved');
    assert.equal(dry.saved, false);
    for (const what of [/would open an issue: 192\.0\.2\.11/, /would edit issue #\d+/, /would comment on issue #\d+/, /would close issue #\d+/]) {
      assert.ok(dry.infos.some((l) => what.test(l)), `prints ${String(what)}`);
    }
    // The real run afterwards does all of it, once.
    await h.patrol({ addresses, closeAfter: 1, store });
    assert.equal(h.ours().length, 3);
    assert.ok(h.gh.writes() > writes);
  });
});

describe('the email reports a delisting exactly once (smtp-server)', () => {
  let h: Harness;
  let smtp: SmtpSink;
  before(async () => {
    h = await startHarness();
    smtp = await startSmtpSink();
  });
  after(async () => {
    await h?.stop();
    await smtp?.stop();
  });

  test('listed, delisted, then two more runs: only the email of the delisting run mentions it', async () => {
    const adapter = emailAdapter({
      smtpUrl: `smtp://127.0.0.1:${smtp.port}?tls=insecure`,
      from: 'patrol@example.com',
      to: ['ops@example.com'],
      previewDir: h.work,
      log: () => undefined,
      attempts: 1,
      timeoutMs: 5000,
    });
    const opts = { addresses: [T, '192.0.2.11'], closeAfter: 1, email: '{ to: ops@example.com, when: always }', emailAdapter: adapter, store: fileStore(path.join(h.work, 'email.json')) };
    h.listings.set(T, ['127.0.0.2']);
    h.listings.set('192.0.2.11', ['127.0.0.2']);
    await h.patrol(opts);
    h.listings.delete(T);
    for (let run = 0; run < 3; run++) assert.equal((await h.patrol(opts)).email.status, 'sent');
    assert.equal(smtp.received.length, 4);
    const subjects = smtp.received.map((m) => m.subject ?? '');
    assert.match(subjects[1] ?? '', /, 1 delisted ·/);
    assert.deepEqual(subjects.map((s) => /delisted/.test(s)), [false, true, false, false], subjects.join('\n'));
    assert.deepEqual(smtp.received.map((m) => (m.text ?? '').includes('DELISTED SINCE THE LAST EMAIL')), [false, true, false, false]);
  });
});
