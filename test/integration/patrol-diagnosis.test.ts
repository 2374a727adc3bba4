// What an operator is woken by, and what the issue tells them, end to end: the Action's patrol
// against the GitHub fake, catalog lists served by the in-process DNS server (which also plays the
// reverse and forward zones), and the CLI's exit code for the same answers.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT, main } from '../../src/cli.ts';
import type { RenderedEmail } from '../../src/render/email.ts';
import type { FaultAnswer } from '../helpers/fault-dns.ts';
import { TEST_LIST, startHarness, type Harness } from '../helpers/patrol-harness.ts';

const T = '192.0.2.10';
/** SPFBL answers 127.0.0.4 ("not a mail server", informational); SpamRATS 127.0.0.37 (RATS-NoPtr, low). */
const LISTS = [TEST_LIST, 'spfbl', 'spamrats-all'];

describe('severity and diagnosis in the patrol (GitHub fake)', () => {
  let h: Harness;
  /** Codes per address on SPFBL and SpamRATS; PTR and A records of the reverse and forward zones. */
  const spfbl = new Map<string, string[]>();
  const rats = new Map<string, string[]>();
  const ptr = new Map<string, string[] | 'timeout'>();
  const forward = new Map<string, string[]>();

  const serve = (codes: string[] | undefined, type: string): FaultAnswer =>
    !codes ? { rcode: 'NXDOMAIN' } : type === 'TXT' ? { rcode: 'NOERROR', txt: ['listed'] } : { rcode: 'NOERROR', a: codes };
  const ip = (name: string, zone: string): string | undefined => {
    if (!name.endsWith(`.${zone}`)) return undefined;
    return name.slice(0, -zone.length - 1).split('.').reverse().join('.');
  };

  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());
  beforeEach(async () => {
    await h.reset();
    for (const m of [spfbl, rats, ptr, forward]) m.clear();
    h.extra = (name, type) => {
      const s = ip(name, 'dnsbl.spfbl.net');
      if (s !== undefined) return serve(s === '127.0.0.2' ? ['127.0.0.2'] : spfbl.get(s), type);
      const r = ip(name, 'all.spamrats.com');
      if (r !== undefined) return serve(r === '127.0.0.2' ? ['127.0.0.38'] : rats.get(r), type);
      const rev = ip(name, 'in-addr.arpa');
      if (rev !== undefined) {
        const names = ptr.get(rev);
        return names === 'timeout' ? 'drop' : names ? { rcode: 'NOERROR', ptr: names } : { rcode: 'NXDOMAIN' };
      }
      if (type === 'A' && forward.has(name)) return { rcode: 'NOERROR', a: forward.get(name) };
      return undefined;
    };
  });

  test('an informational-only target opens no issue, counts as nothing listed and sends no "listed" email', async () => {
    spfbl.set(T, ['127.0.0.4']);
    const sent: RenderedEmail[] = [];
    const email = { send: (e: RenderedEmail) => Promise.resolve(void sent.push(e)), preview: () => Promise.resolve() };
    const out = await h.patrol({ lists: LISTS, email: '{ to: ops@example.com, when: listed }', emailAdapter: email });
    assert.deepEqual(h.ours(), [], 'no issue');
    assert.equal(out.sync?.writes, 0);
    assert.deepEqual(out.state, {});
    assert.deepEqual([out.report.summary.listed, out.report.summary.informational], [0, 1]);
    assert.equal(out.report.results.find((v) => v.list === 'spfbl')?.severity, 'info');
    assert.equal(out.email.status, 'skipped', 'when: listed has nothing to report');
    assert.equal(sent.length, 0);

    // An email that goes out anyway (when: always) is an all-clear that shows the answer for information.
    const always = await h.patrol({ lists: LISTS, email: '{ to: ops@example.com, when: always }', emailAdapter: email });
    assert.equal(always.email.status, 'sent');
    assert.match(sent[0]?.subject ?? '', /^Blacklist Patrol: all clear · /);
    assert.match(sent[0]?.text ?? '', /FOR INFORMATION ONLY\n {2}192\.0\.2\.10 \(host0\)\n(.*\n)*? {4}- SPFBL\.net: 127\.0\.0\.4/);
  });

  test('with notify.min-severity: info the same answer opens an issue', async () => {
    spfbl.set(T, ['127.0.0.4']);
    const out = await h.patrol({ lists: LISTS, minSeverity: 'info' });
    assert.deepEqual(h.ours().map((i) => i.title), [`${T} (host0) is listed on 1 blacklist`]);
    assert.equal(out.report.summary.listed, 1);
  });

  test('an issue open for a high listing keeps the informational rows as context; their coming and going edits the body only', async () => {
    h.listings.set(T, ['127.0.0.2']);
    spfbl.set(T, ['127.0.0.4']);
    await h.patrol({ lists: LISTS });
    const [issue] = h.ours();
    assert.equal(issue?.title, `${T} (host0) is listed on 1 blacklist`);
    assert.match(issue?.body ?? '', /\| Test BL \| high \| `127\.0\.0\.2` \| spam source \|/);
    assert.match(issue?.body ?? '', /\*\*For information only\*\*: these answers are below `notify\.min-severity: low`/);
    assert.match(issue?.body ?? '', /\| SPFBL\.net \| info \| `127\.0\.0\.4` \| not a mail server/);

    const writes = h.gh.writes();
    const again = await h.patrol({ lists: LISTS });
    assert.equal(again.sync?.writes, 0, 'a re-run with the same answers writes nothing');

    spfbl.clear();
    const gone = await h.patrol({ lists: LISTS });
    assert.deepEqual(gone.changes.map((c) => [c.kind, c.added, c.removed]), [['still', [], []]]);
    assert.equal(gone.sync?.writes, 1, 'one body edit, no comment, no close');
    assert.equal(h.gh.comments.length, 0);
    assert.equal(h.ours()[0]?.state, 'open');
    assert.doesNotMatch(h.ours()[0]?.body ?? '', /SPFBL/);
    assert.equal(h.gh.writes(), writes + 1, 'GitHub saw exactly that edit');
  });

  test('the issue ties a RATS-NoPtr listing to the missing PTR, and shows each list\'s cause, fix and door', async () => {
    rats.set(T, ['127.0.0.37']);
    h.listings.set(T, ['127.0.0.4']);
    await h.patrol({ lists: LISTS });
    const body = h.ours()[0]?.body ?? '';
    assert.match(body, /### Reverse DNS\n`192\.0\.2\.10` has no PTR record/);
    assert.match(body, /- \*\*Missing or generic reverse DNS\*\* \(SpamRATS\): Ask whoever owns the address/);
    assert.match(body, / {2}- Reverse DNS: This is the reason here: the address has no PTR record, and SpamRATS lists addresses for exactly that/);
    assert.match(body, /- \*\*SpamRATS\*\*: Ask for removal with the free form on its site\. RATS-Dyna and RATS-NoPtr need matching forward and reverse DNS before removal\. \[look up this address\]\(http:\/\/www\.spamrats\.com\/bl\?192\.0\.2\.10\) · \[removal page\]\(https:\/\/www\.spamrats\.com\/removal\.php\)/);
    // The test list is a custom list: its code has no documented cause, and its door is its own page.
    assert.match(body, /- \*\*Reason not categorised\*\* \(Test BL\)/);
    assert.match(body, /- \*\*Test BL\*\*: The list's own page says how listings end and how to ask for removal\. \[removal page\]\(https:\/\/bl\.test\/delist\)/);
  });

  test('a good PTR is said to be good; a PTR lookup that times out is unknown, never "no PTR"', async () => {
    rats.set(T, ['127.0.0.37']);
    ptr.set('192.0.2.10', ['mail.example.com']);
    forward.set('mail.example.com', [T]);
    await h.patrol({ lists: LISTS });
    assert.match(h.ours()[0]?.body ?? '', /`192\.0\.2\.10` has the PTR `mail\.example\.com`, which resolves back to it \\\(forward-confirmed\\\) and does not look generic: good\./);
    assert.match(h.ours()[0]?.body ?? '', /Here the reverse DNS is right now \\\(`mail\.example\.com` resolves back to it and names a host\\\): it was fixed after SpamRATS last looked; ask for removal\./);

    ptr.set('192.0.2.10', 'timeout');
    const out = await h.patrol({ lists: LISTS });
    assert.equal(out.report.reverseDns?.[0]?.status, 'unknown');
    assert.match(h.ours()[0]?.body ?? '', /The reverse DNS of `192\.0\.2\.10` could not be looked up this run \\\(the PTR lookup timed out\\\): this says nothing either way\./);
    assert.doesNotMatch(h.ours()[0]?.body ?? '', /has no PTR record/);
  });
});

describe('the CLI exit code follows the severity rule', () => {
  let h: Harness;
  let dir: string;
  before(async () => {
    h = await startHarness();
    dir = await mkdtemp(path.join(tmpdir(), 'bp-severity-'));
    h.extra = (name, type) => {
      if (name === '2.0.0.127.dnsbl.spfbl.net' || name === '10.2.0.192.dnsbl.spfbl.net') return type === 'TXT' ? { rcode: 'NOERROR', txt: ['x'] } : { rcode: 'NOERROR', a: [name.startsWith('2.') ? '127.0.0.2' : '127.0.0.4'] };
      return name.endsWith('.dnsbl.spfbl.net') ? { rcode: 'NXDOMAIN' } : undefined;
    };
  });
  after(async () => {
    await h?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const check = async (notify: string): Promise<{ code: number; out: string }> => {
    const file = path.join(dir, `monitors-${notify.length}.yml`);
    await writeFile(file, `monitors:\n  - { name: mx1, address: ${T} }\nlists: { use: none, add: [spfbl] }\nsettings: { timeout: 1s, tries: 1 }\n${notify}`);
    const out: string[] = [];
    const code = await main(['check', '--config', file, '--resolver', h.dns.server], { out: (t) => out.push(t), err: () => undefined, env: {}, progress: false });
    return { code, out: out.join('\n') };
  };

  test('an informational-only target exits 0 and is shown as informational; with min-severity info it exits 1', async () => {
    const byDefault = await check('');
    assert.equal(byDefault.code, EXIT.clean);
    assert.match(byDefault.out, /INFORMATIONAL \(below notify\.min-severity: low; shown, not counted as listed\)\n.*\n\s+192\.0\.2\.10\s+mx1\s+SPFBL\.net\s+127\.0\.0\.4\s+info\s+not a mail server/);
    assert.doesNotMatch(byDefault.out, /^LISTED/m);
    assert.match(byDefault.out, /0 listed \(0 listings\), 1 informational listing, /);
    const all = await check('notify: { min-severity: info }\n');
    assert.equal(all.code, EXIT.listed);
    assert.match(all.out, /^LISTED/m);
  });
});
