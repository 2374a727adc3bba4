// The Action as the runner starts it (node src/index.ts with INPUT_* and the runner's files),
// read the way the runner reads its stdout: every form of every secret is registered with
// ::add-mask:: before anything else, an SMTP server echoing the credentials leaks none of their
// forms, a malformed key fails the step before any query, and no text from config or DNS can
// run a workflow command or drive the terminal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { secretForms, smtpSecretForms } from '../../src/secrets.ts';
import { startFaultDns, type FaultAnswer, type FaultDns } from '../helpers/fault-dns.ts';
import { startGitHubFake, type GitHubFake } from '../helpers/github-fake.ts';
import { startCacheFake, type CacheFake } from '../helpers/cache-fake.ts';
import { oneListConfig } from '../helpers/one-list.ts';
import { ACTION_SOURCE, maskedValues, runStep, type Step } from '../helpers/runner.ts';
import { HOSTILE_LINE, RAW_CONTROL, workflowCommands } from '../helpers/output.ts';

const DQS = 'q7tsecretdqskey0abcdefghij';
const ABUSIX = 'abusix-secret-key-0123';
const USER = 'patrol';
const PASS = 'Pa55-w0rd/with+stuff?';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The password inside a longer base64 blob: the characters that depend on its bytes alone. */
function ownBase64(before: string, secret: string): string {
  const blob = b64(`${before}${secret}`);
  return blob.slice(Math.ceil((before.length * 8) / 6), Math.floor(((before.length + secret.length) * 8) / 6));
}

/** Every form of the password a server might echo: raw, URL-encoded, base64, AUTH PLAIN, inside longer blobs. */
const ECHOED = [PASS, encodeURIComponent(PASS), b64(PASS), b64(`\u0000${USER}\u0000${PASS}`), b64(`x${PASS}y`), b64(`xy${PASS}`)];

function answer(name: string, type: string): FaultAnswer {
  if (/^2\.0\.0\.127\.(bl\.test|.*\.zen\.dq\.spamhaus\.net|.*\.combined\.mail\.abusix\.zone)$/.test(name)) return { rcode: 'NOERROR', a: ['127.0.0.2'] };
  if (name === '10.0.64.100.bl.test') return type === 'TXT' ? { rcode: 'NOERROR', txt: [HOSTILE_LINE] } : { rcode: 'NOERROR', a: ['127.0.0.2'] };
  if (name === 'hostile.example' && type === 'TXT') return { rcode: 'NOERROR', txt: [`v=spf1 ${HOSTILE_LINE} -all`] };
  return { rcode: 'NXDOMAIN' };
}

const BASE = oneListConfig({ timeout: '500ms' });

describe('the Action keeps secrets and output safe', () => {
  let dns: FaultDns;
  let gh: GitHubFake;
  let cache: CacheFake;
  let dir: string;
  let smtp: SMTPServer;
  let smtpPort = 0;
  let attempts = 0;

  before(async () => {
    dns = await startFaultDns(({ name, type }) => answer(name, type));
    gh = await startGitHubFake();
    cache = await startCacheFake();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-action-secrets-'));
    // A server that echoes the credentials in its replies: first a temporary failure (retried, logged), then a permanent one.
    smtp = new SMTPServer({
      logger: false,
      onAuth: (_auth, _session, cb) => cb(null, { user: USER }),
      onData(stream, _session, cb) {
        stream.resume();
        stream.on('end', () => {
          attempts++;
          const code = attempts === 1 ? 451 : 554;
          cb(Object.assign(new Error(`${code === 451 ? '4.3.0' : '5.7.1'} rejected for ${ECHOED.join(' ')}`), { responseCode: code }));
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });
  after(async () => {
    await dns?.stop();
    await gh?.stop();
    await cache?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function runAction(config: string, inputs: Record<string, string>, runId: string): Promise<Step & { report: string }> {
    const file = `monitors-${runId}.yml`;
    await writeFile(path.join(dir, file), config);
    const reportFile = path.join(dir, `report-${runId}.json`);
    const step = await runStep({
      entry: ACTION_SOURCE,
      cwd: dir,
      runId,
      env: { ...cache.env(path.join(dir, 'tmp'), dir), GITHUB_API_URL: gh.url },
      inputs: { 'github-token': 'ghs_action_secrets_token', mode: 'patrol', config: file, resolvers: dns.server, 'report-path': reportFile, ...inputs },
    });
    return { ...step, report: await readFile(reportFile, 'utf8').catch(() => '') };
  }



  test('every form of every secret is masked first; the SMTP server echoing them leaks none into the log, the failure or the summary', async () => {
    const url = `smtp://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${smtpPort}?tls=insecure`;
    const r = await runAction(`${BASE}notify:\n  email: { to: ops@example.com, when: always }\n`, {
      'spamhaus-dqs-key': DQS,
      'abusix-key': ABUSIX,
      'smtp-url': url,
      'mail-from': 'patrol@example.com',
    }, '7001');

    // 1. Masks, before any other line: the keys in any case, the URL, the password in every form.
    const masked = new Set(maskedValues(r.stdout));
    const expected = [DQS, DQS.toUpperCase(), ABUSIX, ABUSIX.toUpperCase(), url, PASS, encodeURIComponent(PASS), b64(PASS), b64(`\u0000${USER}\u0000${PASS}`), ...secretForms(DQS), ...secretForms(ABUSIX), ...smtpSecretForms(USER, PASS)];
    for (const form of expected) assert.ok(masked.has(form), `::add-mask:: for ${JSON.stringify(form)}`);
    const lines = r.stdout.split('\n');
    const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
    const early = new Set(maskedValues(lines.slice(0, firstOther).join('\n')));
    assert.ok(expected.every((f) => early.has(f)), 'our masks come before anything else is printed');

    // 2. The email failed, said so, and no form of the password is in what was printed or written.
    assert.equal(attempts, 2, 'a temporary failure, retried once, then a permanent one');
    assert.notEqual(r.code, 0);
    assert.match(r.stdout, /^::error::the email was not sent: sending through 127\.0\.0\.1:\d+ failed: .*5\.7\.1 rejected for \*\*\*/m);
    assert.match(r.stdout, /^email: .*4\.3\.0 rejected for \*\*\*.*trying again \(2\/3\)$/m);
    const printed = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const [where, text] of [['stdout', printed], ['job summary', r.summary], ['report', r.report]] as const) {
      for (const form of ECHOED) assert.ok(!text.includes(form), `${where} holds ${JSON.stringify(form)}`);
      for (const before of ['', 'x', 'xy', `\u0000${USER}\u0000`]) {
        const own = ownBase64(before, PASS);
        for (let i = 0; i + 8 <= own.length; i++) assert.ok(!text.includes(own.slice(i, i + 8)), `${where} holds base64 of the password after ${JSON.stringify(before)}`);
      }
      assert.ok(!text.includes(DQS) && !text.includes(ABUSIX), `${where} holds a key`);
    }
  });

  test('a key too long for DNS fails the step with the reason, before any query and without writing', async () => {
    const queries = dns.queries.length;
    const writes = gh.writes();
    const long = 'k'.repeat(240);
    const r = await runAction(BASE.replace('  use: none', '  use: default'), { 'spamhaus-dqs-key': long }, '7002');
    assert.notEqual(r.code, 0);
    assert.match(r.stdout, /^::error::the Spamhaus DQS key is 240 characters; Spamhaus DQS keys are 26 \(letters and digits\): check spamhaus-dqs-key/m);
    assert.doesNotMatch(r.stdout, /\n\s+at /, 'no stack trace');
    assert.equal(dns.queries.length, queries, 'no DNS query');
    assert.equal(gh.writes(), writes);
  });

  function assertSafe(r: { stdout: string; summary: string; report: string }): void {
    for (const [where, text] of [['stdout', r.stdout], ['job summary', r.summary], ['report', r.report]] as const) {
      assert.doesNotMatch(text, RAW_CONTROL, `${where}: ${JSON.stringify(text)}`);
      assert.ok(!text.includes('##['), `${where} has a ##[ command`);
    }
    // The only workflow commands are those @actions/core writes itself, with their data escaped.
    for (const line of workflowCommands(r.stdout)) {
      assert.match(line, /^::(warning|error|notice|debug|set-output|add-mask)[^:]*::/, line);
      assert.doesNotMatch(line, /^::(error|add-mask)::pwned/, line);
    }
  }

  test('list names, a monitor name and labels from config with a line break and ::error:: stay text', async () => {
    const config = `monitors:
  - name: "mx1\\n::error::pwned \\u202eevil\\e[2J"
    address: 100.64.0.10
lists:
  use: none
  add:
    - { id: test-bl, name: "Test BL\\n::error::pwned\\e[31m ##[error]pwned", zone: bl.test, kinds: [ipv4] }
    - { id: dead-bl, name: "Dead BL\\n  ::add-mask::pwned \\u2066x\\u2069", zone: dead.test, kinds: [ipv4] }
settings: { timeout: 500ms, tries: 1 }
notify:
  issues: { labels: ["mail\\n::error::pwned"] }
`;
    const r = await runAction(config, { 'dry-run': 'true' }, '7003');
    assertSafe(r);
  });

  test('TXT and SPF text from DNS with ESC sequences, bidi overrides and ::error:: stay text', async () => {
    const r = await runAction(BASE.replace('monitors:\n', 'monitors:\n  - { name: shop, domain: hostile.example, expand: [spf] }\n'), { 'dry-run': 'true' }, '7004');
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^::warning::shop: SPF of hostile\.example: /m, 'the SPF problem is reported');
    assert.match(r.summary, /`100\.64\.0\.10`/);
    assertSafe(r);
    // The report file keeps the TXT as it came (escaped, so it is safe to print): read back, it is the same text.
    const report = JSON.parse(r.report) as { results: { txt: string[] }[] };
    const txt = report.results.find((v) => v.txt.length > 0)?.txt[0] ?? '';
    assert.ok(txt.startsWith('spam \u001b[2J') && txt.endsWith('##[error]pwned\n::error::pwned\r\n  ::add-mask::pwned'), JSON.stringify(txt));
  });
});
