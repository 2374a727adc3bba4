// Monitors → targets with a fake DNS: what gets checked, and what is said when something cannot be.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dns, DnsError, DnsResult, Target } from '../../src/model.ts';
import { expandTargets, type MonitorInput, type Problem } from '../../src/targets/expand.ts';

type RecordType = 'a' | 'aaaa' | 'mx' | 'txt' | 'ptr';
/** Records, a DNS error, or records that arrive after a delay (ms). */
type Answer = string[] | DnsError | { records: string[]; delay: number };

interface FakeDns extends Dns {
  /** Every query, "type name", in the order asked. */
  asked: string[];
  /** Most queries in flight at once. */
  peak: number;
}

/** A fake resolver over a Map of "type name" → answer. Anything not in it is NODATA. */
function fakeDns(zone: Map<string, Answer>): FakeDns {
  let running = 0;
  const dns: FakeDns = {
    asked: [],
    peak: 0,
    a: (name) => ask('a', name),
    aaaa: (name) => ask('aaaa', name),
    mx: (name) => ask('mx', name),
    txt: (name) => ask('txt', name),
    ptr: (name) => ask('ptr', name),
  };
  async function ask(type: RecordType, name: string): Promise<DnsResult> {
    dns.asked.push(`${type} ${name}`);
    running++;
    dns.peak = Math.max(dns.peak, running);
    try {
      const answer = zone.get(`${type} ${name}`);
      await new Promise((resolve) => setTimeout(resolve, typeof answer === 'object' && !Array.isArray(answer) ? answer.delay : 0));
      if (answer === undefined) return { ok: false, error: 'nodata', message: 'no records (NODATA) from fake' };
      if (typeof answer === 'string') {
        const message = answer === 'timeout' ? 'timed out after 2 tries of 2000 ms at 127.0.0.1:53' : `${answer.toUpperCase()} from fake`;
        return { ok: false, error: answer, message };
      }
      return { ok: true, records: Array.isArray(answer) ? answer : answer.records };
    } finally {
      running--;
    }
  }
  return dns;
}

function zoneOf(entries: Record<string, Answer>): Map<string, Answer> {
  return new Map(Object.entries(entries));
}

async function expand(monitors: MonitorInput[], zone: Record<string, Answer> = {}, maxRange = 4096) {
  const dns = fakeDns(zoneOf(zone));
  return { ...(await expandTargets(monitors, dns, { maxRange })), dns };
}

const values = (targets: Target[]): string[] => targets.map((t) => t.value);
const via = (targets: Target[], value: string): string | undefined => targets.find((t) => t.value === value)?.via;
/** Problems other than the special-range ones: test data uses the documentation ranges. */
const others = (problems: Problem[]): Problem[] => problems.filter((p) => !/blacklists only list public addresses/.test(p.message));
const messages = (problems: Problem[]): string => others(problems).map((p) => p.message).join('\n');

describe('addresses and ranges', () => {
  test('an address is one target', async () => {
    const { targets, problems } = await expand([
      { name: 'mx1', address: '192.0.2.10', skip: ['spamcop'] },
      { name: 'mx6', address: '2001:db8::25' },
    ]);
    assert.deepEqual(targets, [
      { value: '192.0.2.10', kind: 'ipv4', monitor: 'mx1', via: 'address', skip: ['spamcop'] },
      { value: '2001:db8::25', kind: 'ipv6', monitor: 'mx6', via: 'address', skip: [] },
    ]);
    assert.deepEqual(problems, [], 'literal addresses are warned about by the config loader, not here');
  });

  test('a v4 /28 is 16 targets and a v6 /124 is 16 targets', async () => {
    const { targets } = await expand([
      { name: 'out', range: '198.51.100.0/28' },
      { name: 'out6', range: '2001:db8::/124' },
    ]);
    const v4 = targets.filter((t) => t.monitor === 'out');
    const v6 = targets.filter((t) => t.monitor === 'out6');
    assert.equal(v4.length, 16);
    assert.equal(v6.length, 16);
    assert.deepEqual([v4[0]?.value, v4[15]?.value], ['198.51.100.0', '198.51.100.15']);
    assert.deepEqual([v6[0]?.value, v6[15]?.value], ['2001:db8::', '2001:db8::f']);
    assert.ok(v4.every((t) => t.kind === 'ipv4' && t.via === 'range 198.51.100.0/28'));
    assert.ok(v6.every((t) => t.kind === 'ipv6' && t.via === 'range 2001:db8::/124'));
  });

  test('a range over the cap is refused with an error, not silently cut', async () => {
    const { targets, problems } = await expand([{ name: 'big', range: '198.51.0.0/16' }]);
    assert.deepEqual(targets, []);
    assert.deepEqual(problems, [
      { monitor: 'big', severity: 'error', message: '198.51.0.0/16 has 65536 addresses; the limit is 4096 (settings.max-range)', limit: 'max-range' },
    ]);
  });

  test('a raised cap lets a /16 through', async () => {
    const { targets } = await expand([{ name: 'big', range: '198.51.0.0/16' }], {}, 65536);
    assert.equal(targets.length, 65536);
  });

  test('malformed input is an error, not a crash', async () => {
    const { targets, problems } = await expand([
      { name: 'a', address: '10' },
      { name: 'r', range: '198.51.100.0' },
      { name: 'n' },
    ]);
    assert.deepEqual(targets, []);
    assert.deepEqual(
      problems.map((p) => [p.monitor, p.severity]),
      [
        ['a', 'error'],
        ['r', 'error'],
        ['n', 'error'],
      ],
    );
    assert.equal(problems[0]?.message, "'10' is not an IP address");
    assert.equal(problems[2]?.message, 'needs one of address, range, host or domain');
  });

  test('a literal range gets no special-range warning here, whatever it holds (the config loader gives it)', async () => {
    // 198.51.96.0/21 holds the documentation block 198.51.100.0/24 in its middle.
    const { targets, problems } = await expand([
      { name: 'lan', range: '10.0.0.0/28' },
      { name: 'docs', range: '198.51.96.0/21' },
    ]);
    assert.equal(targets.length, 16 + 2048);
    assert.deepEqual(problems, []);
  });
});

describe('hosts', () => {
  test('every A and AAAA of a host', async () => {
    const { targets, problems } = await expand([{ name: 'relay', host: 'relay.example.com' }], {
      'a relay.example.com': ['192.0.2.20', '192.0.2.21'],
      'aaaa relay.example.com': ['2001:db8::20'],
    });
    assert.deepEqual(
      targets.map((t) => [t.value, t.kind, t.via]),
      [
        ['192.0.2.20', 'ipv4', 'host relay.example.com'],
        ['192.0.2.21', 'ipv4', 'host relay.example.com'],
        ['2001:db8::20', 'ipv6', 'host relay.example.com'],
      ],
    );
    assert.deepEqual(others(problems), []);
  });

  test('a host with no address says so', async () => {
    const { targets, problems } = await expand([{ name: 'relay', host: 'relay.example.com' }]);
    assert.deepEqual(targets, []);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.severity, 'warning');
    assert.equal(problems[0]?.monitor, 'relay');
    assert.equal(problems[0]?.message, 'relay.example.com has no A or AAAA record; nothing to check for it', 'NODATA is not NXDOMAIN');
  });

  test('a host that does not exist says NXDOMAIN', async () => {
    const { problems } = await expand([{ name: 'gone', host: 'gone.example.com' }], {
      'a gone.example.com': 'nxdomain',
      'aaaa gone.example.com': 'nxdomain',
    });
    assert.match(messages(problems), /gone\.example\.com has no A or AAAA record \(NXDOMAIN/);
  });

  test('a lookup timeout is a warning naming the failure, and the other family still counts', async () => {
    const { targets, problems } = await expand([{ name: 'slow', host: 'slow.example.com' }], {
      'a slow.example.com': 'timeout',
      'aaaa slow.example.com': ['2001:db8::30'],
    });
    assert.deepEqual(values(targets), ['2001:db8::30']);
    const text = messages(problems);
    assert.match(text, /slow\.example\.com \(A\): timed out after 2 tries/);
    assert.match(text, /IPv4 addresses were not checked/);
    assert.doesNotMatch(text, /no A or AAAA record/, 'a timeout is not "no record"');

    const six = await expand([{ name: 'slow6', host: 'slow6.example.com' }], {
      'a slow6.example.com': ['192.0.2.30'],
      'aaaa slow6.example.com': 'timeout',
    });
    assert.deepEqual(values(six.targets), ['192.0.2.30']);
    assert.equal(
      messages(six.problems),
      'could not resolve slow6.example.com (AAAA): timed out after 2 tries of 2000 ms at 127.0.0.1:53; its IPv6 addresses were not checked',
    );
  });

  test('both lookups failing: two warnings, no targets, never silence', async () => {
    const { targets, problems } = await expand([{ name: 'bad', host: 'bad.example.com' }], {
      'a bad.example.com': 'servfail',
      'aaaa bad.example.com': 'refused',
    });
    assert.deepEqual(targets, []);
    assert.equal(problems.length, 2);
    assert.match(problems[0]?.message ?? '', /SERVFAIL/);
    assert.match(problems[1]?.message ?? '', /REFUSED/);
  });
});

describe('domains and MX', () => {
  test('a domain alone is one domain target', async () => {
    const { targets, dns } = await expand([{ name: 'ex', domain: 'example.com' }]);
    assert.deepEqual(targets, [{ value: 'example.com', kind: 'domain', monitor: 'ex', via: 'domain', skip: [] }]);
    assert.deepEqual(dns.asked, [], 'no expansion asked, no DNS');
  });

  test('MX hosts come in MX (priority) order, however fast each one resolves', async () => {
    const { targets, problems } = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], {
      'mx example.com': ['mx1.example.com', 'mx2.example.com'],
      'a mx1.example.com': { records: ['192.0.2.1'], delay: 20 },
      'a mx2.example.com': ['192.0.2.2'],
      'aaaa mx2.example.com': ['2001:db8::2'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.1', '192.0.2.2', '2001:db8::2']);
    assert.equal(via(targets, '192.0.2.1'), 'mx of example.com (mx1.example.com)');
    assert.equal(via(targets, '2001:db8::2'), 'mx of example.com (mx2.example.com)');
    assert.deepEqual(others(problems), []);
  });

  test('an MX host with no address is named', async () => {
    const { problems } = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], {
      'mx example.com': ['mx1.example.com', 'lost.example.com'],
      'a mx1.example.com': ['192.0.2.1'],
    });
    assert.match(messages(problems), /mx of example\.com: lost\.example\.com has no A or AAAA record/);
  });

  test('a null MX means no mail: said as a warning, not an error', async () => {
    for (const nullMx of ['', '.']) {
      const { targets, problems } = await expand([{ name: 'd', domain: 'nomail.example', expand: ['mx'] }], { 'mx nomail.example': [nullMx] });
      assert.deepEqual(values(targets), ['nomail.example']);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.severity, 'warning');
      assert.match(problems[0]?.message ?? '', /null MX.*receives no mail/);
    }
  });

  test('no MX record: the domain itself receives mail (implicit MX), and that is said', async () => {
    const { targets, problems } = await expand([{ name: 'd', domain: 'example.org', expand: ['mx'] }], { 'a example.org': ['192.0.2.80'] });
    assert.deepEqual(values(targets), ['example.org', '192.0.2.80']);
    assert.match(messages(problems), /no MX record.*implicit MX/);
  });

  test('a domain that does not exist: said once, and no implicit MX is looked up', async () => {
    const { targets, problems, dns } = await expand([{ name: 'd', domain: 'nowhere.example', expand: ['mx'] }], { 'mx nowhere.example': 'nxdomain' });
    assert.deepEqual(values(targets), ['nowhere.example']);
    assert.deepEqual(problems, [{ monitor: 'd', severity: 'warning', message: 'nowhere.example does not exist (NXDOMAIN); it has no mail servers to check' }]);
    assert.deepEqual(dns.asked, ['mx nowhere.example']);
  });

  test('implicit MX: its addresses say where they came from, and a domain without one says so', async () => {
    const found = await expand([{ name: 'd', domain: 'example.org', expand: ['mx'] }], { 'a example.org': ['192.0.2.80'] });
    assert.equal(via(found.targets, '192.0.2.80'), 'mx of example.org (example.org, implicit MX)');
    const none = await expand([{ name: 'd', domain: 'example.net', expand: ['mx'] }]);
    assert.deepEqual(values(none.targets), ['example.net']);
    assert.equal(
      messages(none.problems),
      [
        'example.net has no MX record, so mail for it goes to its own A/AAAA addresses (implicit MX); those are checked',
        'mx of example.net: example.net has no A or AAAA record; nothing to check for it',
      ].join('\n'),
    );
  });

  test('an MX lookup failure is a warning', async () => {
    const { targets, problems } = await expand([{ name: 'd', domain: 'example.org', expand: ['mx'] }], { 'mx example.org': 'servfail' });
    assert.deepEqual(values(targets), ['example.org']);
    assert.match(messages(problems), /could not look up the MX records of example\.org: SERVFAIL/);
  });
});

describe('SPF', () => {
  const spf = (domain: string) => [{ name: 'spf', domain, expand: ['spf' as const] }];

  test('ip4 (with a range), ip6, a, mx, include and redirect; only pass terms are senders', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': [
        'google-site-verification=abc',
        'v=spf1 ip4:192.0.2.0/31 -ip4:192.0.2.99 ~ip4:192.0.2.98 ?ip4:192.0.2.97 ip6:2001:db8::5 a mx include:_spf.example.net -include:bad.example.net redirect=ignored.example ~all',
      ],
      'a example.com': ['192.0.2.50'],
      'mx example.com': ['mx.example.com'],
      'a mx.example.com': ['192.0.2.60'],
      'aaaa mx.example.com': ['2001:db8::60'],
      'txt _spf.example.net': ['v=spf1 ip4:198.51.100.7 redirect=_spf2.example.net'],
      'txt _spf2.example.net': ['v=spf1 a:out.example.net -all'],
      'a out.example.net': ['198.51.100.8'],
      'txt bad.example.net': ['v=spf1 ip4:203.0.113.66 -all'],
    });
    assert.deepEqual(values(targets), [
      'example.com',
      '192.0.2.0',
      '192.0.2.1',
      '2001:db8::5',
      '192.0.2.50',
      '192.0.2.60',
      '2001:db8::60',
      '198.51.100.7',
      '198.51.100.8',
    ]);
    for (const no of ['192.0.2.99', '192.0.2.98', '192.0.2.97', '203.0.113.66']) assert.ok(!values(targets).includes(no), `${no} is not authorised`);
    assert.equal(via(targets, '192.0.2.0'), 'spf of example.com');
    assert.equal(via(targets, '198.51.100.7'), 'spf of example.com (include:_spf.example.net)');
    assert.equal(via(targets, '198.51.100.8'), 'spf of example.com (redirect=_spf2.example.net)');
    assert.ok(targets.every((t) => t.monitor === 'spf'));
    assert.deepEqual(others(problems), []);
  });

  test('a redirect is followed when there is no "all"', async () => {
    const { targets } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 redirect=_spf.example.com'],
      'txt _spf.example.com': ['v=spf1 ip4:192.0.2.5 -all'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.5']);
    assert.equal(via(targets, '192.0.2.5'), 'spf of example.com (redirect=_spf.example.com)');
  });

  test('a/mx prefixes widen each address to its range', async () => {
    const { targets } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 a/30 -all'],
      'a example.com': ['192.0.2.9'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.8', '192.0.2.9', '192.0.2.10', '192.0.2.11']);
  });

  test('a/mx prefixes apply per family: /cidr to IPv4, //cidr to IPv6', async () => {
    const { targets } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 a/31//127 -all'],
      'a example.com': ['192.0.2.9'],
      'aaaa example.com': ['2001:db8::9'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.8', '192.0.2.9', '2001:db8::8', '2001:db8::9']);
  });

  test('what did not fit is named as the record gives it: a widened address with its prefix, a single one bare', async () => {
    const { targets, problems } = await expand(
      spf('example.com'),
      {
        'txt example.com': ['v=spf1 a/16 ip4:203.0.113.0/31 a:one.example.com -all'],
        'a example.com': ['192.0.2.9'],
        'a one.example.com': ['198.51.100.7'],
      },
      2,
    );
    assert.deepEqual(values(targets), ['example.com', '203.0.113.0', '203.0.113.1']);
    assert.deepEqual(others(problems).map((p) => p.message), [
      'a range larger than 2 addresses (settings.max-range) not checked: 192.0.2.9/16 (65536 addresses, spf of example.com)',
      'found more than 2 addresses (settings.max-range, the most one monitor may add); only the first 2 are checked, not: 198.51.100.7 (spf of example.com)',
    ]);
  });

  test('an mx term to a domain with a null MX, or none, looks up no addresses', async () => {
    const { targets, problems, dns } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 mx:nomail.example.com mx:none.example.com ip4:192.0.2.1 -all'],
      'mx nomail.example.com': [''],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.1']);
    assert.deepEqual(dns.asked, ['txt example.com', 'mx nomail.example.com', 'mx none.example.com']);
    assert.deepEqual(others(problems), []);
  });

  test('the lookup limit reached inside an include ends the whole walk: nothing after the include counts', async () => {
    const zone: Record<string, Answer> = {
      'txt top.example': ['v=spf1 include:deep.example ip4:192.0.2.99 include:after.example -all'],
      'txt deep.example': [`v=spf1 ${Array.from({ length: 10 }, (_, i) => `include:d${i}.example`).join(' ')} -all`],
      'txt after.example': ['v=spf1 ip4:192.0.2.98 -all'],
    };
    for (let i = 0; i < 10; i++) zone[`txt d${i}.example`] = [`v=spf1 ip4:198.51.100.${i + 1} -all`];
    const { targets, problems, dns } = await expand(spf('top.example'), zone);
    // include:deep is the first lookup, d0 … d8 the next nine; d9 would be the eleventh.
    assert.deepEqual(values(targets), ['top.example', ...Array.from({ length: 9 }, (_, i) => `198.51.100.${i + 1}`)]);
    assert.ok(!dns.asked.includes('txt d9.example') && !dns.asked.includes('txt after.example'));
    assert.deepEqual(
      others(problems).map((p) => p.message),
      ['SPF of top.example needs more than 10 DNS lookups (RFC 7208 limit); addresses past the limit were not checked'],
    );
  });

  test('more than 10 lookups: stops at the limit and says so', async () => {
    const zone: Record<string, Answer> = {
      'txt big.example': [`v=spf1 ${Array.from({ length: 12 }, (_, i) => `include:i${i}.example`).join(' ')} -all`],
    };
    for (let i = 0; i < 12; i++) zone[`txt i${i}.example`] = [`v=spf1 ip4:192.0.2.${i + 1} -all`];
    const { targets, problems, dns } = await expand(spf('big.example'), zone);
    assert.deepEqual(values(targets), ['big.example', ...Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`)]);
    assert.deepEqual(others(problems), [
      {
        monitor: 'spf',
        severity: 'warning',
        message: 'SPF of big.example needs more than 10 DNS lookups (RFC 7208 limit); addresses past the limit were not checked',
        limit: 'spf-lookups',
      },
    ]);
    assert.ok(!dns.asked.includes('txt i10.example'), 'no lookup past the limit');
  });

  test('the limit counts across nested includes, and non-pass terms cost lookups too', async () => {
    // top: -a (1), include:n1 (2) → n1: include:n2 (3) → n2: mx (4) a (5); then top: ~mx (6) ... 5 more includes = 11
    const zone: Record<string, Answer> = {
      'txt top.example': [`v=spf1 -a include:n1.example ~mx ${Array.from({ length: 5 }, (_, i) => `include:x${i}.example`).join(' ')} -all`],
      'txt n1.example': ['v=spf1 include:n2.example -all'],
      'txt n2.example': ['v=spf1 mx a -all'],
    };
    for (let i = 0; i < 5; i++) zone[`txt x${i}.example`] = [`v=spf1 ip4:198.51.100.${i + 1} -all`];
    const { targets, problems } = await expand(spf('top.example'), zone);
    assert.deepEqual(values(targets), ['top.example', '198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']);
    assert.match(messages(problems), /needs more than 10 DNS lookups/);
  });

  test('an include loop is reported and ends', async () => {
    const { targets, problems } = await expand(spf('loop.example'), {
      'txt loop.example': ['v=spf1 ip4:192.0.2.1 include:loop2.example -all'],
      'txt loop2.example': ['v=spf1 ip4:192.0.2.2 include:loop.example -all'],
    });
    assert.deepEqual(values(targets), ['loop.example', '192.0.2.1', '192.0.2.2']);
    assert.match(messages(problems), /loop\.example includes itself \(loop\.example → loop2\.example → loop\.example\)/);
    assert.doesNotMatch(messages(problems), /more than 10/, 'a loop is reported as a loop');
  });

  test('the same include twice (not a loop) is fine', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 include:a.example include:b.example -all'],
      'txt a.example': ['v=spf1 include:shared.example -all'],
      'txt b.example': ['v=spf1 include:shared.example -all'],
      'txt shared.example': ['v=spf1 ip4:192.0.2.7 -all'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.7']);
    assert.deepEqual(others(problems), []);
  });

  test('a macro term is skipped with a note; the rest still counts', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 exists:%{i}._spf.example.com ip4:192.0.2.3 -all'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.3']);
    assert.match(messages(problems), /'exists:%\{i\}\._spf\.example\.com'.*macro.*skipped/);
  });

  test('a failed lookup under an a or mx term is said, not skipped quietly', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 mx a:out.example.com ip4:192.0.2.3 -all'],
      'mx example.com': 'servfail',
      'a out.example.com': 'timeout',
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.3']);
    const text = messages(problems);
    assert.match(text, /SPF of example\.com: could not look up the MX records of example\.com \(mx term\): SERVFAIL/);
    assert.match(text, /SPF of example\.com: a term: could not resolve out\.example\.com \(A\): timed out/);
  });

  test('two SPF records: permerror, a warning, no senders', async () => {
    const { targets, problems } = await expand(spf('two.example'), {
      'txt two.example': ['v=spf1 -all', 'v=spf1 ip4:192.0.2.1 -all'],
    });
    assert.deepEqual(values(targets), ['two.example']);
    assert.match(messages(problems), /two\.example has 2 SPF records.*permerror/);
  });

  test('no SPF record, or a TXT failure, is said', async () => {
    const none = await expand(spf('example.com'), { 'txt example.com': ['some-verification=1'] });
    assert.equal(messages(none.problems), 'SPF of example.com: example.com has no SPF record (v=spf1); no SPF senders to check');
    const failed = await expand(spf('example.com'), { 'txt example.com': 'timeout' });
    assert.match(messages(failed.problems), /could not look up the TXT records of example\.com: timed out/);
    const missing = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 include:gone.example -all'],
      'txt gone.example': 'nxdomain',
    });
    assert.match(messages(missing.problems), /gone\.example has no SPF record/);
  });

  test('a range over the cap is skipped and named; the rest is checked', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 include:_spf.provider.example ip4:198.51.100.1 -all'],
      'txt _spf.provider.example': ['v=spf1 ip4:192.0.2.0/16 ip6:2001:db8::/32 ip4:203.0.113.0/30 ~all'],
    });
    assert.deepEqual(values(targets), ['example.com', '203.0.113.0', '203.0.113.1', '203.0.113.2', '203.0.113.3', '198.51.100.1']);
    const text = messages(problems);
    assert.match(text, /2 ranges larger than 4096 addresses \(settings\.max-range\) not checked/);
    assert.match(text, /192\.0\.2\.0\/16 \(65536 addresses, spf of example\.com \(include:_spf\.provider\.example\)\)/);
    assert.match(text, /2001:db8::\/32/);
  });

  test('the whole SPF expansion is capped at max-range addresses', async () => {
    const { targets, problems } = await expand(
      spf('example.com'),
      { 'txt example.com': ['v=spf1 ip4:192.0.2.0/28 ip4:198.51.100.0/28 ip4:203.0.113.1 -all'] },
      20,
    );
    assert.equal(targets.length, 1 + 16, 'the second /28 would pass 20 addresses; nothing after it is added');
    assert.deepEqual(others(problems), [
      {
        monitor: 'spf',
        severity: 'warning',
        message:
          'found more than 20 addresses (settings.max-range, the most one monitor may add); only the first 16 are checked, not: 198.51.100.0/28 (spf of example.com), 203.0.113.1 (spf of example.com)',
        limit: 'max-range',
      },
    ]);
  });

  test('invalid terms are warned about (receivers answer permerror) and skipped', async () => {
    const { targets, problems } = await expand(spf('example.com'), {
      'txt example.com': ['v=spf1 ip4:192.0.2.300 ip4:2001:db8::1 ip6:192.0.2.5 foo:bar ip4:192.0.2.4 -all'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.4']);
    assert.deepEqual(others(problems).map((p) => p.message), [
      "SPF of example.com: 'ip4:192.0.2.300' in the record of example.com is not an IPv4 address; skipped",
      "SPF of example.com: 'ip4:2001:db8::1' in the record of example.com is not an IPv4 address; skipped",
      "SPF of example.com: 'ip6:192.0.2.5' in the record of example.com is not an IPv6 address; skipped",
      "SPF of example.com: 'foo:bar' in the record of example.com is not valid SPF (unknown mechanism 'foo'; receivers answer permerror); skipped",
    ]);
  });

  test('a term naming an address where a domain belongs is invalid, not looked up', async () => {
    const { targets, problems, dns } = await expand(spf('example.com'), { 'txt example.com': ['v=spf1 a:192.0.2.1 ip4:192.0.2.4 -all'] });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.4']);
    assert.equal(messages(problems), "SPF of example.com: 'a:192.0.2.1' in the record of example.com is not valid SPF ('192.0.2.1' is not a domain; receivers answer permerror); skipped");
    assert.deepEqual(dns.asked, ['txt example.com']);
  });

  test('an address found by both MX and SPF counts once against max-range', async () => {
    const { targets, problems } = await expand(
      [{ name: 'ex', domain: 'example.com', expand: ['mx', 'spf'] }],
      {
        'mx example.com': ['mx.example.com'],
        'a mx.example.com': ['192.0.2.1', '192.0.2.2'],
        'txt example.com': ['v=spf1 mx ip4:198.51.100.1 ip4:198.51.100.2 -all'],
      },
      4,
    );
    assert.deepEqual(values(targets), ['example.com', '192.0.2.1', '192.0.2.2', '198.51.100.1', '198.51.100.2']);
    assert.deepEqual(others(problems), []);
  });

  test('overlapping terms in one record: each address once, naming the monitor once', async () => {
    const { targets } = await expand(spf('example.com'), { 'txt example.com': ['v=spf1 ip4:192.0.2.0/30 ip4:192.0.2.1 -all'] });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.0', '192.0.2.1', '192.0.2.2', '192.0.2.3']);
    assert.ok(targets.every((t) => t.monitor === 'spf'));
  });

  test('mx and spf together: both expansions, duplicates folded', async () => {
    const { targets } = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx', 'spf'] }], {
      'mx example.com': ['mx.example.com'],
      'a mx.example.com': ['192.0.2.60'],
      'txt example.com': ['v=spf1 mx ip4:192.0.2.61 -all'],
    });
    assert.deepEqual(values(targets), ['example.com', '192.0.2.60', '192.0.2.61']);
    assert.equal(via(targets, '192.0.2.60'), 'mx of example.com (mx.example.com)', 'first via is kept');
    assert.equal(targets.find((t) => t.value === '192.0.2.60')?.monitor, 'ex', 'one monitor reaching an address twice is named once');
  });
});

describe('limits: whoever controls a domain\'s DNS does not decide how much we send', () => {
  const spf = (domain: string, maxRange?: number) => ({ monitors: [{ name: 'spf', domain, expand: ['spf' as const] }], maxRange });
  const limits = (problems: Problem[]): (string | undefined)[] => problems.map((p) => p.limit).filter((l) => l !== undefined);

  test('a range of exactly max-range addresses is checked whole; one more is not', async () => {
    const zone = { 'txt example.com': ['v=spf1 ip4:192.0.2.0/28 -all'] };
    const at = await expand(spf('example.com').monitors, zone, 16);
    assert.equal(at.targets.length, 1 + 16);
    assert.deepEqual(others(at.problems), []);
    const under = await expand(spf('example.com').monitors, zone, 15);
    assert.deepEqual(values(under.targets), ['example.com']);
    assert.match(messages(under.problems), /^a range larger than 15 addresses \(settings\.max-range\) not checked: 192\.0\.2\.0\/28 \(16 addresses, spf of example\.com\)$/);
  });

  test('ranges adding up to exactly max-range are all checked; one address more is not', async () => {
    const zone = { 'txt example.com': ['v=spf1 ip4:192.0.2.0/28 ip4:198.51.100.0/30 -all'] };
    const at = await expand(spf('example.com').monitors, zone, 20);
    assert.equal(at.targets.length, 1 + 20);
    assert.deepEqual(others(at.problems), []);
    const under = await expand(spf('example.com').monitors, zone, 19);
    assert.equal(under.targets.length, 1 + 16);
    assert.deepEqual(limits(under.problems), ['max-range']);
  });

  test('redirect= is a DNS lookup: the tenth is followed, the eleventh is not even asked', async () => {
    const zone = (includes: number): Record<string, Answer> => {
      const z: Record<string, Answer> = {
        'txt top.example': [`v=spf1 ${Array.from({ length: includes }, (_, i) => `include:i${i}.example`).join(' ')} redirect=last.example`],
        'txt last.example': ['v=spf1 ip4:203.0.113.99 -all'],
      };
      for (let i = 0; i < includes; i++) z[`txt i${i}.example`] = [`v=spf1 ip4:192.0.2.${i + 1} -all`];
      return z;
    };
    const tenth = await expand(spf('top.example').monitors, zone(9));
    assert.ok(values(tenth.targets).includes('203.0.113.99'), 'nine includes and the redirect are ten lookups');
    assert.deepEqual(others(tenth.problems), []);
    const eleventh = await expand(spf('top.example').monitors, zone(10));
    assert.ok(!values(eleventh.targets).includes('203.0.113.99'), 'ten includes and the redirect are eleven');
    assert.ok(!eleventh.dns.asked.includes('txt last.example'), 'the redirect past the limit is not looked up');
    assert.deepEqual(limits(eleventh.problems), ['spf-lookups']);
  });

  test('more than two lookups that find nothing (void lookups) end the walk, as a receiver ends it', async () => {
    const { targets, problems, dns } = await expand(spf('void.example').monitors, {
      'txt void.example': ['v=spf1 ip4:192.0.2.1 include:gone1.example a:gone2.example ip4:192.0.2.2 mx:gone3.example ip4:192.0.2.3 include:never.example -all'],
      'txt gone1.example': 'nxdomain',
      'a gone2.example': 'nxdomain',
      'aaaa gone2.example': 'nxdomain',
      'mx gone3.example': 'nodata',
    });
    assert.deepEqual(values(targets), ['void.example', '192.0.2.1', '192.0.2.2']);
    assert.ok(!dns.asked.includes('txt never.example'));
    const p = problems.find((x) => x.limit === 'spf-void-lookups');
    assert.equal(
      p?.message,
      'SPF of void.example: more than 2 lookups found nothing (the third: mx:gone3.example); RFC 7208 allows 2 such void lookups, so receivers answer permerror: addresses past it were not checked',
    );
    // Two are allowed.
    const two = await expand(spf('two.example').monitors, {
      'txt two.example': ['v=spf1 include:gone1.example a:gone2.example ip4:192.0.2.2 -all'],
      'txt gone1.example': 'nxdomain',
    });
    assert.deepEqual(values(two.targets), ['two.example', '192.0.2.2']);
    assert.deepEqual(limits(two.problems), []);
  });

  test('the void-lookup warning names the third term that found nothing', async () => {
    const voidOf = async (record: string): Promise<string | undefined> =>
      (await expand(spf('example.com').monitors, { 'txt example.com': [record] })).problems.find((p) => p.limit === 'spf-void-lookups')?.message;
    assert.match((await voidOf('v=spf1 a:gone1.example a:gone2.example a:gone3.example -all')) ?? '', /\(the third: a:gone3\.example\)/);
    assert.match(
      (await voidOf('v=spf1 include:gone1.example include:gone2.example include:gone3.example -all')) ?? '',
      /\(the third: include or redirect of gone3\.example\)/,
    );
  });

  test('a failed lookup is not a void lookup, nor is an mx term whose mail servers have addresses', async () => {
    const failed = await expand(spf('example.com').monitors, {
      'txt example.com': ['v=spf1 a:f1.example a:f2.example a:f3.example ip4:192.0.2.1 -all'],
      'aaaa f1.example': 'servfail',
      'aaaa f2.example': 'servfail',
      'aaaa f3.example': 'servfail',
    });
    assert.ok(values(failed.targets).includes('192.0.2.1'));
    assert.deepEqual(limits(failed.problems), []);

    const zone: Record<string, Answer> = { 'txt example.com': ['v=spf1 mx:m1.example mx:m2.example mx:m3.example ip4:192.0.2.1 -all'] };
    for (const k of [1, 2, 3]) {
      zone[`mx m${k}.example`] = [`lost.m${k}.example`, `up.m${k}.example`];
      zone[`a up.m${k}.example`] = [`198.51.100.${k}`];
    }
    const mx = await expand(spf('example.com').monitors, zone);
    assert.deepEqual(values(mx.targets), ['example.com', '198.51.100.1', '198.51.100.2', '198.51.100.3', '192.0.2.1']);
    assert.deepEqual(limits(mx.problems), []);
  });

  test('the budget warning names the MX or TXT lookup it did not send', async () => {
    // The record's TXT, six mx terms of 10 hosts (1 + 20 queries each) and an mx term with no MX: 128 queries.
    const zone = (last: string): Record<string, Answer> => {
      const z: Record<string, Answer> = {
        'txt budget.example': [`v=spf1 ${Array.from({ length: 6 }, (_, d) => `mx:d${d}.example`).join(' ')} mx:empty.example ${last} -all`],
      };
      for (let d = 0; d < 6; d++) {
        z[`mx d${d}.example`] = Array.from({ length: 10 }, (_, h) => `h${h}.d${d}.example`);
        for (let h = 0; h < 10; h++) z[`a h${h}.d${d}.example`] = [`198.51.${d}.${h + 1}`];
      }
      return z;
    };
    for (const [last, unasked] of [
      ['mx:last.example', 'MX last.example'],
      ['include:last.example', 'TXT last.example'],
    ]) {
      const { problems, dns } = await expand(spf('budget.example').monitors, zone(last ?? ''));
      assert.equal(dns.asked.length, 128);
      assert.deepEqual(
        problems.filter((p) => p.limit).map((p) => p.message),
        [`expansion stopped after 128 DNS queries, the budget of one monitor; not looked up: ${unasked}`],
      );
    }
  });

  test('an mx term with more than 10 mail servers (11 or 12): the first 10 are checked and the walk ends there', async () => {
    for (const n of [11, 12]) {
      const zone: Record<string, Answer> = {
        'txt example.com': ['v=spf1 mx:big.example ip4:198.51.100.1 -all'],
        'mx big.example': Array.from({ length: n }, (_, i) => `mx${i}.big.example`),
      };
      for (let i = 0; i < n; i++) zone[`a mx${i}.big.example`] = [`192.0.2.${i + 1}`];
      const { targets, problems, dns } = await expand(spf('example.com').monitors, zone);
      assert.deepEqual(values(targets), ['example.com', ...Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`)]);
      assert.ok(!dns.asked.includes('a mx10.big.example') && !dns.asked.includes('a mx11.big.example'));
      assert.deepEqual(limits(problems), ['spf-mx-hosts']);
      assert.match(messages(problems), new RegExp(`mx term of big\\.example: ${n} mail servers, more than the 10 an mx term may lead to \\(RFC 7208 limit`));
    }
  });

  test('expand: [mx] follows at most 10 mail servers, by priority, and names the rest', async () => {
    const zone: Record<string, Answer> = { 'mx example.com': Array.from({ length: 13 }, (_, i) => `mx${i}.example.com`) };
    for (let i = 0; i < 13; i++) zone[`a mx${i}.example.com`] = [`192.0.2.${i + 1}`];
    const { targets, problems } = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], zone);
    assert.equal(targets.length, 1 + 10);
    assert.deepEqual(
      problems.filter((p) => p.limit).map((p) => p.message),
      ['mx of example.com: 13 mail servers; only the first 10 by priority are checked (the most followed per domain), not: mx10.example.com, mx11.example.com, mx12.example.com'],
    );
  });

  test('exactly 10 mail servers are all followed without a warning; the 11th gets one; the 15th is named last', async () => {
    const mx = (n: number): Record<string, Answer> => {
      const zone: Record<string, Answer> = { 'mx example.com': Array.from({ length: n }, (_, i) => `mx${i}.example.com`) };
      for (let i = 0; i < n; i++) zone[`a mx${i}.example.com`] = [`192.0.2.${i + 1}`];
      return zone;
    };
    const ten = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], mx(10));
    assert.equal(ten.targets.length, 1 + 10);
    assert.deepEqual(limits(ten.problems), []);
    const eleven = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], mx(11));
    assert.equal(eleven.targets.length, 1 + 10);
    assert.deepEqual(
      eleven.problems.filter((p) => p.limit).map((p) => p.message),
      ['mx of example.com: 11 mail servers; only the first 10 by priority are checked (the most followed per domain), not: mx10.example.com'],
    );
    const fifteen = await expand([{ name: 'ex', domain: 'example.com', expand: ['mx'] }], mx(15));
    assert.deepEqual(
      fifteen.problems.filter((p) => p.limit).map((p) => p.message),
      [
        'mx of example.com: 15 mail servers; only the first 10 by priority are checked (the most followed per domain), not: mx10.example.com, mx11.example.com, mx12.example.com, mx13.example.com, mx14.example.com',
      ],
    );
  });

  test('max-range caps a monitor\'s host, MX and SPF addresses together', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `192.0.2.${i + 1}`);
    const host = await expand([{ name: 'relay', host: 'relay.example.com' }], { 'a relay.example.com': many }, 32);
    assert.deepEqual(values(host.targets), many.slice(0, 32));
    assert.deepEqual(limits(host.problems), ['max-range']);
    assert.match(messages(host.problems), /^found more than 32 addresses \(settings\.max-range, the most one monitor may add\); only the first 32 are checked, not: 192\.0\.2\.33 \(host relay\.example\.com\)/);

    const both = await expand(
      [{ name: 'ex', domain: 'example.com', expand: ['mx', 'spf'] }],
      {
        'mx example.com': ['mx.example.com'],
        'a mx.example.com': ['192.0.2.1', '192.0.2.2', '192.0.2.3'],
        'txt example.com': ['v=spf1 mx ip4:198.51.100.0/31 -all'],
      },
      4,
    );
    // The MX addresses come first and the SPF mx term finds the same three: they count once.
    assert.deepEqual(values(both.targets), ['example.com', '192.0.2.1', '192.0.2.2', '192.0.2.3']);
    assert.deepEqual(limits(both.problems), ['max-range']);
  });

  test('each monitor has a budget of 128 DNS queries for its expansion, and says what it did not ask', async () => {
    // Within RFC 7208's limits this record needs 1 + 10 × (1 + 10 × 2) = 211 queries.
    const zone: Record<string, Answer> = { 'txt heavy.example': [`v=spf1 ${Array.from({ length: 10 }, (_, i) => `mx:d${i}.example`).join(' ')} -all`] };
    for (let d = 0; d < 10; d++) {
      zone[`mx d${d}.example`] = Array.from({ length: 10 }, (_, h) => `h${h}.d${d}.example`);
      for (let h = 0; h < 10; h++) zone[`a h${h}.d${d}.example`] = [`10.${d}.${h}.1`];
    }
    const first = await expand(spf('heavy.example').monitors, zone);
    assert.equal(first.dns.asked.length, 128);
    assert.deepEqual(limits(first.problems), ['query-budget']);
    assert.match(
      messages(first.problems),
      /^expansion stopped after 128 DNS queries, the budget of one monitor; not looked up: A h0\.d6\.example, AAAA h0\.d6\.example, A h1\.d6\.example, AAAA h1\.d6\.example, A h2\.d6\.example, and 15 more$/,
    );
    // The same DNS gives the same targets every run, however the answers interleave.
    const again = await expand(spf('heavy.example').monitors, zone);
    assert.deepEqual(values(again.targets), values(first.targets));
  });

  test('an address many monitors share names the first five and counts the rest', async () => {
    const monitors = Array.from({ length: 8 }, (_, i) => ({ name: `m${i}`, host: `h${i}.example` }));
    const zone: Record<string, Answer> = {};
    for (let i = 0; i < 8; i++) zone[`a h${i}.example`] = ['192.0.2.7'];
    const { targets } = await expand(monitors, zone);
    assert.deepEqual(targets.map((t) => t.monitor), ['m0, m1, m2, m3, m4, and 3 more']);
  });

  test('all monitors together add at most 1,048,576 targets; the monitor past it says so', async () => {
    const { targets, problems } = await expand(
      [
        { name: 'block', range: '16.0.0.0/12' },
        { name: 'relay', host: 'relay.example.com' },
      ],
      { 'a relay.example.com': ['192.0.2.1', '192.0.2.2'] },
      1_048_576,
    );
    assert.equal(targets.length, 1_048_576);
    assert.deepEqual(problems.filter((p) => p.limit), [
      {
        monitor: 'relay',
        severity: 'warning',
        message: 'the run already has 1048576 addresses and domains to check, the most one run checks; 2 more from this monitor are not checked',
        limit: 'max-targets',
      },
    ]);
  });
});

describe('dedupe, skip and special ranges', () => {
  test('an address from several monitors is one target; a list is skipped only if every monitor skips it', async () => {
    const { targets } = await expand(
      [
        { name: 'mx1', address: '192.0.2.10', skip: ['spamcop', 'psbl', 'uceprotect-1'] },
        { name: 'relay', host: 'relay.example.com', skip: ['psbl', 'spamcop'] },
        { name: 'out', range: '192.0.2.8/30', skip: ['psbl', 'barracuda', 'spamcop'] },
      ],
      { 'a relay.example.com': ['192.0.2.10', '192.0.2.11'] },
    );
    assert.deepEqual(values(targets), ['192.0.2.10', '192.0.2.11', '192.0.2.8', '192.0.2.9']);
    assert.deepEqual(targets[0], { value: '192.0.2.10', kind: 'ipv4', monitor: 'mx1, relay, out', via: 'address', skip: ['spamcop', 'psbl'] });
    assert.deepEqual(targets[1], { value: '192.0.2.11', kind: 'ipv4', monitor: 'relay, out', via: 'host relay.example.com', skip: ['psbl', 'spamcop'] });
    assert.equal(targets[2]?.monitor, 'out');
  });

  test('a monitor that skips nothing keeps every list for a shared address', async () => {
    const { targets } = await expand([
      { name: 'a', address: '192.0.2.10', skip: ['spamcop'] },
      { name: 'b', address: '192.0.2.10' },
    ]);
    assert.deepEqual(targets[0]?.skip, []);
    assert.equal(targets[0]?.monitor, 'a, b');
  });

  test('discovered private addresses are warned about but still checked', async () => {
    const { targets, problems } = await expand([{ name: 'lan', host: 'lan.example' }], { 'a lan.example': ['10.0.0.5'] });
    assert.deepEqual(values(targets), ['10.0.0.5']);
    assert.deepEqual(problems, [
      { monitor: 'lan', severity: 'warning', message: '10.0.0.5 (host lan.example) is in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses (checked anyway)' },
    ]);
  });

  test('no second warning for an address the config lists literally', async () => {
    const { problems } = await expand(
      [
        { name: 'lit', address: '10.0.0.5' },
        { name: 'lan', host: 'lan.example' },
      ],
      { 'a lan.example': ['10.0.0.5', '10.0.0.6'] },
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      ['10.0.0.6 (host lan.example) is in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses (checked anyway)'],
    );
  });

  test('an address the config lists is not warned about again, even when a monitor above it finds it first', async () => {
    const { targets, problems } = await expand(
      [
        { name: 'lan', host: 'lan.example' },
        { name: 'lit', address: '10.0.0.5' },
        { name: 'block', range: '10.0.1.0/28' },
      ],
      { 'a lan.example': ['10.0.0.5', '10.0.1.7', '10.0.2.9'] },
    );
    assert.equal(targets.length, 3 + 16 - 1);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['10.0.2.9 (host lan.example) is in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses (checked anyway)'],
    );
  });

  test('a literal range the config loader did not warn about (its first address is public) does not silence a discovered one', async () => {
    // 203.0.112.0/23 ends in the documentation block 203.0.113.0/24; the loader judges a range by its first address.
    const { problems } = await expand(
      [
        { name: 'relay', host: 'relay.example' },
        { name: 'block', range: '203.0.112.0/23' },
      ],
      { 'a relay.example': ['203.0.113.5'] },
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      ['203.0.113.5 (host relay.example) is in a documentation range (RFC 5737): blacklists only list public addresses (checked anyway)'],
    );
  });

  test('special addresses from one source are grouped by range: one warning per range', async () => {
    const { problems } = await expand([{ name: 'lan', host: 'lan.example' }], { 'a lan.example': ['10.0.0.5', '127.0.0.1', '10.0.0.6'] });
    assert.deepEqual(problems.map((p) => p.message), [
      '2 addresses from host lan.example (10.0.0.5 … 10.0.0.6) are in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses (checked anyway)',
      '127.0.0.1 (host lan.example) is in the loopback range 127.0.0.0/8 (the machine itself): blacklists only list public addresses (checked anyway)',
    ]);
  });

  test('a private range in SPF is one warning, not one per address', async () => {
    const { targets, problems } = await expand([{ name: 'spf', domain: 'example.com', expand: ['spf'] }], {
      'txt example.com': ['v=spf1 ip4:10.1.2.0/28 -all'],
    });
    assert.equal(targets.length, 17);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['16 addresses from spf of example.com (10.1.2.0 … 10.1.2.15) are in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses (checked anyway)'],
    );
  });
});

describe('DNS concurrency', () => {
  test('at most 8 lookups in flight, however many hosts', async () => {
    const zone: Record<string, Answer> = {};
    const monitors: MonitorInput[] = [];
    for (let i = 0; i < 40; i++) {
      zone[`a h${i}.example`] = { records: [`192.0.2.${i + 1}`], delay: 2 };
      monitors.push({ name: `h${i}`, host: `h${i}.example` });
    }
    const { targets, dns } = await expand(monitors, zone);
    assert.equal(targets.length, 40);
    assert.equal(dns.asked.length, 80);
    assert.equal(dns.peak, 8);
  });
});
