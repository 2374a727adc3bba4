// Every catalog list, served by rbldnsd with the codes its operator documents: through the real
// check engine, each code must come out as the verdict, meaning, severity and cause the catalog
// promises, each documented refusal as unknown, and the list must pass its own test points.
import assert from 'node:assert/strict';
import type { CauseId, ListDef, ListHealth, Severity, Target, Verdict } from '../../src/model.ts';
import { LISTS, findList, zoneWithKey } from '../../src/dnsbl/catalog.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { meaningsOf } from '../../src/dnsbl/decode.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import type { Rbldnsd, RbldnsdZone } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';

const KEY = 'testkey';

interface Case {
  target: Target;
  /** The A record rbldnsd answers. */
  answer: string;
  status: 'listed' | 'unknown' | 'clean';
  meaning?: string;
  severity?: Severity;
  cause?: CauseId;
  /** For refusals: the reason the verdict must give. */
  reason?: string;
}

interface Fixture {
  zone: RbldnsdZone;
  cases: Case[];
}

function targetFor(list: ListDef, i: number): Target {
  const first = list.kinds[0];
  const value = first === 'domain' ? `c${i}.example` : first === 'ipv6' ? `2001:db8::${(i + 1).toString(16)}` : `192.0.${2 + (i >> 8)}.${i & 255}`;
  return { value, kind: first ?? 'ipv4', monitor: 'catalog', via: 'address', skip: [] };
}

/** The answer a list sends for one of its codes: the address, the bit, or the octet in place. */
function answerFor(list: ListDef, code: string): string {
  if (list.decode === 'exact') return code;
  if (list.decode === 'bitmask') return `127.0.0.${code}`;
  const n = Number(list.decode.slice('octet-'.length));
  return ['127', '0', '0', '0'].map((o, i) => (i === n - 1 ? code : o)).join('.');
}

/** Refusals worth serving: 127.0.0.1 where it is one, the operator-specific error codes, bit 1. */
const REFUSALS = ['127.0.0.1', '127.255.255.254', '127.255.255.250', '127.255.255.251', '127.0.1.255', '1'];

/** Entries served whatever the catalog says, for the tests that pin one operator's behaviour. */
const EXTRA: Record<string, string[]> = {
  // 0spam's usual answer for one address, with its own TXT wording.
  '0spam-bl': ['203.0.113.1 :127.0.0.1:Sending spam to our spam traps'],
};

function fixtureFor(list: ListDef): Fixture {
  const codes = Object.entries(list.codes);
  const cases: Case[] = [];
  let i = 1;
  for (const [code, c] of codes) {
    cases.push({ target: targetFor(list, i++), answer: answerFor(list, code), status: 'listed', meaning: c.meaning, severity: c.severity, ...(c.cause ? { cause: c.cause } : {}) });
  }
  if (codes.length === 0) {
    // Undocumented codes: any 127/8 answer is a listing, said to be undocumented.
    cases.push({ target: targetFor(list, i++), answer: '127.0.0.99', status: 'listed', meaning: 'return code 127.0.0.99 (not documented by this list)', severity: 'medium', cause: 'uncategorised' });
  }
  for (const key of REFUSALS.filter((k) => k in list.refusals)) {
    const answer = list.decode === 'bitmask' && !key.includes('.') ? `127.0.0.${key}` : key;
    cases.push({ target: targetFor(list, i++), answer, status: 'unknown', reason: `${answer}: ${list.refusals[key] ?? ''}` });
  }
  cases.push({ target: targetFor(list, i), answer: '', status: 'clean' });

  // The positive test point answers what the list answers there: every documented bit at once for
  // a bitmask list, DroneBL's "Testing class." (class 1), otherwise its first code.
  const testAnswer =
    list.decode === 'bitmask'
      ? `127.0.0.${Object.keys(list.codes).reduce((sum, b) => sum + Number(b), 0)}`
      : list.id === 'dronebl'
        ? '127.0.0.1'
        : (cases[0]?.answer ?? '127.0.0.2');
  const first = list.kinds[0];
  const type: RbldnsdZone['type'] = first === 'domain' ? 'dnset' : first === 'ipv6' ? 'ip6trie' : 'ip4set';
  const entry = (item: string): string => (type === 'ip6trie' ? `${item}/128` : item);
  const lines = [
    `${entry(list.test.listed)} :${testAnswer}:RFC 5782 test point`,
    ...cases.filter((c) => c.status !== 'clean').map((c) => `${entry(c.target.value)} :${c.answer}:listed $`),
    ...(EXTRA[list.id] ?? []),
  ];
  return { zone: { zone: zoneWithKey(list, KEY), type, lines }, cases };
}

async function check(server: string, list: ListDef, targets: Target[]): Promise<{ verdicts: Verdict[]; health: ListHealth | undefined }> {
  const dns = createDns({ servers: [server], timeoutMs: 1000, tries: 2 });
  const verdicts: Verdict[] = [];
  const out = await checkTargets(targets, [list], dns, { concurrency: 8, perListConcurrency: 4, keys: { 'spamhaus-dqs': KEY, abusix: KEY } }, (v) => verdicts.push(v));
  return { verdicts, health: out.lists[0] };
}

describeWithRbldnsd('every catalog list decodes its documented codes through the check engine', ({ test, before, after }) => {
  const fixtures = new Map(LISTS.map((l) => [l.id, fixtureFor(l)]));
  let server: Rbldnsd;
  before(async () => {
    server = await startRbldnsd([...fixtures.values()].map((f) => f.zone));
  });
  after(async () => server?.stop());

  for (const list of LISTS) {
    test(`${list.id}${list.default ? ' (default set)' : ''}`, async () => {
      const f = fixtures.get(list.id);
      assert.ok(f);
      const { verdicts, health } = await check(server.server, list, f.cases.map((c) => c.target));
      assert.equal(health?.status, 'ok', `${list.id} health: ${health?.reason ?? ''} ${health?.detail ?? ''}`);
      for (const c of f.cases) {
        const v = verdicts.find((x) => x.target === c.target.value);
        assert.ok(v, `no verdict for ${c.target.value}`);
        const what = `${list.id}: answer ${c.answer || 'NXDOMAIN'}`;
        assert.equal(v.status, c.status, `${what}: ${v.reason ?? ''}`);
        if (c.status === 'listed') {
          assert.deepEqual(v.codes, [c.answer], what);
          assert.deepEqual(v.meanings, [c.meaning], what);
          assert.deepEqual(v.txt, [`listed ${c.target.value}`], what);
          const [m] = meaningsOf(list, v.codes);
          assert.equal(m?.severity, c.severity, what);
          assert.equal(m?.cause ?? 'uncategorised', c.cause, what);
        }
        if (c.status === 'unknown') assert.equal(v.reason, c.reason, what);
      }
    });
  }

  test('0spam: its ordinary single-address listing, 127.0.0.1, is a listing, not a refusal', async () => {
    const zerospam = findList('0spam-bl');
    assert.ok(zerospam);
    const target: Target = { value: '203.0.113.1', kind: 'ipv4', monitor: 'mx', via: 'address', skip: [] };
    const { verdicts, health } = await check(server.server, zerospam, [target]);
    assert.equal(health?.status, 'ok');
    assert.equal(verdicts[0]?.status, 'listed', verdicts[0]?.reason);
    assert.deepEqual(verdicts[0]?.codes, ['127.0.0.1']);
    assert.match(verdicts[0]?.meanings[0] ?? '', /^general spam/);
    assert.deepEqual(verdicts[0]?.txt, ['Sending spam to our spam traps']);
  });

  test('DroneBL stays healthy when its test point answers 127.0.0.2 instead of the testing class', async () => {
    const dronebl = findList('dronebl');
    const f = fixtures.get('dronebl');
    assert.ok(dronebl && f);
    await server.setZone(f.zone.zone, f.zone.lines.map((l) => (l.startsWith('127.0.0.2 ') ? '127.0.0.2 :127.0.0.2:sample' : l)));
    try {
      const listed = f.cases.find((c) => c.answer === '127.0.0.3');
      assert.ok(listed);
      const { verdicts, health } = await check(server.server, dronebl, [listed.target]);
      assert.equal(health?.status, 'ok', health?.reason);
      assert.deepEqual(verdicts[0]?.meanings, ['IRC spam drone']);
    } finally {
      await server.setZone(f.zone.zone, f.zone.lines);
    }
  });
});
