// The check engine's decisions, with the DNS adapter in memory: which (target, list) pairs are
// asked and in what order verdicts come out, what an unhealthy, keyless, failing or capped list
// gets, and the bounds it keeps. Timing against a real server is in test/integration/check-engine.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { Dns, DnsResult, ItemKind, ListDef, ListHealth, QueryOptions, Target, Verdict } from '../../src/model.ts';
import { checkTargets, reversedIPv4, runBudget, type CheckOptions } from '../../src/dnsbl/check.ts';
import { queryName } from '../../src/dnsbl/query.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';

/** A hung engine fails its test instead of waiting out the runner. */
const HANG = { timeout: 5000 };

function list(id: string, kinds: ItemKind[] = ['ipv4'], over: Partial<ListDef> = {}): ListDef {
  return { ...customToListDef({ id, zone: `${id}.test`, kinds, decode: 'exact', codes: { '127.0.0.2': 'spam source' }, refusals: {} }), ...over };
}

function target(value: string, kind: ItemKind = 'ipv4', skip: string[] = []): Target {
  return { value, kind, monitor: `m-${value}`, via: 'address', skip };
}

function addresses(n: number): Target[] {
  return Array.from({ length: n }, (_, i) => target(`10.0.${Math.floor(i / 256)}.${i % 256}`));
}

const NX: DnsResult = { ok: false, error: 'nxdomain', message: 'NXDOMAIN' };
const LISTED: DnsResult = { ok: true, records: ['127.0.0.2'] };
const SERVFAIL: DnsResult = { ok: false, error: 'servfail', message: 'SERVFAIL' };

interface Query {
  type: 'a' | 'txt';
  name: string;
  /** Queries in flight (overall, and to this name's list) when this one was asked. */
  open: number;
  openToList: number;
  options: QueryOptions | undefined;
}

/**
 * DNS in memory. Test points answer as a healthy list's do unless `health` says otherwise;
 * `answer` gives every other A answer (a promise to answer later); TXT answers name the query.
 */
function memoryDns(lists: readonly ListDef[], answer: (name: string) => DnsResult | Promise<DnsResult>, health: (list: ListDef) => 'ok' | 'empty' = () => 'ok') {
  const queries: Query[] = [];
  const testPoints = new Map<string, DnsResult>();
  for (const l of lists) {
    const kind = l.kinds[0] ?? 'ipv4';
    testPoints.set(queryName(l.test.listed, kind, l.zone), health(l) === 'ok' ? LISTED : NX);
    if (l.test.unlisted !== null) testPoints.set(queryName(l.test.unlisted, kind, l.zone), NX);
  }
  let open = 0;
  const openTo = new Map<string, number>();
  const zoneOf = (name: string): string => lists.find((l) => name.endsWith(`.${l.zone}`))?.zone ?? '';
  const ask = async (type: Query['type'], name: string, options: QueryOptions | undefined, reply: () => DnsResult | Promise<DnsResult>): Promise<DnsResult> => {
    const zone = zoneOf(name);
    open++;
    openTo.set(zone, (openTo.get(zone) ?? 0) + 1);
    queries.push({ type, name, open, openToList: openTo.get(zone) ?? 0, options });
    try {
      return await reply();
    } finally {
      open--;
      openTo.set(zone, (openTo.get(zone) ?? 1) - 1);
    }
  };
  const dns: Dns = {
    a: (name, options) => ask('a', name, options, () => testPoints.get(name) ?? answer(name)),
    txt: (name, options) => ask('txt', name, options, () => ({ ok: true, records: [`listed: ${name}`] })),
    aaaa: () => Promise.reject(new Error('not asked by the check')),
    mx: () => Promise.reject(new Error('not asked by the check')),
    ptr: () => Promise.reject(new Error('not asked by the check')),
  };
  const isTestPoint = (q: Query): boolean => testPoints.has(q.name);
  return { dns, queries, targetQueries: () => queries.filter((q) => !isTestPoint(q)) };
}

async function check(targets: readonly Target[], lists: readonly ListDef[], dns: Dns, opts: Partial<CheckOptions> = {}) {
  const verdicts: Verdict[] = [];
  const out = await checkTargets(targets, lists, dns, { concurrency: 16, perListConcurrency: 8, keys: {}, ...opts }, (v) => verdicts.push(v));
  return { verdicts, lists: out.lists, checked: out.checked, byPair: new Map(verdicts.map((v) => [`${v.target} ${v.list}`, v])) };
}

/** Answers later, in an order unrelated to the order asked. */
function later(result: DnsResult, turns: number): Promise<DnsResult> {
  let p = Promise.resolve();
  for (let i = 0; i < turns; i++) p = p.then(() => new Promise<void>((r) => setImmediate(r)));
  return p.then(() => result);
}

describe('which pairs are asked, and the verdicts that come out', () => {
  test('each (target, list) once, for the kinds the list takes and not the lists a monitor skips, in pair order; TXT only for listings', HANG, async () => {
    const v4 = list('v4');
    const both = list('both', ['ipv4', 'ipv6']);
    const dbl = list('dbl', ['domain']);
    const targets = [
      target('192.0.2.1'),
      target('192.0.2.2', 'ipv4', ['both']),
      target('192.0.2.1'), // the same address again (two monitors): asked once
      target('2001:db8::1', 'ipv6'),
      target('example.test', 'domain'),
    ];
    const mem = memoryDns([v4, both, dbl], (name) => (name.startsWith('1.2.0.192.') || name.startsWith('example.test.') ? LISTED : NX));
    const healthSeen: ListHealth[][] = [];
    const progress: [number, number][] = [];
    let queriesAtHealth = -1;
    const r = await check(targets, [v4, both, dbl], mem.dns, {
      onHealth: (h) => {
        healthSeen.push(h);
        queriesAtHealth = mem.targetQueries().length;
      },
      onProgress: (done, total) => progress.push([done, total]),
    });
    const pairs = ['192.0.2.1 v4', '192.0.2.1 both', '192.0.2.2 v4', '2001:db8::1 both', 'example.test dbl'];
    assert.deepEqual(r.verdicts.map((v) => `${v.target} ${v.list}`), pairs);
    assert.equal(r.checked, 5);
    assert.deepEqual(progress, [1, 2, 3, 4, 5].map((n) => [n, 5]));
    assert.equal(healthSeen.length, 1, 'health is reported once');
    assert.equal(queriesAtHealth, 0, 'health before the first target query');
    assert.deepEqual(healthSeen[0], r.lists);
    assert.deepEqual(r.lists.map((h) => h.status), ['ok', 'ok', 'ok']);
    assert.deepEqual(
      mem.targetQueries().map((q) => `${q.type} ${q.name}`).sort(),
      [
        'a 1.2.0.192.v4.test',
        'a 1.2.0.192.both.test',
        'a 2.2.0.192.v4.test',
        `a ${queryName('2001:db8::1', 'ipv6', 'both.test')}`,
        'a example.test.dbl.test',
        'txt 1.2.0.192.v4.test',
        'txt 1.2.0.192.both.test',
        'txt example.test.dbl.test',
      ].sort(),
    );
    const listed = r.byPair.get('192.0.2.1 v4');
    assert.deepEqual(listed, { target: '192.0.2.1', monitor: 'm-192.0.2.1', list: 'v4', status: 'listed', codes: ['127.0.0.2'], meanings: ['spam source'], txt: ['listed: 1.2.0.192.v4.test'] });
    assert.deepEqual(r.byPair.get('192.0.2.2 v4'), { target: '192.0.2.2', monitor: 'm-192.0.2.2', list: 'v4', status: 'clean', codes: [], meanings: [], txt: [] });
  });

  test('answers in any order, over more pairs than the engine holds at once: every verdict, in pair order', HANG, async () => {
    const lists = [list('a'), list('b')];
    const targets = addresses(2500); // 5,000 pairs, past the ring of 4,096
    const mem = memoryDns(lists, (name) => later(name.startsWith('7.') ? LISTED : NX, Number(name.split('.')[0]) % 4));
    const r = await check(targets, lists, mem.dns, { concurrency: 256, perListConcurrency: 128 });
    assert.equal(r.verdicts.length, 5000);
    assert.deepEqual(
      r.verdicts.map((v) => `${v.target} ${v.list}`),
      targets.flatMap((t) => lists.map((l) => `${t.value} ${l.id}`)),
    );
    assert.equal(r.verdicts.filter((v) => v.status === 'listed').length, 2 * 10);
    assert.equal(mem.targetQueries().filter((q) => q.type === 'a').length, 5000, 'each pair asked once');
  });

  test('no pair to ask (no target, or none of a kind any list takes): done at once', HANG, async () => {
    const v4 = list('v4');
    const mem = memoryDns([v4], () => NX);
    assert.deepEqual((await check([], [v4], mem.dns)).checked, 0);
    const r = await check([target('example.test', 'domain')], [v4], mem.dns);
    assert.deepEqual([r.checked, r.verdicts.length, mem.targetQueries().length], [0, 0, 0]);
  });

  test('a name DNS cannot carry: that pair is unknown and says why; the rest are asked', HANG, async () => {
    const dbl = list('dbl', ['domain']);
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.test`;
    const mem = memoryDns([dbl], () => NX);
    const r = await check([target(long, 'domain'), target('fine.test', 'domain')], [dbl], mem.dns);
    assert.equal(r.verdicts[0]?.status, 'unknown');
    assert.match(r.verdicts[0]?.reason ?? '', /^the query name for a+\..* would be \d+ octets long; DNS allows 253$/);
    assert.equal(r.verdicts[1]?.status, 'clean');
    assert.deepEqual(mem.targetQueries().map((q) => q.name), ['fine.test.dbl.test']);
  });
});

describe('names of addresses in front of a long zone', () => {
  test('an address whose name would pass 253 octets is unknown and says why; one at exactly 253 is asked', HANG, async () => {
    // '10.2.0.192' and '.' take 11 octets: a 242-octet zone makes 253, a 243-octet one 254.
    const zone = (n: number) => `${'z'.repeat(60)}.${'y'.repeat(60)}.${'x'.repeat(60)}.${'w'.repeat(n - 3 * 61 - 5)}.test`;
    const fits = list('fits', ['ipv4'], { zone: zone(242) });
    const over = list('over', ['ipv4'], { zone: zone(243) });
    assert.deepEqual([fits.zone.length, over.zone.length], [242, 243]);
    const mem = memoryDns([fits, over], () => NX);
    const r = await check([target('192.0.2.10')], [fits, over], mem.dns);
    assert.deepEqual(mem.targetQueries().map((q) => q.name.length), [253]);
    assert.deepEqual(r.verdicts.map((v) => v.status), ['clean', 'unknown']);
    assert.equal(r.verdicts[1]?.reason, 'the query name for 192.0.2.10 would be 254 octets long; DNS allows 253');
  });

  test('an address written with a leading zero is not guessed at: unknown, and not asked', HANG, async () => {
    const v4 = list('v4');
    const mem = memoryDns([v4], () => NX);
    const r = await check([target('192.0.2.010')], [v4], mem.dns);
    assert.deepEqual(mem.targetQueries(), []);
    assert.equal(r.verdicts[0]?.status, 'unknown');
    assert.equal(r.verdicts[0]?.reason, '192.0.2.010 is not an IPv4 address');
  });
});

describe('what a listing and a failure carry', () => {
  test('a listing whose TXT lookup fails is still listed, with no TXT', HANG, async () => {
    const l = list('l');
    const mem = memoryDns([l], () => LISTED);
    mem.dns.txt = () => Promise.resolve(SERVFAIL);
    const r = await check([target('192.0.2.1')], [l], mem.dns);
    assert.deepEqual(r.verdicts, [{ target: '192.0.2.1', monitor: 'm-192.0.2.1', list: 'l', status: 'listed', codes: ['127.0.0.2'], meanings: ['spam source'], txt: [] }]);
  });

  test('a key in an answer the resolver made up is taken out of the reason', HANG, async () => {
    const key = 'abcdefghijklmnopqrstuvwxyz';
    const zen = list('zen', ['ipv4'], { access: 'key', key: 'spamhaus-dqs', zone: '{key}.zen.test' });
    const keyed = { ...zen, zone: `${key}.zen.test` };
    // A hostile or broken resolver answers the A query with the query name itself.
    const mem = memoryDns([keyed], (name) => ({ ok: true, records: [name] }));
    const r = await check([target('192.0.2.9')], [zen], mem.dns, { keys: { 'spamhaus-dqs': key } });
    assert.equal(r.verdicts[0]?.status, 'unknown');
    assert.equal(r.verdicts[0]?.reason, 'the resolver rewrote the answer (got "9.2.0.192.<key>.zen.test", not an IPv4 address, outside 127.0.0.0/8): use a resolver that does not redirect NXDOMAIN');
  });

  test('every pair of a list given up says the same: the failure that made it twelve, whatever answers still in flight say', HANG, async () => {
    const l = list('l');
    const index = (name: string): number => Number(name.split('.')[0]) + 256 * Number(name.split('.')[1]);
    // 150 clean answers grow the window past twelve, then every answer fails: SERVFAIL for the
    // first twelve, timeouts for those already asked alongside them. More pairs than the ring
    // holds, so some are decided only after those timeouts are in.
    const TIMEOUT: DnsResult = { ok: false, error: 'timeout', message: 'timed out' };
    const mem = memoryDns([l], (name) => later(index(name) < 150 ? NX : index(name) < 162 ? SERVFAIL : TIMEOUT, 2));
    const r = await check(addresses(4500), [l], mem.dns, { concurrency: 64, perListConcurrency: 32 });
    const asked = mem.targetQueries().length;
    assert.ok(asked > 162, `answers were in flight when the list was given up (${asked} asked)`);
    const reasons = new Set(r.verdicts.slice(asked).map((v) => v.reason));
    assert.deepEqual(
      [...reasons],
      ['not asked: the list failed 12 answers in a row during the run (the last: the server failed (SERVFAIL)), so the rest of the run left it alone'],
    );
  });
});

describe('lists that are not asked', () => {
  test('an unhealthy list: every pair unknown with its reason, and it is never asked about a target', HANG, async () => {
    const good = list('good');
    const empty = list('empty');
    const mem = memoryDns([good, empty], () => NX, (l) => (l.id === 'empty' ? 'empty' : 'ok'));
    const r = await check(addresses(3), [good, empty], mem.dns);
    assert.deepEqual(r.lists.map((h) => h.status), ['ok', 'empty']);
    const unknown = r.verdicts.filter((v) => v.list === 'empty');
    assert.equal(unknown.length, 3);
    assert.deepEqual(
      unknown,
      addresses(3).map((t) => ({ target: t.value, monitor: t.monitor, list: 'empty', status: 'unknown', codes: [], meanings: [], txt: [], reason: `list not checked: ${r.lists[1]?.reason}` })),
    );
    assert.ok(r.verdicts.filter((v) => v.list === 'good').every((v) => v.status === 'clean'));
    assert.ok(mem.targetQueries().every((q) => q.name.endsWith('.good.test')));
    assert.equal(r.checked, 6, 'decided pairs count as checked');
  });

  test('lists that are all down and more pairs than the engine holds at once: every pair is decided and the check ends', HANG, async () => {
    const empty = list('empty');
    const mem = memoryDns([empty], () => NX, () => 'empty');
    const r = await check(addresses(5000), [empty], mem.dns);
    assert.equal(r.verdicts.length, 5000);
    assert.ok(r.verdicts.every((v) => v.status === 'unknown' && v.reason === `list not checked: ${r.lists[0]?.reason}`));
    assert.deepEqual(mem.targetQueries(), []);
  });

  test('a list that needs a key it was not given: skipped with the fix, no query, no verdict', HANG, async () => {
    const zen = list('zen', ['ipv4'], { access: 'key', key: 'spamhaus-dqs', zone: '{key}.zen.test' });
    const open = list('open');
    const mem = memoryDns([open], () => NX);
    const r = await check(addresses(2), [zen, open], mem.dns);
    assert.deepEqual(r.lists[0], {
      id: 'zen',
      name: 'zen',
      zone: '<key>.zen.test',
      status: 'skipped',
      reason: 'needs a Spamhaus DQS key',
      fix: 'get a free Spamhaus DQS key and pass it as spamhaus-dqs-key (Action) or SPAMHAUS_DQS_KEY (CLI); or leave these lists out with lists.skip',
    });
    assert.deepEqual(r.verdicts.map((v) => v.list), ['open', 'open']);
    assert.ok(mem.queries.every((q) => q.name.endsWith('.open.test')));
  });

  test('with its key, a keyed list is asked under the key, and the key never comes back in a verdict', HANG, async () => {
    const key = 'abcdefghijklmnopqrstuvwxyz';
    const zen = list('zen', ['ipv4'], { access: 'key', key: 'spamhaus-dqs', zone: '{key}.zen.test' });
    const keyed = { ...zen, zone: `${key}.zen.test` }; // what the DNS sees
    const mem = memoryDns([keyed], () => LISTED);
    const r = await check([target('192.0.2.9')], [zen], mem.dns, { keys: { 'spamhaus-dqs': key } });
    assert.equal(r.lists[0]?.status, 'ok');
    assert.deepEqual(mem.targetQueries().map((q) => q.name), [`9.2.0.192.${key}.zen.test`, `9.2.0.192.${key}.zen.test`]);
    assert.deepEqual(r.verdicts[0]?.txt, ['listed: 9.2.0.192.<key>.zen.test']);
  });

  test('twelve failed answers in a row: the list is left alone for the rest of the run, and the report says so', HANG, async () => {
    const dies = list('dies');
    const fine = list('fine');
    const failFrom = 20;
    const mem = memoryDns([dies, fine], (name) => (name.endsWith('.dies.test') && Number(name.split('.')[0]) >= failFrom ? SERVFAIL : NX));
    const r = await check(addresses(100), [dies, fine], mem.dns, { perListConcurrency: 1 });
    const verdicts = r.verdicts.filter((v) => v.list === 'dies');
    assert.deepEqual(
      verdicts.map((v) => v.status),
      [...Array<string>(failFrom).fill('clean'), ...Array<string>(80).fill('unknown')],
    );
    assert.equal(mem.targetQueries().filter((q) => q.name.endsWith('.dies.test')).length, failFrom + 12, 'one at a time: exactly twelve failures, then nothing');
    assert.equal(verdicts[failFrom]?.reason, 'the server failed (SERVFAIL)');
    assert.equal(
      verdicts.at(-1)?.reason,
      'not asked: the list failed 12 answers in a row during the run (the last: the server failed (SERVFAIL)), so the rest of the run left it alone',
    );
    assert.ok(r.verdicts.filter((v) => v.list === 'fine').every((v) => v.status === 'clean'), 'the other list goes on');
  });

  test('failures that are not in a row never give a list up', HANG, async () => {
    const flaky = list('flaky');
    const mem = memoryDns([flaky], (name) => (Number(name.split('.')[0]) % 12 === 11 ? NX : SERVFAIL));
    const r = await check(addresses(60), [flaky], mem.dns, { perListConcurrency: 1 });
    assert.equal(mem.targetQueries().length, 60, 'every pair asked');
    assert.equal(r.verdicts.filter((v) => v.status === 'clean').length, 5);
    assert.ok(r.verdicts.every((v) => !v.reason?.startsWith('not asked')));
  });

  test("a published daily limit: the test points and TXT lookups count; past it, unknown and said so", HANG, async () => {
    const capped = list('capped', ['ipv4'], { rateCap: { perDay: 2 + 3, source: 'https://capped.test/usage' } });
    const mem = memoryDns([capped], () => LISTED);
    const r = await check(addresses(4), [capped], mem.dns, { perListConcurrency: 1 });
    assert.deepEqual(
      mem.queries.map((q) => q.type),
      ['a', 'a', 'a', 'txt', 'a'],
      'two test points, a listing and its TXT, then one more listing without TXT',
    );
    assert.deepEqual(r.verdicts.map((v) => [v.status, v.txt.length]), [['listed', 1], ['listed', 0], ['unknown', 0], ['unknown', 0]]);
    assert.equal(r.verdicts[3]?.reason, "not asked: this run reached the list operator's published limit of 5 queries a day");
  });
  test('a published rate: queries to that list are spaced out, the others are not held up', HANG, async () => {
    const paced = list('paced', ['ipv4'], { rateCap: { perSecond: 50, source: 'https://paced.test/usage' } });
    const free = list('free');
    const at = new Map<string, number[]>();
    const mem = memoryDns([paced, free], (name) => {
      const zone = name.split('.').slice(-2, -1)[0] ?? '';
      at.set(zone, [...(at.get(zone) ?? []), performance.now()]);
      return NX;
    });
    const r = await check(addresses(6), [paced, free], mem.dns);
    assert.equal(r.verdicts.filter((v) => v.status === 'clean').length, 12);
    const gaps = (zone: string) => (at.get(zone) ?? []).slice(1).map((t, i) => t - (at.get(zone) ?? [])[i]!);
    assert.equal(gaps('paced').length, 5);
    assert.ok(gaps('paced').every((g) => g >= 15), `20 ms apart at 50 a second: ${gaps('paced').map((g) => g.toFixed(1)).join(', ')}`);
    assert.ok((at.get('free') ?? [])[5]! < (at.get('paced') ?? [])[2]!, 'the other list finished its queries while the paced one waited');
  });

  test('lists of one operator that counts across its zones share one daily allowance', HANG, async () => {
    const cap = { perDay: 2 * 2 + 5, pool: 'op', source: 'https://op.test/usage' };
    const one = list('one', ['ipv4'], { rateCap: cap });
    const two = list('two', ['ipv4'], { rateCap: cap });
    const other = list('other', ['ipv4'], { rateCap: { ...cap, pool: 'elsewhere' } });
    const mem = memoryDns([one, two, other], () => NX);
    const r = await check(addresses(4), [one, two, other], mem.dns, { perListConcurrency: 1 });
    const sent = (zone: string) => mem.queries.filter((q) => q.name.endsWith(zone)).length;
    assert.equal(sent('.one.test') + sent('.two.test'), 9, 'four test points and five target queries between them');
    assert.equal(sent('.other.test'), 2 + 4, 'another pool keeps its own allowance');
    const unknown = r.verdicts.filter((v) => v.status === 'unknown');
    assert.equal(unknown.length, 3);
    assert.ok(unknown.every((v) => v.list !== 'other' && v.reason === "not asked: this run reached the list operator's published limit of 9 queries a day, shared by its 2 lists"));
  });
});

describe('published limits', () => {
  test('a rate and a daily limit that allow the same: the daily limit is the one named', () => {
    const cap = { perSecond: 1, perDay: 600 + 2, source: 'https://x.test/' };
    assert.deepEqual(runBudget(cap), { budget: 600, overBudget: "not asked: this run reached the list operator's published limit of 602 queries a day" });
    assert.equal(runBudget({ ...cap, perDay: 603 }).budget, 600);
    assert.match(runBudget({ ...cap, perDay: 603 }).overBudget, /rate of 1 queries a second/);
  });
});

describe('pairs that wait for their list', () => {
  test('one pair waiting behind its list is asked when the list has room', HANG, async () => {
    const l = list('l');
    const mem = memoryDns([l], () => later(NX, 2));
    const r = await check(addresses(2), [l], mem.dns, { perListConcurrency: 1 });
    assert.deepEqual(r.verdicts.map((v) => v.status), ['clean', 'clean']);
  });

  test('a list that waits while another does not: every pair of both is asked', HANG, async () => {
    const slow = list('slow');
    const fast = list('fast');
    const mem = memoryDns([slow, fast], (name) => later(NX, name.endsWith('.slow.test') ? 6 : 1));
    const r = await check(addresses(20), [slow, fast], mem.dns, { perListConcurrency: 1 });
    assert.equal(r.verdicts.length, 40);
    assert.equal(mem.targetQueries().length, 40);
  });

  test('windows that grow while pairs wait never take the run past its overall bound', HANG, async () => {
    const slow = list('slow');
    const fast = list('fast');
    const mem = memoryDns([slow, fast], (name) => later(NX, name.endsWith('.slow.test') ? 5 : 1));
    await check(addresses(120), [slow, fast], mem.dns, { concurrency: 6, perListConcurrency: 16 });
    assert.equal(Math.max(...mem.targetQueries().map((q) => q.open)), 6);
  });
});

describe('the bounds the engine keeps', () => {
  test('never more queries in flight than the concurrency, nor to one list than its share', HANG, async () => {
    const lists = [list('a'), list('b'), list('c')];
    const mem = memoryDns(lists, (name) => later(NX, 1 + (Number(name.split('.')[0]) % 3)));
    await check(addresses(60), lists, mem.dns, { concurrency: 5, perListConcurrency: 3 });
    const targetQueries = mem.targetQueries();
    assert.equal(Math.max(...targetQueries.map((q) => q.open)), 5, 'the overall bound is reached, never passed');
    assert.equal(Math.max(...targetQueries.map((q) => q.openToList)), 3, 'nor the per-list one');
  });

  test('each list gets its own retry allowance for the run: 2% of its pairs, at least 16', HANG, async () => {
    const v4 = list('v4');
    const v6 = list('v6', ['ipv6']);
    const mem = memoryDns([v4, v6], () => NX);
    const v6Targets = Array.from({ length: 100 }, (_, i) => target(`2001:db8::${i.toString(16)}`, 'ipv6'));
    await check([...addresses(1000), ...v6Targets], [v4, v6], mem.dns, { concurrency: 64 });
    // The adapter takes its retries out of this allowance (the same object for all of a list's queries).
    const allowances = (zone: string) => new Set(mem.targetQueries().filter((q) => q.name.endsWith(zone)).map((q) => q.options?.retries));
    const [four] = allowances('.v4.test');
    const [six] = allowances('.v6.test');
    assert.deepEqual([allowances('.v4.test').size, allowances('.v6.test').size], [1, 1], 'one allowance per list');
    assert.deepEqual([four?.left, six?.left], [20, 16]);
  });

  test('a DNS adapter that throws fails the check instead of leaving it hanging', HANG, async () => {
    const l = list('l');
    const broken = memoryDns([l], () => {
      throw new Error('adapter bug');
    });
    await assert.rejects(check(addresses(3), [l], broken.dns), /adapter bug/);
    const txtBroken = memoryDns([l], () => LISTED);
    txtBroken.dns.txt = () => Promise.reject(new Error('txt bug'));
    await assert.rejects(check(addresses(3), [l], txtBroken.dns), /txt bug/);
  });
});

describe('a failure ends the run', () => {
  test('after the DNS adapter throws, nothing more is asked: not the TXT of a listing, not the next pairs', HANG, async () => {
    const l = list('l');
    const mem = memoryDns([l], (name) => {
      const n = Number(name.split('.')[0]);
      if (n === 1) return later(NX, 2).then(() => Promise.reject(new Error('adapter bug')));
      return later(LISTED, n === 0 ? 0 : 4);
    });
    const txt = mem.dns.txt.bind(mem.dns);
    mem.dns.txt = (name, options) => txt(name, options).then((res) => later(res, 6));
    let asked = -1;
    await assert.rejects(
      check(addresses(40), [l], mem.dns).finally(() => (asked = mem.queries.length)),
      /adapter bug/,
    );
    await later(NX, 20); // every answer still in flight comes back
    assert.equal(mem.queries.length, asked);
  });

  test('a verdict the caller cannot take fails the check at once, wherever it comes out', HANG, async () => {
    const l = list('l');
    const empty = list('empty');
    const paced = list('paced', ['domain'], { rateCap: { perSecond: 50, source: 'https://paced.test/usage' } });
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.test`;
    const cases: [string, ListDef[], Target[], (name: string) => DnsResult | Promise<DnsResult>][] = [
      ['an unhealthy list, decided at once', [empty, l], addresses(20), () => later(NX, 2)],
      ['a clean answer', [l], addresses(20), () => later(NX, 1)],
      ['a listing, after its TXT', [l], addresses(20), () => later(LISTED, 1)],
      // The second pair waits for the list's pace; its name cannot be built, so it is decided when the pace allows.
      ['a paced list, when its pace allows', [paced], [target('fine.test', 'domain'), target(long, 'domain'), target('next.test', 'domain')], () => NX],
    ];
    for (const [what, lists, targets, answer] of cases) {
      const mem = memoryDns(lists, answer, (x) => (x.id === 'empty' ? 'empty' : 'ok'));
      let asked = -1;
      const take = (v: Verdict): void => {
        if (what.startsWith('a paced') && v.target !== long) return;
        if (asked < 0) asked = mem.queries.length;
        throw new Error(`disk full (${what})`);
      };
      await assert.rejects(checkTargets(targets, lists, mem.dns, { concurrency: 4, perListConcurrency: 4, keys: {} }, take), { message: `disk full (${what})` });
      await later(NX, 10);
      assert.equal(mem.queries.length, asked, `${what}: nothing asked after the failure`);
    }
  });
});

describe('reversedIPv4', () => {
  test('reverses a canonical dotted quad, refuses anything else', () => {
    assert.equal(reversedIPv4('192.0.2.10'), '10.2.0.192');
    assert.equal(reversedIPv4('0.0.0.0'), '0.0.0.0');
    assert.equal(reversedIPv4('255.255.255.255'), '255.255.255.255');
    assert.equal(reversedIPv4('1.22.100.9'), '9.100.22.1');
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.256', '01.2.3.4', '1.2.3.00', '1..2.3', '.1.2.3', '1.2.3.4.', 'a.b.c.d', '1.2.3.-4', '1.2.3.4444', '1.2.3.4/', '1:2.3.4']) {
      assert.equal(reversedIPv4(bad), null, bad);
    }
  });

  test('a non-canonical address still gets its name from the general path (no pair is lost)', HANG, async () => {
    const v4 = list('v4');
    const mem = memoryDns([v4], () => NX);
    const r = await check([target('192.0.2.1'), target('0.0.0.1')], [v4], mem.dns);
    assert.deepEqual(mem.targetQueries().map((q) => q.name), ['1.2.0.192.v4.test', '1.0.0.0.v4.test']);
    assert.deepEqual(r.verdicts.map((v) => v.status), ['clean', 'clean']);
  });
});

describe("a list's window", () => {
  test('grows to the per-list limit while answers are clean, and falls to one or two after failures', HANG, async () => {
    const l = list('w');
    // Every answer takes a few turns, so the in-flight count shows the window.
    const mem = memoryDns([l], (name) => {
      const n = Number(name.split('.')[0]);
      return later(n >= 100 && n < 110 ? SERVFAIL : NX, 3);
    });
    const r = await check(addresses(130), [l], mem.dns, { concurrency: 64, perListConcurrency: 8 });
    const byOctet = new Map(mem.targetQueries().map((q) => [Number(q.name.split('.')[0]), q.openToList]));
    const before = [...byOctet].filter(([o]) => o < 100).map(([, n]) => n);
    assert.equal(Math.max(...before.slice(0, 5)), 4, 'it starts at a window of four');
    assert.equal(Math.max(...before), 8, 'and grows to per-list-concurrency, never past it');
    const after = [...byOctet].filter(([o]) => o >= 108 && o < 116).map(([, n]) => n);
    assert.ok(Math.max(...after) <= 2, `in flight after SERVFAILs: ${after.join(', ')}`);
    assert.equal(r.verdicts.filter((v) => v.status === 'unknown').length, 10);
  });
});
