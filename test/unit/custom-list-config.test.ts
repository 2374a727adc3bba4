// Custom lists in monitors.yml: position decoding and links that carry the target, with the
// file:line:column an admin needs when one is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, parseConfig } from '../../src/config/load.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import { fillLink } from '../../src/dnsbl/links.ts';

function customList(extra: string): string {
  return `monitors:
  - { name: mx, address: 192.0.2.10 }
lists:
  add:
    - id: corp-nbl
      zone: nbl.corp.example
      kinds: [ipv4]
${extra}`;
}

function errors(yaml: string): string[] {
  const r = parseConfig(yaml, 'monitors.yml');
  return r.ok ? [] : r.errors.map(formatDiagnostic);
}

test('a custom list may decode by octet and use {ip} in its links', () => {
  const r = parseConfig(
    customList(`      decode: octet-3
      codes: { "5": repeat offender }
      refusals: { "127.0.0.1": refused, "255": quota }
      delist: https://corp.example/remove?ip={ip}
      info: https://corp.example/lookup/{ip}
`),
    'monitors.yml',
  );
  assert.ok(r.ok, r.ok ? '' : r.errors.map(formatDiagnostic).join('\n'));
  const spec = r.config.lists.add[0];
  assert.ok(spec && typeof spec !== 'string');
  const list = customToListDef(spec);
  assert.equal(list.decode, 'octet-3');
  assert.equal(fillLink(list.delist, { value: '192.0.2.10', kind: 'ipv4' }), 'https://corp.example/remove?ip=192.0.2.10');
  assert.equal(fillLink(list.info, { value: '192.0.2.10', kind: 'ipv4' }), 'https://corp.example/lookup/192.0.2.10');
});

test('a code key that does not fit octet decoding is refused where it stands', () => {
  const e = errors(customList(`      decode: octet-3
      codes: { "127.0.5.0": repeat offender }
`));
  assert.equal(e.length, 1, e.join('\n'));
  assert.match(e[0] ?? '', /^monitors\.yml:9:\d+: .*expected an octet value from 0 to 255 as the key \(decode: octet-3\), got '127\.0\.5\.0'/);
});

test('a link with an unknown placeholder or a placeholder in the host is refused', () => {
  const unknown = errors(customList('      delist: https://corp.example/{key}\n'));
  assert.equal(unknown.length, 1, unknown.join('\n'));
  assert.match(unknown[0] ?? '', /^monitors\.yml:8:\d+: .*unknown placeholder \{key\}/);
  const host = errors(customList('      info: https://{domain}/\n'));
  assert.equal(host.length, 1, host.join('\n'));
  assert.match(host[0] ?? '', /may appear only after the host name/);
  const scheme = errors(customList('      delist: javascript:alert(1)\n'));
  assert.match(scheme[0] ?? '', /expected a web address starting with https:\/\/ or http:\/\//);
});
