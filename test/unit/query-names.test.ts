import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemKind, queryName } from '../../src/dnsbl/query.ts';

test('IPv4: octets reversed in front of the zone', () => {
  assert.equal(queryName('192.0.2.99', 'ipv4', 'zen.spamhaus.org'), '99.2.0.192.zen.spamhaus.org');
  assert.equal(queryName('127.0.0.2', 'ipv4', 'bl.test'), '2.0.0.127.bl.test');
});

test('IPv6: 32 nibbles reversed, from compressed text (the SHDOCS example)', () => {
  assert.equal(
    queryName('2001:db8:7ca6:22::45', 'ipv6', 'zen.spamhaus.org'),
    '5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2.zen.spamhaus.org',
  );
  assert.equal(queryName('2001:DB8::1', 'ipv6', 'z'), queryName('2001:0db8:0000:0000:0000:0000:0000:0001', 'ipv6', 'z'));
});

test('the RFC 5782 IPv6 test point is never normalised to IPv4', () => {
  assert.equal(
    queryName('::ffff:7f00:2', 'ipv6', 'bl.test'),
    '2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl.test',
  );
  // The same point written with an embedded IPv4 gives the same nibbles.
  assert.equal(queryName('::ffff:127.0.0.2', 'ipv6', 'bl.test'), queryName('::ffff:7f00:2', 'ipv6', 'bl.test'));
});

test('domains: lower case, trailing dot dropped, IDN sent as A-label', () => {
  assert.equal(queryName('Example.COM.', 'domain', 'dbl.test'), 'example.com.dbl.test');
  assert.equal(queryName('bücher.example', 'domain', 'dbl.test'), 'xn--bcher-kva.example.dbl.test');
  assert.equal(queryName('test', 'domain', 'dbl.test'), 'test.dbl.test');
  assert.equal(queryName('_dnsbl_.test', 'domain', 'uribl.spameatingmonkey.net'), '_dnsbl_.test.uribl.spameatingmonkey.net');
});

test('names DNS cannot carry are refused with a clear message, without echoing a keyed zone', () => {
  const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(40)}.example`; // 240 octets
  assert.throws(() => queryName(long, 'domain', 'SECRETKEY.dbl.dq.spamhaus.net'), (e: Error) => {
    assert.match(e.message, /253/);
    assert.doesNotMatch(e.message, /SECRETKEY/);
    return true;
  });
  assert.throws(() => queryName(`${'x'.repeat(64)}.example`, 'domain', 'dbl.test'), /not a valid domain/);
  assert.throws(() => queryName('999.1.1.1', 'ipv4', 'bl.test'), /not an IPv4 address/);
  assert.throws(() => queryName('2001:db8::/64', 'ipv6', 'bl.test'), /not an IPv6 address/);
});

test('itemKind tells addresses from names', () => {
  assert.equal(itemKind('127.0.0.2'), 'ipv4');
  assert.equal(itemKind('::ffff:7f00:2'), 'ipv6');
  assert.equal(itemKind('test'), 'domain');
  assert.equal(itemKind('test.uribl.com'), 'domain');
  assert.equal(itemKind('not a name'), null);
});
