// List health: a list is believed only after its test points answer as RFC 5782 says.
// (Decoding a single answer is decode.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult, ListDef } from '../../src/model.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { judgeHealth } from '../../src/dnsbl/health.ts';

function list(id: string): ListDef {
  const l = findList(id);
  assert.ok(l, `catalog has ${id}`);
  return l;
}
const answer = (...records: string[]): DnsResult => ({ ok: true, records });
const fail = (error: 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'error'): DnsResult => ({ ok: false, error, message: error });

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
