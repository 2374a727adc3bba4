// Secrets and hostile text through the whole CLI: a list (or resolver) whose TXT answer repeats
// the keyed query name, keys a DNS name cannot hold, and TXT/SPF text made to fool a terminal or
// the Actions runner. Real UDP DNS (the in-process fault server), real SMTP (smtp-server).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT, main, type Io } from '../../src/cli.ts';
import type { Report } from '../../src/report.ts';
import { startFaultDns, type FaultDns, type FaultAnswer } from '../helpers/fault-dns.ts';
import { HOSTILE_LINE, RAW_CONTROL, workflowCommands } from '../helpers/output.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

/** A Spamhaus DQS key: 26 letters and digits. */
const KEY = 'q7tsecretdqskey0abcdefghij';

function capture(env: NodeJS.ProcessEnv = {}): Io & { stdout: string[]; stderr: string[]; all: () => string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, progress: false, stdout, stderr, all: () => [...stdout, ...stderr].join('\n') };
}

/** 0x20 mixing, as some resolvers and servers send names back. */
function mixCase(s: string): string {
  return [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
}

const ZEN = `${KEY}.zen.dq.spamhaus.net`;

/** Spamhaus ZEN through DQS, as a hostile server would answer it: every TXT repeats the query name. */
function answer(name: string, type: string): FaultAnswer {
  if (name === `2.0.0.127.${ZEN}`) return { rcode: 'NOERROR', a: ['127.0.0.2'] };
  if (name === `10.2.0.192.${ZEN}`) {
    return type === 'TXT'
      ? { rcode: 'NOERROR', txt: [`Listed by SBL, see https://check.spamhaus.org/query/?name=${name}`, name.toUpperCase(), mixCase(name)] }
      : { rcode: 'NOERROR', a: ['127.0.0.2'] };
  }
  // A keyless list whose TXT and the monitored domain's SPF try to fool the terminal and the runner.
  if (name === '2.0.0.127.bl.test' || name === '10.2.0.192.bl.test') return type === 'TXT' ? { rcode: 'NOERROR', txt: [HOSTILE_LINE] } : { rcode: 'NOERROR', a: ['127.0.0.2'] };
  if (name === 'hostile.example' && type === 'TXT') return { rcode: 'NOERROR', txt: [`v=spf1 ${HOSTILE_LINE} -all`] };
  return { rcode: 'NXDOMAIN' };
}

describe('list keys never leave the DNS answer', () => {
  let dns: FaultDns;
  let dir: string;
  let config: string;
  let smtp: SmtpSink;

  before(async () => {
    dns = await startFaultDns(({ name, type }) => answer(name, type));
    dir = await mkdtemp(path.join(tmpdir(), 'bp-secrets-'));
    config = path.join(dir, 'monitors.yml');
    await writeFile(
      config,
      `monitors:\n  - { name: mx1, address: 192.0.2.10 }\nlists:\n  use: none\n  add: [spamhaus-zen-dqs]\nsettings: { timeout: 500ms, tries: 1 }\nnotify:\n  email: { to: ops@example.com, when: always }\n`,
    );
    smtp = await startSmtpSink({ authOptional: false, onAuth: (_auth, _session, cb) => cb(null, { user: 'patrol' }) });
  });
  after(async () => {
    await dns?.stop();
    await smtp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const noKey = (what: string, text: string): void => {
    assert.ok(!text.toLowerCase().includes(KEY), `${what} holds the key:\n${text}`);
  };

  test('check --json and the table: the TXT shows <key> where the list repeated the name, in any case', async () => {
    const json = capture({ SPAMHAUS_DQS_KEY: KEY });
    assert.equal(await main(['check', '--config', config, '--resolver', dns.server, '--json'], json), EXIT.listed, json.all());
    noKey('the JSON report', json.all());
    const report = JSON.parse(json.stdout.join('\n')) as Report;
    const listed = report.results.find((r) => r.status === 'listed');
    assert.deepEqual(listed?.txt, [
      'Listed by SBL, see https://check.spamhaus.org/query/?name=10.2.0.192.<key>.zen.dq.spamhaus.net',
      '10.2.0.192.<key>.ZEN.DQ.SPAMHAUS.NET',
      '10.2.0.192.<key>.zEn.dQ.SpAmHaUs.nEt',
    ]);

    const table = capture({ SPAMHAUS_DQS_KEY: KEY });
    assert.equal(await main(['check', '--config', config, '--resolver', dns.server], table), EXIT.listed);
    noKey('the table', table.all());
    assert.match(table.stdout.join('\n'), /10\.2\.0\.192\.<key>\.zen\.dq\.spamhaus\.net/);
  });

  test('run: the saved state, the issue (JSON and Markdown), the email and the output hold <key>, never the key', async () => {
    const io = capture({ SPAMHAUS_DQS_KEY: KEY, SMTP_URL: `smtp://patrol:pw@127.0.0.1:${smtp.port}?tls=insecure`, MAIL_FROM: 'patrol@example.com' });
    const state = path.join(dir, 'state', 'state.json');
    const issues = path.join(dir, 'issues');
    assert.equal(await main(['run', '--config', config, '--resolver', dns.server, '--state', state, '--issues', issues], io), EXIT.listed, io.all());
    noKey('the output', io.all());
    const saved = await readFile(state, 'utf8');
    noKey('the state file', saved);
    assert.match(saved, /<key>/, 'the TXT is kept, redacted');
    for (const f of await readdir(issues)) {
      const text = await readFile(path.join(issues, f), 'utf8');
      noKey(f, text);
      assert.match(text, /<key>/);
    }
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0];
    noKey('the email', `${mail?.subject ?? ''}\n${mail?.text ?? ''}\n${String(mail?.html)}`);
    assert.match(mail?.text ?? '', /10\.2\.0\.192\.<key>\.zen/);
  });

  test('a key DNS cannot carry is a usage error before any query, never a crash', async () => {
    for (const [key, message] of [
      ['a'.repeat(240), /^error: the Spamhaus DQS key is 240 characters; Spamhaus DQS keys are 26 \(letters and digits\)/m],
      [`${KEY.slice(0, 12)}.${KEY.slice(13)}`, /^error: the Spamhaus DQS key contains a dot, which a DNS name cannot hold/m],
      [`${KEY.slice(0, 12)}\n${KEY.slice(13)}`, /^error: the Spamhaus DQS key contains a space or a line break/m],
    ] as const) {
      const before = dns.queries.length;
      for (const command of ['check', 'run']) {
        const io = capture({ SPAMHAUS_DQS_KEY: key });
        const code = await main([command, '--config', config, '--resolver', dns.server, '--state', path.join(dir, 'k', 'state.json'), '--issues', path.join(dir, 'k')], io);
        assert.equal(code, EXIT.usage, `${command}: ${io.all()}`);
        assert.match(io.stderr.join('\n'), message);
        assert.ok(!io.all().includes(key), 'the key is not quoted');
      }
      assert.equal(dns.queries.length, before, 'no query was sent');
    }
  });

  test('hostile TXT and SPF text: no terminal control, bidi override or workflow command reaches the output', async () => {
    const hostile = path.join(dir, 'hostile.yml');
    await writeFile(
      hostile,
      `monitors:\n  - { name: mx1, address: 192.0.2.10 }\n  - { name: shop, domain: hostile.example, expand: [spf] }\nlists:\n  use: none\n  add:\n    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4] }\nsettings: { timeout: 500ms, tries: 1 }\n`,
    );
    for (const args of [[], ['--json']]) {
      const io = capture();
      assert.equal(await main(['check', '--config', hostile, '--resolver', dns.server, ...args], io), EXIT.listed, io.all());
      const out = io.all();
      assert.doesNotMatch(out, RAW_CONTROL, JSON.stringify(out));
      assert.deepEqual(workflowCommands(out), []);
      assert.match(out, /spam \uFFFD\[2J|spam \\u001b\[2J/, 'the TXT is still shown, made harmless');
      assert.match(io.stderr.join('\n'), /not valid SPF/, 'the SPF problem is reported');
    }
  });
});
