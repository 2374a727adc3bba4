// monitors.yml as a mail admin meets it: a full file with defaults filled in, and for every
// kind of mistake the file:line:column and the words that say what to fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    assert.deepEqual(r.config.settings, { resolvers: [], timeoutMs: 5000, tries: 2, concurrency: 32, perListConcurrency: 8, maxRange: 4096 });
    assert.deepEqual(r.config.notify, { issues: { labels: [], assignees: [], closeAfter: 2 } });
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
      'monitors.yml:3:14: warning: 10.1.2.3 is in a private range: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)',
      'monitors.yml:4:28: warning: 192.168.1.0/30 is in a private range: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)',
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

  test('a diagnostic carries the end of what it underlines', () => {
    const [d] = refused('monitors:\n  - name: mx\n    address: 192.0.2.300\n');
    assert.deepEqual([d?.line, d?.column, d?.endLine, d?.endColumn], [3, 14, 3, 25]);
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
    assert.deepEqual(Object.keys(s.properties.settings.properties), ['resolvers', 'timeout', 'tries', 'concurrency', 'per-list-concurrency', 'max-range']);
    assert.ok('close-after' in s.properties.notify.properties.issues.properties);
  });

  test('gen-schema --check passes on the committed file', () => {
    const script = fileURLToPath(new URL('../../scripts/gen-schema.ts', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
