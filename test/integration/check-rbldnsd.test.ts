// The check engine against real rbldnsd zones: what an operator would see for each kind of list.
import assert from 'node:assert/strict';
import type { ListDef, Target, Verdict } from '../../src/model.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';


function target(value: string, kind: Target['kind'] = 'ipv4', monitor = 'mx1'): Target {
  return { value, kind, monitor, via: 'address', skip: [] };
}

const ipList: ListDef = customToListDef({
  id: 'test-bl',
  name: 'Test BL',
  zone: 'bl.test',
  kinds: ['ipv4', 'ipv6'],
  decode: 'exact',
  codes: { '127.0.0.2': 'spam source', '127.0.0.4': 'exploited host', '127.0.0.10': 'policy: end-user range' },
  refusals: {},
});
const v6List: ListDef = customToListDef({
  id: 'test-v6',
  name: 'Test v6',
  zone: 'v6.bl.test',
  kinds: ['ipv6'],
  decode: 'exact',
  codes: { '127.0.0.4': 'IPv6 spam' },
  refusals: {},
});
const domainList: ListDef = customToListDef({
  id: 'test-dbl',
  name: 'Test DBL',
  zone: 'dbl.test',
  kinds: ['domain'],
  decode: 'exact',
  codes: { '127.0.1.2': 'spam domain' },
  refusals: {},
});

const IP4_ZONE = [
  '127.0.0.2 :127.0.0.2:RFC 5782 test point',
  '192.0.2.10 :127.0.0.2:Listed for spam, see https://bl.test/lookup?ip=$',
  // Several codes for one address: two entries for the same IP give two A records.
  '192.0.2.20 :127.0.0.4:Exploited host $',
  '192.0.2.20 :127.0.0.10:End-user range',
  '198.51.100.0/30 :127.0.0.2:Range listed',
  '!198.51.100.2',
];
const IP6_ZONE = ['::ffff:7f00:2 :127.0.0.4:test', '2001:db8:bad::/48 :127.0.0.4:IPv6 range $'];
const DOMAIN_ZONE = [':127.0.1.2:Spam domain', 'test', 'spammy.example', '.phishy.example'];

async function run(dnsServer: string, targets: Target[], lists: ListDef[]): Promise<{ verdicts: Verdict[]; health: Awaited<ReturnType<typeof checkTargets>>['lists'] }> {
  const dns = createDns({ servers: [dnsServer], timeoutMs: 1000, tries: 2 });
  const verdicts: Verdict[] = [];
  const out = await checkTargets(targets, lists, dns, { concurrency: 8, perListConcurrency: 4, keys: {} }, (v) => verdicts.push(v));
  return { verdicts, health: out.lists };
}

function find(verdicts: Verdict[], t: string, list: string): Verdict {
  const v = verdicts.find((x) => x.target === t && x.list === list);
  assert.ok(v, `no verdict for ${t} on ${list}`);
  return v;
}

describeWithRbldnsd('check engine against rbldnsd', ({ test, before, after }) => {
  let server: Rbldnsd;
  before(async () => {
    server = await startRbldnsd([
      { zone: 'bl.test', type: 'ip4set', lines: IP4_ZONE },
      { zone: 'v6.bl.test', type: 'ip6trie', lines: IP6_ZONE },
      { zone: 'dbl.test', type: 'dnset', lines: DOMAIN_ZONE },
    ]);
  });
  after(async () => server?.stop());

  test('a listed address shows its code, meaning and TXT reason', async () => {
    const { verdicts, health } = await run(server.server, [target('192.0.2.10')], [ipList]);
    assert.equal(health[0]?.status, 'ok');
    const v = find(verdicts, '192.0.2.10', 'test-bl');
    assert.equal(v.status, 'listed');
    assert.deepEqual(v.codes, ['127.0.0.2']);
    assert.deepEqual(v.meanings, ['spam source']);
    assert.deepEqual(v.txt, ['Listed for spam, see https://bl.test/lookup?ip=192.0.2.10']);
  });

  test('one address with several return codes keeps every code and meaning', async () => {
    const { verdicts } = await run(server.server, [target('192.0.2.20')], [ipList]);
    const v = find(verdicts, '192.0.2.20', 'test-bl');
    assert.equal(v.status, 'listed');
    assert.deepEqual([...v.codes].sort(), ['127.0.0.10', '127.0.0.4']);
    assert.deepEqual([...v.meanings].sort(), ['exploited host', 'policy: end-user range']);
  });

  test('an address that is not listed is clean, with no TXT lookup', async () => {
    const { verdicts } = await run(server.server, [target('192.0.2.99')], [ipList]);
    const v = find(verdicts, '192.0.2.99', 'test-bl');
    assert.equal(v.status, 'clean');
    assert.deepEqual(v.codes, []);
    assert.deepEqual(v.txt, []);
  });

  test('every address of a range is checked; an excluded one is clean', async () => {
    const range = ['198.51.100.0', '198.51.100.1', '198.51.100.2', '198.51.100.3'].map((a) => target(a, 'ipv4', 'outbound'));
    const { verdicts } = await run(server.server, range, [ipList]);
    assert.deepEqual(
      range.map((t) => find(verdicts, t.value, 'test-bl').status),
      ['listed', 'listed', 'clean', 'listed'],
    );
  });

  test('IPv6 addresses go to IPv6 lists only, never to IPv4-only or domain lists', async () => {
    const ipv4Only = { ...ipList, id: 'v4-only', kinds: ['ipv4' as const] };
    const { verdicts } = await run(server.server, [target('2001:db8:bad::25', 'ipv6'), target('192.0.2.10')], [v6List, ipv4Only, domainList]);
    const v6 = verdicts.filter((v) => v.target === '2001:db8:bad::25');
    assert.deepEqual(v6.map((v) => [v.list, v.status]), [['test-v6', 'listed']]);
    assert.deepEqual(find(verdicts, '2001:db8:bad::25', 'test-v6').txt, ['IPv6 range 2001:db8:bad::25']);
    assert.equal(verdicts.some((v) => v.target === '192.0.2.10' && v.list === 'test-v6'), false);
  });

  test('domains go to domain lists: listed, subdomain wildcard, clean', async () => {
    const domains = ['spammy.example', 'www.phishy.example', 'good.example'].map((d) => target(d, 'domain', d));
    const { verdicts, health } = await run(server.server, [...domains, target('192.0.2.10')], [domainList]);
    assert.equal(health[0]?.status, 'ok');
    assert.equal(find(verdicts, 'spammy.example', 'test-dbl').status, 'listed');
    assert.deepEqual(find(verdicts, 'spammy.example', 'test-dbl').meanings, ['spam domain']);
    assert.equal(find(verdicts, 'www.phishy.example', 'test-dbl').status, 'listed');
    assert.equal(find(verdicts, 'good.example', 'test-dbl').status, 'clean');
    assert.equal(verdicts.some((v) => v.target === '192.0.2.10'), false, 'an IP was sent to a domain list');
  });

  test('a zone edited from listed to clean between two checks', async () => {
    const edited = await startRbldnsd([{ zone: 'bl.test', type: 'ip4set', lines: IP4_ZONE }]);
    try {
      const first = await run(edited.server, [target('192.0.2.10')], [ipList]);
      assert.equal(find(first.verdicts, '192.0.2.10', 'test-bl').status, 'listed');
      await edited.setZone('bl.test', IP4_ZONE.filter((l) => !l.startsWith('192.0.2.10 ')));
      const second = await run(edited.server, [target('192.0.2.10')], [ipList]);
      assert.equal(find(second.verdicts, '192.0.2.10', 'test-bl').status, 'clean');
    } finally {
      await edited.stop();
    }
  });

  test('a zone the server does not serve is refused, and its verdicts are unknown', async () => {
    const missing = customToListDef({ ...{ id: 'nope', zone: 'not-served.test', kinds: ['ipv4'], decode: 'exact', codes: {}, refusals: {} } });
    const { verdicts, health } = await run(server.server, [target('192.0.2.10')], [missing]);
    assert.equal(health[0]?.status, 'refused');
    const v = find(verdicts, '192.0.2.10', 'nope');
    assert.equal(v.status, 'unknown');
    assert.match(v.reason ?? '', /list not checked/);
  });
});
