// Query names: what goes in front of a list's zone (RFC 5782 §2-3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { itemKind, queryName, toALabel } from '../../src/dnsbl/query.ts';

describe('queryName: IPv4', () => {
  test('octets reversed in front of the zone', () => {
    assert.equal(queryName('192.0.2.99', 'ipv4', 'zen.spamhaus.org'), '99.2.0.192.zen.spamhaus.org');
    assert.equal(queryName('127.0.0.2', 'ipv4', 'bl.spamcop.net'), '2.0.0.127.bl.spamcop.net');
  });

  test('anything but a dotted quad is refused', () => {
    for (const bad of ['999.1.1.1', '10', '0x7f000001', '1.2.3', '192.0.2.1/32', '::1']) {
      assert.throws(() => queryName(bad, 'ipv4', 'bl.test'), /is not an IPv4 address/, bad);
    }
  });
});

describe('queryName: IPv6', () => {
  const V6_TEST_POINT = '2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0';

  test('32 nibbles reversed, from compressed text (the Spamhaus documentation example)', () => {
    assert.equal(
      queryName('2001:db8:7ca6:22::45', 'ipv6', 'zen.spamhaus.org'),
      '5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2.zen.spamhaus.org',
    );
  });

  test('full, compressed and upper-case spellings give the same name', () => {
    const full = queryName('2001:0db8:0000:0000:0000:0000:0000:0001', 'ipv6', 'z.test');
    assert.equal(full, '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.z.test');
    assert.equal(queryName('2001:db8::1', 'ipv6', 'z.test'), full);
    assert.equal(queryName('2001:DB8::1', 'ipv6', 'z.test'), full);
  });

  test('the RFC 5782 test point ::ffff:7f00:2 keeps its IPv6 name, never 2.0.0.127', () => {
    assert.equal(queryName('::ffff:7f00:2', 'ipv6', 'bl.test'), `${V6_TEST_POINT}.bl.test`);
    assert.equal(queryName('::FFFF:7F00:2', 'ipv6', 'bl.test'), `${V6_TEST_POINT}.bl.test`);
    // Written with an embedded IPv4 it is the same address, so the same nibbles.
    assert.equal(queryName('::ffff:127.0.0.2', 'ipv6', 'bl.test'), `${V6_TEST_POINT}.bl.test`);
    assert.equal(queryName('::ffff:7f00:1', 'ipv6', 'bl.test'), `1${V6_TEST_POINT.slice(1)}.bl.test`);
  });

  test('every IPv6 name has exactly 32 one-hex-digit labels before the zone', () => {
    for (const a of ['::', '::1', 'fe80::1', '2a00:1450:4001:81b::200e', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']) {
      const labels = queryName(a, 'ipv6', 'z.test').split('.').slice(0, -2);
      assert.equal(labels.length, 32, a);
      assert.ok(labels.every((l) => /^[0-9a-f]$/.test(l)), a);
    }
  });

  test('prefixes, zone ids and IPv4 are refused', () => {
    for (const bad of ['2001:db8::/64', 'fe80::1%eth0', '192.0.2.1', '2001:db8::g', ':::1']) {
      assert.throws(() => queryName(bad, 'ipv6', 'bl.test'), /is not an IPv6 address/, bad);
    }
  });
});

describe('queryName: domains', () => {
  test('lower case, trailing dot dropped', () => {
    assert.equal(queryName('Example.COM.', 'domain', 'dbl.spamhaus.org'), 'example.com.dbl.spamhaus.org');
    assert.equal(queryName(' mail.example.net ', 'domain', 'multi.surbl.org'), 'mail.example.net.multi.surbl.org');
  });

  test('IDN names go out as A-labels', () => {
    assert.equal(queryName('bücher.example', 'domain', 'dbl.test'), 'xn--bcher-kva.example.dbl.test');
    assert.equal(queryName('BÜCHER.example.', 'domain', 'dbl.test'), 'xn--bcher-kva.example.dbl.test');
    assert.equal(toALabel('münchen.de'), 'xn--mnchen-3ya.de');
  });

  test('test points: RFC 5782 names and the lists’ own', () => {
    assert.equal(queryName('test', 'domain', 'dbl.nordspam.com'), 'test.dbl.nordspam.com');
    assert.equal(queryName('invalid', 'domain', 'dbl.nordspam.com'), 'invalid.dbl.nordspam.com');
    assert.equal(queryName('_DNSBL_.test', 'domain', 'uribl.spameatingmonkey.net'), '_dnsbl_.test.uribl.spameatingmonkey.net');
    // URIBL's test item is a whole domain, put in front of the zone like any other.
    assert.equal(queryName('test.uribl.com', 'domain', 'multi.uribl.com'), 'test.uribl.com.multi.uribl.com');
  });

  test('a label over 63 octets or an empty label is refused', () => {
    assert.throws(() => queryName(`${'x'.repeat(64)}.example`, 'domain', 'dbl.test'), /not a valid domain name/);
    assert.equal(queryName(`${'x'.repeat(63)}.example`, 'domain', 'dbl.test'), `${'x'.repeat(63)}.example.dbl.test`);
    for (const bad of ['a..example', '.example', '', 'bad name.example', 'a*b.example', '-lead.example']) {
      assert.throws(() => queryName(bad, 'domain', 'dbl.test'), /not a valid domain name/, bad);
    }
  });

  test('a name that ends in a number is not a domain (the URL parser would turn 1.2.3 into 1.2.0.3)', () => {
    assert.throws(() => queryName('1.2.3', 'domain', 'dbl.test'), /not a valid domain name/);
    assert.throws(() => queryName('192.0.2.1', 'domain', 'dbl.test'), /not a valid domain name/);
    assert.throws(() => queryName('host.0x7f', 'domain', 'dbl.test'), /not a valid domain name/);
  });

  test('a whole name over 253 octets is refused, and the message never shows the (keyed) zone', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(40)}.example`; // 240 octets
    assert.equal(long.length, 240);
    assert.throws(
      () => queryName(long, 'domain', 'SECRETKEY123.dbl.dq.spamhaus.net'),
      (e: Error) => /DNS allows 253/.test(e.message) && !e.message.includes('SECRETKEY123'),
    );
    assert.doesNotThrow(() => queryName(long, 'domain', 'dbl.test'));
    const tooLong = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`;
    assert.throws(() => queryName(tooLong, 'domain', 'dbl.test'), /not a valid domain name/);
  });
});

describe('itemKind', () => {
  test('tells addresses from names', () => {
    assert.equal(itemKind('127.0.0.2'), 'ipv4');
    assert.equal(itemKind('::ffff:7f00:2'), 'ipv6');
    assert.equal(itemKind('2001:db8::1'), 'ipv6');
    assert.equal(itemKind('test'), 'domain');
    assert.equal(itemKind('_dnsbl_.test'), 'domain');
    assert.equal(itemKind('bücher.example'), 'domain');
  });

  test('null for what is none of the three', () => {
    for (const bad of ['not a name', '', '1.2.3', '2001:db8::/64', 'fe80::1%eth0', 'a..b']) {
      assert.equal(itemKind(bad), null, bad);
    }
  });
});
