// The email summary against a real SMTP server (smtp-server) with the message parsed by mailparser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { EmailError, emailAdapter, parseSmtpUrl, sendEmail } from '../../src/notify/email.ts';
import { renderEmail, type EmailInput } from '../../src/render/email.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { parseConfig } from '../../src/config/load.ts';
import { runPatrol, type EmailAdapter } from '../../src/patrol.ts';
import { withEmailInput } from '../../src/modes/email-channel.ts';
import type { ActionOptions } from '../../src/modes/options.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { fileStore } from '../../src/state/file-store.ts';
import { localIssues } from '../../src/notify/local-issues.ts';
import { startFaultDns, type FaultDns } from '../helpers/fault-dns.ts';

const PASSWORD = 's3cr3t-p@ss/word';
const HOSTILE = '<img src=x onerror=alert(1)> @someone';

interface Smtp {
  port: number;
  received: ParsedMail[];
  /** Messages the server was handed (DATA), accepted or not: one per attempt. */
  attempts: () => number;
  /** RCPT TO commands for the rejected recipient. */
  rejectedRcpts: () => number;
  stop(): Promise<void>;
}

interface Reply {
  code: number;
  text: string;
}

/** `replies`: the server's answers to successive messages (DATA) before it accepts one. */
async function startSmtp(opts: Partial<SMTPServerOptions> & { failFirst?: number; rejectRcpt?: string; replies?: Reply[]; host?: string } = {}): Promise<Smtp> {
  const received: ParsedMail[] = [];
  const replies = [...(opts.replies ?? Array.from({ length: opts.failFirst ?? 0 }, () => ({ code: 451, text: '4.3.0 try again later' })))];
  let attempts = 0;
  let rejectedRcpts = 0;
  const server = new SMTPServer({
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'patrol' && auth.password === PASSWORD) cb(null, { user: 'patrol' });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRcpt && address.address === opts.rejectRcpt) {
        rejectedRcpts++;
        const err = Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        const reply = replies.shift();
        if (reply) {
          cb(Object.assign(new Error(reply.text), { responseCode: reply.code }));
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((m) => {
            received.push(m);
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
    ...opts,
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, attempts: () => attempts, rejectedRcpts: () => rejectedRcpts, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A TCP server that is not an SMTP server: it never says a word, hangs up at once, resets the
 * connection, or greets like another service. Counts connections.
 */
async function startMute(behaviour: 'silent' | 'hang-up' | 'reset' | { greeting: string }): Promise<{ port: number; connections: () => number; stop(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (behaviour === 'hang-up') socket.end();
    else if (behaviour === 'reset') socket.resetAndDestroy();
    else if (typeof behaviour === 'object') socket.write(`${behaviour.greeting}\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function sampleInput(): EmailInput {
  const spamcop = findList('spamcop');
  assert.ok(spamcop);
  return {
    date: new Date('2026-11-28T06:17:00Z'),
    changes: [{ target: '203.0.113.10', monitor: 'mx1', kind: 'new', added: ['spamcop'], removed: [], recoded: [], before: undefined, after: undefined }],
    state: {
      '203.0.113.10': { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-28T06:17:00Z', meanings: ['reported by users'], txt: [HOSTILE] } }, clean: {} },
      '203.0.113.11': { monitor: 'mx2', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:17:00Z', meanings: ['reported by users'], txt: ['old'] } }, clean: {} },
    },
    delisted: [{ target: '203.0.113.12', monitor: 'mx3', lists: ['spamcop'], at: '2026-11-28T06:17:00Z' }],
    lists: [
      { id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', status: 'ok' },
      { id: 'spamhaus-zen-dqs', name: 'Spamhaus ZEN', zone: '<key>.zen.dq.spamhaus.net', status: 'skipped', reason: 'needs a Spamhaus DQS key', fix: 'get a free DQS key' },
    ],
    listDefs: new Map([['spamcop', spamcop]]),
    issueUrl: (t) => (t === '203.0.113.10' ? 'https://github.com/o/r/issues/7' : undefined),
  };
}

const FAST = { attempts: 3, backoffMs: 10, timeoutMs: 3000 };

/** For assert.rejects: the error's own message (not "Error: …") matches. */
function failsWith(re: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof EmailError, String(e));
    assert.match(e.message, re);
    return true;
  };
}

describe('email summary over SMTP', () => {
  test('STARTTLS + AUTH: both parts, every section, hostile TXT escaped, no secret in the message', async () => {
    const smtp = await startSmtp();
    try {
      const logs: string[] = [];
      const email = renderEmail(sampleInput());
      const settings = parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`);
      assert.equal(settings.secure, false);
      await sendEmail(settings, email, { from: 'patrol@example.com', to: ['ops@example.com'], log: (m) => logs.push(m), ...FAST });
      const [m] = smtp.received;
      assert.ok(m);
      assert.equal(m.subject, 'Blacklist Patrol: 2 addresses listed (1 new), 1 delisted · 2026-11-28');
      assert.ok(m.html && m.text, 'HTML and plain-text parts');
      for (const section of ['Newly listed', 'Still listed', 'Delisted since the last email', 'Lists that could not be checked']) {
        assert.ok((m.html).includes(section), `HTML has ${section}`);
      }
      assert.match(m.text ?? '', /NEWLY LISTED[\s\S]*203\.0\.113\.10 \(mx1\) — NEW — https:\/\/github\.com\/o\/r\/issues\/7/);
      assert.match(m.text ?? '', /203\.0\.113\.11 \(mx2\) — listed for 8 days/);
      assert.match(m.text ?? '', /Spamhaus ZEN: needs a Spamhaus DQS key\n\s+fix: get a free DQS key/);
      assert.ok(!(m.html).includes('<img'), 'no live HTML from a TXT record');
      assert.ok((m.html).includes('&lt;img src=x onerror=alert(1)&gt; @someone'));
      assert.match(m.html, /href="https:\/\/www\.spamcop\.net\/bl\.shtml"/);
      const everything = [m.html, m.text, m.subject, JSON.stringify(m.headerLines), ...logs].join('\n');
      assert.ok(!everything.includes(PASSWORD) && !everything.includes(encodeURIComponent(PASSWORD)));
    } finally {
      await smtp.stop();
    }
  });

  test('implicit TLS (smtps://)', async () => {
    const smtp = await startSmtp({ secure: true });
    try {
      await sendEmail(parseSmtpUrl(`smtps://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), {
        from: 'patrol@example.com',
        to: ['ops@example.com'],
        ...FAST,
      });
      assert.equal(smtp.received.length, 1);
    } finally {
      await smtp.stop();
    }
  });

  test('a server without STARTTLS is refused: mail never goes out in plain text', async () => {
    const smtp = await startSmtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    try {
      await assert.rejects(
        sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST }),
        failsWith(/^the SMTP server at 127\.0\.0\.1:\d+ does not offer STARTTLS, and mail is never sent in plain text/),
      );
      assert.equal(smtp.received.length, 0);
    } finally {
      await smtp.stop();
    }
  });

  test('a wrong password fails clearly, without the password', async () => {
    const smtp = await startSmtp();
    try {
      const wrong = 'wr0ng-P4ss';
      await assert.rejects(
        sendEmail(parseSmtpUrl(`smtp://patrol:${wrong}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST }),
        (e: Error) => {
          assert.ok(e instanceof EmailError);
          assert.match(e.message, /^the SMTP server at 127\.0\.0\.1:\d+ rejected the user name or password \(535\); check the smtp-url secret$/);
          assert.ok(!e.message.includes(wrong));
          return true;
        },
      );
    } finally {
      await smtp.stop();
    }
  });

  test('a 4xx answer is retried and then succeeds; a rejected recipient fails at once', async () => {
    const smtp = await startSmtp({ failFirst: 1, rejectRcpt: 'nobody@example.com' });
    try {
      const logs: string[] = [];
      const url = parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`);
      await sendEmail(url, renderEmail(sampleInput()), { from: 'p@example.com', to: ['ops@example.com'], log: (m) => logs.push(m), ...FAST });
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.attempts(), 2);
      assert.match(logs.join('\n'), /trying again \(2\/3\)/);
      await assert.rejects(
        sendEmail(url, renderEmail(sampleInput()), { from: 'p@example.com', to: ['nobody@example.com'], ...FAST }),
        /refused a recipient or the sender: .*5\.1\.1 no such user/,
      );
      assert.equal(smtp.rejectedRcpts(), 1, 'a permanent refusal is not asked again');
    } finally {
      await smtp.stop();
    }
  });

  test('server down: retried, then a clear connection error', async () => {
    const smtp = await startSmtp();
    const port = smtp.port;
    await smtp.stop();
    const t0 = Date.now();
    const logs: string[] = [];
    await assert.rejects(
      sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], log: (m) => logs.push(m), ...FAST }),
      failsWith(/^cannot connect to the SMTP server at 127\.0\.0\.1:\d+ \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/),
    );
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(
      logs.map((l) => l.replace(/^.*(trying again \(\d\/\d\))$/, '$1')),
      ['trying again (2/3)', 'trying again (3/3)'],
    );
  });

  test('a server that hangs up, one that never answers, a name that does not resolve: each retried, then named', async () => {
    const hangUp = await startMute('hang-up');
    const silent = await startMute('silent');
    try {
      const send = (url: string) => sendEmail(parseSmtpUrl(url), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST, timeoutMs: 200 });
      await assert.rejects(send(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${hangUp.port}`), failsWith(/^cannot connect to the SMTP server at 127\.0\.0\.1:\d+ \(Connection closed unexpectedly\)$/));
      assert.equal(hangUp.connections(), 3, 'three attempts');
      await assert.rejects(send(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${silent.port}`), failsWith(/^the SMTP server at 127\.0\.0\.1:\d+ did not answer in time$/));
      assert.equal(silent.connections(), 3, 'three attempts');
      const logs: string[] = [];
      await assert.rejects(
        sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@mail.example.invalid`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], log: (m) => logs.push(m), ...FAST }),
        failsWith(/^cannot connect to the SMTP server at mail\.example\.invalid:587 \(.*ENOTFOUND.*\)$/),
      );
      assert.equal(logs.length, 2, 'a name that does not resolve may resolve a moment later: retried');
    } finally {
      await hangUp.stop();
      await silent.stop();
    }
  });

  test('a connection reset is retried; a port where another service answers is not, and its greeting is named', async () => {
    const reset = await startMute('reset');
    const pop3 = await startMute({ greeting: '+OK POP3 server ready' });
    const ftp = await startMute({ greeting: '120 Service ready in 5 minutes' });
    try {
      const send = (port: number) => sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST });
      await assert.rejects(send(reset.port), failsWith(/^sending through 127\.0\.0\.1:\d+ failed: connect ECONNRESET/));
      assert.equal(reset.connections(), 3, 'three attempts');
      await assert.rejects(send(pop3.port), failsWith(/^sending through 127\.0\.0\.1:\d+ failed: Invalid greeting\. response=\+OK POP3 server ready/));
      assert.equal(pop3.connections(), 1, 'not retried');
      await assert.rejects(send(ftp.port), failsWith(/^sending through 127\.0\.0\.1:\d+ failed: Invalid greeting\. response=120 Service ready/));
      assert.equal(ftp.connections(), 1, 'not retried');
    } finally {
      await Promise.all([reset.stop(), pop3.stop(), ftp.stop()]);
    }
  });

  test('every 4xx answer is retried (400 to 499), up to the attempts allowed; a 5xx is not, and the server\'s words are shown', async () => {
    const url = (smtp: Smtp): string => `smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`;
    const send = (smtp: Smtp) => sendEmail(parseSmtpUrl(url(smtp)), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST });
    const edges = await startSmtp({ replies: [{ code: 400, text: '4.0.0 busy' }, { code: 499, text: '4.9.9 busy' }] });
    const permanent = await startSmtp({ replies: [{ code: 500, text: '5.0.0 message refused' }] });
    const busy = await startSmtp({ failFirst: 5 });
    try {
      await send(edges);
      assert.deepEqual([edges.attempts(), edges.received.length], [3, 1], 'two 4xx answers, then delivered');
      await assert.rejects(send(permanent), failsWith(/^sending through 127\.0\.0\.1:\d+ failed: .*500 5\.0\.0 message refused$/));
      assert.equal(permanent.attempts(), 1, 'a 5xx is final');
      await assert.rejects(send(busy), /failed: .*451 4\.3\.0 try again later/);
      assert.equal(busy.attempts(), 3, 'no more than three attempts');
    } finally {
      await Promise.all([edges.stop(), permanent.stop(), busy.stop()]);
    }
  });

  test('a server that repeats the password in its refusal: the error shows it masked', async () => {
    const smtp = await startSmtp({ replies: [{ code: 554, text: `5.7.1 refused for patrol with password ${PASSWORD}` }] });
    try {
      await assert.rejects(
        sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST }),
        (e: Error) => {
          assert.match(e.message, /refused for patrol with password \*\*\*/);
          assert.ok(!e.message.includes(PASSWORD));
          return true;
        },
      );
    } finally {
      await smtp.stop();
    }
  });

  test('smtps:// to a server that starts in plain text: says the port and the scheme disagree', async () => {
    const smtp = await startSmtp();
    try {
      await assert.rejects(
        sendEmail(parseSmtpUrl(`smtps://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST, attempts: 1 }),
        failsWith(/^TLS handshake with 127\.0\.0\.1:\d+ failed \("wrong version number"\): the port and the scheme disagree/),
      );
    } finally {
      await smtp.stop();
    }
  });

  test('an IPv6 server written as [address] in smtp-url is reached', async () => {
    const smtp = await startSmtp({ host: '::1' });
    try {
      const settings = parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@[::1]:${smtp.port}?tls=insecure`);
      assert.equal(settings.host, '::1');
      await sendEmail(settings, renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST });
      assert.equal(smtp.received.length, 1);
    } finally {
      await smtp.stop();
    }
  });

  test('the SMTP conversation stays out of the job log: sending prints nothing itself', async (t) => {
    const smtp = await startSmtp();
    const printed = ['log', 'info', 'warn', 'error', 'debug'].map((name) => t.mock.method(console, name as 'log', () => undefined));
    try {
      await sendEmail(parseSmtpUrl(`smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`), renderEmail(sampleInput()), { from: 'p@example.com', to: ['o@example.com'], ...FAST });
      assert.equal(smtp.received.length, 1);
    } finally {
      for (const m of printed) m.mock.restore();
      await smtp.stop();
    }
    assert.deepEqual(printed.map((m) => m.mock.callCount()), [0, 0, 0, 0, 0]);
  });

  test('the usual URL mistakes are explained', () => {
    assert.throws(() => parseSmtpUrl('smtps://u:p@mail.example.com:587'), /smtp:\/\/…:587/);
    assert.throws(() => parseSmtpUrl('smtp://u:p@mail.example.com:465'), /smtps:\/\/…:465/);
    assert.throws(() => parseSmtpUrl('smtp://u:p@mail.example.com:25'), /cannot reach/);
    assert.throws(() => parseSmtpUrl('mail.example.com'), /not a URL/);
    // A user without a password can never log in: said before any connection, not as a refusal.
    assert.throws(() => parseSmtpUrl('smtp://patrol@mail.example.com'), (e: Error) => e instanceof EmailError && /^smtp-url has a user name but no password: expected smtp:\/\/user:password@host:587/.test(e.message));
    assert.throws(() => parseSmtpUrl('smtp://patrol:@mail.example.com'), /has a user name but no password/);
    assert.throws(() => parseSmtpUrl('https://u:p@mail.example.com'), /must start with smtp:\/\/ .* or smtps:\/\/ .*, not https:\/\//);
    assert.deepEqual(parseSmtpUrl('smtp://u%40x:p%2Fw@mail.example.com'), { host: 'mail.example.com', port: 587, secure: false, user: 'u@x', pass: 'p/w', allowSelfSigned: false });
    // A secret pasted from a web page or a file may carry a no-break space or a newline.
    assert.equal(parseSmtpUrl('\u00a0smtp://u:p@mail.example.com:587\n').host, 'mail.example.com');
  });
});

describe('the email adapter: smtp-url, mail-from, and the dry run\'s files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bp-adapter-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const email = renderEmail(sampleInput());

  test('no smtp-url, or no sender address: a clear error before any connection', async () => {
    const base = { from: 'patrol@example.com', to: ['ops@example.com'], previewDir: dir, log: () => undefined, ...FAST };
    await assert.rejects(emailAdapter({ ...base, smtpUrl: '' }).send(email), failsWith(/^notify\.email is set but no SMTP connection was given: add the smtp-url input/));
    await assert.rejects(emailAdapter({ ...base, from: 'patrol', smtpUrl: 'smtp://patrol:pw@127.0.0.1:9' }).send(email), failsWith(/^no sender address: set mail-from/));
    await assert.rejects(emailAdapter({ ...base, from: '', smtpUrl: 'smtp://patrol:pw@127.0.0.1:9' }).send(email), failsWith(/^no sender address: set mail-from/));
  });

  test('sent: from mail-from, or else the SMTP user when it is an address; the log says to whom', async () => {
    const smtp = await startSmtp({
      onAuth(auth, _session, cb) {
        cb(null, { user: auth.username });
      },
    });
    try {
      const logs: string[] = [];
      const adapter = emailAdapter({ smtpUrl: `smtp://alerts%40example.com:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`, from: '', to: ['ops@example.com', 'noc@example.com'], previewDir: dir, log: (m) => logs.push(m), ...FAST });
      await adapter.send(email);
      assert.equal(smtp.received[0]?.from?.text, 'alerts@example.com');
      assert.deepEqual(logs, [`email sent to ops@example.com, noc@example.com: ${email.subject}`]);
    } finally {
      await smtp.stop();
    }
  });

  test('the attempts and the timeout given are the ones used', async () => {
    const busy = await startSmtp({ failFirst: 5 });
    const silent = await startMute('silent');
    try {
      const adapter = (port: number) =>
        emailAdapter({ smtpUrl: `smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}?tls=insecure`, from: 'p@example.com', to: ['o@example.com'], previewDir: dir, log: () => undefined, attempts: 1, backoffMs: 10, timeoutMs: 200 });
      await assert.rejects(adapter(busy.port).send(email), failsWith(/451 4\.3\.0 try again later/));
      assert.equal(busy.attempts(), 1);
      await assert.rejects(adapter(silent.port).send(email), failsWith(/did not answer in time/));
      assert.equal(silent.connections(), 1);
    } finally {
      await busy.stop();
      await silent.stop();
    }
  });

  test('a dry run writes email.html and email.txt into a folder it creates, and says where', async () => {
    const logs: string[] = [];
    const previewDir = path.join(dir, 'runner-temp', 'blacklist-patrol-email');
    await emailAdapter({ smtpUrl: '', from: '', to: ['ops@example.com'], previewDir, log: (m) => logs.push(m) }).preview(email);
    assert.equal(await readFile(path.join(previewDir, 'email.html'), 'utf8'), email.html);
    assert.equal(await readFile(path.join(previewDir, 'email.txt'), 'utf8'), `Subject: ${email.subject}\n\n${email.text}`);
    assert.deepEqual(logs, [`email not sent (dry run): written to ${path.join(previewDir, 'email.html')} and email.txt`]);
  });
});

describe('the patrol sends one email per run', () => {
  let dns: FaultDns;
  let dir: string;
  before(async () => {
    dns = await startFaultDns(({ name }) =>
      name === '2.0.0.127.bl.test' || name === '10.2.0.192.bl.test' ? { rcode: 'NOERROR', a: ['127.0.0.2'], txt: [HOSTILE] } : { rcode: 'NXDOMAIN' },
    );
    dir = await mkdtemp(path.join(tmpdir(), 'bp-mail-'));
  });
  after(async () => {
    await dns?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One run; `input` is the Action's email input, `state` names the state file (default: `when`). */
  async function patrol(runId: string, when: string | null, sender: EmailAdapter, dryRun = false, input: ActionOptions['email'] = 'auto', state = String(when)) {
    const parsed = parseConfig(
      `monitors:\n  - { name: mx1, address: 192.0.2.10 }\nlists:\n  use: none\n  add:\n    - { id: test-bl, zone: bl.test, kinds: [ipv4] }\n${when ? `notify:\n  email: { to: ops@example.com, when: ${when} }\n` : ''}`,
      'm.yml',
    );
    assert.ok(parsed.ok);
    return runPatrol({
      config: withEmailInput({ email: input } as ActionOptions, parsed.config),
      keys: {},
      dns: createDns({ servers: [dns.server], timeoutMs: 300, tries: 1 }),
      resolvers: [dns.server],
      now: () => new Date(),
      runId,
      store: fileStore(path.join(dir, `${state}.json`)),
      issues: localIssues(path.join(dir, `issues-${state}`)),
      issueSettings: { labels: [], assignees: [], maxWrites: 30 },
      dryRun,
      log: { info: () => undefined, warning: () => undefined },
      email: sender,
    });
  }

  test('sent once; a re-run of the same run does not send again; when: changes skips an unchanged day', async () => {
    const smtp = await startSmtp();
    try {
      const adapter = emailAdapter({ smtpUrl: `smtp://patrol:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}?tls=insecure`, from: 'patrol@example.com', to: ['ops@example.com'], previewDir: dir, log: () => undefined, ...FAST });
      assert.equal((await patrol('1', 'changes', adapter)).email.status, 'sent');
      assert.equal((await patrol('1', 'changes', adapter)).email.status, 'skipped', 're-run');
      assert.equal((await patrol('2', 'changes', adapter)).email.status, 'skipped', 'nothing changed');
      assert.equal((await patrol('3', 'listed', adapter)).email.status, 'sent', 'when: listed sends while listed');
      assert.equal(smtp.received.length, 2);
    } finally {
      await smtp.stop();
    }
  });

  test('dry run writes the email to files and sends nothing; a failed send keeps issues and state', async () => {
    const adapter = emailAdapter({ smtpUrl: 'smtp://patrol:x@127.0.0.1:9', from: 'patrol@example.com', to: ['ops@example.com'], previewDir: path.join(dir, 'preview'), log: () => undefined, ...FAST, attempts: 1 });
    const dry = await patrol('10', 'always', adapter, true);
    assert.equal(dry.email.status, 'previewed');
    assert.match(await readFile(path.join(dir, 'preview', 'email.html'), 'utf8'), /&lt;img src=x/);
    assert.match(await readFile(path.join(dir, 'preview', 'email.txt'), 'utf8'), /^Subject: Blacklist Patrol: 1 address listed/);
    const failed = await patrol('11', 'always', adapter);
    assert.equal(failed.email.status, 'failed');
    assert.equal(failed.saved, true, 'state is saved even when the email fails');
    assert.equal((await localIssues(path.join(dir, 'issues-always')).all()).length, 1);
  });

  test("the run's email input: never keeps a due email unsent, always sends one notify.email.when would skip", async () => {
    const sent: string[] = [];
    const recorder: EmailAdapter = { send: (e) => Promise.resolve(void sent.push(e.subject)), preview: () => Promise.reject(new Error('not a dry run')) };
    const never = await patrol('20', 'changes', recorder, false, 'never', 'input');
    assert.deepEqual(never.email, { status: 'skipped', reason: 'nothing to report for notify.email.when: never' }, 'a new listing, but the input says never');
    assert.equal((await patrol('21', 'changes', recorder, false, 'always', 'input')).email.status, 'sent', 'nothing changed, but the input says always');
    assert.equal((await patrol('22', 'changes', recorder, false, 'auto', 'input')).email.status, 'skipped', 'auto: notify.email.when decides');
    assert.equal(sent.length, 1);
    // Without notify.email there is no one to write to, whatever the input says.
    const none = await patrol('23', null, recorder, false, 'always', 'no-email');
    assert.deepEqual(none.email, { status: 'skipped', reason: 'no email configured (notify.email)' });
    assert.equal(sent.length, 1);
  });
});
