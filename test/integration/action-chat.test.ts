// Chat and webhook alerts through the Action as the runner starts it (node src/index.ts with
// INPUT_* and the runner's files): every form of every chat secret is masked first; a failed post
// fails the step with one clear message after the issues and the state are done; a dry run and
// validate write the payloads as files and say so in the job summary and the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chatSecretForms } from '../../src/notify/chat.ts';
import { startCacheFake, type CacheFake } from '../helpers/cache-fake.ts';
import { startFaultDns, type FaultDns } from '../helpers/fault-dns.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';
import { oneListConfig } from '../helpers/one-list.ts';
import { ACTION_SOURCE, maskedValues, runStep, type Step } from '../helpers/runner.ts';
import { startReceiver, type Received, type Receiver } from '../helpers/webhook-server.ts';

const SLACK_TOKEN = 'xoxSlackSecretToken0123456789';
const SLACK_PATH = `/services/T0ACTION1/B0ACTION2/${SLACK_TOKEN}`;
const HOOK_PATH = '/hook?token=ActionHookToken0123456789';
const SECRET = 'action-signing-secret-0123';

const CONFIG = oneListConfig();

describe('the Action posts chat alerts and keeps their URLs secret', () => {
  let dns: FaultDns;
  let gh: GitHubFake;
  let cache: CacheFake;
  let dir: string;
  let slack: Receiver;
  let hook: Receiver;

  before(async () => {
    dns = await startFaultDns(({ name }) =>
      name === '2.0.0.127.bl.test' || name === '10.0.64.100.bl.test' ? { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] } : { rcode: 'NXDOMAIN' },
    );
    gh = await startGitHubFake();
    cache = await startCacheFake();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-action-chat-'));
    // Slack that no longer knows the webhook and says so, quoting the URL it was sent to.
    slack = await startReceiver((r: Received) => ({ status: 404, body: `no_service: https://hooks.slack.com${r.url} (${Buffer.from(SLACK_TOKEN).toString('base64')})` }));
    hook = await startReceiver({ status: 204 });
  });
  after(async () => {
    await Promise.all([dns?.stop(), gh?.stop(), cache?.stop(), slack?.stop(), hook?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function action(config: string, inputs: Record<string, string>, runId: string): Promise<Step> {
    await writeFile(path.join(dir, `monitors-${runId}.yml`), config);
    return runStep({
      entry: ACTION_SOURCE,
      cwd: dir,
      runId,
      env: { ...cache.env(path.join(dir, 'tmp'), dir), GITHUB_API_URL: gh.url },
      inputs: { 'github-token': 'ghs_action_chat', config: `monitors-${runId}.yml`, resolvers: dns.server, ...inputs },
    });
  }

  const secrets = (): Record<string, string> => ({ 'slack-webhook-url': `${slack.origin}${SLACK_PATH}`, 'webhook-url': `${hook.origin}${HOOK_PATH}`, 'webhook-secret': SECRET });

  test('Slack refusing the post fails the step with the reason after the issue, the state and the webhook are done; no form of a URL leaks', async () => {
    const r = await action(CONFIG, secrets(), '9101');
    assert.equal(r.code, 1, r.stdout);
    // Masked first, in every form the redactor knows.
    const lines = r.stdout.split('\n');
    const masked = new Set(maskedValues(r.stdout));
    const forms = chatSecretForms({ slack: `${slack.origin}${SLACK_PATH}`, webhook: `${hook.origin}${HOOK_PATH}`, webhookSecret: SECRET });
    for (const f of [`${slack.origin}${SLACK_PATH}`, SLACK_TOKEN, Buffer.from(SLACK_TOKEN).toString('base64'), 'ActionHookToken0123456789', SECRET]) assert.ok(masked.has(f) && forms.includes(f), `masked: ${f}`);
    const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
    const early = new Set(maskedValues(lines.slice(0, firstOther).join('\n')));
    assert.ok(forms.every((f) => early.has(f)), 'every form is masked before anything else is printed');

    // The step's failure: one message naming the destination by host, with what Slack said, redacted.
    assert.match(
      r.stdout,
      /^::error::a chat post failed \(issues, state and email of this run are done; re-run the run to post only where it failed\): Slack \(127\.0\.0\.1\): HTTP 404 \(no webhook at this URL: it is mistyped or was deleted\): no_service: https:\/\/hooks\.slack\.com\*\*\* \(\*\*\*\)$/m,
    );
    const printed = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const [where, text] of [['log', printed], ['summary', r.summary]] as const) {
      for (const needle of [SLACK_TOKEN, 'B0ACTION2', Buffer.from(SLACK_TOKEN).toString('base64'), 'ActionHookToken0123456789', SECRET]) assert.ok(!text.includes(needle), `${where} holds ${needle}`);
    }
    // Everything else was done.
    assert.equal(gh.issues.length, 1, 'the issue is opened');
    assert.equal(hook.received.length, 1, 'the webhook got its post');
    assert.match(r.stdout, /^chat: posted to webhook \(127\.0\.0\.1\)$/m);
    assert.equal(cache.entries.length, 1, 'the state is saved');
    assert.match(r.summary, /\*\*1 listed\*\*/);
  });

  test('dry run: the payloads go to files, a line in the summary and the log says where, nothing is posted', async () => {
    const posts = slack.received.length + hook.received.length;
    const r = await action(`${CONFIG}notify:\n  chat: { when: always }\n`, { ...secrets(), 'dry-run': 'true' }, '9102');
    assert.equal(r.code, 0, r.stdout);
    const previews = path.join(r.temp, 'blacklist-patrol-chat');
    assert.deepEqual((await readdir(previews)).sort(), ['chat-slack.json', 'chat-webhook.json']);
    assert.match(r.stdout, /^Chat \(not posted\): Slack \(127\.0\.0\.1\), webhook \(127\.0\.0\.1\) would receive the payloads in .*blacklist-patrol-chat \(chat-slack\.json, chat-webhook\.json\)\.$/m);
    assert.match(r.summary, /> Chat \\\(not posted\\\): Slack/);
    assert.equal(slack.received.length + hook.received.length, posts);
    const payload = JSON.parse(await readFile(path.join(previews, 'chat-slack.json'), 'utf8')) as { text: string };
    assert.match(payload.text, /^\[dry run\] Blacklist Patrol: 1 address listed/);
  });

  test('validate with notify.chat and no secret (a pull request gets none): every kind previewed, said in the summary', async () => {
    const r = await action(`${CONFIG}notify:\n  chat: { when: changes }\n`, { mode: 'validate' }, '9103');
    assert.equal(r.code, 0, r.stdout);
    const previews = path.join(r.temp, 'blacklist-patrol-chat');
    assert.deepEqual((await readdir(previews)).sort(), ['chat-discord.json', 'chat-slack.json', 'chat-teams.json', 'chat-webhook.json']);
    assert.match(r.summary, /> Chat preview \\\(nothing posted\\\): what each kind of destination would receive for the current listings/);
    const teams = await readFile(path.join(previews, 'chat-teams.json'), 'utf8');
    assert.match(teams, /100\.64\.0\.10/);
  });

  test('a chat secret that is not a URL fails the step by its input name, never quoting it, after the run', async () => {
    const r = await action(CONFIG, { 'discord-webhook-url': 'discord.com/api/webhooks/1/NotAUrlSecret0123456789' }, '9104');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error::chat: discord-webhook-url \(DISCORD_WEBHOOK_URL\) is not a URL; paste the webhook URL exactly as Discord shows it$/m);
    assert.ok(!r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n').includes('NotAUrlSecret0123456789'));
  });
});
