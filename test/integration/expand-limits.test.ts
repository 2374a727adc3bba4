// A hostile domain's DNS against the real resolver adapter: huge address sets, SPF records with
// mx terms of many hosts, void lookups and include loops, served over UDP by the fault server.
// What a user relies on: however the domain answers, the queries it gets from us and the targets
// it adds stay bounded, and each bound reached is a warning on the monitor that names it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaultAnswer, FaultDns, FaultQuery } from '../helpers/fault-dns.ts';
import { startFaultDns } from '../helpers/fault-dns.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { expandTargets, type MonitorInput, type Problem } from '../../src/targets/expand.ts';
import type { Target } from '../../src/model.ts';

const MAX_RANGE = 1000;
const BUDGET = 128;

/** n public IPv4 addresses for host number `h` of group `g`. */
const v4 = (g: number, h: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${20 + g}.${h}.${i >> 8}.${i & 255}`);
const v6 = (g: number, h: number, n: number): string[] => Array.from({ length: n }, (_, i) => `2a00:${g.toString(16)}:${h.toString(16)}::${i.toString(16)}`);

/**
 * hostile.test, as a hostile operator would serve it:
 * - huge.hostile.test: 800 A and 800 AAAA records;
 * - wide.hostile.test: SPF of 10 mx terms, each MX with 30 hosts of 800 A records each;
 * - deep.hostile.test: SPF of 10 mx terms within RFC 7208 (10 hosts each), 211 lookups' worth;
 * - void.hostile.test: includes and a terms of names that do not exist;
 * - loop.hostile.test: includes itself through a second record;
 * - many-mx.hostile.test: 40 MX hosts.
 */
function hostile(q: FaultQuery): FaultAnswer {
  const labels = q.name.split('.');
  const nx: FaultAnswer = { rcode: 'NXDOMAIN' };
  if (q.name === 'huge.hostile.test') return { rcode: 'NOERROR', a: v4(0, 0, 800), aaaa: v6(0, 0, 800) };
  if (q.type === 'TXT') {
    const mxTerms = (zone: string): string => Array.from({ length: 10 }, (_, i) => `mx:m${i}.${zone}`).join(' ');
    const spf: Record<string, string> = {
      'wide.hostile.test': `v=spf1 ${mxTerms('wide.hostile.test')} -all`,
      'deep.hostile.test': `v=spf1 ${mxTerms('deep.hostile.test')} -all`,
      'void.hostile.test': 'v=spf1 include:gone1.hostile.test a:gone2.hostile.test include:gone3.hostile.test ip4:198.51.100.1 include:gone4.hostile.test -all',
      'loop.hostile.test': 'v=spf1 ip4:198.51.100.2 include:loop2.hostile.test -all',
      'loop2.hostile.test': 'v=spf1 ip4:198.51.100.3 include:loop.hostile.test -all',
    };
    const record = spf[q.name];
    return record === undefined ? nx : { rcode: 'NOERROR', txt: [record] };
  }
  // mN.wide / mN.deep: the MX sets; hK.mN.wide / hK.mN.deep: their hosts.
  const group = labels.at(-3);
  if (q.type === 'MX' && /^m\d$/.test(labels[0] ?? '') && (group === 'wide' || group === 'deep')) {
    const hosts = group === 'wide' ? 30 : 10;
    return { rcode: 'NOERROR', mx: Array.from({ length: hosts }, (_, k) => ({ exchange: `h${k}.${q.name}`, priority: k })) };
  }
  if (q.type === 'MX' && q.name === 'many-mx.hostile.test') {
    return { rcode: 'NOERROR', mx: Array.from({ length: 40 }, (_, k) => ({ exchange: `h${k}.many-mx.hostile.test`, priority: k })) };
  }
  const host = /^h(\d+)\.(?:m(\d)\.)?/.exec(q.name);
  if (host && (q.type === 'A' || q.type === 'AAAA')) {
    const g = Number(host[2] ?? 9);
    const h = Number(host[1]);
    if (q.type === 'A') return { rcode: 'NOERROR', a: v4(g, h, labels.includes('wide') ? 800 : 2) };
    return { rcode: 'NOERROR', aaaa: labels.includes('wide') ? [] : v6(g, h, 1) };
  }
  return nx;
}

let server: FaultDns;

before(async () => {
  server = await startFaultDns(hostile);
});
after(async () => {
  await server.stop();
});

/** Expands one monitor through the real resolver; counts the queries the server received for it. */
async function run(monitor: MonitorInput): Promise<{ targets: Target[]; problems: Problem[]; queries: number }> {
  const before = server.queries.length;
  // One try: every query the server sees is one we decided to send.
  const dns = createDns({ servers: [server.server], timeoutMs: 2000, tries: 1 });
  const { targets, problems } = await expandTargets([monitor], dns, { maxRange: MAX_RANGE });
  return { targets, problems, queries: server.queries.length - before };
}

const limits = (problems: Problem[]): string[] => problems.flatMap((p) => (p.limit ? [p.limit] : []));
const warning = (problems: Problem[], limit: string): string => problems.find((p) => p.limit === limit)?.message ?? '';

describe('a hostile domain does not decide our load', () => {
  test('a host with 1,600 addresses adds max-range of them, in two queries', async () => {
    const r = await run({ name: 'huge', host: 'huge.hostile.test' });
    assert.equal(r.queries, 2);
    assert.equal(r.targets.length, MAX_RANGE);
    assert.deepEqual(limits(r.problems), ['max-range']);
    assert.match(warning(r.problems, 'max-range'), /^found more than 1000 addresses \(settings\.max-range, the most one monitor may add\); only the first 1000 are checked/);
  });

  test('ten mx terms of 30 hosts of 800 addresses: one term of ten hosts is followed, and max-range holds', async () => {
    const r = await run({ name: 'wide', domain: 'wide.hostile.test', expand: ['spf'] });
    // The TXT record, the first term's MX, then A and AAAA of its first 10 hosts; the term is a permerror.
    assert.equal(r.queries, 1 + 1 + 10 * 2);
    assert.equal(r.targets.length, 1 + MAX_RANGE);
    assert.deepEqual(limits(r.problems), ['spf-mx-hosts', 'max-range']);
    assert.match(warning(r.problems, 'spf-mx-hosts'), /mx term of m0\.wide\.hostile\.test: 30 mail servers, more than the 10 an mx term may lead to \(RFC 7208 limit/);
  });

  test('ten mx terms within RFC 7208 (211 lookups) stop at the budget of 128 queries', async () => {
    const first = await run({ name: 'deep', domain: 'deep.hostile.test', expand: ['spf'] });
    assert.equal(first.queries, BUDGET);
    assert.deepEqual(limits(first.problems), ['query-budget']);
    assert.match(warning(first.problems, 'query-budget'), /^expansion stopped after 128 DNS queries, the budget of one monitor; not looked up: A h0\.m6\.deep\.hostile\.test/);
    // The same answers give the same targets: the budget is spent in record order, not in arrival order.
    const again = await run({ name: 'deep', domain: 'deep.hostile.test', expand: ['spf'] });
    assert.deepEqual(again.targets.map((t) => t.value), first.targets.map((t) => t.value));
  });

  test('the third lookup that finds nothing ends the SPF walk', async () => {
    const r = await run({ name: 'void', domain: 'void.hostile.test', expand: ['spf'] });
    // TXT of the record, TXT gone1, A + AAAA gone2, TXT gone3; nothing after it.
    assert.equal(r.queries, 5);
    assert.deepEqual(r.targets.map((t) => t.value), ['void.hostile.test']);
    assert.deepEqual(limits(r.problems), ['spf-void-lookups']);
    assert.ok(!server.queries.some((q) => q.name === 'gone4.hostile.test'));
  });

  test('an include loop is followed once round and named', async () => {
    const r = await run({ name: 'loop', domain: 'loop.hostile.test', expand: ['spf'] });
    assert.equal(r.queries, 2);
    assert.deepEqual(r.targets.map((t) => t.value), ['loop.hostile.test', '198.51.100.2', '198.51.100.3']);
    assert.match(r.problems.map((p) => p.message).join('\n'), /loop\.hostile\.test includes itself \(loop\.hostile\.test → loop2\.hostile\.test → loop\.hostile\.test\)/);
  });

  test('a domain with 40 mail servers: the first 10 by priority, in 21 queries', async () => {
    const r = await run({ name: 'many', domain: 'many-mx.hostile.test', expand: ['mx'] });
    assert.equal(r.queries, 1 + 10 * 2);
    assert.equal(r.targets.length, 1 + 10 * 3);
    assert.deepEqual(limits(r.problems), ['mx-hosts']);
  });

  test('all of it at once, as one config: every monitor within its own bounds', async () => {
    const before = server.queries.length;
    const dns = createDns({ servers: [server.server], timeoutMs: 2000, tries: 1 });
    const monitors: MonitorInput[] = [
      { name: 'huge', host: 'huge.hostile.test' },
      { name: 'wide', domain: 'wide.hostile.test', expand: ['mx', 'spf'] },
      { name: 'deep', domain: 'deep.hostile.test', expand: ['mx', 'spf'] },
      { name: 'void', domain: 'void.hostile.test', expand: ['mx', 'spf'] },
      { name: 'loop', domain: 'loop.hostile.test', expand: ['mx', 'spf'] },
      { name: 'many', domain: 'many-mx.hostile.test', expand: ['mx', 'spf'] },
    ];
    const { targets, problems } = await expandTargets(monitors, dns, { maxRange: MAX_RANGE });
    assert.ok(server.queries.length - before <= monitors.length * BUDGET, `${server.queries.length - before} queries`);
    assert.ok(targets.length <= monitors.length * (MAX_RANGE + 1), `${targets.length} targets`);
    for (const name of ['huge', 'wide', 'deep', 'void', 'many']) {
      assert.ok(problems.some((p) => p.monitor === name && p.limit), `${name} names the limit it reached`);
    }
  });
});
