// The UDP stub resolver against a server that misbehaves on purpose: every way an answer can be
// lost, forged or cut short, and what a stub resolver must do about it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult } from '../../src/model.ts';
import { createUdpDns, type UdpDns, type UdpDnsOptions } from '../../src/dns/udp.ts';
import { DUPLICATE_A, FORGED_A, startFaultDns, type FaultAnswer, type FaultDns, type FaultQuery } from '../helpers/fault-dns.ts';

const TIMEOUT_MS = 300;

function records(r: DnsResult): string[] {
  assert.ok(r.ok, `expected an answer, got ${r.ok ? '' : `${r.error}: ${r.message}`}`);
  return r.records;
}

function error(r: DnsResult): string {
  assert.ok(!r.ok, `expected a failure, got records ${r.ok ? JSON.stringify(r.records) : ''}`);
  return r.error;
}

const LISTED: FaultAnswer = { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] };

describe('UDP transport: one server that misbehaves', () => {
  let server: FaultDns;
  let handler: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>;
  const open: UdpDns[] = [];

  before(async () => {
    server = await startFaultDns((q) => handler(q));
  });
  after(async () => {
    for (const d of open) d.close();
    await server?.stop();
  });

  function setup(answer: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>, over: Partial<UdpDnsOptions> = {}): UdpDns {
    handler = answer;
    server.queries.length = 0;
    const d = createUdpDns({ servers: [{ host: '127.0.0.1', port: server.port, label: server.server }], timeoutMs: TIMEOUT_MS, tries: 2, ...over });
    open.push(d);
    return d;
  }
  const asked = (name: string): FaultQuery[] => server.queries.filter((q) => q.name === name);

  test('a dropped first packet: asked again with a fresh ID, and the second answer counts', async () => {
    const d = setup((q) => (asked(q.name).length === 1 ? 'drop' : LISTED));
    assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
    const [first, second] = asked('2.0.0.127.bl.test');
    assert.ok(first && second, 'asked twice');
    assert.notEqual(first.id, second.id);
  });

  for (const forgery of ['wrong-id', 'wrong-name', 'wrong-type', 'wrong-class', 'other-port', 'not-a-response', 'garbage'] as const) {
    test(`a forged packet (${forgery}) before the real answer is ignored`, async () => {
      const d = setup(() => ({ rcode: 'NXDOMAIN', forge: [forgery] }));
      assert.equal(error(await d.a('10.2.0.192.bl.test')), 'nxdomain');
      assert.equal(asked('10.2.0.192.bl.test').length, 1, 'the real answer came to the first query');
    });
  }

  test('an answer from another port, and none from the server: a timeout, never the forged listing', async () => {
    const d = setup(() => ({ rcode: 'NOERROR', a: [FORGED_A], forge: ['other-port'], delayMs: 5 * TIMEOUT_MS }), { tries: 1 });
    assert.equal(error(await d.a('11.2.0.192.bl.test')), 'timeout');
  });

  test('late duplicates of an answered query change nothing, even for the same question asked again', async () => {
    let n = 0;
    const d = setup(() => (++n === 1 ? { ...LISTED, duplicateAfterMs: 30 } : { rcode: 'NXDOMAIN', delayMs: 100 }));
    assert.deepEqual(records(await d.a('12.2.0.192.bl.test')), ['127.0.0.2']);
    // The duplicate (listing DUPLICATE_A with the first ID) lands while this one waits.
    const second = await d.a('12.2.0.192.bl.test');
    assert.equal(error(second), 'nxdomain');
    assert.equal(JSON.stringify(second).includes(DUPLICATE_A), false);
  });

  test('a truncated answer is asked again over TCP, and the whole answer comes back', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `127.0.0.${i + 2}`);
    const d = setup(() => ({ rcode: 'NOERROR', a: many, txt: ['x'.repeat(400), 'y'.repeat(300)], truncate: true }));
    assert.deepEqual(records(await d.a('big.bl.test')), many);
    assert.deepEqual(records(await d.txt('big.bl.test')), ['x'.repeat(400), 'y'.repeat(300)]);
    assert.deepEqual(
      asked('big.bl.test').map((q) => `${q.type}/${q.transport}`),
      ['A/udp', 'A/tcp', 'TXT/udp', 'TXT/tcp'],
    );
  });

  test('response codes: NXDOMAIN and NODATA are clean answers, SERVFAIL is retried, the rest are errors', async () => {
    const answers: Record<string, FaultAnswer> = {
      'nx.test': { rcode: 'NXDOMAIN' },
      'nodata.test': { rcode: 'NOERROR', txt: ['only TXT'] },
      'servfail.test': { rcode: 'SERVFAIL' },
      'refused.test': { rcode: 'REFUSED' },
      'formerr.test': { rcode: 'FORMERR' },
      'notimp.test': { rcode: 'NOTIMP' },
    };
    const d = setup((q) => answers[q.name] ?? 'drop');
    const got = Object.fromEntries(await Promise.all(Object.keys(answers).map(async (name): Promise<[string, string]> => [name, error(await d.a(name))])));
    assert.deepEqual(got, {
      'nx.test': 'nxdomain',
      'nodata.test': 'nodata',
      'servfail.test': 'servfail',
      'refused.test': 'refused',
      'formerr.test': 'error',
      'notimp.test': 'error',
    });
    assert.deepEqual(
      Object.keys(answers).map((n) => asked(n).length),
      [1, 1, 2, 1, 1, 1],
    );
  });

  test('a reply cut off inside a record is an error, said as a malformed reply', async () => {
    const d = setup(() => ({ rcode: 'NOERROR', a: ['127.0.0.2'], malformed: true }));
    const r = await d.a('cut.bl.test');
    assert.equal(error(r), 'error');
    assert.match(r.ok ? '' : r.message, /malformed reply from 127\.0\.0\.1:\d+$/);
  });

  test('source ports rotate: queries leave from several sockets, none sending more than its share', async () => {
    const d = setup(() => ({ rcode: 'NXDOMAIN' }), { socketsPerServer: 2, queriesPerSocket: 50 });
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 40 }, (_, i) => d.a(`${batch}.${i}.rot.test`)));
    }
    const perPort = new Map<number, number>();
    for (const q of server.queries) perPort.set(q.port, (perPort.get(q.port) ?? 0) + 1);
    assert.ok(perPort.size >= 400 / 50, `only ${perPort.size} source ports for 400 queries`);
    assert.ok(Math.max(...perPort.values()) <= 50, `a port sent ${Math.max(...perPort.values())} queries`);
  });

  test('IDs are unpredictable: spread over all 16 bits, not a counter, rarely repeated', async () => {
    const d = setup(() => ({ rcode: 'NXDOMAIN' }));
    await Promise.all(Array.from({ length: 200 }, (_, i) => d.a(`${i}.id.test`)));
    const ids = server.queries.map((q) => q.id).sort((x, y) => x - y);
    // 200 random draws cover nearly all of 0-65535; a counter (or a per-socket counter) would not.
    assert.ok((ids.at(-1) ?? 0) - (ids[0] ?? 0) > 50_000, `IDs span only ${ids[0]}-${ids.at(-1)}`);
    const steps = ids.slice(1).filter((id, i) => id - (ids[i] ?? 0) <= 4).length;
    assert.ok(steps < 20, `${steps} IDs within 4 of the next`);
    assert.ok(new Set(ids).size >= 190, `${new Set(ids).size} distinct IDs in 200`);
  });

  test('a shared retry allowance: once spent, a timeout is final for every query that shares it', async () => {
    const d = setup(() => 'drop', { tries: 3 });
    const retries = { left: 1 };
    const results = await Promise.all([d.a('a.slow.test', { retries }), d.a('b.slow.test', { retries })]);
    assert.deepEqual(results.map(error), ['timeout', 'timeout']);
    assert.equal(server.queries.length, 3, 'two first tries and one retry');
    assert.equal(retries.left, 0);
  });

  test('a name DNS cannot carry is an error result, and the message does not repeat it', async () => {
    const d = setup(() => LISTED);
    const r = await d.a(`secretkey${'x'.repeat(60)}.bl.test`);
    assert.equal(error(r), 'error');
    assert.equal(r.ok ? '' : r.message.includes('secretkey'), false);
    assert.equal(server.queries.length, 0);
  });
});

describe('UDP transport: several servers', () => {
  const started: FaultDns[] = [];
  after(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  async function two(first: FaultAnswer): Promise<{ d: UdpDns; a: FaultDns; b: FaultDns }> {
    const a = await startFaultDns(() => first);
    const b = await startFaultDns(() => LISTED);
    started.push(a, b);
    const d = createUdpDns({
      servers: [a, b].map((s) => ({ host: '127.0.0.1', port: s.port, label: s.server })),
      timeoutMs: TIMEOUT_MS,
      tries: 2,
    });
    return { d, a, b };
  }

  test('the first server silent: the retry goes to the second, and later queries start there', async () => {
    const { d, a, b } = await two('drop');
    assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
    assert.deepEqual(records(await d.a('3.0.0.127.bl.test')), ['127.0.0.2']);
    // The silent server was asked once (the first query's first try), never again.
    assert.equal(a.queries.length, 1);
    assert.equal(b.queries.length, 2);
    d.close();
  });

  test('the first server refusing: the second answers; REFUSED from every server is refused', async () => {
    const { d, a, b } = await two({ rcode: 'REFUSED' });
    assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
    assert.equal(a.queries.length, 1);
    assert.equal(b.queries.length, 1);
    d.close();
    const c = await startFaultDns(() => ({ rcode: 'REFUSED' }));
    const e = await startFaultDns(() => ({ rcode: 'REFUSED' }));
    started.push(c, e);
    const both = createUdpDns({ servers: [c, e].map((s) => ({ host: '127.0.0.1', port: s.port, label: s.server })), timeoutMs: TIMEOUT_MS, tries: 2 });
    const r = await both.a('2.0.0.127.bl.test');
    assert.equal(error(r), 'refused');
    assert.equal(c.queries.length + e.queries.length, 2, 'each server asked once');
    both.close();
  });

  test('nothing listening at the first server: the second answers at once', async () => {
    const b = await startFaultDns(() => LISTED);
    started.push(b);
    const gone = await startFaultDns(() => LISTED);
    const port = gone.port;
    await gone.stop();
    const d = createUdpDns({
      servers: [
        { host: '127.0.0.1', port, label: `127.0.0.1:${port}` },
        { host: '127.0.0.1', port: b.port, label: b.server },
      ],
      timeoutMs: 2000,
      tries: 1,
    });
    const t0 = performance.now();
    assert.deepEqual(records(await d.a('2.0.0.127.bl.test')), ['127.0.0.2']);
    assert.ok(performance.now() - t0 < 1000, `took ${Math.round(performance.now() - t0)} ms`);
    d.close();
  });
});
