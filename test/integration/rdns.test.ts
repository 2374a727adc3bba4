// Reverse DNS against a real DNS server (the in-process fault server, over UDP), through both
// transports (our UDP stub resolver and c-ares): every finding, from the answers a reverse zone and
// a forward zone really give. rbldnsd cannot serve PTR records, so the fault server plays both zones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDns, type Transport } from '../../src/dnsbl/resolver.ts';
import { lookupReverseDns, reverseDnsOf } from '../../src/dnsbl/rdns.ts';
import { createLimiter } from '../../src/limit.ts';
import { startFaultDns, type FaultAnswer, type FaultDns } from '../helpers/fault-dns.ts';

const V6 = '2001:db8::25';
const V6_REVERSE = `5.2.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`;

/** "TYPE name" → answer; anything else is NXDOMAIN. */
const ZONE = new Map<string, FaultAnswer>([
  // good: PTR and A agree
  ['PTR 10.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['mail.example.com'] }],
  ['A mail.example.com', { rcode: 'NOERROR', a: ['203.0.113.10'] }],
  // no PTR: NXDOMAIN (11), NODATA (12)
  ['A 12.113.0.203.in-addr.arpa', { rcode: 'NOERROR', a: ['192.0.2.1'] }],
  // not confirmed: the PTR name points elsewhere (13), or has no address at all (14)
  ['PTR 13.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['mail.other.example'] }],
  ['A mail.other.example', { rcode: 'NOERROR', a: ['192.0.2.1'] }],
  ['PTR 14.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['ghost.example'] }],
  // generic: confirmed, but the ISP's name for a line
  ['PTR 15.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['203-0-113-15.dsl.isp.example'] }],
  ['A 203-0-113-15.dsl.isp.example', { rcode: 'NOERROR', a: ['203.0.113.15'] }],
  ['PTR 16.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['cpe-a7.dynamic.isp.example'] }],
  ['A cpe-a7.dynamic.isp.example', { rcode: 'NOERROR', a: ['203.0.113.16'] }],
  // unknown: the reverse zone is silent (17) or fails (18); the forward zone is silent (19)
  ['PTR 17.113.0.203.in-addr.arpa', 'drop'],
  ['PTR 18.113.0.203.in-addr.arpa', { rcode: 'SERVFAIL' }],
  ['PTR 19.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['slow.example'] }],
  ['A slow.example', 'drop'],
  // IPv6: PTR and AAAA agree
  [`PTR ${V6_REVERSE}`, { rcode: 'NOERROR', ptr: ['mail6.example.com'] }],
  ['AAAA mail6.example.com', { rcode: 'NOERROR', aaaa: [V6] }],
]);

for (const transport of ['udp', 'c-ares'] as const satisfies readonly Transport[]) {
  describe(`reverse DNS against a DNS server (${transport})`, () => {
    let server: FaultDns;
    const dns = (): ReturnType<typeof createDns> => createDns({ servers: [server.server], timeoutMs: 300, tries: 2, transport });

    before(async () => {
      server = await startFaultDns(({ name, type }) => ZONE.get(`${type} ${name}`) ?? { rcode: 'NXDOMAIN' });
    });
    after(async () => {
      await server?.stop();
    });

    test('good: the PTR name resolves back to the address', async () => {
      assert.deepEqual(await lookupReverseDns('203.0.113.10', 'ipv4', dns()), { target: '203.0.113.10', status: 'good', ptr: ['mail.example.com'], confirmed: 'mail.example.com' });
    });

    test('no PTR: NXDOMAIN and NODATA from the reverse zone', async () => {
      assert.deepEqual(await lookupReverseDns('203.0.113.11', 'ipv4', dns()), { target: '203.0.113.11', status: 'no-ptr', ptr: [] });
      assert.equal((await lookupReverseDns('203.0.113.12', 'ipv4', dns())).status, 'no-ptr');
    });

    test('not confirmed: the name resolves to another address, or to none', async () => {
      const elsewhere = await lookupReverseDns('203.0.113.13', 'ipv4', dns());
      assert.deepEqual([elsewhere.status, elsewhere.ptr, elsewhere.reason], ['not-confirmed', ['mail.other.example'], 'it resolves to 192.0.2.1, not to 203.0.113.13']);
      const none = await lookupReverseDns('203.0.113.14', 'ipv4', dns());
      assert.deepEqual([none.status, none.reason], ['not-confirmed', 'it has no A record']);
    });

    test('generic: confirmed, but the name embeds the address or a word for an end-user line', async () => {
      const octets = await lookupReverseDns('203.0.113.15', 'ipv4', dns());
      assert.deepEqual([octets.status, octets.generic], ['generic', 'it embeds the address (dashed: 203-0-113-15)']);
      const word = await lookupReverseDns('203.0.113.16', 'ipv4', dns());
      assert.deepEqual([word.status, word.generic], ['generic', "it contains the word 'dynamic'"]);
    });

    test('unknown, never "no PTR": a silent or failing reverse zone, a silent forward zone', async () => {
      const silent = await lookupReverseDns('203.0.113.17', 'ipv4', dns());
      assert.deepEqual([silent.status, silent.reason], ['unknown', 'the PTR lookup timed out']);
      const servfail = await lookupReverseDns('203.0.113.18', 'ipv4', dns());
      assert.deepEqual([servfail.status, servfail.reason], ['unknown', 'the PTR lookup got SERVFAIL']);
      const forward = await lookupReverseDns('203.0.113.19', 'ipv4', dns());
      assert.deepEqual([forward.status, forward.reason], ['unknown', 'the lookup of slow.example timed out']);
    });

    test('IPv6: ip6.arpa and AAAA', async () => {
      assert.deepEqual(await lookupReverseDns(V6, 'ipv6', dns()), { target: V6, status: 'good', ptr: ['mail6.example.com'], confirmed: 'mail6.example.com' });
    });

    test('each address is asked once, domains never, in the order given, within the concurrency limit', async () => {
      const start = server.queries.length;
      let running = 0;
      let peak = 0;
      const limit = createLimiter(2);
      const counted = <T>(task: () => Promise<T>): Promise<T> =>
        limit(async () => {
          peak = Math.max(peak, ++running);
          try {
            return await task();
          } finally {
            running--;
          }
        });
      const targets = ['203.0.113.10', '203.0.113.11', '203.0.113.13', '203.0.113.10', '203.0.113.15', '203.0.113.16'].map((value) => ({ value, kind: 'ipv4' as const }));
      const found = await reverseDnsOf([...targets, { value: 'shop.example', kind: 'domain' }], dns(), counted);
      assert.deepEqual(found.map((f) => [f.target, f.status]), [
        ['203.0.113.10', 'good'],
        ['203.0.113.11', 'no-ptr'],
        ['203.0.113.13', 'not-confirmed'],
        ['203.0.113.15', 'generic'],
        ['203.0.113.16', 'generic'],
      ]);
      assert.ok(peak <= 2, `at most 2 lookups at once, saw ${peak}`);
      const asked = server.queries.slice(start).filter((q) => q.type === 'PTR').map((q) => q.name);
      assert.equal(asked.length, 5, asked.join(' '));
      assert.equal(new Set(asked).size, 5, 'no address asked twice');
    });
  });
}
