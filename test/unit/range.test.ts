import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ipaddr from 'ipaddr.js';
import { IPV4_RANGE_WORDS, IPV6_RANGE_WORDS, specialRange } from '../../src/targets/address.ts';
import { formatV6, parseCidr, parseIp, rangeAddresses, rangeSize, rangeWithin } from '../../src/targets/range.ts';

/** The whole range as a list, when it is within the cap. */
function expandRange(cidr: string, cap: number): { ok: true; addresses: string[] } | { ok: false; message: string } {
  const r = rangeWithin(cidr, cap);
  return r.ok ? { ok: true, addresses: [...rangeAddresses(`${r.cidr.network}/${r.cidr.prefix}`)] } : r;
}

describe('rangeSize', () => {
  test('counts every address, IPv6 beyond Number', () => {
    assert.equal(rangeSize('198.51.100.0/28'), 16n);
    assert.equal(rangeSize('198.51.100.7/32'), 1n);
    assert.equal(rangeSize('0.0.0.0/0'), 4294967296n);
    assert.equal(rangeSize('2001:db8::/124'), 16n);
    assert.equal(rangeSize('2001:db8::/64'), 18446744073709551616n);
  });

  test('throws on what is not a range', () => {
    for (const bad of ['198.51.100.0', '198.51.100.0/33', '2001:db8::/129', '10/8', 'example.com/24', '1.2.3.4/-1', '']) {
      assert.throws(() => rangeSize(bad), /not a CIDR range/, bad);
    }
  });
});

describe('parseCidr', () => {
  test('canonical network, host bits cleared', () => {
    assert.deepEqual(parseCidr('198.51.100.5/28'), { network: '198.51.100.0', kind: 'ipv4', prefix: 28 });
    assert.deepEqual(parseCidr(' 2001:DB8:0:0::1/64 '), { network: '2001:db8::', kind: 'ipv6', prefix: 64 });
    assert.equal(parseCidr('0x7f.1/16'), null);
  });
});

describe('rangeWithin, then every address', () => {
  test('a v4 /28 is 16 addresses in order, network and broadcast included', () => {
    const r = expandRange('198.51.100.0/28', 4096);
    assert.ok(r.ok);
    assert.equal(r.addresses.length, 16);
    assert.equal(r.addresses[0], '198.51.100.0');
    assert.equal(r.addresses[15], '198.51.100.15');
    assert.deepEqual(r.addresses.slice(0, 3), ['198.51.100.0', '198.51.100.1', '198.51.100.2']);
  });

  test('crosses octet boundaries', () => {
    const r = expandRange('198.51.99.254/31', 10);
    assert.ok(r.ok);
    assert.deepEqual(r.addresses, ['198.51.99.254', '198.51.99.255']);
    const wide = expandRange('10.0.0.0/15', 131072);
    assert.ok(wide.ok);
    assert.equal(wide.addresses[255], '10.0.0.255');
    assert.equal(wide.addresses[256], '10.0.1.0');
    assert.equal(wide.addresses[65535], '10.0.255.255');
    assert.equal(wide.addresses[65536], '10.1.0.0');
    const top = expandRange('255.255.255.252/30', 10);
    assert.ok(top.ok);
    assert.deepEqual(top.addresses, ['255.255.255.252', '255.255.255.253', '255.255.255.254', '255.255.255.255']);
  });

  test('a v6 /124 is 16 addresses, compressed lower case', () => {
    const r = expandRange('2001:DB8::/124', 4096);
    assert.ok(r.ok);
    assert.equal(r.addresses.length, 16);
    assert.equal(r.addresses[0], '2001:db8::');
    assert.equal(r.addresses[1], '2001:db8::1');
    assert.equal(r.addresses[15], '2001:db8::f');
  });

  test('v6 carries across words', () => {
    const r = expandRange('2001:db8:0:0:0:0:1:fffe/127', 10);
    assert.ok(r.ok);
    assert.deepEqual(r.addresses, ['2001:db8::1:fffe', '2001:db8::1:ffff']);
    const c = expandRange('2001:db8::fffe/120', 300);
    assert.ok(c.ok);
    assert.equal(c.addresses.length, 256);
    assert.equal(c.addresses[0], '2001:db8::ff00');
  });

  test('a single address range', () => {
    assert.deepEqual(expandRange('192.0.2.1/32', 1), { ok: true, addresses: ['192.0.2.1'] });
    assert.deepEqual(expandRange('2001:db8::1/128', 1), { ok: true, addresses: ['2001:db8::1'] });
  });

  test('refuses a range over the cap, saying how big it is and which setting limits it', () => {
    const r = expandRange('198.51.0.0/16', 4096);
    assert.deepEqual(r, { ok: false, message: '198.51.0.0/16 has 65536 addresses; the limit is 4096 (settings.max-range)' });
    const v6 = expandRange('2001:db8::/64', 4096);
    assert.equal(v6.ok, false);
    assert.match(v6.ok ? '' : v6.message, /18446744073709551616 addresses/);
    assert.ok(expandRange('198.51.100.0/20', 4096).ok, 'exactly the cap is allowed');
  });

  test('refuses what is not a range instead of throwing', () => {
    const r = expandRange('198.51.100.0', 4096);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /not a CIDR range/);
  });

  test('a /16 with a raised cap is quick', () => {
    const t0 = performance.now();
    const r = expandRange('198.51.0.0/16', 65536);
    const v6 = expandRange('2001:db8::/112', 65536);
    assert.ok(r.ok && v6.ok);
    assert.equal(r.addresses.length, 65536);
    assert.equal(r.addresses[65535], '198.51.255.255');
    assert.equal(new Set(v6.addresses).size, 65536);
    assert.ok(performance.now() - t0 < 2000);
  });
});

describe('rangeAddresses', () => {
  test('streams lazily: the first addresses of a v6 /64 come at once', () => {
    const it = rangeAddresses('2001:db8::/64');
    assert.equal(it.next().value, '2001:db8::');
    assert.equal(it.next().value, '2001:db8::1');
  });
});

describe('formatV6', () => {
  test('matches ipaddr.js (RFC 5952) on awkward and random addresses', () => {
    const samples: number[][] = [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 1],
      [0x2001, 0xdb8, 0, 1, 0, 0, 0, 1],
      [0x2001, 0, 0, 1, 0, 0, 1, 1],
      [0x2001, 0xdb8, 0, 1, 1, 1, 1, 1],
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304],
    ];
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 2000; i++) samples.push(Array.from({ length: 8 }, () => (rnd() % 3 === 0 ? 0 : rnd() % 65536)));
    for (const words of samples) assert.equal(formatV6(words), new ipaddr.IPv6(words).toString(), words.join(','));
  });
});

describe('parseIp', () => {
  test('dotted quads and IPv6 only: "10" is a typo, not 0.0.0.10', () => {
    assert.deepEqual(parseIp('192.0.2.1'), { value: '192.0.2.1', kind: 'ipv4' });
    assert.deepEqual(parseIp('2001:DB8::1'), { value: '2001:db8::1', kind: 'ipv6' });
    for (const bad of ['10', '0x7f000001', '4294967295', '192.0.2', 'example.com', '']) assert.equal(parseIp(bad), null, bad);
  });
});

describe('specialRange: where a special address sits, in words a mail admin knows', () => {
  /** ipaddr.js's own table of named ranges, as range() reads it at run time. */
  const named = (family: typeof ipaddr.IPv4 | typeof ipaddr.IPv6): Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]> =>
    (family.prototype as unknown as { SpecialRanges: Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]> }).SpecialRanges;
  const firstOf = (r: [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]): string =>
    (Array.isArray(r[0]) ? (r as [ipaddr.IPv4 | ipaddr.IPv6, number][])[0]![0] : (r as [ipaddr.IPv4 | ipaddr.IPv6, number])[0]).toString();

  test('every range name ipaddr.js can return has words, and no message shows a library identifier', () => {
    for (const [family, words] of [
      [ipaddr.IPv4, IPV4_RANGE_WORDS],
      [ipaddr.IPv6, IPV6_RANGE_WORDS],
    ] as const) {
      for (const [name, ranges] of Object.entries(named(family))) {
        assert.ok(words[name], `no words for ipaddr.js range '${name}'`);
        const said = specialRange(firstOf(ranges));
        assert.ok(said, `${firstOf(ranges)} (${name}) is special`);
        assert.doesNotMatch(said, /[a-z][A-Z]/, `'${said}' reads like a library identifier (ipv4Mapped, carrierGradeNat …)`);
      }
    }
  });

  test('the words people know: private, carrier-grade NAT, IPv4-mapped, documentation', () => {
    assert.equal(specialRange('10.1.2.3'), 'a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)');
    assert.equal(specialRange('100.64.0.1'), "carrier-grade NAT (100.64.0.0/10, an ISP's internal addresses)");
    assert.match(specialRange('::ffff:192.0.2.1') ?? '', /^the IPv4-mapped range ::ffff:0:0\/96 \(an IPv4 address written as IPv6/);
    assert.equal(specialRange('198.51.100.7'), 'a documentation range (RFC 5737)');
    assert.equal(specialRange('198.19.0.1'), 'the benchmarking range 198.18.0.0/15 (RFC 2544)');
    assert.equal(specialRange('2001:db8::1'), 'the documentation range 2001:db8::/32 (RFC 3849)');
    assert.equal(specialRange('8.8.8.8'), null);
    assert.equal(specialRange('2001:4860:4860::8888'), null);
    assert.equal(specialRange('not an address'), null);
  });
});
