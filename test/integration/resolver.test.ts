// The DNS adapter against real servers: rbldnsd for what DNSBLs answer, and the fault server for
// what goes wrong (silence, SERVFAIL, REFUSED) and how often we ask again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import ipaddr from 'ipaddr.js';
import type { DnsResult } from '../../src/model.ts';
import { createDns, describeServers, parseServer, type Transport } from '../../src/dnsbl/resolver.ts';
import type { FaultAnswer, FaultDns } from '../helpers/fault-dns.ts';
import { startFaultDns } from '../helpers/fault-dns.ts';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';


/** What a Spamhaus DQS key looks like in a query name: it must never reach a message. */
const KEY = 'k3ysecret0dqs';

function records(r: DnsResult): string[] {
  assert.ok(r.ok, `expected an answer, got ${r.ok ? '' : `${r.error}: ${r.message}`}`);
  return r.records;
}

function failure(r: DnsResult): { error: string; message: string } {
  assert.ok(!r.ok, `expected a failure, got records ${r.ok ? JSON.stringify(r.records) : ''}`);
  assert.ok(!r.message.includes(KEY), `message leaks the query name: ${r.message}`);
  return { error: r.error, message: r.message };
}

/** RFC 5782 IPv6 query name: the 32 nibbles reversed. */
function reversedNibbles(address: string): string {
  return ipaddr.IPv6.parse(address)
    .toByteArray()
    .flatMap((b) => [(b >> 4).toString(16), (b & 15).toString(16)])
    .reverse()
    .join('.');
}

describe('parseServer and describeServers', () => {
  test('takes host, host:port, [v6]:port and bare IPv6', () => {
    assert.equal(parseServer('192.0.2.53').address, '192.0.2.53:53');
    assert.equal(parseServer(' 127.0.0.1:5353 ').address, '127.0.0.1:5353');
    assert.deepEqual(parseServer('[::1]:5353'), { host: '::1', port: 5353, address: '[::1]:5353' });
    assert.equal(parseServer('[2001:db8::53]').address, '[2001:db8::53]:53');
    assert.equal(parseServer('2001:db8::53').address, '[2001:db8::53]:53');
  });

  test('refuses names, bad ports and junk, saying what is wrong', () => {
    assert.throws(() => parseServer('dns.google'), /must be an IP address/);
    assert.throws(() => parseServer('127.0.0.1:0'), /invalid port/);
    assert.throws(() => parseServer('127.0.0.1:65536'), /invalid port/);
    assert.throws(() => parseServer('127.0.0.1:'), /HOST, HOST:PORT/);
    assert.throws(() => parseServer(''), /IP address|HOST/);
  });

  test('describes configured servers as given, and the system resolver as such', () => {
    assert.deepEqual(describeServers(['127.0.0.1:5353', '::1']), ['127.0.0.1:5353', '[::1]:53']);
    assert.match(describeServers([])[0] ?? '', /^system \(/);
    assert.deepEqual(createDns({ servers: ['127.0.0.1:5353'], timeoutMs: 500, tries: 1 }).servers, ['127.0.0.1:5353']);
    assert.match(createDns({ timeoutMs: 500, tries: 1 }).servers[0] ?? '', /^system \(/);
  });
});

/**
 * How long silence takes to become a timeout, [least, most] ms. udp: each try lasts the timeout,
 * tried again at once. c-ares notices a timeout at its next tick (every min(timeout, 1 s)), so one
 * attempt takes up to two timeouts, and backoff adds 100-300 ms between attempts.
 */
const SILENCE_BOUNDS: Record<Transport, (tries: number, timeoutMs: number) => [number, number]> = {
  // (The count of queries, asserted beside, is what shows no extra try; the upper bound is slack.)
  udp: (tries, timeoutMs) => [tries * timeoutMs, tries * timeoutMs + 1000],
  'c-ares': (tries, timeoutMs) => [tries * 250 + (tries - 1) * 100, tries * 2 * timeoutMs + (tries - 1) * 300 + 500],
};

const TRANSPORTS: Transport[] = ['udp', 'c-ares'];

for (const transport of TRANSPORTS) {
  describeWithRbldnsd(`${transport}: against rbldnsd`, ({ test, before, after }) => {
    let server: Rbldnsd;
    const IP4 = [
      ':127.0.0.2:Listed, see https://bl.test/lookup?ip=$',
      '127.0.0.2',
      '192.0.2.10 :127.0.0.4:Exploited host $',
      '198.51.100.0/24',
      '!198.51.100.99',
    ];

    before(async () => {
      server = await startRbldnsd([
        { zone: 'bl.test', type: 'ip4set', lines: IP4 },
        { zone: 'v6.bl.test', type: 'ip6trie', lines: ['2001:db8:bad::/48 :127.0.0.3:IPv6 range $'] },
        { zone: 'dbl.test', type: 'dnset', lines: [':127.0.1.2:Spam domain', 'spammy.example', '.spam.example', '*.phish.example'] },
        { zone: 'edit.test', type: 'ip4set', lines: ['192.0.2.50 :127.0.0.2:Listed'] },
      ]);
    });
    after(async () => {
      await server?.stop();
    });

    const dns = (): ReturnType<typeof createDns> => createDns({ transport, servers: [server.server], timeoutMs: 1000, tries: 2 });

    test('a listed IPv4 address: its return code, and TXT with $ replaced by the address', async () => {
      const d = dns();
      assert.deepEqual(records(await d.a('10.2.0.192.bl.test')), ['127.0.0.4']);
      assert.deepEqual(records(await d.txt('10.2.0.192.bl.test')), ['Exploited host 192.0.2.10']);
      // A range entry takes the zone's default value and text.
      assert.deepEqual(records(await d.a('7.100.51.198.bl.test')), ['127.0.0.2']);
      assert.deepEqual(records(await d.txt('7.100.51.198.bl.test')), ['Listed, see https://bl.test/lookup?ip=198.51.100.7']);
      // The RFC 5782 test point.
      assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
    });

    test('a clean address is NXDOMAIN, an excluded one too, and the message names the server', async () => {
      const d = dns();
      const clean = failure(await d.a(`11.2.0.192.${KEY}.bl.test`));
      assert.equal(clean.error, 'nxdomain');
      assert.match(clean.message, new RegExp(server.server));
      assert.equal(failure(await d.a('99.100.51.198.bl.test')).error, 'nxdomain');
    });

    test('a listed name asked for a type it has not: NODATA', async () => {
      assert.equal(failure(await dns().aaaa('10.2.0.192.bl.test')).error, 'nodata');
    });

    test('an IPv6 address in an ip6trie range', async () => {
      const d = dns();
      const name = `${reversedNibbles('2001:db8:bad::25')}.v6.bl.test`;
      assert.deepEqual(records(await d.a(name)), ['127.0.0.3']);
      assert.deepEqual(records(await d.txt(name)), ['IPv6 range 2001:db8:bad::25']);
      assert.equal(failure(await d.a(`${reversedNibbles('2001:db8:900d::25')}.v6.bl.test`)).error, 'nxdomain');
    });

    test('dnset: a listed domain, its subdomains by a leading dot, subdomains only by *.', async () => {
      const d = dns();
      assert.deepEqual(records(await d.a('spammy.example.dbl.test')), ['127.0.1.2']);
      assert.deepEqual(records(await d.txt('spammy.example.dbl.test')), ['Spam domain']);
      assert.equal(failure(await d.a('www.spammy.example.dbl.test')).error, 'nxdomain');
      assert.deepEqual(records(await d.a('spam.example.dbl.test')), ['127.0.1.2']);
      assert.deepEqual(records(await d.a('mail.spam.example.dbl.test')), ['127.0.1.2']);
      assert.deepEqual(records(await d.a('login.phish.example.dbl.test')), ['127.0.1.2']);
      assert.equal(failure(await d.a('phish.example.dbl.test')).error, 'nxdomain');
    });

    test('a zone rbldnsd does not serve is REFUSED, named by server and not by query', async () => {
      const r = failure(await dns().a(`2.0.0.127.${KEY}.zen.dq.spamhaus.net`));
      assert.equal(r.error, 'refused');
      assert.equal(r.message, `REFUSED by ${server.server}`);
    });

    test('setZone: listed, then delisted, then listed again', async () => {
      const d = dns();
      assert.deepEqual(records(await d.a('50.2.0.192.edit.test')), ['127.0.0.2']);
      await server.setZone('edit.test', []);
      assert.equal(failure(await d.a('50.2.0.192.edit.test')).error, 'nxdomain');
      await server.setZone('edit.test', ['192.0.2.50 :127.0.0.3:Listed again']);
      assert.deepEqual(records(await d.a('50.2.0.192.edit.test')), ['127.0.0.3']);
    });

    test('2,000 lookups 100 at a time all get their right answer', async () => {
      const d = createDns({ transport, servers: [server.server], timeoutMs: 1000, tries: 3 });
      let next = 0;
      const wrong: string[] = [];
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < 2000) {
            const i = next++;
            // 198.51.100.0/24 is listed but for .99; 203.0.113.0/24 is not.
            const [net, expect] = i % 2 === 0 ? ['100.51.198', i % 256 === 99 ? 'nxdomain' : '127.0.0.2'] : ['113.0.203', 'nxdomain'];
            const r = await d.a(`${i % 256}.${net}.bl.test`);
            const got = r.ok ? r.records.join(',') : r.error;
            if (got !== expect) wrong.push(`${i}: ${got}`);
          }
        }),
      );
      assert.deepEqual(wrong, []);
    });
  });

  describe(`${transport}: against a server that misbehaves`, () => {
    const TIMEOUT_MS = 300;
    const TRIES = 3;
    let server: FaultDns;
    let handler: (name: string) => FaultAnswer | Promise<FaultAnswer>;

    before(async () => {
      server = await startFaultDns(({ name }) => handler(name));
    });
    after(async () => {
      await server?.stop();
    });

    /** A fresh adapter and an empty query log for each test. */
    function setup(answer: (name: string) => FaultAnswer | Promise<FaultAnswer>, tries = TRIES, timeoutMs = TIMEOUT_MS) {
      handler = answer;
      server.queries.length = 0;
      return createDns({ transport, servers: [server.server], timeoutMs, tries });
    }
    const asked = (name: string): number => server.queries.filter((q) => q.name === name).length;

    test('silence: a timeout after every try, each lasting the timeout, and no longer', async () => {
      const d = setup(() => 'drop');
      const name = `2.0.2.192.${KEY}.zen.dq.spamhaus.net`;
      const t0 = performance.now();
      const r = failure(await d.a(name));
      const ms = performance.now() - t0;
      assert.equal(r.error, 'timeout');
      assert.equal(r.message, `no answer from ${server.server} within ${TIMEOUT_MS} ms (${TRIES} tries)`);
      assert.equal(asked(name), TRIES);
      const [least, most] = SILENCE_BOUNDS[transport](TRIES, TIMEOUT_MS);
      assert.ok(ms >= least, `gave up too soon: ${Math.round(ms)} ms`);
      assert.ok(ms <= most, `took ${Math.round(ms)} ms`);
    });

    test('SERVFAIL is tried again, and the second answer counts', async () => {
      const d = setup((name) => (asked(name) === 1 ? { rcode: 'SERVFAIL' } : { rcode: 'NOERROR', a: ['127.0.0.2'] }));
      assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
      assert.equal(asked('2.0.0.127.bl.test'), 2);
    });

    test('SERVFAIL every time: servfail after every try', async () => {
      const d = setup(() => ({ rcode: 'SERVFAIL' }));
      const r = failure(await d.a(`2.0.0.127.${KEY}.bl.test`));
      assert.equal(r.error, 'servfail');
      assert.equal(r.message, `SERVFAIL from ${server.server} (${TRIES} tries)`);
      assert.equal(asked(`2.0.0.127.${KEY}.bl.test`), TRIES);
    });

    test('REFUSED, NXDOMAIN and NODATA are answers: asked once', async () => {
      const answers: Record<string, FaultAnswer> = {
        'refused.test': { rcode: 'REFUSED' },
        'nxdomain.test': { rcode: 'NXDOMAIN' },
        'nodata.test': { rcode: 'NOERROR', txt: ['only TXT here'] },
      };
      const d = setup((name) => answers[name] ?? 'drop');
      assert.equal(failure(await d.a('refused.test')).error, 'refused');
      assert.equal(failure(await d.a('nxdomain.test')).error, 'nxdomain');
      assert.equal(failure(await d.a('nodata.test')).error, 'nodata');
      assert.deepEqual(
        server.queries.map((q) => q.name),
        ['refused.test', 'nxdomain.test', 'nodata.test'],
      );
    });

    test('several A and AAAA records all come back', async () => {
      const d = setup(() => ({ rcode: 'NOERROR', a: ['127.0.0.2', '127.0.0.4'], aaaa: ['2001:db8::25'] }));
      assert.deepEqual(records(await d.a('multi.test')).sort(), ['127.0.0.2', '127.0.0.4']);
      assert.deepEqual(records(await d.aaaa('multi.test')), ['2001:db8::25']);
    });

    test('TXT: one string per record, a long record joined from its 255-byte chunks', async () => {
      const long = 'x'.repeat(300);
      const d = setup(() => ({ rcode: 'NOERROR', txt: [long, 'v=spf1 -all'] }));
      assert.deepEqual(records(await d.txt('txt.test')).sort(), [long, 'v=spf1 -all'].sort());
    });

    test('MX: exchanges by priority, lower case, no trailing dot; a null MX is ""', async () => {
      const mx = {
        'example.test': [
          { exchange: 'MX2.Example.TEST', priority: 20 },
          { exchange: 'mx1.example.test', priority: 10 },
          { exchange: 'backup.example.test', priority: 30 },
        ],
        'nomail.test': [{ exchange: '.', priority: 0 }],
      } as Record<string, { exchange: string; priority: number }[]>;
      const d = setup((name) => ({ rcode: 'NOERROR', mx: mx[name] ?? [] }));
      assert.deepEqual(records(await d.mx('example.test')), ['mx1.example.test', 'mx2.example.test', 'backup.example.test']);
      assert.deepEqual(records(await d.mx('nomail.test')), ['']);
    });

    test('a slow answer within the timeout is waited for (c-ares alone would give up after about a second)', async () => {
      // After a few fast answers c-ares times out at ~5 × the round trip (a second at most);
      // an upstream needing 1.5 s must still be heard when the timeout is 2.5 s.
      let ready = 0;
      const d = setup(
        async (name) => {
          if (name === 'slow.test') {
            ready ||= Date.now() + 1500;
            await new Promise((r) => setTimeout(r, ready - Date.now()));
          }
          return { rcode: 'NOERROR', a: ['127.0.0.2'] };
        },
        1,
        2500,
      );
      for (let i = 0; i < 10; i++) records(await d.a(`fast${i}.test`));
      const t0 = performance.now();
      assert.deepEqual(records(await d.a('slow.test')), ['127.0.0.2']);
      assert.ok(performance.now() - t0 >= 1400);
    });

    test('a broken handler answers SERVFAIL rather than crashing the server', async () => {
      const d = setup(() => {
        throw new Error('handler bug');
      }, 1);
      assert.equal(failure(await d.a('bug.test')).error, 'servfail');
    });
  });

  describe(`${transport}: with nothing listening`, () => {
    test('an error at once that says no server answers, not a timeout', async () => {
      // A port that was free a moment ago: bind, learn it, close.
      const port = await new Promise<number>((resolve) => {
        const s = createSocket('udp4');
        s.bind(0, '127.0.0.1', () => {
          const p = s.address().port;
          s.close(() => resolve(p));
        });
      });
      const d = createDns({ transport, servers: [`127.0.0.1:${port}`], timeoutMs: 2000, tries: 3 });
      const t0 = performance.now();
      const r = failure(await d.a(`2.0.0.127.${KEY}.bl.test`));
      assert.equal(r.error, 'error');
      assert.equal(r.message, `no DNS server answering at 127.0.0.1:${port} (connection refused)`);
      assert.ok(performance.now() - t0 < 500, `took ${Math.round(performance.now() - t0)} ms`);
    });

    test('a name DNS cannot carry is an error result, not an exception, and is not named', async () => {
      const d = createDns({ transport, servers: ['127.0.0.1:9'], timeoutMs: 300, tries: 1 });
      const r = failure(await d.a(`${KEY}${'x'.repeat(64)}.test`));
      assert.equal(r.error, 'error');
    });
  });
}
