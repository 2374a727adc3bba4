// Verdict decoding: the rules that make a listing trustworthy and never turn silence into "clean".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsError, DnsResult, ListDef } from '../../src/model.ts';
import { decodeAnswer, isRefusal } from '../../src/dnsbl/decode.ts';
import { LISTS, findList } from '../../src/dnsbl/catalog.ts';

function list(id: string): ListDef {
  const l = findList(id);
  assert.ok(l, `catalog has ${id}`);
  return l;
}
const answer = (...records: string[]): DnsResult => ({ ok: true, records });
const fail = (error: DnsError, message = `query failed: ${error}`): DnsResult => ({ ok: false, error, message });
/** The part of a meaning before its colon: "SBL", "black", "MW". */
const tags = (meanings: string[]): string[] => meanings.map((m) => m.split(':')[0] ?? '');

describe('DNS errors and empty answers', () => {
  test('NXDOMAIN and NODATA are clean', () => {
    for (const r of [fail('nxdomain'), fail('nodata'), answer()]) {
      assert.deepEqual(decodeAnswer(list('spamcop'), r), { status: 'clean', codes: [], meanings: [] });
    }
  });

  test('timeout, SERVFAIL, REFUSED and other errors are unknown, with a reason', () => {
    const spamcop = list('spamcop');
    assert.deepEqual(decodeAnswer(spamcop, fail('timeout')), { status: 'unknown', codes: [], meanings: [], reason: 'timed out' });
    assert.equal(decodeAnswer(spamcop, fail('servfail')).reason, 'the server failed (SERVFAIL)');
    assert.equal(decodeAnswer(spamcop, fail('refused')).reason, 'the server refused the query (REFUSED)');
    assert.deepEqual(decodeAnswer(spamcop, fail('error')), { status: 'unknown', codes: [], meanings: [], reason: 'the DNS lookup failed' });
  });

  test('a timeout is never clean, on any list in the catalog', () => {
    for (const l of LISTS) {
      for (const e of ['timeout', 'servfail', 'refused', 'error'] as const) {
        assert.equal(decodeAnswer(l, fail(e)).status, 'unknown', `${l.id} ${e}`);
      }
    }
  });

  test('the adapter message stays out of the reason: it may carry a keyed query name', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), fail('error', 'queryA ECONNRESET 2.0.0.127.SECRETKEY.zen.dq.spamhaus.net'));
    assert.equal(d.status, 'unknown');
    assert.doesNotMatch(d.reason ?? '', /SECRETKEY/);
  });
});

describe('answers outside 127.0.0.0/8', () => {
  test('a rewritten answer is unknown, and the reason says what to do', () => {
    const d = decodeAnswer(list('spamcop'), answer('198.51.100.1'));
    assert.equal(d.status, 'unknown');
    assert.deepEqual(d.codes, ['198.51.100.1']);
    assert.deepEqual(d.meanings, []);
    assert.equal(
      d.reason,
      'the resolver rewrote the answer (got 198.51.100.1, outside 127.0.0.0/8): use a resolver that does not redirect NXDOMAIN',
    );
  });

  test('one foreign record spoils the whole answer, even beside a real code', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.2', '92.242.132.24'));
    assert.equal(d.status, 'unknown');
    assert.match(d.reason ?? '', /92\.242\.132\.24/);
  });

  test('a record that is not an address is quoted in the reason, and a long one is cut at 64 characters', () => {
    const reason = (record: string) => decodeAnswer(list('spamcop'), answer(record)).reason;
    const said = (got: string) => `the resolver rewrote the answer (got ${got}, not an IPv4 address, outside 127.0.0.0/8): use a resolver that does not redirect NXDOMAIN`;
    assert.equal(reason('listed'), said('"listed"'));
    const exactly64 = 'x'.repeat(64);
    assert.equal(reason(exactly64), said(`"${exactly64}"`));
    assert.equal(reason(`${'y'.repeat(64)}z`), said(`"${'y'.repeat(64)}…"`));
    assert.equal(reason(`${'y'.repeat(64)}${'z'.repeat(500)}`), said(`"${'y'.repeat(64)}…"`));
  });

  test('records that are not IPv4 addresses are unknown too', () => {
    for (const bad of ['::1', '127.999.0.1', '127.0.0', 'listed', '127.0.0.2 ']) {
      const d = decodeAnswer(list('spamcop'), answer(bad));
      assert.equal(d.status, 'unknown', JSON.stringify(bad));
      assert.match(d.reason ?? '', /rewrote the answer/);
    }
  });
});

describe('refusal codes are unknown, never listed', () => {
  test('Spamhaus public mirror and DQS error codes', () => {
    for (const id of ['spamhaus-zen', 'spamhaus-zen-dqs', 'spamhaus-dbl', 'spamhaus-dbl-dqs']) {
      for (const code of ['127.255.255.252', '127.255.255.254', '127.255.255.255']) {
        const d = decodeAnswer(list(id), answer(code));
        assert.equal(d.status, 'unknown', `${id} ${code}`);
        assert.ok(d.reason?.startsWith(`${code}: `), `${id} ${code}: ${d.reason}`);
      }
    }
    assert.match(decodeAnswer(list('spamhaus-zen'), answer('127.255.255.254')).reason ?? '', /public or cloud resolver/);
    assert.match(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.255.255.250')).reason ?? '', /key is disabled/);
    assert.match(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.255.255.251')).reason ?? '', /key is rejected/);
  });

  test('the whole Spamhaus error range is refusals, including codes not yet named', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), answer('127.255.255.7'));
    assert.equal(d.status, 'unknown');
    assert.match(d.reason ?? '', /error range/);
  });

  test('DBL 127.0.1.255 (an IP asked of a domain list) and 127.0.0.1 (blocked resolver) are unknown', () => {
    const dbl = list('spamhaus-dbl-dqs');
    assert.equal(decodeAnswer(dbl, answer('127.0.1.255')).status, 'unknown');
    assert.match(decodeAnswer(dbl, answer('127.0.1.255')).reason ?? '', /IP address was queried/);
    assert.equal(decodeAnswer(list('spamhaus-dbl'), answer('127.0.0.1')).status, 'unknown');
    const spam = decodeAnswer(dbl, answer('127.0.1.2'));
    assert.deepEqual([spam.status, spam.severity], ['listed', 'high']);
  });

  test('a refusal beside listing codes still makes the answer unknown, and every record is kept', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.2', '127.0.0.4', '127.255.255.254'));
    assert.equal(d.status, 'unknown');
    assert.deepEqual(d.codes, ['127.0.0.2', '127.0.0.4', '127.255.255.254']);
    assert.deepEqual(d.meanings, []);
    assert.equal(d.severity, undefined);
  });

  test('127.0.0.1 is a refusal on exact lists, except where the list documents it as a listing', () => {
    assert.equal(decodeAnswer(list('psbl'), answer('127.0.0.1')).status, 'unknown');
    const ss = decodeAnswer(list('senderscore'), answer('127.0.0.1'));
    assert.equal(ss.status, 'listed');
    assert.match(ss.meanings[0] ?? '', /bot/);
    assert.equal(decodeAnswer(list('senderscore'), answer('127.255.255.255')).status, 'unknown');
  });

  test('isRefusal answers for exact codes and for bits', () => {
    assert.equal(isRefusal(list('spamhaus-zen'), '127.255.255.254'), true);
    assert.equal(isRefusal(list('spamhaus-zen'), '127.0.0.2'), false);
    assert.equal(isRefusal(list('uribl-multi'), '127.0.0.1'), true);
    assert.equal(isRefusal(list('uribl-multi'), '127.0.0.3'), true);
    assert.equal(isRefusal(list('uribl-multi'), '127.0.0.2'), false);
  });
});

describe('exact decoding', () => {
  test('Spamhaus ZEN: 127.0.0.2 + 127.0.0.4 + 127.0.0.10 gives three meanings, in order', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.2', '127.0.0.4', '127.0.0.10'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.codes, ['127.0.0.2', '127.0.0.4', '127.0.0.10']);
    assert.deepEqual(tags(d.meanings), ['SBL', 'XBL', 'PBL']);
    assert.equal(d.severity, 'high');
    assert.equal(d.reason, undefined);
  });

  test('severity is the highest among the listings', () => {
    assert.equal(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.10')).severity, 'low');
    assert.equal(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.10', '127.0.0.3')).severity, 'high');
    assert.equal(decodeAnswer(list('mailspike-bl'), answer('127.0.0.13')).severity, 'low');
  });

  test('an undocumented 127/8 code is still a listing, said to be undocumented', () => {
    const d = decodeAnswer(list('spamcop'), answer('127.0.0.77'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.meanings, ['return code 127.0.0.77 (not documented by this list)']);
    assert.equal(d.severity, 'medium');
  });

  test('codes are never read as bits on an exact list (ZEN 127.0.0.10 is PBL, not 2 + 8)', () => {
    assert.deepEqual(tags(decodeAnswer(list('spamhaus-zen'), answer('127.0.0.10')).meanings), ['PBL']);
  });

  test('a list that answers its test point with another code still reads as listed (blocklist.de, suomispam)', () => {
    assert.equal(decodeAnswer(list('blocklist-de'), answer('127.0.0.15')).status, 'listed');
    assert.equal(decodeAnswer(list('suomispam'), answer('127.0.0.99')).status, 'listed');
  });
});

describe('bitmask decoding', () => {
  const uribl = (): ListDef => list('uribl-multi');
  const surbl = (): ListDef => list('surbl-multi');

  test('URIBL 127.0.0.1 is a refusal, with URIBL’s reason', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.1'));
    assert.equal(d.status, 'unknown');
    assert.match(d.reason ?? '', /^127\.0\.0\.1: query refused/);
  });

  test('URIBL 127.0.0.2 is black', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.2'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(tags(d.meanings), ['black']);
    assert.equal(d.severity, 'high');
  });

  test('URIBL 127.0.0.14 (its test point) is black + grey + red', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.14'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(tags(d.meanings), ['black', 'grey', 'red']);
    assert.equal(d.severity, 'high');
  });

  test('URIBL grey alone is a listing of severity info', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.4'));
    assert.deepEqual([d.status, d.severity], ['listed', 'info']);
  });

  test('the refusal bit is checked first: 127.0.0.3 (refused + black) is unknown', () => {
    assert.equal(decodeAnswer(uribl(), answer('127.0.0.3')).status, 'unknown');
    assert.equal(decodeAnswer(surbl(), answer('127.0.0.65')).status, 'unknown');
  });

  test('SURBL 127.0.0.80 is MW + ABUSE', () => {
    const d = decodeAnswer(surbl(), answer('127.0.0.80'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(tags(d.meanings), ['MW', 'ABUSE']);
  });

  test('only the last octet carries bits (SURBL reserves octets 2 and 3)', () => {
    assert.deepEqual(tags(decodeAnswer(surbl(), answer('127.0.1.16')).meanings), ['MW']);
  });

  test('no known bit set: still listed, as undocumented bits', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.16'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.meanings, ['return code 127.0.0.16 (bits not documented by this list)']);
    assert.equal(d.severity, 'medium');
  });

  test('known bits beside unknown ones: the known meanings, then a note on the rest', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.18'));
    assert.deepEqual(tags(d.meanings), ['black', 'return code 127.0.0.18 also sets bits not documented by this list (16)']);
  });

  test('several records: each decoded, meanings in answer order', () => {
    const d = decodeAnswer(uribl(), answer('127.0.0.8', '127.0.0.2'));
    assert.deepEqual(d.codes, ['127.0.0.8', '127.0.0.2']);
    assert.deepEqual(tags(d.meanings), ['red', 'black']);
    assert.equal(d.severity, 'high');
  });
});
