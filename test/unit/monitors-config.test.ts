// monitors.yml: what a user sees for good and bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatDiagnostic, parseConfig, type Diagnostic } from '../../src/config/load.ts';
import { renderJsonSchema } from '../../src/config/schema.ts';

function errors(yaml: string): Diagnostic[] {
  const r = parseConfig(yaml, 'monitors.yml');
  assert.equal(r.ok, false, 'expected the config to be refused');
  return r.ok ? [] : r.errors;
}

function only(yaml: string): Diagnostic {
  const e = errors(yaml);
  assert.equal(e.length, 1, `expected one error, got: ${e.map(formatDiagnostic).join(' | ')}`);
  return e[0]!;
}

describe('a valid config', () => {
  test('the issue example parses, with defaults filled in', () => {
    const r = parseConfig(
      `monitors:
  - { name: mx1, address: 203.0.113.10 }
  - { name: v6, address: "2001:DB8::10" }
  - { name: outbound, range: 198.51.100.0/28 }
  - { name: relay, host: Relay.Example.com }
  - { name: example.com, domain: example.com, expand: [mx, spf], skip: [spamcop] }
lists:
  use: default
  add:
    - barracuda
    - id: corp-bl
      zone: bl.corp.example
      kinds: [ipv4, ipv6]
      decode: exact
      codes: { "127.0.0.2": "listed for spam" }
      refusals: { "127.0.0.255": "resolver refused" }
      test: { listed: 127.0.0.2, unlisted: 127.0.0.1 }
      delist: https://corp.example/delist
  skip: [backscatterer]
settings: { resolvers: ["127.0.0.1:5353", "[::1]:53"], timeout: 1.5s, tries: 3, concurrency: 16 }
notify:
  issues: { labels: [mail], close-after: 3 }
  email: { to: ops@example.com }
`,
      'monitors.yml',
    );
    assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
    const c = r.config;
    assert.equal(c.monitors[1]?.address, '2001:db8::10');
    assert.equal(c.monitors[3]?.host, 'relay.example.com');
    assert.deepEqual(c.monitors[4]?.skip, ['spamcop']);
    assert.deepEqual(c.monitors[0]?.skip, []);
    assert.equal(c.settings.timeoutMs, 1500);
    assert.equal(c.settings.perListConcurrency, 8);
    assert.equal(c.settings.maxRange, 4096);
    assert.deepEqual(c.settings.resolvers.map((x) => [x.host, x.port]), [['127.0.0.1', 5353], ['::1', 53]]);
    assert.equal(c.notify.issues.closeAfter, 3);
    assert.deepEqual(c.notify.email, { to: ['ops@example.com'], when: 'listed' });
    const custom = c.lists.add[1];
    assert.ok(typeof custom === 'object');
    assert.equal(custom.zone, 'bl.corp.example');
    // Documentation addresses are "reserved": warned about, still checked.
    assert.ok(r.warnings.some((w) => w.line === 2 && /reserved/.test(w.message)));
  });

  test('a minimal config gets every default', () => {
    const r = parseConfig('monitors:\n  - name: mx\n    address: 8.8.8.8\n', 'm.yml');
    assert.ok(r.ok);
    assert.equal(r.config.lists.use, 'default');
    assert.equal(r.config.settings.tries, 2);
    assert.equal(r.config.settings.timeoutMs, 5000);
    assert.equal(r.config.notify.issues.closeAfter, 2);
    assert.deepEqual(r.warnings, []);
  });

  test('an IDN domain is stored as its A-label', () => {
    const r = parseConfig('monitors:\n  - { name: shop, domain: bücher.example }\n', 'm.yml');
    assert.ok(r.ok);
    assert.equal(r.config.monitors[0]?.domain, 'xn--bcher-kva.example');
  });

  test('a private address is a warning with its line, not an error', () => {
    const r = parseConfig('monitors:\n  - name: lan\n    address: 10.1.2.3\n', 'm.yml');
    assert.ok(r.ok);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]?.line, 3);
    assert.match(r.warnings[0]?.message ?? '', /10\.1\.2\.3 is in a private range.*checked anyway/);
  });

  test('the shipped monitors.yml is valid', () => {
    const r = parseConfig(readFileSync(new URL('../../monitors.yml', import.meta.url), 'utf8'), 'monitors.yml');
    assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
  });
});

describe('errors name the file, line and column and what was expected', () => {
  test('an unknown key points at the key and suggests the nearest one', () => {
    const e = only('monitors:\n  - name: mx\n    adress: 192.0.2.1\n');
    assert.equal(formatDiagnostic(e).split(': error')[0], 'monitors.yml:3:5');
    assert.match(e.message, /unknown key 'adress' in monitors\[0\]; did you mean 'address'\?/);
  });

  test('an unknown key in settings suggests per-list-concurrency', () => {
    const e = errors('monitors:\n  - { name: mx, address: 8.8.8.8 }\nsettings:\n  per-list-concurency: 4\n');
    assert.ok(e.some((d) => d.line === 4 && /did you mean 'per-list-concurrency'/.test(d.message)));
  });

  test('a bad address', () => {
    const e = only('monitors:\n  - name: mx\n    address: 192.0.2.300\n');
    assert.equal(e.line, 3);
    assert.equal(e.column, 14);
    assert.match(e.message, /monitors\[0\]\.address: expected an IPv4 or IPv6 address, got '192\.0\.2\.300'/);
  });

  test('both address and range', () => {
    const e = only('monitors:\n  - { name: mx, address: 8.8.8.8, range: 8.8.8.0/30 }\n');
    assert.equal(e.line, 2);
    assert.match(e.message, /exactly one of address, range, host or domain, got address and range/);
  });

  test('a missing name', () => {
    const e = only('monitors:\n  - address: 8.8.8.8\n');
    assert.equal(e.line, 2);
    assert.match(e.message, /monitors\[0\]: missing required key 'name'/);
  });

  test('a duplicate monitor name points at the second one', () => {
    const e = only('monitors:\n  - { name: mx, address: 8.8.8.8 }\n  - { name: mx, address: 8.8.4.4 }\n');
    assert.equal(e.line, 3);
    assert.match(e.message, /duplicate monitor name 'mx' \(also monitors\[0\]\)/);
  });

  test('a range larger than the cap, and a raised cap accepts it', () => {
    const e = only('monitors:\n  - { name: big, range: 100.64.0.0/16 }\n');
    assert.match(e.message, /100\.64\.0\.0\/16 has 65536 addresses; the limit is 4096 \(settings\.max-range\)/);
    const r = parseConfig('monitors:\n  - { name: big, range: 100.64.0.0/16 }\nsettings: { max-range: 65536 }\n', 'm.yml');
    assert.ok(r.ok);
  });

  test('a range not on its network boundary suggests the right start', () => {
    const e = only('monitors:\n  - { name: r, range: 198.51.100.5/28 }\n');
    assert.match(e.message, /did you mean 198\.51\.100\.0\/28\?/);
  });

  test('bad timeout and out-of-range tries say what was expected', () => {
    const e = errors('monitors:\n  - { name: mx, address: 8.8.8.8 }\nsettings:\n  timeout: soon\n  tries: 9\n');
    assert.equal(e.length, 2);
    assert.match(e[0]?.message ?? '', /settings\.timeout: expected a timeout from 100ms to 60s/);
    assert.equal(e[0]?.line, 4);
    assert.match(e[1]?.message ?? '', /settings\.tries: expected a whole number from 1 to 5, got 9/);
    assert.equal(e[1]?.line, 5);
  });

  test('an unknown list id suggests the nearest catalog id', () => {
    const e = only('monitors:\n  - { name: mx, address: 8.8.8.8 }\nlists:\n  skip: [spamcopp]\n');
    assert.equal(e.line, 4);
    assert.match(e.message, /unknown list 'spamcopp'; did you mean 'spamcop'\?/);
  });

  test('a dead zone added as a custom list is refused with the reason', () => {
    const e = only('monitors:\n  - { name: mx, address: 8.8.8.8 }\nlists:\n  add:\n    - { id: sorbs, zone: dnsbl.sorbs.net, kinds: [ipv4] }\n');
    assert.match(e.message, /dnsbl\.sorbs\.net is a dead zone \(SORBS/);
  });

  test('YAML syntax errors and duplicate keys carry their position', () => {
    const syntax = errors('monitors:\n  - name: mx\n    address: [8.8.8.8\n');
    assert.ok(syntax.length >= 1);
    assert.match(syntax[0]?.message ?? '', /^YAML: /);
    const dup = errors('monitors:\n  - name: mx\n    name: mx2\n    address: 8.8.8.8\n');
    assert.equal(dup[0]?.line, 3);
    assert.match(dup[0]?.message ?? '', /unique/i);
  });

  test('an empty file and an empty monitors list are explained', () => {
    assert.match(only('').message, /empty/);
    assert.match(only('monitors: []\n').message, /at least one monitor/);
  });

  test('several errors are reported at once, in file order', () => {
    const e = errors('monitors:\n  - { name: a, address: nope }\n  - { name: b, domain: "not a domain" }\n  - { nme: c, host: x.example }\n');
    assert.equal(e.length, 4);
    assert.deepEqual(e.map((d) => d.line), [2, 3, 4, 4]);
  });

  test('custom list codes must match their decoding', () => {
    const e = only('monitors:\n  - { name: mx, address: 8.8.8.8 }\nlists:\n  add:\n    - { id: x, zone: bl.x.example, kinds: [domain], decode: bitmask, codes: { "127.0.0.2": spam } }\n');
    assert.match(e.message, /expected a bit value from 1 to 255/);
  });
});

test('monitors.schema.json is what the schema source generates', () => {
  const committed = readFileSync(new URL('../../monitors.schema.json', import.meta.url), 'utf8');
  assert.equal(committed, renderJsonSchema(), 'monitors.schema.json is stale: run npm run build');
});
