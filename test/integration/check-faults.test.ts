// Faults that make other checkers lie: each must end as `unknown` (never a false listed, never a
// false clean), the list's health must say why, and the check must end within its timeouts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListDef, ListHealth, Target, Verdict } from '../../src/model.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import type { FaultAnswer } from '../helpers/fault-dns.ts';
import { startFaultDns } from '../helpers/fault-dns.ts';

const TIMEOUT_MS = 300;
const TRIES = 2;

const targets: Target[] = ['192.0.2.10', '192.0.2.11', '192.0.2.12'].map((value) => ({
  value,
  kind: 'ipv4',
  monitor: 'mx',
  via: 'address',
  skip: [],
}));

function list(over: Partial<Parameters<typeof customToListDef>[0]> = {}): ListDef {
  return customToListDef({
    id: 'fault-bl',
    zone: 'fault.test',
    kinds: ['ipv4'],
    decode: 'exact',
    codes: { '127.0.0.2': 'spam source' },
    refusals: { '127.255.255.254': 'query via a public or unattributable resolver', '127.255.255.255': 'excessive queries' },
    ...over,
  });
}

/** Answers like a healthy list: test point 127.0.0.2 and 192.0.2.10 listed, the rest NXDOMAIN. */
function healthy(name: string): FaultAnswer {
  if (name.startsWith('2.0.0.127.') || name.startsWith('10.2.0.192.')) return { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] };
  return { rcode: 'NXDOMAIN' };
}

async function check(handler: (name: string) => FaultAnswer, lists: ListDef[] = [list()]) {
  const server = await startFaultDns(({ name }) => handler(name));
  try {
    const dns = createDns({ servers: [server.server], timeoutMs: TIMEOUT_MS, tries: TRIES });
    const verdicts: Verdict[] = [];
    const t0 = performance.now();
    const out = await checkTargets(targets, lists, dns, { concurrency: 8, perListConcurrency: 4, keys: {} }, (v) => verdicts.push(v));
    const elapsed = performance.now() - t0;
    return { verdicts, health: out.lists[0] as ListHealth, elapsed, queries: server.queries };
  } finally {
    await server.stop();
  }
}

/** The worst case: health (one round of tries) then one round of tries per target, in parallel. */
const BOUND_MS = 2 * TRIES * (TIMEOUT_MS + 400) + 1000;

function assertAllUnknown(verdicts: Verdict[]): void {
  assert.equal(verdicts.length, targets.length);
  for (const v of verdicts) {
    assert.equal(v.status, 'unknown', `${v.target} should be unknown, was ${v.status}`);
    assert.ok(v.reason, 'an unknown verdict says why');
  }
}

describe('faults never turn into listed or clean', () => {
  test('a list that never answers: unreachable, every verdict unknown, within the timeouts', async () => {
    const r = await check(() => 'drop');
    assert.equal(r.health.status, 'unreachable');
    assert.match(r.health.reason ?? '', /timed out|time/i);
    assertAllUnknown(r.verdicts);
    assert.ok(r.elapsed < BOUND_MS, `took ${Math.round(r.elapsed)} ms`);
    // Unhealthy lists get no target queries at all.
    assert.equal(r.queries.filter((q) => q.name.includes('.2.0.192.')).length, 0);
  });

  test('SERVFAIL everywhere: unreachable, unknown', async () => {
    const r = await check(() => ({ rcode: 'SERVFAIL' }));
    assert.equal(r.health.status, 'unreachable');
    assertAllUnknown(r.verdicts);
  });

  test('REFUSED: refused with a fix, unknown', async () => {
    const r = await check(() => ({ rcode: 'REFUSED' }));
    assert.equal(r.health.status, 'refused');
    assert.ok(r.health.fix);
    assertAllUnknown(r.verdicts);
  });

  test('answers outside 127.0.0.0/8: the resolver rewrites answers, said plainly', async () => {
    const r = await check((name) => (name.startsWith('2.0.0.127.') ? { rcode: 'NOERROR', a: ['127.0.0.2'] } : { rcode: 'NOERROR', a: ['198.51.100.80'] }));
    assert.notEqual(r.health.status, 'ok');
    assert.match(r.health.reason ?? '', /rewrites answers/);
    assertAllUnknown(r.verdicts);
  });

  test('127.255.255.254 for everything (Spamhaus from a cloud resolver): refused, never listed', async () => {
    const r = await check(() => ({ rcode: 'NOERROR', a: ['127.255.255.254'] }));
    assert.equal(r.health.status, 'refused');
    assert.match(r.health.reason ?? '', /public or unattributable resolver/);
    assertAllUnknown(r.verdicts);
  });

  test('a list that lists 127.0.0.1 (wildcard, "lists the whole world"): dead', async () => {
    const r = await check(() => ({ rcode: 'NOERROR', a: ['127.0.0.2'] }));
    assert.equal(r.health.status, 'dead');
    assert.match(r.health.reason ?? '', /lists everything/);
    assertAllUnknown(r.verdicts);
  });

  test('a list that does not list 127.0.0.2: empty, and its NXDOMAINs are not clean', async () => {
    const r = await check(() => ({ rcode: 'NXDOMAIN' }));
    assert.equal(r.health.status, 'empty');
    assertAllUnknown(r.verdicts);
  });

  test('a bitmask list answering its refused bit (URIBL 127.0.0.1): refused', async () => {
    const uribl = list({
      id: 'uribl-like',
      zone: 'multi.uribl.test',
      kinds: ['domain'],
      decode: 'bitmask',
      codes: { '2': 'black', '4': 'grey', '8': 'red' },
      refusals: { '1': 'query refused: this resolver is blocked' },
    });
    const server = await startFaultDns(() => ({ rcode: 'NOERROR', a: ['127.0.0.1'] }));
    try {
      const dns = createDns({ servers: [server.server], timeoutMs: TIMEOUT_MS, tries: TRIES });
      const verdicts: Verdict[] = [];
      const domain: Target = { value: 'example.com', kind: 'domain', monitor: 'example.com', via: 'domain', skip: [] };
      const out = await checkTargets([domain], [uribl], dns, { concurrency: 4, perListConcurrency: 2, keys: {} }, (v) => verdicts.push(v));
      assert.equal(out.lists[0]?.status, 'refused');
      assert.match(out.lists[0]?.reason ?? '', /resolver is blocked/);
      assert.equal(verdicts[0]?.status, 'unknown');
    } finally {
      await server.stop();
    }
  });

  test('a healthy list whose answer for one target times out: that one unknown, the others right', async () => {
    const r = await check((name) => (name.startsWith('11.2.0.192.') ? 'drop' : healthy(name)));
    assert.equal(r.health.status, 'ok');
    const by = Object.fromEntries(r.verdicts.map((v) => [v.target, v]));
    assert.equal(by['192.0.2.10']?.status, 'listed');
    assert.equal(by['192.0.2.11']?.status, 'unknown');
    assert.match(by['192.0.2.11']?.reason ?? '', /timed out|time/i);
    assert.equal(by['192.0.2.12']?.status, 'clean');
    assert.ok(r.elapsed < BOUND_MS, `took ${Math.round(r.elapsed)} ms`);
    // Timeouts are retried (tries), clean answers are not.
    assert.equal(r.queries.filter((q) => q.name.startsWith('11.2.0.192.')).length, TRIES);
    assert.equal(r.queries.filter((q) => q.name.startsWith('12.2.0.192.')).length, 1);
  });

  test('a refusal mixed with a listing code is still unknown', async () => {
    const r = await check((name) => (name.includes('.2.0.192.') ? { rcode: 'NOERROR', a: ['127.0.0.2', '127.255.255.255'] } : healthy(name)));
    assert.equal(r.health.status, 'ok');
    assertAllUnknown(r.verdicts);
  });

  test('each (target, list) is queried once, TXT only for listings', async () => {
    const r = await check(healthy);
    const a = r.queries.filter((q) => q.type === 'A' && q.name.includes('.2.0.192.'));
    const txt = r.queries.filter((q) => q.type === 'TXT');
    assert.equal(a.length, targets.length);
    assert.deepEqual(txt.map((q) => q.name), ['10.2.0.192.fault.test']);
  });
});
