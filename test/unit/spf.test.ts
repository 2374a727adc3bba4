import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOOKUP_TERMS, isSpf, parseSpf } from '../../src/targets/spf.ts';

const terms = (record: string) => parseSpf(record)?.terms;

describe('isSpf / parseSpf', () => {
  test('only v=spf1 records are SPF', () => {
    assert.equal(isSpf('v=spf1 -all'), true);
    assert.equal(isSpf('V=SPF1 ip4:192.0.2.1'), true);
    assert.equal(isSpf('v=spf1'), true);
    assert.equal(isSpf('v=spf10 -all'), false);
    assert.equal(isSpf('google-site-verification=abc'), false);
    assert.equal(isSpf('v=DMARC1; p=none'), false);
    assert.equal(isSpf('see v=spf1 -all'), false, 'v=spf1 must open the record');
    assert.equal(parseSpf('spf2.0/pra ip4:192.0.2.1'), null);
    assert.deepEqual(parseSpf('v=spf1'), { terms: [] });
  });

  test('ip4 and ip6, with and without a prefix', () => {
    assert.deepEqual(terms('v=spf1 ip4:192.0.2.1 ip4:198.51.100.0/24 ip6:2001:db8::/32 ip6:2001:db8::25'), [
      { kind: 'ip4', qualifier: '+', address: '192.0.2.1' },
      { kind: 'ip4', qualifier: '+', address: '198.51.100.0', prefix: 24 },
      { kind: 'ip6', qualifier: '+', address: '2001:db8::', prefix: 32 },
      { kind: 'ip6', qualifier: '+', address: '2001:db8::25' },
    ]);
  });

  test('qualifiers', () => {
    assert.deepEqual(
      terms('v=spf1 +ip4:192.0.2.1 -ip4:192.0.2.2 ~ip4:192.0.2.3 ?ip4:192.0.2.4 ~all')?.map((t) => ('qualifier' in t ? t.qualifier : null)),
      ['+', '-', '~', '?', '~'],
    );
  });

  test('a and mx with domain and dual prefixes', () => {
    assert.deepEqual(terms('v=spf1 a mx a:Mail.Example.COM a/24 mx:example.net/28//64 a//112 -mx'), [
      { kind: 'a', qualifier: '+' },
      { kind: 'mx', qualifier: '+' },
      { kind: 'a', qualifier: '+', domain: 'mail.example.com' },
      { kind: 'a', qualifier: '+', prefix4: 24 },
      { kind: 'mx', qualifier: '+', domain: 'example.net', prefix4: 28, prefix6: 64 },
      { kind: 'a', qualifier: '+', prefix6: 112 },
      { kind: 'mx', qualifier: '-' },
    ]);
  });

  test('include, redirect, exists, ptr, all, exp', () => {
    assert.deepEqual(terms('v=spf1 include:_spf.Example.net. exists:example.org ptr ptr:example.com redirect=_spf.example.com exp=explain.example.com -all'), [
      { kind: 'include', qualifier: '+', domain: '_spf.example.net' },
      { kind: 'exists', qualifier: '+', domain: 'example.org' },
      { kind: 'ptr', qualifier: '+' },
      { kind: 'ptr', qualifier: '+', domain: 'example.com' },
      { kind: 'redirect', domain: '_spf.example.com' },
      { kind: 'modifier', text: 'exp=explain.example.com' },
      { kind: 'all', qualifier: '-' },
    ]);
  });

  test('macros are recognised, keeping which mechanism they sit in', () => {
    assert.deepEqual(terms('v=spf1 exists:%{i}._spf.example.com include:%{d2}.example.net redirect=%{d}.example.org'), [
      { kind: 'macro', text: 'exists:%{i}._spf.example.com', mechanism: 'exists' },
      { kind: 'macro', text: 'include:%{d2}.example.net', mechanism: 'include' },
      { kind: 'macro', text: 'redirect=%{d}.example.org', mechanism: 'redirect' },
    ]);
  });

  test('invalid terms are flagged, not guessed at', () => {
    const out = terms('v=spf1 ip4:192.0.2.0/33 include foo:bar ip4 a:/24 all:x mx/abc');
    assert.deepEqual(
      out?.map((t) => t.kind),
      ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid'],
    );
  });

  test('prefix lengths: 0 to 32 for IPv4, 0 to 128 for IPv6, plain digits only', () => {
    assert.deepEqual(terms('v=spf1 ip4:192.0.2.1/32 ip4:0.0.0.0/0 ip6:2001:db8::/64 ip6:2001:db8::1/128 a/32//128'), [
      { kind: 'ip4', qualifier: '+', address: '192.0.2.1', prefix: 32 },
      { kind: 'ip4', qualifier: '+', address: '0.0.0.0', prefix: 0 },
      { kind: 'ip6', qualifier: '+', address: '2001:db8::', prefix: 64 },
      { kind: 'ip6', qualifier: '+', address: '2001:db8::1', prefix: 128 },
      { kind: 'a', qualifier: '+', prefix4: 32, prefix6: 128 },
    ]);
    for (const term of ['ip4:192.0.2.0/33', 'ip4:192.0.2.0/+24', 'ip4:192.0.2.0/24.0', 'ip6:2001:db8::/129', 'ip4:192.0.2.0/']) {
      assert.deepEqual(terms(`v=spf1 ${term}`)?.map((t) => t.kind), ['invalid'], term);
    }
  });

  test('each invalid term says what is wrong with it (validate shows the reason)', () => {
    const cases: [term: string, reason: string][] = [
      ['ip4', "ip4 needs ':address'"],
      ['ip6', "ip6 needs ':address'"],
      ['ip4:/24', "'/24' is not an ip4 address or range"],
      ['ip6:2001:db8::/129', "'2001:db8::/129' is not an ip6 address or range"],
      ['a:/24', "':/24' is not [:domain][/prefix][//prefix]"],
      ['mx/abc', "'/abc' is not [:domain][/prefix][//prefix]"],
      ['a/33', 'prefix out of range'],
      ['mx//129', 'prefix out of range'],
      ['a:-mail.example.com', "'-mail.example.com' is not a domain"],
      ['all:x', "'all' takes no argument"],
      ['include', "include needs ':domain'"],
      ['include_spf.example.com', "include needs ':domain'"],
      ['include:*.example.com', "include needs ':domain'"],
      ['include:a.example,include:b.example', "include needs ':domain'"],
      ['exists', "exists needs ':domain'"],
      ['ptr.example.com', "ptr needs ':domain'"],
      ['redirect=', 'redirect= needs a domain'],
      ['redirect=-spf.example.com', 'redirect= needs a domain'],
      ['foo:bar', "unknown mechanism 'foo'"],
      // A doubled qualifier is not "+all" (which would authorise every sender).
      ['+-all', "unknown mechanism '+-all'"],
      // Modifiers take no qualifier.
      ['~redirect=_spf.example.com', "unknown mechanism 'redirect'"],
    ];
    for (const [term, reason] of cases) {
      assert.deepEqual(terms(`v=spf1 ${term}`), [{ kind: 'invalid', text: term, reason }], term);
    }
  });

  test('a domain in a term is a name of two or more labels, the last not all digits (RFC 7208 §7.1)', () => {
    // Receivers answer permerror for these; querying them would only count as a void lookup.
    for (const [term, reason] of [
      ['a:192.0.2.1', "'192.0.2.1' is not a domain"],
      ['ptr:192.0.2.10', "ptr needs ':domain'"],
      ['mx:mail', "'mail' is not a domain"],
      ['include:localhost', "include needs ':domain'"],
      ['exists:example', "exists needs ':domain'"],
      ['redirect=spf', 'redirect= needs a domain'],
    ]) {
      assert.deepEqual(terms(`v=spf1 ${term}`), [{ kind: 'invalid', text: term, reason }], term);
    }
    assert.deepEqual(terms('v=spf1 a:x.com include:_spf.example-mail.net ptr:b.c exists:x.123-4'), [
      { kind: 'a', qualifier: '+', domain: 'x.com' },
      { kind: 'include', qualifier: '+', domain: '_spf.example-mail.net' },
      { kind: 'ptr', qualifier: '+', domain: 'b.c' },
      { kind: 'exists', qualifier: '+', domain: 'x.123-4' },
    ]);
  });

  test('extra whitespace is tolerated', () => {
    assert.deepEqual(terms('  v=spf1   ip4:192.0.2.1 \t  -all '), [
      { kind: 'ip4', qualifier: '+', address: '192.0.2.1' },
      { kind: 'all', qualifier: '-' },
    ]);
  });

  test('the lookup-costing terms are the six RFC 7208 names', () => {
    assert.deepEqual([...LOOKUP_TERMS].sort(), ['a', 'exists', 'include', 'mx', 'ptr', 'redirect']);
  });
});
