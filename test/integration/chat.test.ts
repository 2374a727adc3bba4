// Chat and webhook alerts against real local HTTP servers, one per destination kind, each
// checking what it receives the way the platform would (test/helpers/chat-platforms.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildChatAlert, type ChatAlert } from '../../src/render/chat/alert.ts';
import { chatAdapter, chatDestinations, chatSecretValues, chatSecretsFromEnv, type ChatSecrets } from '../../src/notify/chat.ts';
import { deliveryId, parseRetryAfter } from '../../src/notify/webhook.ts';
import { discordProblems, slackProblems, teamsProblems, worstInput } from '../helpers/chat-platforms.ts';
import { closedPort, startReceiver, type Answer, type Received, type Receiver } from '../helpers/webhook-server.ts';

const SLACK_PATH = '/services/T0ABCDEF12/B0ABCDEF34/xoxSecretToken0123456789';
const TEAMS_PATH = '/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SiGnAtUrE_0123456789abcdefABCDEF-xyz';
const DISCORD_PATH = '/api/webhooks/123456789012345678/DiScOrDtOkEn_0123456789-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST';
const HOOK_PATH = '/hooks/blacklist?token=HoOkToKeN0123456789';
const SECRET = 's1gning-S3cret/with+chars=';

const FAST = { attempts: 3, backoffMs: 20, timeoutMs: 2000, maxWaitMs: 5000 };

function json(r: Received): unknown {
  return JSON.parse(r.body.toString('utf8'));
}

/** What a receiver does with the generic webhook's signature: HMAC the raw body, compare in constant time. */
function verify(secret: string, r: Received): boolean {
  const header = String(r.headers['x-blacklist-patrol-signature-256'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

// Receivers that answer like the platforms: success only for a payload the platform would take.
const slackLike = (r: Received): Answer => (slackProblems(json(r)).length === 0 ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_blocks' });
const teamsLike = (r: Received): Answer => (teamsProblems(json(r), r.body.toString('utf8')).length === 0 ? { status: 202 } : { status: 400, body: 'bad card' });
const discordLike = (r: Received): Answer =>
  new URL(r.url, 'http://x').searchParams.get('wait') !== 'true'
    ? { status: 204 } // without wait=true Discord answers before it has saved (or refused) the message
    : discordProblems(json(r)).length === 0
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1"}' }
      : { status: 400, headers: { 'content-type': 'application/json' }, body: '{"code":50035,"message":"Invalid Form Body"}' };

function secretsFor(r: { slack?: Receiver; teams?: Receiver; discord?: Receiver; hook?: Receiver }, extra: Partial<ChatSecrets> = {}): ChatSecrets {
  return {
    ...(r.slack ? { slack: `${r.slack.origin}${SLACK_PATH}` } : {}),
    ...(r.teams ? { teams: `${r.teams.origin}${TEAMS_PATH}` } : {}),
    ...(r.discord ? { discord: `${r.discord.origin}${DISCORD_PATH}` } : {}),
    ...(r.hook ? { webhook: `${r.hook.origin}${HOOK_PATH}`, webhookSecret: SECRET } : {}),
    ...extra,
  };
}

let dir: string;
let alert: ChatAlert;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bp-chat-'));
  alert = buildChatAlert(worstInput({ targets: 300, delisted: 20, lists: 12 }));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('chat delivery to local platform servers', () => {
  test('each platform receives one payload of its documented shape, within its limits, from a worst-case run', async () => {
    const slack = await startReceiver(slackLike);
    const teams = await startReceiver(teamsLike);
    const discord = await startReceiver(discordLike);
    const hook = await startReceiver({ status: 204 });
    try {
      const chat = chatAdapter({ secrets: secretsFor({ slack, teams, discord, hook }), previewDir: dir, ...FAST });
      assert.deepEqual(chat.errors, []);
      const id = deliveryId('o/r', '123', 'chat');
      const outcomes = await chat.send(alert, id);
      assert.deepEqual(
        outcomes.map((o) => [o.kind, o.status, o.destination]),
        [
          ['slack', 'sent', 'Slack (127.0.0.1)'],
          ['teams', 'sent', 'Microsoft Teams (127.0.0.1)'],
          ['discord', 'sent', 'Discord (127.0.0.1)'],
          ['webhook', 'sent', 'webhook (127.0.0.1)'],
        ],
      );
      for (const r of [slack, teams, discord, hook]) {
        assert.equal(r.received.length, 1);
        assert.equal(r.received[0]?.method, 'POST');
        assert.equal(r.received[0]?.headers['content-type'], 'application/json');
      }
      assert.equal(slack.received[0]?.url, SLACK_PATH);
      assert.equal(teams.received[0]?.url, TEAMS_PATH);
      assert.equal(discord.received[0]?.url, `${DISCORD_PATH}?wait=true`);
      const body = json(hook.received[0]!) as { schema: string; delivery: string; targets: unknown[]; omitted: number };
      assert.equal(body.schema, 'blacklist-patrol.alert/v1');
      assert.equal(body.delivery, id);
      assert.equal(hook.received[0]?.headers['x-blacklist-patrol-delivery'], id);
      assert.equal(body.targets.length + body.omitted, 320);
      assert.ok(verify(SECRET, hook.received[0]), 'the receiver verifies the signature with the shared secret');
      assert.equal(slack.received[0]?.headers['x-blacklist-patrol-signature-256'], undefined, 'chat platforms get no signature header');
    } finally {
      await Promise.all([slack.stop(), teams.stop(), discord.stop(), hook.stop()]);
    }
  });

  test('429 with Retry-After: waits as asked, then succeeds', async () => {
    const slack = await startReceiver({ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }, slackLike);
    try {
      const logs: string[] = [];
      const [o] = await chatAdapter({ secrets: secretsFor({ slack }), previewDir: dir, ...FAST, log: (m) => logs.push(m) }).send(alert, 'd');
      assert.deepEqual(o && { status: o.status, attempts: o.attempts }, { status: 'sent', attempts: 2 });
      const [a, b] = slack.received;
      assert.ok(a && b && b.at - a.at >= 900, `the second try waited for Retry-After (${b && a ? b.at - a.at : '?'} ms)`);
      assert.match(logs.join('\n'), /Slack \(127\.0\.0\.1\): HTTP 429; trying again in 1 s \(2\/3\)/);
    } finally {
      await slack.stop();
    }
  });

  test('429 asking for longer than we wait: fails at once with the reason', async () => {
    const discord = await startReceiver({ status: 429, headers: { 'retry-after': '3600', 'content-type': 'application/json' }, body: '{"message":"You are being rate limited.","retry_after":3600,"global":false}' });
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ discord }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(o?.status, 'failed');
      assert.equal(discord.received.length, 1);
      assert.match(o?.status === 'failed' ? o.error : '', /^Discord \(127\.0\.0\.1\): HTTP 429: the server asked to wait 3600 s, longer than the 5 s we wait; not retried: \{"message":"You are being rate limited\./);
    } finally {
      await discord.stop();
    }
  });

  test('500 twice, then success: retried with backoff', async () => {
    const teams = await startReceiver({ status: 500, body: 'oops' }, { status: 503 }, teamsLike);
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ teams }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.deepEqual(o && { status: o.status, attempts: o.attempts }, { status: 'sent', attempts: 3 });
      assert.equal(teams.received.length, 3);
      assert.deepEqual(teams.received[0]?.body, teams.received[2]?.body, 'the same bytes each time');
    } finally {
      await teams.stop();
    }
  });

  test('500 every time: fails after the last attempt with the status', async () => {
    const teams = await startReceiver({ status: 502, body: 'Bad gateway' });
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ teams }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(teams.received.length, 3);
      assert.equal(o?.status === 'failed' ? o.error : '', 'Microsoft Teams (127.0.0.1): HTTP 502 after 3 attempts: Bad gateway');
    } finally {
      await teams.stop();
    }
  });

  test('400 fails at once, without a retry, saying why', async () => {
    const slack = await startReceiver({ status: 400, body: 'invalid_blocks' });
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ slack }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(slack.received.length, 1);
      assert.equal(o?.status === 'failed' ? o.error : '', 'Slack (127.0.0.1): HTTP 400 (the server rejected the message): invalid_blocks');
    } finally {
      await slack.stop();
    }
  });

  test('a server that never answers: times out, not retried (the message may have arrived)', async () => {
    const hook = await startReceiver({ status: 200, hang: true });
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ hook }), previewDir: dir, ...FAST, timeoutMs: 300 }).send(alert, 'd');
      assert.equal(hook.received.length, 1);
      assert.equal(o?.status === 'failed' ? o.error : '', 'webhook (127.0.0.1): no answer within 300 ms; not retried, since the message may have arrived');
    } finally {
      await hook.stop();
    }
  });

  test('a redirect is not followed: the message never reaches a host nobody configured', async () => {
    const elsewhere = await startReceiver({ status: 200 });
    const hook = await startReceiver({ status: 307, headers: { location: `${elsewhere.origin}/collect` } });
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ hook }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(o?.status, 'failed');
      assert.match(o?.status === 'failed' ? o.error : '', /answered with a redirect \(HTTP 307\), which is not followed/);
      assert.equal(elsewhere.received.length, 0);
    } finally {
      await Promise.all([hook.stop(), elsewhere.stop()]);
    }
  });

  test('one destination down, another failing: the others still receive theirs', async () => {
    const down = await closedPort();
    const teams = await startReceiver({ status: 500 });
    const discord = await startReceiver(discordLike);
    const hook = await startReceiver({ status: 200 });
    try {
      const secrets = secretsFor({ teams, discord, hook }, { slack: `http://127.0.0.1:${down}${SLACK_PATH}` });
      const outcomes = await chatAdapter({ secrets, previewDir: dir, ...FAST }).send(alert, 'd');
      assert.deepEqual(outcomes.map((o) => [o.kind, o.status]), [['slack', 'failed'], ['teams', 'failed'], ['discord', 'sent'], ['webhook', 'sent']]);
      assert.match(outcomes[0]?.status === 'failed' ? outcomes[0].error : '', /^Slack \(127\.0\.0\.1\): could not connect \(ECONNREFUSED\) after 3 attempts$/);
      assert.equal(discord.received.length, 1);
      assert.equal(hook.received.length, 1);
    } finally {
      await Promise.all([teams.stop(), discord.stop(), hook.stop()]);
    }
  });
});

describe('secrets never leak from a server that echoes them', () => {
  test('URL, token, signature and signing secret, raw and encoded, echoed in error bodies and retries: none reaches the outcome or the log', async () => {
    const echo = (r: Received): Answer => {
      const u = new URL(r.url, 'http://127.0.0.1');
      const full = `http://127.0.0.1${r.url}`;
      return {
        status: u.pathname.startsWith('/services') ? 500 : 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: `no such webhook ${full}`, path: r.url, encoded: encodeURIComponent(full), sig: u.searchParams.get('sig'), secret: SECRET, escaped: full.replace(/\//g, '\\/') }),
      };
    };
    const slack = await startReceiver(echo);
    const teams = await startReceiver(echo);
    const hook = await startReceiver(echo);
    try {
      const logs: string[] = [];
      const secrets = secretsFor({ slack, teams, hook });
      const outcomes = await chatAdapter({ secrets, previewDir: dir, ...FAST, log: (m) => logs.push(m) }).send(alert, 'd');
      const said = [...outcomes.map((o) => (o.status === 'failed' ? `${o.destination} ${o.error}` : '')), ...logs].join('\n');
      assert.ok(outcomes.every((o) => o.status === 'failed'));
      assert.match(said, /HTTP 404 \(no webhook at this URL: it is mistyped or was deleted\): \{"error":"no such webhook http:\/\/127\.0\.0\.1\*\*\*/);
      for (const needle of [
        'xoxSecretToken0123456789',
        'B0ABCDEF34',
        'SiGnAtUrE_0123456789abcdefABCDEF-xyz',
        '0123456789abcdef0123456789abcdef',
        'HoOkToKeN0123456789',
        SECRET,
        encodeURIComponent(SECRET),
        'xoxSecretToken',
        'SiGnAtUrE',
      ]) {
        assert.ok(!said.includes(needle), `${needle} leaked`);
      }
      assert.ok(said.length < 4000, 'messages are bounded');
    } finally {
      await Promise.all([slack.stop(), teams.stop(), hook.stop()]);
    }
  });

  test('a huge echo is not shown at all rather than cut where a secret could be split', async () => {
    const slack = await startReceiver((r) => ({ status: 400, body: `${'x'.repeat(70_000)} http://127.0.0.1${r.url}` }));
    try {
      const [o] = await chatAdapter({ secrets: secretsFor({ slack }), previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(o?.status === 'failed' ? o.error : '', 'Slack (127.0.0.1): HTTP 400 (the server rejected the message): (answer not shown)');
    } finally {
      await slack.stop();
    }
  });
});

describe('the generic webhook: signature and delivery id', () => {
  test('a relay behind basic auth: user:password from the URL go as an Authorization header, never in a message', async () => {
    const hook = await startReceiver((r) => ({ status: 401, body: `bad credentials ${String(r.headers.authorization)} for relay:p@ss-w0rd-123` }));
    try {
      const url = new URL(hook.origin);
      url.username = 'relay';
      url.password = 'p@ss-w0rd-123';
      url.pathname = '/hook';
      const [o] = await chatAdapter({ secrets: { webhook: url.toString() }, previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(hook.received[0]?.headers.authorization, `Basic ${Buffer.from('relay:p@ss-w0rd-123').toString('base64')}`);
      assert.equal(hook.received[0]?.url, '/hook');
      assert.equal(o?.status === 'failed' ? o.error : '', 'webhook (127.0.0.1): HTTP 401 (the webhook refused us: check the URL secret): bad credentials Basic *** for relay:***');
    } finally {
      await hook.stop();
    }
  });


  test('the signature verifies with the secret, and not with another secret or another body', async () => {
    const hook = await startReceiver({ status: 200 });
    try {
      await chatAdapter({ secrets: secretsFor({ hook }), previewDir: dir, ...FAST }).send(alert, 'd');
      const r = hook.received[0];
      assert.ok(r);
      assert.ok(verify(SECRET, r));
      assert.ok(!verify('another secret', r));
      assert.ok(!verify(SECRET, { ...r, body: Buffer.concat([r.body, Buffer.from(' ')]) }));
      assert.match(String(r.headers['x-blacklist-patrol-signature-256']), /^sha256=[0-9a-f]{64}$/);
    } finally {
      await hook.stop();
    }
  });

  test('without a secret the body goes unsigned', async () => {
    const hook = await startReceiver({ status: 200 });
    try {
      const secrets = secretsFor({ hook });
      delete secrets.webhookSecret;
      await chatAdapter({ secrets, previewDir: dir, ...FAST }).send(alert, 'd');
      assert.equal(hook.received[0]?.headers['x-blacklist-patrol-signature-256'], undefined);
    } finally {
      await hook.stop();
    }
  });

  test('a re-run of the same run sends the same delivery id and the same signed body; another run does not', async () => {
    const hook = await startReceiver({ status: 200 });
    try {
      const chat = chatAdapter({ secrets: secretsFor({ hook }), previewDir: dir, ...FAST });
      await chat.send(alert, deliveryId('o/r', '123', 'chat'));
      await chat.send(alert, deliveryId('o/r', '123', 'chat'));
      await chat.send(alert, deliveryId('o/r', '124', 'chat'));
      const [a, b, c] = hook.received;
      assert.ok(a && b && c);
      assert.match(String(a.headers['x-blacklist-patrol-delivery']), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(a.headers['x-blacklist-patrol-delivery'], b.headers['x-blacklist-patrol-delivery']);
      assert.deepEqual(a.body, b.body);
      assert.equal(a.headers['x-blacklist-patrol-signature-256'], b.headers['x-blacklist-patrol-signature-256']);
      assert.notEqual(a.headers['x-blacklist-patrol-delivery'], c.headers['x-blacklist-patrol-delivery']);
    } finally {
      await hook.stop();
    }
  });
});

describe('configuration and previews', () => {
  test('bad secrets are named by their input, never quoted', () => {
    const { destinations, errors } = chatDestinations({ slack: 'hooks.slack.com/services/T1/B2/s3cr3tt0k3n', teams: 'ftp://x.example/s3cr3tt0k3n', webhookSecret: 'x' });
    assert.equal(destinations.length, 0);
    assert.deepEqual(errors, [
      'slack-webhook-url (SLACK_WEBHOOK_URL) is not a URL; paste the webhook URL exactly as Slack shows it',
      'teams-webhook-url (TEAMS_WEBHOOK_URL) must start with https:// (got ftp://)',
      'webhook-secret is set but webhook-url is not: nothing would be signed',
    ]);
    assert.ok(!errors.join('\n').includes('s3cr3tt0k3n'));
  });

  test('the CLI reads the same secrets from its environment, and every token is known for masking', () => {
    const s = chatSecretsFromEnv({ SLACK_WEBHOOK_URL: ` https://hooks.slack.com${SLACK_PATH} `, WEBHOOK_SECRET: SECRET, DISCORD_WEBHOOK_URL: '' });
    assert.deepEqual(s, { slack: `https://hooks.slack.com${SLACK_PATH}`, webhookSecret: SECRET });
    const values = chatSecretValues(s);
    for (const v of ['xoxSecretToken0123456789', 'T0ABCDEF12', 'B0ABCDEF34', SECRET]) assert.ok(values.includes(v), v);
    assert.ok(!values.includes('services'), 'plain words are not secrets');
  });

  test('dry run: the payloads are written, nothing is posted; with no destination, all four kinds', async () => {
    const hook = await startReceiver({ status: 200 });
    const out = path.join(dir, 'preview');
    try {
      const files = await chatAdapter({ secrets: secretsFor({ hook }), previewDir: out, ...FAST }).preview(alert, 'd-1');
      assert.deepEqual(files.map((f) => path.basename(f)), ['chat-webhook.json']);
      assert.equal((JSON.parse(await readFile(files[0]!, 'utf8')) as { delivery: string }).delivery, 'd-1');
      assert.equal(hook.received.length, 0);
      const all = path.join(dir, 'preview-all');
      await chatAdapter({ secrets: {}, previewDir: all }).preview(alert, 'd-1');
      assert.deepEqual((await readdir(all)).sort(), ['chat-discord.json', 'chat-slack.json', 'chat-teams.json', 'chat-webhook.json']);
      assert.deepEqual(slackProblems(JSON.parse(await readFile(path.join(all, 'chat-slack.json'), 'utf8'))), []);
    } finally {
      await hook.stop();
    }
  });

  test('Retry-After: delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-28T06:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('0.5', now), 500);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 06:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 05:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
