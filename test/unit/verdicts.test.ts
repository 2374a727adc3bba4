// Decoding a list's answer: the rules that make verdicts trustworthy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult, ListDef } from '../../src/model.ts';
import { decodeAnswer } from '../../src/dnsbl/decode.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { judgeHealth } from '../../src/dnsbl/health.ts';

function list(id: string): ListDef {
  const l = findList(id);
  assert.ok(l, `catalog has ${id}`);
  return l;
}
const answer = (...records: string[]): DnsResult => ({ ok: true, records });
const fail = (error: 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'error'): DnsResult => ({ ok: false, error, message: error });

describe('decodeAnswer', () => {
  test('NXDOMAIN and NODATA are clean; timeouts, SERVFAIL, REFUSED are unknown, never clean', () => {
    const zen = list('spamhaus-zen-dqs');
    assert.equal(decodeAnswer(zen, fail('nxdomain')).status, 'clean');
    assert.equal(decodeAnswer(zen, fail('nodata')).status, 'clean');
    for (const e of ['timeout', 'servfail', 'refused', 'error'] as const) {
      const d = decodeAnswer(zen, fail(e));
      assert.equal(d.status, 'unknown', e);
      assert.ok(d.reason, `${e} has a reason`);
    }
  });

  test('Spamhaus ZEN: several A records give every meaning', () => {
    const d = decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.2', '127.0.0.4', '127.0.0.10'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.codes, ['127.0.0.2', '127.0.0.4', '127.0.0.10']);
    assert.equal(d.meanings.length, 3);
    assert.match(d.meanings[0] ?? '', /^SBL/);
    assert.match(d.meanings[1] ?? '', /^XBL/);
    assert.match(d.meanings[2] ?? '', /^PBL/);
    assert.equal(d.severity, 'high');
  });

  test('Spamhaus refusal codes are unknown, never listed', () => {
    for (const code of ['127.255.255.252', '127.255.255.254', '127.255.255.255']) {
      const d = decodeAnswer(list('spamhaus-zen'), answer(code));
      assert.equal(d.status, 'unknown', code);
      assert.match(d.reason ?? '', new RegExp(code.replace(/\./g, '\\.')));
    }
    assert.equal(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.255.255.251')).status, 'unknown');
  });

  test('DBL 127.0.1.255 (an IP sent to a domain list) is unknown', () => {
    assert.equal(decodeAnswer(list('spamhaus-dbl-dqs'), answer('127.0.1.255')).status, 'unknown');
    assert.equal(decodeAnswer(list('spamhaus-dbl-dqs'), answer('127.0.1.2')).status, 'listed');
  });

  test('a refusal mixed with listing codes is still unknown', () => {
    assert.equal(decodeAnswer(list('spamhaus-zen-dqs'), answer('127.0.0.2', '127.255.255.254')).status, 'unknown');
  });

  test('URIBL bitmask: bit 1 is a refusal, 2/4/8 are black/grey/red', () => {
    const uribl = list('uribl-multi');
    const refused = decodeAnswer(uribl, answer('127.0.0.1'));
    assert.equal(refused.status, 'unknown');
    assert.match(refused.reason ?? '', /refused/i);
    const black = decodeAnswer(uribl, answer('127.0.0.2'));
    assert.equal(black.status, 'listed');
    assert.deepEqual(black.meanings.map((m) => m.split(':')[0]), ['black']);
    const all = decodeAnswer(uribl, answer('127.0.0.14'));
    assert.deepEqual(all.meanings.map((m) => m.split(':')[0]), ['black', 'grey', 'red']);
    // A refused bit wins over listing bits.
    assert.equal(decodeAnswer(uribl, answer('127.0.0.3')).status, 'unknown');
  });

  test('SURBL 127.0.0.80 is malware + abuse; bit 1 is blocked', () => {
    const surbl = list('surbl-multi');
    const d = decodeAnswer(surbl, answer('127.0.0.80'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.meanings.map((m) => m.split(':')[0]), ['MW', 'ABUSE']);
    assert.equal(decodeAnswer(surbl, answer('127.0.0.1')).status, 'unknown');
  });

  test('an answer outside 127.0.0.0/8 is unknown: the resolver rewrote it', () => {
    const d = decodeAnswer(list('spamcop'), answer('198.51.100.7'));
    assert.equal(d.status, 'unknown');
    assert.match(d.reason ?? '', /rewrote the answer.*198\.51\.100\.7/);
  });

  test('an undocumented 127/8 code of an exact list is still a listing, said to be undocumented', () => {
    const d = decodeAnswer(list('spamcop'), answer('127.0.0.77'));
    assert.equal(d.status, 'listed');
    assert.match(d.meanings[0] ?? '', /127\.0\.0\.77.*not documented/);
  });
});

describe('judgeHealth', () => {
  const spamcop = list('spamcop');
  const probe = (item: string, result: DnsResult) => ({ item, result });

  test('listed test point listed and unlisted one clean: ok', () => {
    assert.equal(judgeHealth(spamcop, probe('127.0.0.2', answer('127.0.0.2')), probe('127.0.0.1', fail('nxdomain'))).status, 'ok');
  });

  test('Spamhaus public mirror answering 127.255.255.254: refused, fix says DQS key', () => {
    const h = judgeHealth(list('spamhaus-zen'), probe('127.0.0.2', answer('127.255.255.254')), probe('127.0.0.1', answer('127.255.255.254')));
    assert.equal(h.status, 'refused');
    assert.match(h.fix ?? '', /DQS key/);
  });

  test('Spamhaus answering NXDOMAIN to a blocked resolver: empty, not clean', () => {
    const h = judgeHealth(list('spamhaus-zen'), probe('127.0.0.2', fail('nxdomain')), probe('127.0.0.1', fail('nxdomain')));
    assert.equal(h.status, 'empty');
  });

  test('listing the must-not-list point: dead', () => {
    const h = judgeHealth(spamcop, probe('127.0.0.2', answer('127.0.0.2')), probe('127.0.0.1', answer('127.0.0.2')));
    assert.equal(h.status, 'dead');
    assert.match(h.reason ?? '', /lists everything/);
  });

  test('timeouts: unreachable; rewritten answers: said plainly', () => {
    assert.equal(judgeHealth(spamcop, probe('127.0.0.2', fail('timeout')), probe('127.0.0.1', fail('nxdomain'))).status, 'unreachable');
    const rewritten = judgeHealth(spamcop, probe('127.0.0.2', answer('127.0.0.2')), probe('127.0.0.1', answer('92.242.132.24')));
    assert.equal(rewritten.status, 'unreachable');
    assert.match(rewritten.reason ?? '', /rewrites answers/);
  });

  test('fixes that blame the resolver name the one the user gave, and suggest one only when none was given', () => {
    const cases = [
      [probe('127.0.0.2', fail('timeout')), probe('127.0.0.1', fail('nxdomain'))],
      [probe('127.0.0.2', answer('127.0.0.2')), probe('127.0.0.1', answer('92.242.132.24'))],
      [probe('127.0.0.2', fail('refused')), probe('127.0.0.1', fail('refused'))],
      [probe('127.0.0.2', fail('nxdomain')), probe('127.0.0.1', fail('nxdomain'))],
    ] as const;
    for (const [listed, unlisted] of cases) {
      const system = judgeHealth(spamcop, listed, unlisted);
      const given = judgeHealth(spamcop, listed, unlisted, '192.0.2.53:53');
      assert.equal(given.status, system.status);
      assert.match(system.fix ?? '', /settings\.resolvers/, `${system.status}: says how to choose a resolver`);
      assert.match(given.fix ?? '', /the resolver you gave \(192\.0\.2\.53:53\)/, `${given.status}: names it`);
      assert.doesNotMatch(given.fix ?? '', /settings\.resolvers|your own resolver/, `${given.status}: does not ask for what was given`);
    }
  });

  test('a list whose negative test point is skipped (SenderScore: 127.0.0.1 is a listing code)', () => {
    const ss = list('senderscore');
    assert.equal(ss.test.unlisted, null);
    assert.equal(judgeHealth(ss, probe('127.0.0.2', answer('127.0.0.2')), null).status, 'ok');
    assert.equal(judgeHealth(ss, probe('127.0.0.2', answer('127.255.255.255')), null).status, 'refused');
  });
});
