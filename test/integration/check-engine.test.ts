// The check engine's scheduling against a real (fault) DNS server: verdicts in order, health first,
// windows that grow and shrink with the answers, bounded retries, a list given up when it stops
// answering, and operators' published limits kept.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListDef, Target, Verdict } from '../../src/model.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import type { FaultAnswer, FaultQuery } from '../helpers/fault-dns.ts';
import { startFaultDns } from '../helpers/fault-dns.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function addresses(n: number, net = '198.51.100'): Target[] {
  return Array.from({ length: n }, (_, i) => ({
    value: `${net}.${i}`,
    kind: 'ipv4' as const,
    monitor: 'range',
    via: 'range',
    skip: [],
  }));
}

function list(id: string, over: Partial<ListDef> = {}): ListDef {
  return { ...customToListDef({ id, zone: `${id}.test`, kinds: ['ipv4'], decode: 'exact', codes: { '127.0.0.2': 'spam source' }, refusals: {} }), ...over };
}

/** Answers the RFC 5782 test points like a healthy list; everything else goes to `rest`. */
function healthyThen(rest: (q: FaultQuery, octet: number) => FaultAnswer | Promise<FaultAnswer>) {
  return (q: FaultQuery): FaultAnswer | Promise<FaultAnswer> => {
    if (q.name.startsWith('2.0.0.127.')) return { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['test point'] };
    if (q.name.startsWith('1.0.0.127.')) return { rcode: 'NXDOMAIN' };
    return rest(q, Number(q.name.split('.')[0]));
  };
}

async function run(
  handler: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>,
  targets: Target[],
  lists: ListDef[],
  opts: { concurrency?: number; perList?: number; tries?: number; timeoutMs?: number } = {},
) {
  const server = await startFaultDns(handler);
  try {
    const dns = createDns({ servers: [server.server], timeoutMs: opts.timeoutMs ?? 300, tries: opts.tries ?? 1 });
    const verdicts: Verdict[] = [];
    const out = await checkTargets(targets, lists, dns, { concurrency: opts.concurrency ?? 32, perListConcurrency: opts.perList ?? 8, keys: {} }, (v) => verdicts.push(v));
    return { verdicts, health: out.lists, queries: server.queries, checked: out.checked };
  } finally {
    await server.stop();
  }
}

describe('the check engine schedules politely and reports in order', () => {
  test('verdicts come out in pair order (targets, then lists, as given) although answers do not', async () => {
    const targets = addresses(60);
    const lists = [list('a'), list('b'), list('c')];
    // Answers come back in a scrambled order: later targets often first.
    const r = await run(
      healthyThen(async (_q, octet) => {
        await sleep((octet * 7919) % 23);
        return octet % 5 === 0 ? { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['listed'] } : { rcode: 'NXDOMAIN' };
      }),
      targets,
      lists,
    );
    const expected = targets.flatMap((t) => lists.map((l) => `${t.value}/${l.id}`));
    assert.deepEqual(r.verdicts.map((v) => `${v.target}/${v.list}`), expected);
    assert.equal(r.checked, expected.length);
    assert.equal(r.verdicts.filter((v) => v.status === 'listed').length, 12 * 3);
    assert.ok(r.verdicts.filter((v) => v.status === 'listed').every((v) => v.txt[0] === 'listed'));
  });

  test('every list is health-checked before the first target query', async () => {
    const r = await run(healthyThen(() => ({ rcode: 'NXDOMAIN' })), addresses(20), [list('a'), list('b'), list('c'), list('d')]);
    const firstTarget = r.queries.findIndex((q) => !q.name.includes('.0.0.127.'));
    const lastTestPoint = r.queries.findLastIndex((q) => q.name.includes('.0.0.127.'));
    assert.ok(firstTarget > lastTestPoint, `target query #${firstTarget} before test point #${lastTestPoint}`);
  });

  test("a list's window grows to its limit on clean answers and falls to one or two after SERVFAILs", async () => {
    let open = 0;
    const arrivals = new Map<number, number>(); // target octet → queries in flight at the server when it arrived
    const r = await run(
      healthyThen(async (_q, octet) => {
        arrivals.set(octet, ++open);
        await sleep(15);
        open--;
        return octet >= 100 && octet < 110 ? { rcode: 'SERVFAIL' } : { rcode: 'NXDOMAIN' };
      }),
      addresses(130),
      [list('a')],
      { perList: 8 },
    );
    assert.equal(Math.max(...[...arrivals].filter(([o]) => o < 100).map(([, n]) => n)), 8, 'grew to per-list-concurrency');
    const after = [...arrivals].filter(([o]) => o >= 108 && o < 116).map(([, n]) => n);
    assert.ok(Math.max(...after) <= 2, `in flight after SERVFAILs: ${after.join(', ')}`);
    assert.equal(r.verdicts.filter((v) => v.status === 'unknown').length, 10);
  });

  test('retries are bounded per list and run: an unreliable list cannot draw a flood of them', async () => {
    // Every other name is never answered; the rest are clean (so the list is never given up).
    const r = await run(healthyThen((_q, octet) => (octet % 2 === 1 ? 'drop' : { rcode: 'NXDOMAIN' })), addresses(200), [list('a')], { tries: 3, timeoutMs: 100 });
    const odd = r.queries.filter((q) => q.name.endsWith('.a.test') && Number(q.name.split('.')[0]) % 2 === 1 && !q.name.includes('.0.0.127.'));
    const retries = odd.length - 100;
    // The allowance: 2% of the list's 200 pairs, at least 16. Without it: 200 retries.
    assert.ok(retries <= 16, `${retries} retries`);
    assert.ok(retries >= 1, 'retries happen while the allowance lasts');
    assert.equal(r.verdicts.filter((v) => v.status === 'unknown').length, 100);
    assert.equal(r.verdicts.filter((v) => v.status === 'clean').length, 100);
  });

  test('a list that stops answering mid-run is given up: the rest of its pairs are unknown, said why, not each timed out', async () => {
    const targets = addresses(200);
    const r = await run(
      healthyThen((q, octet) => (q.name.endsWith('.dies.test') && octet >= 20 ? 'drop' : { rcode: 'NXDOMAIN' })),
      targets,
      [list('dies'), list('fine')],
      { tries: 1, timeoutMs: 200 },
    );
    const dying = r.queries.filter((q) => q.name.endsWith('.dies.test') && !q.name.includes('.0.0.127.'));
    assert.ok(dying.length < 20 + 12 + 8 + 1, `${dying.length} queries to the dead list`);
    const dies = r.verdicts.filter((v) => v.list === 'dies');
    assert.deepEqual(
      dies.slice(0, 20).map((v) => v.status),
      Array<string>(20).fill('clean'),
    );
    assert.ok(dies.slice(20).every((v) => v.status === 'unknown'), 'never clean');
    assert.match(dies.at(-1)?.reason ?? '', /^not asked: the list failed 12 answers in a row during the run \(the last: timed out\)/);
    assert.ok(r.verdicts.filter((v) => v.list === 'fine').every((v) => v.status === 'clean'), 'the other list is unaffected');
  });

  test("a published daily limit: no more queries than it allows, the rest unknown and said so", async () => {
    const capped = list('capped', { rateCap: { perDay: 2 + 6, source: 'https://capped.test/usage' } });
    const r = await run(healthyThen(() => ({ rcode: 'NXDOMAIN' })), addresses(10), [capped]);
    assert.equal(r.queries.length, 2 + 6, 'the two test points count, then six target queries');
    assert.deepEqual(r.verdicts.map((v) => v.status), [...Array<string>(6).fill('clean'), ...Array<string>(4).fill('unknown')]);
    assert.match(r.verdicts[9]?.reason ?? '', /published limit of 8 queries a day/);
  });

  test('a published rate: queries to the list are spread out at that rate', async () => {
    const paced = list('paced', { rateCap: { perSecond: 25, source: 'https://paced.test/faq' } });
    const times: number[] = [];
    await run(
      healthyThen(() => {
        times.push(performance.now());
        return { rcode: 'NXDOMAIN' };
      }),
      addresses(8),
      [paced],
    );
    assert.equal(times.length, 8);
    // 25 a second is one per 40 ms: eight queries span at least 7 × 40 ms (less a little for
    // the first arrival's own delay on a busy machine). Without pacing they come within a few ms.
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
    assert.ok(span >= 7 * 40 - 20, `eight queries within ${Math.round(span)} ms`);
  });
});
