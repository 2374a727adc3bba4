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

describe('what the operator is told about a list that fails its test points', () => {
  const spamcop = list('spamcop');
  const probe = (item: string, result: DnsResult) => ({ item, result });
  const listedPoint = (result: DnsResult) => probe('127.0.0.2', result);
  const unlistedPoint = (result: DnsResult) => probe('127.0.0.1', result);
  const CHOOSE = ' (choose one with settings.resolvers, --resolver or the resolvers input)';

  test('a list that cannot be reached: why, which test point, and what the DNS layer said', () => {
    const why = { timeout: 'timed out', servfail: 'SERVFAIL', error: 'DNS error' } as const;
    for (const error of ['timeout', 'servfail', 'error'] as const) {
      assert.deepEqual(judgeHealth(spamcop, listedPoint(answer('127.0.0.2')), unlistedPoint(fail(error))), {
        status: 'unreachable',
        reason: `unreachable: ${why[error]}`,
        detail: `no usable answer for test point 127.0.0.1: ${error}`,
        fix: `check that this machine's resolver answers and reaches the internet${CHOOSE}; if it does, the list may be down`,
      });
    }
    assert.equal(
      judgeHealth(spamcop, listedPoint(fail('timeout')), unlistedPoint(fail('nxdomain')), '192.0.2.53:53').fix,
      'check that the resolver you gave (192.0.2.53:53) answers and reaches the internet; if it does, the list may be down',
    );
  });

  test('NODATA is an answer like NXDOMAIN: healthy on the must-not-list point, empty on the listed one', () => {
    assert.deepEqual(judgeHealth(spamcop, listedPoint(answer('127.0.0.2')), unlistedPoint(fail('nodata'))), { status: 'ok' });
    assert.equal(judgeHealth(spamcop, listedPoint(fail('nodata')), unlistedPoint(fail('nxdomain'))).status, 'empty');
  });

  test('a rewritten answer names the test point and the address the resolver put there', () => {
    assert.deepEqual(judgeHealth(spamcop, listedPoint(answer('127.0.0.2')), unlistedPoint(answer('92.242.132.24'))), {
      status: 'unreachable',
      reason: 'unreachable: the resolver rewrites answers',
      detail: 'test point 127.0.0.1 answered 92.242.132.24, outside 127.0.0.0/8',
      fix: `this machine's resolver redirects NXDOMAIN to its own address (ISP, captive-portal and ad-blocking resolvers do): use one that does not${CHOOSE}; a local unbound works`,
    });
  });

  test('an answer that is not an IPv4 address in 127.0.0.0/8 is a rewritten answer, as a verdict would say, not a refusal', () => {
    for (const bad of ['127.999.0.1', '127.0.0.2 ', ' 127.0.0.2', '127.0.0.2.5']) {
      const h = judgeHealth(spamcop, listedPoint(answer(bad)), unlistedPoint(fail('nxdomain')));
      assert.equal(h.status, 'unreachable', JSON.stringify(bad));
      assert.equal(h.reason, 'unreachable: the resolver rewrites answers', JSON.stringify(bad));
      assert.equal(h.detail, `test point 127.0.0.2 answered ${bad}, outside 127.0.0.0/8`);
    }
  });

  test("a refusal code: the list's own reason for it, every record of the answer, and the list's own fix", () => {
    const zen = list('spamhaus-zen');
    const h = judgeHealth(zen, listedPoint(answer('127.0.0.2', '127.255.255.254')), unlistedPoint(fail('nxdomain')));
    assert.deepEqual(h, {
      status: 'refused',
      reason: `refused: ${zen.refusals['127.255.255.254']}`,
      detail: 'test point 127.0.0.2 answered 127.0.0.2, 127.255.255.254',
      fix: zen.refusedFix,
    });
    assert.match(h.reason ?? '', /public or cloud resolver/);
  });

  test('a refused query: said so, with the resolver message; the fix depends on how the list is reached', () => {
    const refused = (l: ListDef, resolver?: string) => judgeHealth(l, listedPoint(fail('refused')), unlistedPoint(fail('refused')), resolver);
    assert.deepEqual(refused(spamcop), {
      status: 'refused',
      reason: 'refused: the DNS server answered REFUSED',
      detail: 'refused',
      fix: `the list refuses queries from this machine's resolver (shared, public or cloud resolvers are often refused); use a resolver of your own with a fixed, attributable address${CHOOSE}`,
    });
    const abusix = list('abusix-combined');
    assert.equal(abusix.access, 'key');
    assert.equal(refused(abusix).fix, 'check that the key is right and still active');
    const registered: ListDef = { ...spamcop, id: 'corp', access: 'registered-resolver' };
    assert.equal(
      refused(registered, '192.0.2.53:53').fix,
      'register the address of the resolver you gave (192.0.2.53:53) with the list operator, or run the patrol on a self-hosted runner whose resolver is registered',
    );
  });

  test('an empty list and a dead one: the test point behind the verdict', () => {
    assert.deepEqual(judgeHealth(spamcop, listedPoint(fail('nxdomain')), unlistedPoint(fail('nxdomain'))), {
      status: 'empty',
      reason: 'empty: does not list its test point',
      detail: 'test point 127.0.0.2 is not listed (NXDOMAIN)',
      fix: `the list may be shut down, or it hides its data from this machine's resolver (some lists answer NXDOMAIN to resolvers they block), or this machine's resolver cannot reach the internet${CHOOSE}`,
    });
    assert.deepEqual(judgeHealth(spamcop, listedPoint(answer('127.0.0.2')), unlistedPoint(answer('127.0.0.2', '127.0.0.4'))), {
      status: 'dead',
      reason: 'dead: lists everything',
      detail: 'its must-not-list test point 127.0.0.1 is listed (127.0.0.2, 127.0.0.4)',
      fix: 'remove this list: a zone that answers for every name would report every address as listed',
    });
  });
});
