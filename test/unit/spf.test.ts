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

  test('extra whitespace is tolerated', () => {
    assert.deepEqual(terms('  v=spf1   ip4:192.0.2.1    -all '), [
      { kind: 'ip4', qualifier: '+', address: '192.0.2.1' },
      { kind: 'all', qualifier: '-' },
    ]);
  });

  test('the lookup-costing terms are the six RFC 7208 names', () => {
    assert.deepEqual([...LOOKUP_TERMS].sort(), ['a', 'exists', 'include', 'mx', 'ptr', 'redirect']);
  });
});
