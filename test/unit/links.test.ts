// Lookup and removal links that carry the target: what a mail admin clicks must go to the list's
// own site, with their address or domain in it, whatever the value looks like.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ItemKind } from '../../src/model.ts';
import { fillLink, linkKinds, linkTemplateProblem } from '../../src/dnsbl/links.ts';

const ip = (value: string): { value: string; kind: ItemKind } => ({ value, kind: value.includes(':') ? 'ipv6' : 'ipv4' });
const domain = (value: string): { value: string; kind: ItemKind } => ({ value, kind: 'domain' });

describe('filling a template', () => {
  test('{ip} takes an IPv4 or IPv6 address, percent-encoded', () => {
    assert.equal(fillLink('https://psbl.org/listing?ip={ip}', ip('192.0.2.10')), 'https://psbl.org/listing?ip=192.0.2.10');
    assert.equal(fillLink('https://dronebl.org/lookup?ip={ip}', ip('2001:db8::1')), 'https://dronebl.org/lookup?ip=2001%3Adb8%3A%3A1');
    assert.equal(fillLink('https://check.spamhaus.org/query/ip/{ip}', ip('192.0.2.10')), 'https://check.spamhaus.org/query/ip/192.0.2.10');
  });

  test('{domain} takes a domain; an IDN goes in as UTF-8 percent-encoding', () => {
    assert.equal(fillLink('https://check.spamhaus.org/results/?query={domain}', domain('example.com')), 'https://check.spamhaus.org/results/?query=example.com');
    assert.equal(fillLink('https://x.example/q?d={domain}', domain('bücher.example')), 'https://x.example/q?d=b%C3%BCcher.example');
  });

  test('a template for the other kind of target gives no link, so the caller shows the list page instead', () => {
    assert.equal(fillLink('https://psbl.org/listing?ip={ip}', domain('example.com')), undefined);
    assert.equal(fillLink('https://x.example/q?d={domain}', ip('192.0.2.1')), undefined);
    assert.equal(fillLink(undefined, ip('192.0.2.1')), undefined);
  });

  test('a template without placeholders is the same link for every target', () => {
    assert.equal(fillLink('https://psbl.org/remove', ip('192.0.2.1')), 'https://psbl.org/remove');
    assert.equal(fillLink('https://psbl.org/remove', domain('example.com')), 'https://psbl.org/remove');
    assert.deepEqual(linkKinds('https://psbl.org/remove'), ['ipv4', 'ipv6', 'domain']);
    assert.deepEqual(linkKinds('https://psbl.org/listing?ip={ip}'), ['ipv4', 'ipv6']);
    assert.deepEqual(linkKinds('https://x.example/{ip}/{domain}'), []);
  });

  test('every placeholder in a template is filled', () => {
    assert.equal(fillLink('https://x.example/{ip}?again={ip}', ip('192.0.2.1')), 'https://x.example/192.0.2.1?again=192.0.2.1');
  });
});

describe('hostile values stay inside the one parameter', () => {
  const T = 'https://lists.example/lookup/{domain}?src=patrol';
  const fill = (v: string): string | undefined => fillLink(T, domain(v));

  test('query, fragment and parameter syntax are encoded, so they cannot add parameters or cut the link', () => {
    assert.equal(
      fillLink('https://psbl.org/listing?ip={ip}', ip('1.2.3.4&admin=1#x')),
      'https://psbl.org/listing?ip=1.2.3.4%26admin%3D1%23x',
    );
    assert.equal(fill('a?b=c#d'), 'https://lists.example/lookup/a%3Fb%3Dc%23d?src=patrol');
  });

  test('slashes, backslashes and dot segments cannot walk the path; a bare dot segment gives no link', () => {
    assert.equal(fill('../../admin'), 'https://lists.example/lookup/..%2F..%2Fadmin?src=patrol');
    assert.equal(fill('..\\..\\admin'), 'https://lists.example/lookup/..%5C..%5Cadmin?src=patrol');
    assert.equal(fill('..'), undefined);
    assert.equal(fill('.'), undefined);
  });

  test('the value can never change the scheme or host', () => {
    for (const v of ['//evil.example', '@evil.example', 'javascript:alert(1)', 'https://evil.example/', 'evil.example:80']) {
      const out = fill(v);
      assert.ok(out, v);
      assert.equal(new URL(out).origin, 'https://lists.example', v);
    }
  });

  test('markup, quotes, spaces and control characters come out encoded', () => {
    const out = fill('"><script>alert(1)</script> \n\r\t\u0000');
    assert.ok(out);
    assert.doesNotMatch(out, /[<>"\s]/);
    assert.ok(!out.includes('\u0000'));
    assert.match(out, /%3Cscript%3E/);
  });

  test('a placeholder inside the value is not filled again', () => {
    assert.equal(fill('{domain}'), 'https://lists.example/lookup/%7Bdomain%7D?src=patrol');
  });

  test('a value that cannot be encoded (a lone surrogate) gives no link', () => {
    assert.equal(fill('a\uD800b'), undefined);
  });
});

describe('templates that are refused', () => {
  test('only http and https links come out', () => {
    for (const t of ['javascript:alert("{ip}")', 'ftp://lists.example/{ip}', 'data:text/html,{ip}', 'mailto:abuse@example.com?body={ip}', '//lists.example/{ip}', 'lists.example/{ip}']) {
      assert.notEqual(linkTemplateProblem(t), undefined, t);
      assert.equal(fillLink(t, ip('192.0.2.1')), undefined, t);
    }
  });

  test('a placeholder in the scheme or host is refused: the target must not decide where the link goes', () => {
    for (const t of ['https://{domain}/lookup', 'https://{ip}.lists.example/', 'https://lists.example@{domain}/', '{ip}://lists.example/']) {
      assert.notEqual(linkTemplateProblem(t), undefined, t);
      assert.equal(fillLink(t, domain('evil.example')), undefined, t);
    }
  });

  test('unknown placeholders (a list key above all) and stray braces are refused, never filled', () => {
    assert.match(linkTemplateProblem('https://lists.example/{key}/{ip}') ?? '', /unknown placeholder \{key\}/);
    assert.equal(fillLink('https://lists.example/{key}/{ip}', ip('192.0.2.1')), undefined);
    assert.match(linkTemplateProblem('https://lists.example/{ip') ?? '', /unbalanced/);
    assert.match(linkTemplateProblem('https://lists.example/ip}') ?? '', /unbalanced/);
  });

  test('good templates have no problem', () => {
    for (const t of ['https://psbl.org/listing?ip={ip}', 'http://www.spamrats.com/bl?{ip}', 'https://x.example/{domain}/', 'https://psbl.org/remove']) {
      assert.equal(linkTemplateProblem(t), undefined, t);
    }
  });
});
