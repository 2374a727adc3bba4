// Secrets in every form we can derive: the forms, the redactor, list keys in DNS text, key checks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_MASK, keyRedactor, redactor, secretForms, smtpSecretForms } from '../../src/secrets.ts';
import { KEY_FORMATS, keyErrors } from '../../src/dnsbl/keys.ts';
import { LISTS, findList } from '../../src/dnsbl/catalog.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { queryName } from '../../src/dnsbl/query.ts';
import type { Dns, DnsResult, ListDef, ListHealth, Verdict } from '../../src/model.ts';
import { parseConfig } from '../../src/config/load.ts';
import { runCheck } from '../../src/patrol.ts';

const PASS = 's3cr3t-p@ss/word';
const KEY = 'q7tsecretdqskey0abcdefghij';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('secret forms and the redactor', () => {
  const redact = redactor([{ forms: smtpSecretForms('patrol', PASS), mask: '***' }]);

  test('raw, URL-encoded, JSON-escaped, base64 and AUTH PLAIN forms are all taken out', () => {
    for (const form of [PASS, encodeURIComponent(PASS), b64(PASS), b64(`\u0000patrol\u0000${PASS}`), b64(`patrol\u0000patrol\u0000${PASS}`)]) {
      const out = redact(`535 rejected: ${form} (see logs)`);
      assert.equal(out, '535 rejected: *** (see logs)', form);
    }
    const quoted = redactor([{ forms: secretForms('pa"ss\\word'), mask: '***' }]);
    assert.equal(quoted(JSON.stringify({ error: 'pa"ss\\word' })), '{"error":"***"}');
  });

  test('the password base64-encoded inside any longer blob, at each of the three byte alignments', () => {
    for (const before of ['', 'x', 'xy', 'xyz', 'user:', '\u0000someone@example.com\u0000']) {
      const blob = b64(`${before}${PASS}\r\ntrailer`);
      const out = redact(`server said ${blob}`);
      // The base64 characters that depend on the password's bytes alone: no 8 of them in a row survive.
      const own = blob.slice(Math.ceil((before.length * 8) / 6), Math.floor(((before.length + PASS.length) * 8) / 6));
      for (let i = 0; i + 8 <= own.length; i++) assert.ok(!out.includes(own.slice(i, i + 8)), `${JSON.stringify(before)}: ${out}`);
      assert.match(out, /\*\*\*/);
    }
  });

  test('list keys are replaced in any case (DNS may answer in upper or 0x20-mixed case); other text is kept', () => {
    const k = keyRedactor({ 'spamhaus-dqs': KEY });
    const mixed = [...KEY].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
    assert.equal(k(`Listed: 2.0.0.127.${KEY.toUpperCase()}.zen.dq.spamhaus.net and ${mixed}.zen`), `Listed: 2.0.0.127.${KEY_MASK}.zen.dq.spamhaus.net and ${KEY_MASK}.zen`);
    assert.equal(k('nothing secret here'), 'nothing secret here');
    assert.equal(keyRedactor({})('2.0.0.127.zen'), '2.0.0.127.zen');
  });

  test('short base64 fragments are not used (they would match ordinary text); full forms always are', () => {
    assert.deepEqual(secretForms('abc').sort(), ['YWJj', 'abc'].sort());
    assert.deepEqual(secretForms(''), []);
    assert.ok(secretForms('line one\nline two').includes('line two'), 'the runner masks line by line');
  });
});

describe('list keys are checked before any query', () => {
  test('a key too long for Spamhaus: its length and the documented one, never the key', () => {
    const long = 'a'.repeat(240);
    const [e] = keyErrors({ 'spamhaus-dqs': long });
    assert.equal(e, 'the Spamhaus DQS key is 240 characters; Spamhaus DQS keys are 26 (letters and digits): check spamhaus-dqs-key (Action) or SPAMHAUS_DQS_KEY (CLI)');
  });

  test('characters a DNS label cannot hold (they would change every query name) are named, not quoted', () => {
    for (const [bad, what] of [
      ['q7tsecretdqskey0.bcdefghij', 'a dot'],
      ['q7tsecretdqskey0 bcdefghij', 'a space or a line break'],
      ['q7tsecretdqskey0abcdefghij\nx', 'a space or a line break'],
      ['q7tsecretdqskey0_bcdefghij', 'a character other than letters and digits'],
    ] as const) {
      const errors = keyErrors({ 'spamhaus-dqs': bad });
      assert.equal(errors.length, 1, bad);
      assert.match(errors[0] ?? '', new RegExp(`contains ${what}, which a DNS name cannot hold`));
      assert.ok(!(errors[0] ?? '').includes(bad.slice(0, 10)), 'the key is never quoted');
    }
    assert.match(keyErrors({ abusix: 'abc.def' })[0] ?? '', /^the Abusix key contains a dot/);
  });

  test('good keys pass; an Abusix key over one DNS label (63) does not', () => {
    assert.deepEqual(keyErrors({ 'spamhaus-dqs': KEY, abusix: 'k3y-abusix-0123' }), []);
    assert.deepEqual(keyErrors({ 'spamhaus-dqs': KEY.toUpperCase() }), [], 'DNS names are case-insensitive');
    assert.match(keyErrors({ abusix: 'a'.repeat(64) })[0] ?? '', /^the Abusix key is 64 characters; .* a DNS label holds at most 63/);
  });

  test('the longest query name is computed: an IPv6 name (63) in front of the keyed zone, against 253', () => {
    const base = findList('abusix-combined');
    assert.ok(base);
    // A keyed zone long enough that a 63-character key pushes a 32-nibble IPv6 name past 253.
    const zone = `{key}.${'z'.repeat(60)}.${'y'.repeat(60)}.example`;
    const wide: ListDef = { ...base, id: 'wide', name: 'Wide list', zone };
    const fixed = `.${zone.replace('{key}.', '')}`.length; // 131: the zone without its key
    const fits = 'k'.repeat(253 - 63 - 1 - fixed); // exactly 253
    assert.deepEqual(keyErrors({ abusix: fits }, [wide]), []);
    assert.equal(queryName('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ipv6', wide.zone.replace('{key}', fits)).length, 253);
    assert.deepEqual(keyErrors({ abusix: `${fits}k` }, [wide]), [
      `the Abusix key is ${fits.length + 1} characters, which makes query names to Wide list up to 254 octets long; DNS allows 253: check abusix-key (Action) or ABUSIX_KEY (CLI)`,
    ]);
  });

  test('an IPv4 list and a domain list are held to their own longest names: 255.255.255.255, and the longer test point', () => {
    const base = findList('abusix-combined');
    assert.ok(base);
    const zone = `{key}.${'z'.repeat(60)}.${'y'.repeat(60)}.${'x'.repeat(60)}.${'w'.repeat(35)}.example`;
    const rest = zone.length - '{key}'.length; // 227: the zone after its key, dot included
    const tooLong = (key: string, name: string) =>
      `the Abusix key is ${key.length} characters, which makes query names to ${name} up to 254 octets long; DNS allows 253: check abusix-key (Action) or ABUSIX_KEY (CLI)`;
    const cases: [ListDef, number][] = [
      [{ ...base, id: 'v4', name: 'IPv4 list', kinds: ['ipv4'], zone }, '255.255.255.255'.length],
      [{ ...base, id: 'dom', name: 'Domain list', kinds: ['domain'], zone, test: { listed: 'test', unlisted: 'invalid' } }, 'invalid'.length],
      [{ ...base, id: 'dom1', name: 'One-point list', kinds: ['domain'], zone, test: { listed: 'test', unlisted: null } }, 'test'.length],
    ];
    for (const [l, head] of cases) {
      const fits = 'k'.repeat(253 - head - 1 - rest);
      assert.deepEqual(keyErrors({ abusix: fits }, [l]), [], l.name);
      assert.deepEqual(keyErrors({ abusix: `${fits}k` }, [l]), [tooLong(`${fits}k`, l.name)]);
    }
    // A Spamhaus key (26) would not fit in front of this zone, but it is never asked there.
    assert.deepEqual(keyErrors({ 'spamhaus-dqs': KEY, abusix: 'k'.repeat(253 - 16 - rest) }, [cases[0]![0]]), []);
  });

  test('an Abusix key is any DNS label: one character will do; a hyphen at its end is refused, with the rule', () => {
    assert.deepEqual(keyErrors({ abusix: 'k' }), []);
    assert.deepEqual(keyErrors({ abusix: 'k-' }), [
      'the Abusix key contains a character other than letters and digits, which a DNS name cannot hold; Abusix keys are letters, digits and inner hyphens: check abusix-key (Action) or ABUSIX_KEY (CLI)',
    ]);
  });

  test('with keys as long as their format allows, every keyed list in the catalog fits in 253', () => {
    const longest = { 'spamhaus-dqs': 'a'.repeat(KEY_FORMATS['spamhaus-dqs'].length ?? 63), abusix: 'a'.repeat(63) };
    assert.ok(LISTS.some((l) => l.key === 'abusix') && LISTS.some((l) => l.key === 'spamhaus-dqs'));
    assert.deepEqual(keyErrors(longest), []);
  });
});

describe('DNS text that repeats a keyed query name (a hostile list or resolver)', () => {
  /** A resolver that lists 192.0.2.10, answers the test points, and puts the query name in every TXT and error. */
  function echoingDns(): Dns {
    const echo = (name: string): DnsResult => ({ ok: false, error: 'error', message: `upstream failed for ${name.toUpperCase()}` });
    return {
      a: (name) =>
        Promise.resolve<DnsResult>(
          name.startsWith('2.0.0.127.') || name.startsWith('10.2.0.192.') ? { ok: true, records: ['127.0.0.2'] } : name.startsWith('1.0.0.127.') ? { ok: false, error: 'nxdomain', message: 'NXDOMAIN' } : echo(name),
        ),
      aaaa: (name) => Promise.resolve(echo(name)),
      txt: (name) => Promise.resolve<DnsResult>({ ok: true, records: [`Listed, see https://check.example/?q=${name}`, `AS ASKED: ${name.toUpperCase()}`] }),
      mx: (name) => Promise.resolve(echo(name)),
      ptr: (name) => Promise.resolve(echo(name)),
    };
  }

  test('verdicts and list health never hold the key: TXT, reasons and health details are redacted', async () => {
    const zen = findList('spamhaus-zen-dqs');
    const abusix = findList('abusix-combined');
    assert.ok(zen && abusix);
    const verdicts: Verdict[] = [];
    const dns = echoingDns();
    // Abusix's test points are answered with an error that repeats the name.
    const hostile: Dns = { ...dns, a: (name) => (name.includes('abusix') ? Promise.resolve<DnsResult>({ ok: false, error: 'refused', message: `REFUSED ${name}` }) : dns.a(name)) };
    const { lists } = await checkTargets(
      [{ value: '192.0.2.10', kind: 'ipv4', monitor: 'mx1', via: 'address', skip: [] }],
      [zen, abusix],
      hostile,
      { concurrency: 4, perListConcurrency: 2, keys: { 'spamhaus-dqs': KEY, abusix: 'abusixkey0secret' } },
      (v) => verdicts.push(v),
    );
    const listed = verdicts.find((v) => v.list === 'spamhaus-zen-dqs');
    assert.equal(listed?.status, 'listed');
    assert.deepEqual(listed?.txt, ['Listed, see https://check.example/?q=10.2.0.192.<key>.zen.dq.spamhaus.net', 'AS ASKED: 10.2.0.192.<key>.ZEN.DQ.SPAMHAUS.NET']);
    const refused = lists.find((l: ListHealth) => l.id === 'abusix-combined');
    assert.equal(refused?.status, 'refused');
    assert.equal(refused?.detail, 'REFUSED 2.0.0.127.<key>.combined.mail.abusix.zone');
    const all = JSON.stringify({ verdicts, lists }).toLowerCase();
    assert.ok(!all.includes(KEY) && !all.includes('abusixkey0secret'), all);
  });

  test('problems found while expanding targets (SPF text from DNS) are redacted too', async () => {
    const parsed = parseConfig('monitors:\n  - { name: shop, domain: shop.example.com, expand: [spf] }\nlists:\n  use: none\n', 'm.yml');
    assert.ok(parsed.ok);
    const dns = echoingDns();
    const out = await runCheck({
      config: parsed.config,
      keys: { 'spamhaus-dqs': KEY },
      dns: { ...dns, txt: () => Promise.resolve<DnsResult>({ ok: true, records: [`v=spf1 seen-at-${KEY.toUpperCase()} -all`] }) },
      resolvers: ['test'],
      now: () => new Date(),
    });
    const messages = out.problems.map((p) => p.message).join('\n');
    assert.match(messages, /seen-at-<key>/);
    assert.ok(!messages.toLowerCase().includes(KEY), messages);
  });
});

describe('the forms of a secret, as the redactor and the runner get them', () => {
  test('nothing for an empty secret or password', () => {
    assert.deepEqual(secretForms(''), []);
    assert.deepEqual(smtpSecretForms('patrol', ''), []);
  });

  test('base64url without padding, next to base64', () => {
    const forms = secretForms('>>>???ab');
    assert.ok(forms.includes('Pj4+Pz8/YWI='), 'base64');
    assert.ok(forms.includes('Pj4-Pz8_YWI'), 'base64url, no padding');
  });

  test('each line of a multi-line secret, never a blank one', () => {
    const forms = secretForms('first-line\r\n   \nsecond\rthird');
    for (const line of ['first-line', 'second', 'third']) assert.ok(forms.includes(line), line);
    assert.ok(!forms.includes('   '));
  });

  test('base64 at every alignment, but no fragment short enough to match ordinary text', () => {
    const secret = 'correct-horse';
    const forms = secretForms(secret);
    for (const offset of [0, 1, 2]) {
      const blob = Buffer.concat([Buffer.alloc(offset, 'x'), Buffer.from(secret), Buffer.from('y')]).toString('base64');
      assert.ok(forms.some((f) => f.length >= 6 && f !== secret && blob.includes(f)), `offset ${offset}: ${blob}`);
    }
    assert.ok(secretForms('abcd').every((f) => f.length >= 4), secretForms('abcd').join(' '));
    assert.equal(new Set(forms).size, forms.length, 'no form twice');
  });
});

describe('a password in a server reply, in every encoding', () => {
  test('base64 padding is left out of the base64url form (a URL-safe token has none)', () => {
    const redact = redactor([{ forms: secretForms('abcd'), mask: '***' }]);
    assert.equal(b64('abcd'), 'YWJjZA==');
    assert.equal(redact('token=YWJjZA&next=1'), 'token=***&next=1');
    assert.equal(redact('token=YWJjZA=='), 'token=***');
  });

  test('inside a longer blob at any alignment, in base64 and in base64url, even where they differ', () => {
    // ">>>???" encodes to "Pj4+Pz8/": base64 and base64url forms differ ("Pj4-Pz8_").
    for (const secret of ['>>>???>>>???', 'pass5']) {
      const redact = redactor([{ forms: secretForms(secret), mask: '***' }]);
      for (const before of ['', 'x', 'xy']) {
        const blob = b64(`${before}${secret}trailer`);
        const own = blob.slice(Math.ceil((before.length * 8) / 6), Math.floor(((before.length + secret.length) * 8) / 6));
        assert.ok(own.length >= 6, own);
        for (const text of [blob, blob.replace(/\+/g, '-').replace(/\//g, '_')]) {
          const out = redact(`server said ${text}`);
          assert.ok(!out.includes(own.replace(/\+/g, '-').replace(/\//g, '_')) && !out.includes(own), `${secret} ${JSON.stringify(before)}: ${out}`);
          assert.match(out, /\*\*\*/);
        }
      }
    }
  });

  test('a key not given (absent, undefined or empty) masks nothing, and the keys given still are', () => {
    const redact = keyRedactor({ 'spamhaus-dqs': undefined, abusix: 'abusixkey0secret' });
    assert.equal(redact('1.0.0.127.abusixkey0secret.combined and undefined'), `1.0.0.127.${KEY_MASK}.combined and undefined`);
    assert.equal(keyRedactor({ 'spamhaus-dqs': '' })('a b'), 'a b');
  });
});

describe('redactor', () => {
  test('the longest form first, in any case', () => {
    const redact = redactor([{ forms: ['ab', 'abcd'], mask: '#' }]);
    assert.equal(redact('abcdx ABCDX abx'), '#x #X #x');
  });

  test('an empty form is ignored, other groups still apply; no forms at all leaves text alone', () => {
    assert.equal(redactor([{ forms: [''], mask: '#' }, { forms: ['zz'], mask: '!' }])('a zz b'), 'a ! b');
    assert.equal(redactor([{ forms: [''], mask: '#' }])('a b'), 'a b');
    assert.equal(redactor([])('a b'), 'a b');
    assert.equal(keyRedactor({ 'spamhaus-dqs': 'abcdefghijklmnopqrstuvwxyz' })('x.ABCDEFGHIJKLMNOPQRSTUVWXYZ.zen'), `x.${KEY_MASK}.zen`);
  });
});
