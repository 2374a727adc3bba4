// Lists whose code sits in one octet of the answer (0spam NBL: 127.0.#.0) are decoded by
// position, as data: the decode mode names the octet, the codes are its values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult, ListDef } from '../../src/model.ts';
import { codeKey, decodeAnswer, meaningsOf } from '../../src/dnsbl/decode.ts';
import { causesOf } from '../../src/dnsbl/causes.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';

const answer = (...records: string[]): DnsResult => ({ ok: true, records });

const third: ListDef = {
  id: 'net-bl',
  name: 'Network BL',
  zone: 'nbl.test',
  kinds: ['ipv4'],
  decode: 'octet-3',
  codes: {
    '1': { meaning: 'spam traps', severity: 'low', cause: 'spam-traps' },
    '7': { meaning: 'open relay', severity: 'high', cause: 'open-service' },
  },
  refusals: { '127.0.0.1': 'refused', '255': 'over quota' },
  test: { listed: '127.0.0.2', unlisted: '127.0.0.1' },
  access: 'public',
  scope: 'range',
  default: false,
};

describe('decoding by the position of the code', () => {
  test('the named octet is the code; the others carry nothing', () => {
    const d = decodeAnswer(third, answer('127.0.7.0'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.meanings, ['open relay']);
    assert.equal(d.severity, 'high');
    assert.deepEqual(decodeAnswer(third, answer('127.9.1.200')).meanings, ['spam traps']);
  });

  test('an undocumented value is still a listing, and says which octet held what', () => {
    const d = decodeAnswer(third, answer('127.0.42.0'));
    assert.equal(d.status, 'listed');
    assert.deepEqual(d.meanings, ['return code 127.0.42.0 (value 42 in octet 3 not documented by this list)']);
    assert.equal(d.severity, 'medium');
  });

  test('refusals match a whole answer or the octet value, and beat any listing beside them', () => {
    assert.equal(decodeAnswer(third, answer('127.0.0.1')).status, 'unknown');
    assert.equal(decodeAnswer(third, answer('127.0.255.0')).status, 'unknown');
    assert.equal(decodeAnswer(third, answer('127.0.7.0', '127.0.255.0')).status, 'unknown');
  });

  test('several answers give one meaning each, in answer order, with their causes', () => {
    const found = meaningsOf(third, ['127.0.7.0', '127.0.1.0']);
    assert.deepEqual(found.map((m) => m.meaning), ['open relay', 'spam traps']);
    assert.deepEqual(causesOf(found), ['open-service', 'spam-traps']);
  });

  test('octet-2 and octet-4 read their own octet', () => {
    const second: ListDef = { ...third, decode: 'octet-2', refusals: {} };
    assert.deepEqual(decodeAnswer(second, answer('127.7.0.0')).meanings, ['open relay']);
    const last: ListDef = { ...third, decode: 'octet-4', refusals: {} };
    assert.deepEqual(decodeAnswer(last, answer('127.0.0.1')).meanings, ['spam traps']);
    assert.equal(codeKey('octet-2', '127.5.6.7'), '5');
    assert.equal(codeKey('octet-3', '127.5.6.7'), '6');
    assert.equal(codeKey('octet-4', '127.5.6.7'), '7');
    assert.equal(codeKey('exact', '127.5.6.7'), '127.5.6.7');
    assert.equal(codeKey('bitmask', '127.5.6.7'), undefined);
  });

  test('answers outside 127.0.0.0/8 are still unknown, whatever the mode', () => {
    assert.equal(decodeAnswer(third, answer('10.0.7.0')).status, 'unknown');
    assert.deepEqual(meaningsOf(third, ['10.0.7.0', '127.0.0.1']), []);
  });
});

describe('custom lists decode by position too', () => {
  test('a monitors.yml list with decode: octet-3', () => {
    const custom = customToListDef({
      id: 'corp-nbl',
      zone: 'nbl.corp.example',
      kinds: ['ipv4'],
      decode: 'octet-3',
      codes: { '4': 'bad neighbourhood' },
      refusals: { '127.0.0.1': 'refused' },
    });
    assert.deepEqual(decodeAnswer(custom, answer('127.0.4.0')).meanings, ['bad neighbourhood']);
    assert.equal(decodeAnswer(custom, answer('127.0.0.1')).status, 'unknown');
    assert.deepEqual(causesOf(meaningsOf(custom, ['127.0.4.0'])), ['uncategorised']);
  });
});
