// `blacklist-patrol run` with chat secrets in the environment, against rbldnsd and local HTTP
// receivers: it posts as notify.chat says, a dry run writes the payloads next to the state, and a
// refused post is an error (exit 2) that names the destination by host only, after the run's work.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT, main, type Io } from '../../src/cli.ts';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';
import { oneListConfig } from '../helpers/one-list.ts';
import { startReceiver, type Receiver } from '../helpers/webhook-server.ts';

const TOKEN = 'cliSlackToken0123456789abcdef';

describeWithRbldnsd('blacklist-patrol run posts to chat', ({ test, before, after }) => {
  let server: Rbldnsd;
  let slack: Receiver;
  let gone: Receiver;
  let dir: string;
  let config: string;

  before(async () => {
    server = await startRbldnsd([{ zone: 'bl.test', type: 'ip4set', lines: ['127.0.0.2 :127.0.0.2:test', '192.0.2.10 :127.0.0.2:Listed'] }]);
    slack = await startReceiver({ status: 200, body: 'ok' });
    // A deleted Discord webhook: 404, quoting what it was sent.
    gone = await startReceiver((r) => ({ status: 404, headers: { 'content-type': 'application/json' }, body: `{"message":"Unknown Webhook","url":"${r.url}"}` }));
    dir = await mkdtemp(path.join(tmpdir(), 'bp-cli-chat-'));
    config = path.join(dir, 'monitors.yml');
    await writeFile(config, oneListConfig({ address: '192.0.2.10' }));
  });
  after(async () => {
    await Promise.all([server?.stop(), slack?.stop(), gone?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(state: string, env: Record<string, string>, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env, progress: false };
    const code = await main(['run', '--config', config, '--state', path.join(dir, state, 'state.json'), '--issues', path.join(dir, state, 'issues'), '--resolver', server.server, ...extra], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  test('SLACK_WEBHOOK_URL: the new listing is posted once; the next run has no change to post (when: changes by default)', async () => {
    const env = { SLACK_WEBHOOK_URL: `${slack.origin}/services/T0CLI/B0CLI/${TOKEN}` };
    const first = await run('a', env);
    assert.equal(first.code, EXIT.listed, first.err);
    assert.match(first.out, /^Chat: posted to Slack \(127\.0\.0\.1\)$/m);
    assert.equal(slack.received.length, 1);
    assert.match(slack.received[0]?.body.toString('utf8') ?? '', /Newly listed/);
    const second = await run('a', env);
    assert.equal(second.code, EXIT.listed);
    assert.equal(slack.received.length, 1);
    assert.doesNotMatch(second.out, /Chat:/);
  });

  test('--dry-run: the payloads are written next to the state and nothing is posted', async () => {
    const posts = slack.received.length;
    const r = await run('b', { SLACK_WEBHOOK_URL: `${slack.origin}/services/T0CLI/B0CLI/${TOKEN}`, WEBHOOK_URL: `${slack.origin}/hook` }, ['--dry-run']);
    assert.equal(r.code, EXIT.listed, r.err);
    assert.deepEqual((await readdir(path.join(dir, 'b'))).filter((f) => f.startsWith('chat-')).sort(), ['chat-slack.json', 'chat-webhook.json']);
    assert.match(r.out, /^Chat: not posted \(dry run\); Slack \(127\.0\.0\.1\), webhook \(127\.0\.0\.1\) would receive .*chat-slack\.json/m);
    assert.equal(slack.received.length, posts);
    assert.match(await readFile(path.join(dir, 'b', 'chat-slack.json'), 'utf8'), /\[dry run\] Blacklist Patrol: 1 address listed/);
  });

  test('a refused post: exit 2 with the destination by host and what it said, the URL taken out; the state and the issue are written', async () => {
    const r = await run('c', { DISCORD_WEBHOOK_URL: `${gone.origin}/api/webhooks/123456789012345678/${TOKEN}` });
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /^error: chat: Discord \(127\.0\.0\.1\): HTTP 404 \(no webhook at this URL: it is mistyped or was deleted\): \{"message":"Unknown Webhook","url":"\*\*\*\?wait=true"\}$/m);
    assert.ok(!`${r.out}\n${r.err}`.includes(TOKEN));
    assert.equal(gone.received.length, 1, 'a 404 is not retried');
    assert.ok((await readFile(path.join(dir, 'c', 'state.json'), 'utf8')).includes('192.0.2.10'));
    assert.equal((JSON.parse(await readFile(path.join(dir, 'c', 'issues', 'issues.json'), 'utf8')) as unknown[]).length, 1);
  });
});
