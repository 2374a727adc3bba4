// monitors.yml as a mail admin meets it: a full file with defaults filled in, and for every
// kind of mistake the file:line:column and the words that say what to fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, loadConfig, parseConfig, type Diagnostic } from '../../src/config/load.ts';
import { parseResolver, renderJsonSchema } from '../../src/config/schema.ts';
import { suggest } from '../../src/config/suggest.ts';

const KNOWN = { knownListIds: ['spamcop', 'backscatterer', 'barracuda', 'mailspike-bl', 'uribl-multi'] };

function refused(yaml: string): Diagnostic[] {
  const r = parseConfig(yaml, 'monitors.yml', KNOWN);
  assert.equal(r.ok, false, 'expected the config to be refused');
  return r.ok ? [] : r.errors;
}

/** The one error, as the CLI prints it. */
function oneError(yaml: string): string {
  const e = refused(yaml);
  assert.equal(e.length, 1, `expected one error, got:\n${e.map(formatDiagnostic).join('\n')}`);
  return formatDiagnostic(e[0]!);
}

const ONE = 'monitors:\n  - { name: mx, address: 8.8.8.8 }\n';

describe('a full monitors.yml', () => {
  const text = `monitors:
  - { name: mx1, address: 8.8.8.8 }
  - { name: mx2, address: "2001:4860:4860::8888" }
  - { name: outbound, range: 8.8.4.0/28 }
  - { name: relay, host: Relay.Example.COM }
  - { name: example.com, domain: example.com, expand: [mx, spf], skip: [uribl-multi] }
lists:
  add:
    - barracuda
    - id: corp-bl
      name: Corp blocklist
      zone: bl.corp.example
      kinds: [ipv4, ipv6]
      codes: { "127.0.0.2": "listed for spam" }
      refusals: { "127.0.0.255": "resolver refused" }
      test: { listed: 127.0.0.2, unlisted: null }
      delist: https://corp.example/delist
      info: https://corp.example/
    - id: corp-dbl
      zone: dbl.corp.example
      kinds: [domain]
      decode: bitmask
      codes: { 2: black, 4: grey }
  skip: [backscatterer, corp-dbl]
settings: { resolvers: ["127.0.0.1:5353"], timeout: 1.5s, tries: 3 }
notify:
  issues: { labels: [mail], assignees: [octocat] }
  email: { to: ops@example.com, when: changes }
`;

  test('parses with every default filled in and camelCase keys', () => {
    const r = parseConfig(text, 'monitors.yml', KNOWN);
    assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
    assert.deepEqual(r.warnings, []);
    const c = r.config;
    assert.deepEqual(
      c.monitors.map((m) => [m.name, m.address ?? m.range ?? m.host ?? m.domain]),
      [
        ['mx1', '8.8.8.8'],
        ['mx2', '2001:4860:4860::8888'],
        ['outbound', '8.8.4.0/28'],
        ['relay', 'relay.example.com'],
        ['example.com', 'example.com'],
      ],
    );
    assert.deepEqual(c.monitors[4]?.expand, ['mx', 'spf']);
    assert.deepEqual(c.monitors[4]?.skip, ['uribl-multi']);
    assert.deepEqual(c.monitors[0]?.skip, []);
    assert.equal(c.lists.use, 'default');
    assert.equal(c.lists.add[0], 'barracuda');
    assert.deepEqual(c.lists.add[1], {
      id: 'corp-bl',
      name: 'Corp blocklist',
      zone: 'bl.corp.example',
      kinds: ['ipv4', 'ipv6'],
      decode: 'exact',
      codes: { '127.0.0.2': 'listed for spam' },
      refusals: { '127.0.0.255': 'resolver refused' },
      test: { listed: '127.0.0.2', unlisted: null },
      delist: 'https://corp.example/delist',
      info: 'https://corp.example/',
    });
    // A domain list without name or test points gets its id and the RFC 5782 domain test points.
    const dbl = c.lists.add[2];
    assert.ok(typeof dbl === 'object');
    assert.equal(dbl.name, 'corp-dbl');
    assert.deepEqual(dbl.test, { listed: 'test', unlisted: 'invalid' });
    assert.deepEqual(dbl.codes, { '2': 'black', '4': 'grey' });
    assert.deepEqual(c.lists.skip, ['backscatterer', 'corp-dbl']);
    assert.deepEqual(c.settings, {
      resolvers: [{ host: '127.0.0.1', port: 5353, text: '127.0.0.1:5353' }],
      timeoutMs: 1500,
      tries: 3,
      concurrency: 32,
      perListConcurrency: 8,
      maxRange: 4096,
      transport: 'udp',
    });
    assert.deepEqual(c.notify, {
      issues: { labels: ['mail'], assignees: ['octocat'], closeAfter: 2 },
      email: { to: ['ops@example.com'], when: 'changes' },
    });
  });

  test('a file with only monitors gets the default lists, settings and notify; no email section means no email', () => {
    const r = parseConfig(ONE, 'monitors.yml', KNOWN);
    assert.ok(r.ok);
    assert.deepEqual(r.config.lists, { use: 'default', add: [], skip: [] });
    assert.deepEqual(r.config.settings, { resolvers: [], timeoutMs: 5000, tries: 2, concurrency: 32, perListConcurrency: 8, maxRange: 4096, transport: 'udp' });
    assert.deepEqual(r.config.notify, { issues: { labels: [], assignees: [], closeAfter: 2 } });
  });

  test('addresses are stored canonical; email goes out when something is listed unless told otherwise', () => {
    const r = parseConfig(
      `monitors:\n  - { name: v6, address: "2001:DB8::10" }\nsettings: { concurrency: 16 }\nnotify:\n  issues: { close-after: 3 }\n  email: { to: ops@example.com }\n`,
      'monitors.yml',
    );
    assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
    assert.equal(r.config.monitors[0]?.address, '2001:db8::10');
    // A documentation address is special-purpose: warned about on its line, still checked.
    assert.deepEqual(r.warnings.map(formatDiagnostic), [
      'monitors.yml:2:26: warning: 2001:db8::10 is in the documentation range 2001:db8::/32 (RFC 3849): blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)',
    ]);
    assert.equal(r.config.settings.concurrency, 16);
    assert.deepEqual(r.config.notify, { issues: { labels: [], assignees: [], closeAfter: 3 }, email: { to: ['ops@example.com'], when: 'listed' } });
  });

  test('an IDN domain is checked as its A-label and shown as written', () => {
    const r = parseConfig('monitors:\n  - { name: shop, domain: Bücher.example }\n', 'monitors.yml');
    assert.ok(r.ok);
    assert.equal(r.config.monitors[0]?.domain, 'xn--bcher-kva.example');
    assert.equal(r.config.monitors[0]?.domainUnicode, 'bücher.example');
  });

  test('a private address is a warning on its line, and the file is still accepted', () => {
    const r = parseConfig('monitors:\n  - name: lan\n    address: 10.1.2.3\n  - { name: office, range: 192.168.1.0/30 }\n', 'monitors.yml');
    assert.ok(r.ok);
    assert.deepEqual(r.warnings.map(formatDiagnostic), [
      'monitors.yml:3:14: warning: 10.1.2.3 is in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)',
      'monitors.yml:4:28: warning: 192.168.1.0/30 is in a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16): blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)',
    ]);
    assert.equal(r.config.monitors[0]?.address, '10.1.2.3');
  });

  test('timeouts in seconds, milliseconds or a bare number are stored in milliseconds', () => {
    const ms = (t: string): number | undefined => {
      const r = parseConfig(`${ONE}settings: { timeout: ${t} }\n`, 'monitors.yml');
      return r.ok ? r.config.settings.timeoutMs : undefined;
    };
    assert.deepEqual(['5s', '500ms', '1.5s', '2', '0.25', '60s', '100ms'].map(ms), [5000, 500, 1500, 2000, 250, 60_000, 100]);
    assert.deepEqual(['50ms', '61s', '5m', 'soon'].map(ms), [undefined, undefined, undefined, undefined]);
  });

  test('resolvers: an address, with or without a port; IPv6 with a port in brackets', () => {
    assert.deepEqual(parseResolver('192.0.2.53'), { host: '192.0.2.53', port: 53, text: '192.0.2.53' });
    assert.deepEqual(parseResolver('192.0.2.53:5353'), { host: '192.0.2.53', port: 5353, text: '192.0.2.53:5353' });
    assert.deepEqual(parseResolver('2001:DB8::53'), { host: '2001:db8::53', port: 53, text: '2001:DB8::53' });
    assert.deepEqual(parseResolver('[2001:db8::53]:5353'), { host: '2001:db8::53', port: 5353, text: '[2001:db8::53]:5353' });
    assert.deepEqual(parseResolver('[::1]'), { host: '::1', port: 53, text: '[::1]' });
    for (const bad of ['dns.google', '10', '192.0.2.53:0', '192.0.2.53:70000', '[192.0.2.53]:53', '2001:db8::53:53:']) {
      assert.equal(parseResolver(bad), null, bad);
    }
  });
});

describe('each mistake: line, column and what to write instead', () => {
  test('an unknown key is underlined itself, with the nearest valid key', () => {
    assert.equal(
      oneError('monitors:\n  - name: mx\n    adress: 192.0.2.1\n'),
      "monitors.yml:3:5: error: unknown key 'adress' in monitors[0]; did you mean 'address'?",
    );
    assert.equal(
      oneError(`${ONE}settings:\n  per-list-concurency: 4\n`),
      "monitors.yml:4:3: error: unknown key 'per-list-concurency' in settings; did you mean 'per-list-concurrency'?",
    );
    // A misspelt required key is also missing; both are said, at the same place.
    assert.deepEqual(refused('monitor:\n  - { name: mx, address: 8.8.8.8 }\n').map(formatDiagnostic), [
      "monitors.yml:1:1: error: unknown key 'monitor' at the top level; did you mean 'monitors'?",
      "monitors.yml:1:1: error: the file: missing required key 'monitors'",
    ]);
  });

  test('an unknown key far from any valid one lists the valid keys', () => {
    assert.equal(
      oneError(`${ONE}notify:\n  slack: { channel: ops }\n`),
      "monitors.yml:4:3: error: unknown key 'slack' in notify; expected one of issues, email, chat",
    );
  });

  test('a bad address', () => {
    assert.equal(
      oneError('monitors:\n  - name: mx\n    address: 192.0.2.300\n'),
      "monitors.yml:3:14: error: monitors[0].address: expected an IPv4 or IPv6 address, got '192.0.2.300'",
    );
  });

  test('both address and range point at the monitor', () => {
    assert.equal(
      oneError('monitors:\n  - { name: mx, address: 8.8.8.8 }\n  - { name: both, address: 8.8.8.8, range: 8.8.8.0/30 }\n'),
      'monitors.yml:3:5: error: monitors[1]: expected exactly one of address, range, host or domain, got address and range',
    );
    assert.equal(
      oneError('monitors:\n  - name: nothing\n'),
      'monitors.yml:2:5: error: monitors[0]: expected exactly one of address, range, host or domain',
    );
  });

  test('a missing name points at the monitor', () => {
    assert.equal(oneError('monitors:\n  - address: 8.8.8.8\n'), "monitors.yml:2:5: error: monitors[0]: missing required key 'name'");
  });

  test('a duplicate name points at the second monitor and names the first', () => {
    assert.equal(
      oneError('monitors:\n  - { name: mx, address: 8.8.8.8 }\n  - { name: mx, address: 8.8.4.4 }\n'),
      "monitors.yml:3:13: error: monitors[1].name: duplicate monitor name 'mx' (also monitors[0])",
    );
  });

  test('a range larger than settings.max-range, and a raised limit accepts it', () => {
    assert.equal(
      oneError('monitors:\n  - { name: big, range: 10.0.0.0/8 }\n'),
      'monitors.yml:2:25: error: range 10.0.0.0/8 has 16777216 addresses; the limit is 4096 (settings.max-range)',
    );
    const raised = parseConfig('monitors:\n  - { name: big, range: 8.8.0.0/16 }\nsettings: { max-range: 65536 }\n', 'monitors.yml');
    assert.ok(raised.ok);
    assert.equal(
      oneError(`${ONE}settings: { max-range: 2000000 }\n`),
      'monitors.yml:3:24: error: settings.max-range: expected a whole number from 1 to 1048576, got 2000000',
    );
  });

  test('a range or a resolver that is not one says what is accepted', () => {
    assert.equal(
      oneError('monitors:\n  - { name: r, range: 198.51.100.0 }\n'),
      "monitors.yml:2:23: error: monitors[0].range: expected a CIDR range such as 198.51.100.0/28 or 2001:db8::/124, got '198.51.100.0'",
    );
    assert.equal(
      oneError(`${ONE}settings: { resolvers: [dns.google] }\n`),
      "monitors.yml:3:25: error: settings.resolvers[0]: expected a resolver's IP address, optionally with a port: 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353, got 'dns.google'",
    );
  });

  test('a range not written from its first address suggests the range that holds it', () => {
    assert.equal(
      oneError('monitors:\n  - { name: r, range: 198.51.100.5/28 }\n'),
      'monitors.yml:2:23: error: monitors[0].range: 198.51.100.5/28 is not the start of its range; did you mean 198.51.100.0/28?',
    );
  });

  test('a bad timeout and out-of-range numbers say what is accepted', () => {
    const e = refused(`${ONE}settings:\n  timeout: soon\n  tries: 9\n  concurrency: 2.5\n`).map(formatDiagnostic);
    assert.deepEqual(e, [
      "monitors.yml:4:12: error: settings.timeout: expected a timeout from 100ms to 60s, such as 5s, 1.5s, 500ms or a number of seconds, got 'soon'",
      'monitors.yml:5:10: error: settings.tries: expected a whole number from 1 to 5, got 9',
      'monitors.yml:6:16: error: settings.concurrency: expected a whole number from 1 to 256, got 2.5',
    ]);
  });

  test('an unknown list id suggests the nearest known id, wherever it is used', () => {
    const e = refused(`monitors:\n  - { name: mx, address: 8.8.8.8, skip: [backscaterer] }\nlists:\n  add: [barracudda]\n  skip: [spamcopp, nosuchlistatall]\n`);
    assert.deepEqual(e.map(formatDiagnostic), [
      "monitors.yml:2:42: error: unknown list 'backscaterer'; did you mean 'backscatterer'?",
      "monitors.yml:4:9: error: unknown list 'barracudda'; did you mean 'barracuda'?",
      "monitors.yml:5:10: error: unknown list 'spamcopp'; did you mean 'spamcop'?",
      "monitors.yml:5:20: error: unknown list 'nosuchlistatall' (the README has the table of list ids)",
    ]);
  });

  test('a custom list may not take a catalog id, and its codes must fit its decoding', () => {
    const e = refused(
      `${ONE}lists:\n  add:\n    - { id: spamcop, zone: bl.corp.example, kinds: [ipv4] }\n    - { id: corp, zone: bl.corp.example, kinds: [ipv4], decode: bitmask, codes: { "127.0.0.2": spam } }\n`,
    );
    assert.deepEqual(e.map(formatDiagnostic), [
      "monitors.yml:5:13: error: lists.add[0].id: 'spamcop' is already a catalog list; add it by its id alone, or pick another id for your own list",
      "monitors.yml:6:83: error: lists.add[1].codes: expected a bit value from 1 to 255 as the key (decode: bitmask), got '127.0.0.2'",
    ]);
  });

  test('a dead zone added as a custom list is refused with the reason', () => {
    assert.match(
      oneError(`${ONE}lists:\n  add:\n    - { id: sorbs, zone: dnsbl.sorbs.net, kinds: [ipv4] }\n`),
      /^monitors\.yml:5:26: error: lists\.add\[0\]\.zone: dnsbl\.sorbs\.net is a dead zone \(SORBS/,
    );
  });

  test('a host or domain that is not a DNS name', () => {
    assert.equal(
      oneError('monitors:\n  - { name: b, domain: "not a domain" }\n'),
      "monitors.yml:2:24: error: monitors[0].domain: expected a DNS name such as example.com, got 'not a domain'",
    );
    assert.equal(
      oneError('monitors:\n  - { name: b, host: 192.0.2.1 }\n'),
      "monitors.yml:2:22: error: monitors[0].host: expected a DNS name such as relay.example.com, got '192.0.2.1'",
    );
  });

  test('expand only on a domain monitor; enums suggest the nearest value', () => {
    assert.equal(
      oneError('monitors:\n  - { name: mx, host: mx.example.com, expand: [mx] }\n'),
      'monitors.yml:2:47: error: monitors[0].expand: expand (mx, spf) applies to domain monitors only',
    );
    assert.equal(
      oneError(`${ONE}notify:\n  email: { to: ops@example.com, when: listd }\n`),
      "monitors.yml:4:39: error: notify.email.when: expected one of always, listed, changes, never, got 'listd'; did you mean 'listed'?",
    );
  });

  test('a YAML syntax error carries its position', () => {
    assert.equal(
      oneError('monitors:\n  - name: mx\n    address: 8.8.8.8: x\n'),
      'monitors.yml:3:14: error: YAML: Nested mappings are not allowed in compact mappings',
    );
    // An unclosed bracket is noticed where the next line starts.
    assert.equal(
      oneError('monitors:\n  - name: mx\n    address: [8.8.8.8\n  - name: b\n'),
      'monitors.yml:4:3: error: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    const tab = refused('monitors:\n  - name: mx\n\taddress: 8.8.8.8\n');
    assert.deepEqual([tab[0]?.line, tab[0]?.column], [3, 1]);
  });

  test('a duplicate key points at the second one', () => {
    assert.equal(
      oneError('monitors:\n  - name: mx\n    address: 8.8.8.8\n    address: 8.8.4.4\n'),
      "monitors.yml:4:5: error: duplicate key 'address': keys must be unique within a map",
    );
  });

  test('an empty file, a file of comments and an empty monitors list are explained', () => {
    assert.equal(oneError(''), 'monitors.yml:1:1: error: the file is empty; expected at least a monitors: list (see the README)');
    assert.equal(oneError('# nothing yet\n'), 'monitors.yml:1:1: error: the file is empty; expected at least a monitors: list (see the README)');
    assert.equal(
      oneError('monitors: []\n'),
      'monitors.yml:1:11: error: monitors: expected at least one monitor (an address, range, host or domain to watch), got an empty list',
    );
    assert.equal(oneError('lists: { use: all }\n'), "monitors.yml:1:1: error: the file: missing required key 'monitors'");
  });

  test('every error in the file comes in one pass, in file order', () => {
    const e = refused(`monitors:
  - { name: a, address: nope }
  - { name: a, address: 8.8.8.8, skip: [spamcopp] }
  - { name: big, range: 10.0.0.0/8 }
  - { nme: c, host: x.example }
settings:
  tries: 0
`);
    assert.deepEqual(
      e.map((d) => `${d.line}:${d.column} ${d.message}`),
      [
        "2:25 monitors[0].address: expected an IPv4 or IPv6 address, got 'nope'",
        "3:13 monitors[1].name: duplicate monitor name 'a' (also monitors[0])",
        "3:41 unknown list 'spamcopp'; did you mean 'spamcop'?",
        '4:25 range 10.0.0.0/8 has 16777216 addresses; the limit is 4096 (settings.max-range)',
        "5:5 monitors[3]: missing required key 'name'",
        "5:7 unknown key 'nme' in monitors[3]; did you mean 'name'?",
        '7:10 settings.tries: expected a whole number from 1 to 5, got 0',
      ],
    );
  });

  test('an error in one field never hides the rule that spans the entry', () => {
    // Each of these used to show only its first line; the second came after fixing the first.
    const e = refused(`monitors:
  - { name: a, address: nope, range: 8.8.8.0/30 }
  - { name: b, host: "bad name!", expand: [mx] }
  - { name: c, range: 8.0.0.0/8, skip: [BAD] }
lists:
  add:
    - { id: corp, zone: bl.corp.example, decode: bitmask, codes: { "127.0.0.2": spam } }
`);
    assert.deepEqual(
      e.map((d) => `${d.line}:${d.column} ${d.message}`),
      [
        '2:5 monitors[0]: expected exactly one of address, range, host or domain, got address and range',
        "2:25 monitors[0].address: expected an IPv4 or IPv6 address, got 'nope'",
        "3:22 monitors[1].host: expected a DNS name such as relay.example.com, got 'bad name!'",
        '3:43 monitors[1].expand: expand (mx, spf) applies to domain monitors only',
        '4:23 range 8.0.0.0/8 has 16777216 addresses; the limit is 4096 (settings.max-range)',
        "4:41 monitors[2].skip[0]: expected a list id such as spamcop (lower case letters, digits, - . _), got 'BAD'",
        "7:7 lists.add[0]: missing required key 'kinds'",
        "7:68 lists.add[0].codes: expected a bit value from 1 to 255 as the key (decode: bitmask), got '127.0.0.2'",
      ],
    );
  });

  test('a diagnostic carries the end of what it underlines', () => {
    const [d] = refused('monitors:\n  - name: mx\n    address: 192.0.2.300\n');
    assert.deepEqual([d?.line, d?.column, d?.endLine, d?.endColumn], [3, 14, 3, 25]);
  });
});

describe('a custom list that contradicts itself is refused', () => {
  const list = (body: string): string => `${ONE}lists:\n  add:\n    - { id: corp, zone: bl.corp.example, kinds: [ipv4], ${body} }\n`;

  test('the same answer as a listing code and as a refusal', () => {
    assert.equal(
      oneError(list('codes: { "127.0.0.2": spam }, refusals: { "127.0.0.2": blocked }')),
      "monitors.yml:5:99: error: lists.add[0].refusals: '127.0.0.2' is also in codes (as '127.0.0.2'); an answer is either a listing or a refusal: remove it from one of the two",
    );
    // Bits are compared as numbers: "02" is bit 2.
    assert.match(oneError(list('decode: bitmask, codes: { "2": black }, refusals: { "02": refused }')), /refusals: '02' is also in codes \(as '2'\)/);
  });

  test('a bitmask key of more than one bit', () => {
    assert.equal(
      oneError(list('decode: bitmask, codes: { "2": black, "3": grey }')),
      'monitors.yml:5:95: error: lists.add[0].codes: expected a single bit (1, 2, 4, 8, 16, 32, 64 or 128) as the key (decode: bitmask), got 3 = 1 + 2; give each bit its own key',
    );
    const ok = parseConfig(list('decode: bitmask, codes: { "2": black, "4": grey, "128": red }, refusals: { "1": refused }'), 'monitors.yml', KNOWN);
    assert.ok(ok.ok, ok.ok ? '' : ok.errors.map(formatDiagnostic).join('\n'));
  });

  test('the same item as the listed and the must-not-list test point, written or by default', () => {
    assert.equal(
      oneError(list('test: { listed: 127.0.0.3, unlisted: 127.0.0.3 }')),
      "monitors.yml:5:94: error: lists.add[0].test.unlisted: '127.0.0.3' is also test.listed; a list cannot both list and not list the same item: pick two different test points",
    );
    assert.equal(
      oneError(list('test: { listed: 127.0.0.1 }')),
      "monitors.yml:5:73: error: lists.add[0].test.listed: '127.0.0.1' is also test.unlisted (the RFC 5782 default); a list cannot both list and not list the same item: pick two different test points",
    );
    // IPv6 test points are compared as addresses, domain ones without case.
    assert.match(oneError(list('kinds: [ipv6], test: { listed: "::FFFF:7f00:2", unlisted: "::ffff:127.0.0.2" }').replace('kinds: [ipv4], ', '')), /is also test\.listed/);
    assert.match(oneError(list('test: { listed: TEST, unlisted: test }').replace('[ipv4]', '[domain]')), /'test' is also test\.listed/);
    // A null unlisted point (the list answers it by design) contradicts nothing.
    assert.ok(parseConfig(list('test: { listed: 127.0.0.1, unlisted: null }'), 'monitors.yml', KNOWN).ok);
  });

  test('a test point the list cannot be asked about', () => {
    assert.match(oneError(list('test: { listed: "not a name!" }')), /test\.listed: expected an address or a domain name the list can be asked about, such as 127\.0\.0\.2, got 'not a name!'/);
    assert.match(oneError(list('test: { listed: test }')), /test\.listed: 'test' is a domain name, but the list serves ipv4$/);
  });
});

describe('text that reports show is one line of plain text', () => {
  test('a line break, a control character or a bidi override in a name, meaning, label or link is refused', () => {
    const e = refused(`monitors:
  - { name: "mx\\n::error::forged", address: 8.8.8.8 }
  - { name: "\\u202Egnp.exe", address: 8.8.4.4 }
lists:
  add:
    - { id: corp, zone: bl.corp.example, kinds: [ipv4], name: "Corp\\u001b[31m", codes: { "127.0.0.2": "spam\\r\\n::add-mask::x" }, delist: "https://corp.example/\\n::error::x" }
notify:
  issues: { labels: ["mail\\u0085"] }
`);
    assert.deepEqual(e.map(formatDiagnostic), [
      'monitors.yml:2:13: error: monitors[0].name: contains a line break (U+000A); a name is shown in issues, emails and logs, so it must be one line of plain text',
      'monitors.yml:3:13: error: monitors[1].name: contains a bidirectional-text control (U+202E), which makes text display in another order than it is stored; a name is shown in issues, emails and logs, so it must be one line of plain text',
      'monitors.yml:6:63: error: lists.add[0].name: contains a control character (U+001B); a name is shown in issues, emails and logs, so it must be one line of plain text',
      'monitors.yml:6:103: error: lists.add[0].codes["127.0.0.2"]: contains a line break (U+000D); a meaning is shown in issues, emails and logs, so it must be one line of plain text',
      'monitors.yml:6:138: error: lists.add[0].delist: contains a line break (U+000A); a web address is shown in issues, emails and logs, so it must be one line of plain text',
      'monitors.yml:8:22: error: notify.issues.labels[0]: contains a line break (U+0085); a label name is shown in issues, emails and logs, so it must be one line of plain text',
    ]);
  });

  test('a value quoted back in an error has its control characters written out, never raw', () => {
    const e = oneError('monitors:\n  - { name: mx, address: "8.8.8.8\\n::error::forged\\u001b[2J" }\n');
    assert.equal(e, "monitors.yml:2:26: error: monitors[0].address: expected an IPv4 or IPv6 address, got '8.8.8.8\\u000a::error::forged\\u001b[2J'");
    assert.ok(!e.includes('\n') && !e.includes('\u001b'), 'no raw line break or escape');
  });

  test('assignees are GitHub user names', () => {
    assert.deepEqual(refused(`${ONE}notify:\n  issues: { assignees: [octocat, "bad user", -dash, ok-user] }\n`).map(formatDiagnostic), [
      "monitors.yml:4:34: error: notify.issues.assignees[1]: expected a GitHub user name such as octocat (letters, digits and single hyphens, at most 39 characters), got 'bad user'",
      "monitors.yml:4:46: error: notify.issues.assignees[2]: expected a GitHub user name such as octocat (letters, digits and single hyphens, at most 39 characters), got '-dash'",
    ]);
  });
});

describe('a file of any size ends in a message, never a crash', () => {
  test('300,000 monitors: refused before parsing, at the line where the file passes 2 MB', () => {
    const lines = ['monitors:'];
    for (let i = 0; i < 300_000; i++) lines.push(`  - { name: m${i}, address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} }`);
    const e = refused(`${lines.join('\n')}\n`);
    assert.equal(e.length, 1);
    assert.match(
      formatDiagnostic(e[0]!),
      /^monitors\.yml:\d{5}:1: error: the file is 1\d\.\d MB, more than the 2\.0 MB a monitors file may be \(it passes the limit on this line\); 10000 monitors, the most a file may have, fit in far less/,
    );
    assert.ok(e[0]!.line > 40_000 && e[0]!.line < 60_000, `line ${e[0]!.line} is where 2 MB is passed`);
  });

  test('10,001 monitors: one error at the first monitor past the limit', () => {
    const lines = ['monitors:'];
    for (let i = 0; i <= 10_000; i++) lines.push(`  - { name: m${i}, address: 8.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} }`);
    assert.equal(
      oneError(`${lines.join('\n')}\n`),
      'monitors.yml:10002:5: error: monitors: this file has 10001 monitors, and at most 10000 are allowed; number 10001 starts here (the ones from here on were not checked). Watch a block of addresses with one range monitor rather than one monitor per address',
    );
  });

  test('more than a million addresses in all is refused at the monitor that passes the limit', () => {
    assert.equal(
      oneError('monitors:\n  - { name: a, range: 16.0.0.0/12 }\n  - { name: b, address: 8.8.8.8 }\nsettings: { max-range: 1048576 }\n'),
      'monitors.yml:3:5: error: monitors[1]: with this monitor the addresses to check add up to more than 1048576 (the most one run checks); split the file into several patrols, or watch fewer addresses',
    );
  });

  test('150,000 mistakes: no stack overflow, the first thousand listed and the rest counted', () => {
    // More diagnostics than push(...all) can pass as arguments: this used to end in a RangeError.
    const ids = Array.from({ length: 200 }, () => 'A').join(',');
    const e = refused(`monitors:\n${Array.from({ length: 750 }, (_, i) => `  - { name: m${i}, address: 8.8.8.8, skip: [${ids}] }`).join('\n')}\n`);
    assert.equal(e.length, 1001);
    assert.match(formatDiagnostic(e[1000]!), /^monitors\.yml:7:\d+: error: and 149000 more errors from here on, not listed \(only the first 1000 are\)$/);
  });

  test('a map of 20,000 keys: the repeated key and the unknown ones are found, the first thousand listed', () => {
    // (How long this takes, against the YAML reader's own duplicate check, is in scripts/bench-config.ts.)
    const keys = ['k0: 1', 'k0: 2', ...Array.from({ length: 19_998 }, (_, i) => `k${i + 1}: 1`)];
    const e = refused(`${ONE}settings: { ${keys.join(', ')} }\n`);
    assert.equal(e.length, 1001);
    assert.deepEqual(e.slice(0, 3).map(formatDiagnostic), [
      "monitors.yml:3:13: error: unknown key 'k0' in settings; expected one of resolvers, timeout, tries, concurrency, per-list-concurrency, max-range, transport",
      "monitors.yml:3:20: error: duplicate key 'k0': keys must be unique within a map",
      "monitors.yml:3:27: error: unknown key 'k1' in settings; expected one of resolvers, timeout, tries, concurrency, per-list-concurrency, max-range, transport",
    ]);
  });

  test('a YAML alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)];
    assert.equal(oneError(`${ONE}${bomb.join('\n')}\n`), 'monitors.yml:1:1: error: YAML: Excessive alias count indicates a resource exhaustion attack');
  });

  test('nesting too deep for the YAML reader is an error with a position', () => {
    assert.equal(oneError(`monitors: ${'['.repeat(5000)}${']'.repeat(5000)}\n`).replace(/:\d+: error/, ': error'), 'monitors.yml:1: error: YAML: nested too deeply to read');
  });
});

describe('loading the file', () => {
  test('a missing file is one clear error at 1:1', async () => {
    const r = await loadConfig('/nonexistent/monitors.yml');
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.ok ? [] : r.errors.map((d) => [d.line, d.column, d.severity]),
      [[1, 1, 'error']],
    );
    assert.match(r.ok ? '' : (r.errors[0]?.message ?? ''), /^\/nonexistent\/monitors\.yml not found; create it/);
  });

  test('the shipped monitors.yml is valid', async () => {
    const r = await loadConfig(fileURLToPath(new URL('../../monitors.yml', import.meta.url)));
    assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
  });

  test('a file over 2 MB is refused after reading no more than 2 MB of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-config-'));
    try {
      const file = join(dir, 'monitors.yml');
      writeFileSync(file, `monitors:\n${'  - { name: a, address: 8.8.8.8 } # padding padding padding\n'.repeat(100_000)}`);
      const r = await loadConfig(file);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : formatDiagnostic(r.errors[0]!), /^.*monitors\.yml:34954:1: error: the file is 5\.7 MB, more than the 2\.0 MB a monitors file may be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that never ends (--config /dev/zero) is refused, not read forever', { skip: !existsSync('/dev/zero') && 'no /dev/zero here' }, async () => {
    const r = await loadConfig('/dev/zero');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : formatDiagnostic(r.errors[0]!), /^\/dev\/zero:1:1: error: the file is more than 2\.0 MB, more than the 2\.0 MB a monitors file may be/);
  });
});

describe('suggestions', () => {
  test('only a close enough candidate is suggested', () => {
    assert.equal(suggest('adress', ['address', 'range', 'host']), 'address');
    assert.equal(suggest('Spamcop', ['spamcop', 'barracuda']), 'spamcop');
    assert.equal(suggest('slack', ['issues', 'email']), undefined);
    assert.equal(suggest('x', []), undefined);
  });
});

describe('monitors.schema.json', () => {
  const committed = readFileSync(new URL('../../monitors.schema.json', import.meta.url), 'utf8');

  test('the committed file is what the schema generates', () => {
    assert.equal(committed, renderJsonSchema(), 'monitors.schema.json is stale: run npm run build');
  });

  test('describes the YAML as written: kebab-case keys, draft 2020-12, no unknown keys', () => {
    const s = JSON.parse(committed) as {
      $schema: string;
      $id: string;
      title: string;
      required: string[];
      additionalProperties: boolean;
      properties: { settings: { properties: Record<string, unknown> }; notify: { properties: { issues: { properties: Record<string, unknown> } } } };
    };
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(s.$id, /monitors\.schema\.json$/);
    assert.ok(s.title);
    assert.deepEqual(s.required, ['monitors']);
    assert.equal(s.additionalProperties, false);
    assert.deepEqual(Object.keys(s.properties.settings.properties), ['resolvers', 'timeout', 'tries', 'concurrency', 'per-list-concurrency', 'max-range', 'transport']);
    assert.ok('close-after' in s.properties.notify.properties.issues.properties);
  });

});

describe('a custom list zone too long for its addresses', () => {
  const file = (zone: string, kinds: string): string =>
    `monitors:\n  - { name: mx, address: 198.51.100.7 }\nlists:\n  add:\n    - { id: corp, zone: ${zone}, kinds: ${kinds} }\n`;
  // 204 characters: over the 189 an IPv6 list allows, under the 237 of an IPv4 list.
  const zone = `${`${'a'.repeat(49)}.`.repeat(4)}test`;

  test('is refused on its line with the most it may be, before any query could fail', () => {
    const r = parseConfig(file(zone, '[ipv6]'), 'monitors.yml');
    assert.equal(r.ok, false);
    const e = r.ok ? undefined : r.errors.find((d) => d.message.includes('too long for an address list'));
    assert.ok(e, 'a zone error');
    assert.equal(e.line, 5);
    assert.match(e.message, /at most 189/);
  });

  test('a zone that fits the longest IPv4 name is accepted for an IPv4 list', () => {
    const r = parseConfig(file(zone, '[ipv4]'), 'monitors.yml');
    assert.equal(r.ok, true, r.ok ? '' : r.errors.map((d) => d.message).join('\n'));
  });
});
