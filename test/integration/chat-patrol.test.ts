// The chat step of the patrol, end to end: the real patrol (GitHub fake through Octokit, the real
// @actions/cache against the cache-service fake, an in-process DNS server), real local HTTP
// receivers for Slack and the generic webhook, and a real SMTP server for the email. Once per
// run, re-sent only where it failed with the same delivery id, and a chat outage costs nothing else.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chatAdapter, type ChatSecrets } from '../../src/notify/chat.ts';
import { chatDeliveryId, type ChatChannel } from '../../src/notify/chat-delivery.ts';
import { emailAdapter } from '../../src/notify/email.ts';
import { cacheStore } from '../../src/state/cache-store.ts';
import { slackProblems } from '../helpers/chat-platforms.ts';
import { startHarness, type Harness } from '../helpers/patrol-harness.ts';
import { closedPort, startReceiver, type Answer, type Received, type Receiver } from '../helpers/webhook-server.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

const SLACK_PATH = '/services/T0PATROL1/B0PATROL2/slackToken0123456789abcd';
const HOOK_PATH = '/relay/blacklist?token=HookToken0123456789';
const FAST = { attempts: 2, backoffMs: 10, timeoutMs: 2000, maxWaitMs: 1000 };

const body = (r: Received): Record<string, unknown> => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
const slackLike = (r: Received): Answer => (slackProblems(body(r)).length === 0 ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_blocks' });

describe('the patrol posts to chat once per run', () => {
  let h: Harness;
  let slack: Receiver;
  let hook: Receiver;
  let dir: string;
  /** What the hook answers next: 200, or 500 while `hookDown`. */
  let hookDown = false;

  before(async () => {
    h = await startHarness();
    slack = await startReceiver(slackLike);
    hook = await startReceiver(() => (hookDown ? { status: 500, body: 'relay down' } : { status: 200 }));
    dir = await mkdtemp(path.join(tmpdir(), 'bp-chat-patrol-'));
  });
  after(async () => {
    await Promise.all([h?.stop(), slack?.stop(), hook?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await h.reset();
    slack.received.length = 0;
    hook.received.length = 0;
    hookDown = false;
  });

  function channel(secrets: ChatSecrets, settings: ChatChannel['settings'] = { when: 'changes' }, preview = dir): ChatChannel {
    return { adapter: chatAdapter({ secrets, previewDir: preview, ...FAST }), settings, repository: 'octo/mail', runUrl: 'https://github.com/octo/mail/actions/runs/1' };
  }
  const both = (): ChatSecrets => ({ slack: `${slack.origin}${SLACK_PATH}`, webhook: `${hook.origin}${HOOK_PATH}`, webhookSecret: 'shared-secret-123' });

  test('a new listing is posted to each destination; the re-run of that run posts nothing; the next run has nothing new to say', async () => {
    h.listings.set('192.0.2.10', ['127.0.0.2']);
    const first = await h.patrol({ runId: '501', chat: channel(both()) });
    assert.equal(first.chat.status, 'delivered');
    assert.equal(slack.received.length, 1);
    assert.equal(hook.received.length, 1);
    const text = JSON.stringify(body(slack.received[0]!));
    assert.match(text, /Newly listed/);
    assert.match(text, /192\.0\.2\.10/);
    assert.match(text, /https:\/\/github\.com\/octo\/mail\/issues\/1\|issue/, 'the message links the issue the run opened');
    assert.equal(body(hook.received[0]!).delivery, chatDeliveryId('octo/mail', '501'));

    const rerun = await h.patrol({ runId: '501', chat: channel(both()) });
    assert.deepEqual(rerun.chat, { status: 'skipped', reason: "this run's chat posts were already sent (re-run)" });
    const next = await h.patrol({ runId: '502', chat: channel(both()) });
    assert.deepEqual(next.chat, { status: 'skipped', reason: 'nothing to post for notify.chat.when: changes' }, 'still listed is no news for when: changes');
    assert.equal(slack.received.length, 1);
    assert.equal(hook.received.length, 1);
  });

  test('a failed destination fails alone; the re-run posts only there, with the same delivery id', async () => {
    h.listings.set('192.0.2.10', ['127.0.0.2']);
    hookDown = true;
    const first = await h.patrol({ runId: '601', chat: channel(both()) });
    assert.equal(first.chat.status, 'delivered');
    assert.deepEqual(first.chat.status === 'delivered' ? first.chat.outcomes.map((o) => [o.kind, o.status]) : [], [['slack', 'sent'], ['webhook', 'failed']]);
    assert.equal(hook.received.length, FAST.attempts, '5xx retried, then given up');
    assert.equal(h.ours().length, 1, 'the issue is opened all the same');
    assert.equal(first.saved, true, 'and the state saved');

    hookDown = false;
    const rerun = await h.patrol({ runId: '601', chat: channel(both()) });
    assert.equal(rerun.chat.status, 'delivered');
    assert.deepEqual(rerun.chat.status === 'delivered' ? { sent: rerun.chat.outcomes.map((o) => [o.kind, o.status]), already: rerun.chat.already } : {}, { sent: [['webhook', 'sent']], already: ['slack'] });
    assert.equal(slack.received.length, 1, 'Slack is not posted twice');
    const [failed, resent] = [hook.received[0]!, hook.received.at(-1)!];
    assert.equal(resent.headers['x-blacklist-patrol-delivery'], failed.headers['x-blacklist-patrol-delivery']);
    assert.equal(body(resent).delivery, body(failed).delivery);
    const news = (r: Received): unknown => (body(r).targets as { target: string; kind: string; listings: { list: string; codes: string[] }[] }[]).map((t) => [t.target, t.kind, t.listings.map((l) => [l.list, l.codes])]);
    assert.deepEqual(news(resent), news(failed), 'the same news: the re-run starts from the same state');
    assert.deepEqual(news(resent), [['192.0.2.10', 'new', [['test-bl', ['127.0.0.2']]]]]);

    const again = await h.patrol({ runId: '601', chat: channel(both()) });
    assert.equal(again.chat.status, 'skipped', 'a third attempt has nothing left to send');
  });

  test('chat down: issues, state and the email are all done, and the failure is one clear message without the URL', async () => {
    const smtp = await startSmtpSink();
    try {
      h.listings.set('192.0.2.10', ['127.0.0.2']);
      const down = await closedPort();
      const out = await h.patrol({
        runId: '701',
        email: '{ to: ops@example.com, when: always }',
        emailAdapter: emailAdapter({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?tls=insecure`, from: 'patrol@example.com', to: ['ops@example.com'], previewDir: dir, log: () => undefined, attempts: 1 }),
        chat: channel({ slack: `http://127.0.0.1:${down}${SLACK_PATH}` }),
      });
      assert.equal(out.email.status, 'sent');
      assert.equal(h.ours().length, 1);
      assert.equal(out.saved, true);
      assert.equal(out.chat.status, 'delivered');
      const error = out.chat.status === 'delivered' && out.chat.outcomes[0]?.status === 'failed' ? out.chat.outcomes[0].error : '';
      assert.equal(error, `Slack (127.0.0.1): could not connect (ECONNREFUSED) after ${FAST.attempts} attempts`);
      const loaded = await cacheStore({ runId: 'x', runAttempt: '1' }).load();
      assert.deepEqual(loaded?.chatted ?? [], [], 'nothing recorded as sent: the re-run will try again');
      assert.ok(loaded?.targets['192.0.2.10'], 'the listing is in the saved state');
      assert.equal(smtp.received.length, 1, 'the email went out');
      assert.match(smtp.received[0]?.text ?? '', /NEWLY LISTED\n {2}192\.0\.2\.10/);
    } finally {
      await smtp.stop();
    }
  });

  test('when: always posts every run; listed posts while something is listed; severities leave low listings out', async () => {
    h.listings.set('192.0.2.10', ['127.0.0.2']);
    await h.patrol({ runId: '801', chat: channel(both(), { when: 'always' }) });
    await h.patrol({ runId: '802', chat: channel(both(), { when: 'always' }) });
    assert.equal(slack.received.length, 2);
    assert.match(JSON.stringify(body(slack.received[1]!)), /Still listed/);
    await h.patrol({ runId: '803', chat: channel(both(), { when: 'listed' }) });
    assert.equal(slack.received.length, 3);
    // A custom list's codes weigh high: asking for low and info only leaves nothing to say.
    const low = await h.patrol({ runId: '804', chat: channel(both(), { when: 'listed', severities: ['low', 'info'] }) });
    assert.deepEqual(low.chat, { status: 'skipped', reason: 'nothing to post for notify.chat.when: listed' });
    assert.equal(slack.received.length, 3);
  });

  test('a blind run: a short notice where chat hears every run (always), nothing otherwise, and nothing saved', async () => {
    h.server = 'refused';
    const quiet = await h.patrol({ runId: '901', chat: channel(both(), { when: 'changes' }) });
    assert.deepEqual(quiet.chat, { status: 'skipped', reason: 'nothing was checked: no chat post (the failed run says so)' });
    assert.equal(slack.received.length, 0);
    const loud = await h.patrol({ runId: '902', chat: channel(both(), { when: 'always' }) });
    assert.equal(loud.chat.status, 'delivered');
    const text = JSON.stringify(body(slack.received[0]!));
    assert.match(text, /nothing could be checked/);
    assert.match(text, /Nothing was checked:\* no list passed its test points\. What to do: check that this machine/);
    assert.deepEqual((body(hook.received[0]!).summary as { coverage: { blind: boolean } }).coverage.blind, true);
    assert.equal(loud.saved, false);
    assert.equal(h.ours().length, 0);
  });

  test('dry run: the payloads are written as files and nothing is posted or recorded', async () => {
    h.listings.set('192.0.2.10', ['127.0.0.2']);
    const preview = path.join(dir, 'dry');
    const out = await h.patrol({ runId: '1001', dryRun: true, chat: channel(both(), { when: 'changes' }, preview) });
    assert.deepEqual(out.chat.status === 'previewed' ? out.chat.destinations : [], ['Slack (127.0.0.1)', 'webhook (127.0.0.1)']);
    assert.deepEqual((await readdir(preview)).sort(), ['chat-slack.json', 'chat-webhook.json']);
    assert.equal(slack.received.length + hook.received.length, 0);
    // The real run afterwards posts: a dry run sends nothing and records nothing.
    const real = await h.patrol({ runId: '1001', chat: channel(both()) });
    assert.equal(real.chat.status, 'delivered');
    assert.equal(slack.received.length, 1);
  });
});
