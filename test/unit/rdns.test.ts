// Reverse DNS judged from answers: which names look generic (a table of forms and words, not code
// branches), and how a PTR answer and its forward answers become one of five findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult } from '../../src/model.ts';
import { GENERIC_WORDS, IPV4_FORMS, IPV6_FORMS, genericReason, judgeReverseDns, reverseName } from '../../src/dnsbl/rdns.ts';

const ok = (...records: string[]): DnsResult => ({ ok: true, records });
const fail = (error: 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused'): DnsResult => ({ ok: false, error, message: error });

describe('generic names', () => {
  const A = '203.0.113.10';

  test('every form in the table is recognised for an IPv4 address', () => {
    const written: Record<string, string> = {
      dashed: '203-0-113-10',
      dotted: '203.0.113.10',
      underscored: '203_0_113_10',
      'reversed, dashed': '10-113-0-203',
      'reversed, dotted': '10.113.0.203',
      'zero-padded': '203000113010',
      'zero-padded, dashed': '203-000-113-010',
      'zero-padded, dotted': '203.000.113.010',
      'reversed, zero-padded': '010113000203',
      hex: 'cb00710a',
      'last three octets, dashed': '0-113-10',
      'last three octets reversed, dashed': '10-113-0',
      'last three octets reversed, dotted': '10.113.0',
    };
    assert.deepEqual(Object.keys(written).sort(), IPV4_FORMS.map((f) => f.label).sort(), 'one example per form');
    for (const [label, form] of Object.entries(written)) {
      const reason = genericReason(`host-${form}.isp.example`, A, 'ipv4');
      assert.ok(reason?.includes('embeds the address'), `${label}: ${form} → ${String(reason)}`);
    }
  });

  test('every word in the table is recognised where the provider names its lines, not in its own domain', () => {
    for (const word of GENERIC_WORDS) {
      assert.equal(genericReason(`${word}7.lines.isp.example`, A, 'ipv4'), `it contains the word '${word}'`, word);
      assert.equal(genericReason(`mail.${word}.example`, A, 'ipv4'), undefined, `${word} as the provider's domain`);
    }
  });

  test('a mail server\'s name is not generic, nor are digits that only look like the address', () => {
    for (const name of ['mail.example.com', 'mx1.mail.example.org', 'smtp-out.example.net', 'dynamo.example.org', 'mail1203-0-113-100.example', '110.113.0.2034.example', 'cb00710ab.example']) {
      assert.equal(genericReason(name, A, 'ipv4'), undefined, name);
    }
  });

  test('IPv6 forms', () => {
    const v6 = '2001:db8::25';
    assert.deepEqual(IPV6_FORMS.map((f) => f.label), ['dashed', 'hex digits', 'groups, dashed']);
    assert.match(genericReason('2001-db8--25.pool.isp.example', v6, 'ipv6') ?? '', /dashed: 2001-db8--25/);
    assert.match(genericReason('20010db8000000000000000000000025.isp.example', v6, 'ipv6') ?? '', /hex digits/);
    assert.match(genericReason('2001-0db8-0000-0000-0000-0000-0000-0025.isp.example', v6, 'ipv6') ?? '', /groups, dashed/);
    assert.equal(genericReason('mail6.example.com', v6, 'ipv6'), undefined);
  });
});

describe('judging the answers', () => {
  const A = '203.0.113.10';

  test('the reverse names are in-addr.arpa and ip6.arpa', () => {
    assert.equal(reverseName(A, 'ipv4'), '10.113.0.203.in-addr.arpa');
    assert.equal(reverseName('2001:db8::25', 'ipv6'), `5.2.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`);
  });

  test('no PTR only when the reverse zone says so; a failure is unknown', () => {
    assert.equal(judgeReverseDns(A, 'ipv4', fail('nxdomain'), []).status, 'no-ptr');
    assert.equal(judgeReverseDns(A, 'ipv4', fail('nodata'), []).status, 'no-ptr');
    for (const e of ['timeout', 'servfail', 'refused'] as const) {
      const f = judgeReverseDns(A, 'ipv4', fail(e), []);
      assert.equal(f.status, 'unknown', e);
      assert.match(f.reason ?? '', /^the PTR lookup /);
    }
  });

  test('forward confirmation: any PTR name whose A records include the address', () => {
    const f = judgeReverseDns(A, 'ipv4', ok('other.example.net', 'mail.example.com'), [ok('192.0.2.1'), ok('192.0.2.9', A)]);
    assert.deepEqual([f.status, f.confirmed, f.ptr], ['good', 'mail.example.com', ['other.example.net', 'mail.example.com']]);
  });

  test('not confirmed: the name resolves elsewhere, has no address, or is no host name', () => {
    assert.equal(judgeReverseDns(A, 'ipv4', ok('mail.example.com'), [ok('192.0.2.1')]).reason, 'it resolves to 192.0.2.1, not to 203.0.113.10');
    assert.equal(judgeReverseDns(A, 'ipv4', ok('mail.example.com'), [fail('nxdomain')]).reason, 'it has no A record');
    assert.equal(judgeReverseDns(A, 'ipv4', ok('bad name!'), [undefined]).reason, 'it is not a valid host name');
    // A generic name that does not confirm says both.
    const both = judgeReverseDns(A, 'ipv4', ok('203-0-113-10.dsl.isp.example'), [fail('nodata')]);
    assert.equal(both.status, 'not-confirmed');
    assert.match(both.generic ?? '', /dashed/);
  });

  test('a forward lookup that failed leaves it unknown, unless another name confirmed', () => {
    assert.equal(judgeReverseDns(A, 'ipv4', ok('mail.example.com'), [fail('timeout')]).status, 'unknown');
    assert.equal(judgeReverseDns(A, 'ipv4', ok('a.example', 'mail.example.com'), [fail('timeout'), ok(A)]).status, 'good');
  });

  test('what a hostile reverse zone sends is bounded and cleaned', () => {
    const names = Array.from({ length: 50 }, (_, i) => `h${i}.example\u001b[31m`);
    const f = judgeReverseDns(A, 'ipv4', ok(...names, `${'x'.repeat(5000)}.example`), []);
    assert.equal(f.ptr.length, 4);
    assert.ok(f.ptr.every((n) => !n.includes('\u001b') && n.length <= 253));
  });
});
