// DNS messages on the wire: what the stub resolver sends, and what it refuses to believe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as packet from 'dns-packet';
import { TYPE, WireError, answersQuery, encodeQuery, readAnswer, readHeader } from '../../src/dns/wire.ts';
import { parseResolvConf } from '../../src/dns/resolv-conf.ts';

const NAME = '2.0.0.127.zen.spamhaus.org';

function reply(over: Partial<packet.Packet> & { answers?: packet.Answer[] }, question: packet.Question = { name: NAME, type: 'A', class: 'IN' }): Buffer {
  return packet.encode({ id: 4242, type: 'response', flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE, questions: [question], ...over });
}

describe('encodeQuery', () => {
  test('a standard query with RD set that any DNS library reads back as sent', () => {
    const q = packet.decode(encodeQuery(NAME, TYPE.A, 0xbeef));
    assert.equal(q.id, 0xbeef);
    assert.equal(q.type, 'query');
    assert.equal(q.flags, packet.RECURSION_DESIRED);
    assert.deepEqual(q.questions, [{ name: NAME, type: 'A', class: 'IN' }]);
    assert.deepEqual(packet.decode(encodeQuery(`${NAME}.`, TYPE.TXT, 1)).questions?.[0]?.type, 'TXT');
  });

  test('refuses what DNS cannot carry, without repeating the name', () => {
    for (const bad of ['', '.', 'a..b', `${'x'.repeat(64)}.test`, `${'abcdefghi.'.repeat(26)}test`, 'bücher.test', 'a b.test']) {
      assert.throws(() => encodeQuery(bad, TYPE.A, 1), (e: unknown) => e instanceof WireError && !e.message.includes(bad || '\u0000'), bad);
    }
    // 63-octet labels and a 253-character name are the limits, and fit.
    assert.doesNotThrow(() => encodeQuery(`${'x'.repeat(63)}.test`, TYPE.A, 1));
    assert.doesNotThrow(() => encodeQuery(`${'abcdefghi.'.repeat(24)}${'x'.repeat(8)}.test`, TYPE.A, 1));
    assert.throws(() => encodeQuery(`${'abcdefghi.'.repeat(24)}${'x'.repeat(9)}.test`, TYPE.A, 1), WireError);
  });
});

describe('answersQuery: is this reply to our question?', () => {
  const query = encodeQuery(NAME, TYPE.A, 4242);

  test('the same question, the name in any case (RFC 4343)', () => {
    assert.equal(answersQuery(reply({}), query), true);
    assert.equal(answersQuery(reply({}, { name: NAME.toUpperCase(), type: 'A', class: 'IN' }), query), true);
  });

  test('another name, type or class, no question, two questions, or not a response: no', () => {
    assert.equal(answersQuery(reply({}, { name: `3${NAME.slice(1)}`, type: 'A', class: 'IN' }), query), false);
    assert.equal(answersQuery(reply({}, { name: NAME, type: 'TXT', class: 'IN' }), query), false);
    assert.equal(answersQuery(reply({}, { name: NAME, type: 'A', class: 'CH' }), query), false);
    assert.equal(answersQuery(reply({ questions: [] }), query), false);
    const q = { name: NAME, type: 'A', class: 'IN' } as const;
    assert.equal(answersQuery(reply({ questions: [q, q] }), query), false);
    assert.equal(answersQuery(packet.encode({ id: 4242, type: 'query', questions: [q] }), query), false);
    assert.equal(answersQuery(Buffer.from([0x10, 0x92, 0x81]), query), false);
  });

  test('a name that differs only where case folding must not apply (a length octet) is another name', () => {
    // "a" (0x61) folds with "A" (0x41); the length octet 0x01 must never be compared loosely.
    const q = encodeQuery('a.b', TYPE.A, 1);
    const r = reply({}, { name: 'a.b', type: 'A', class: 'IN' });
    assert.equal(answersQuery(r, q), true);
    r[12] = 0x21; // a length octet changed by 0x20
    assert.equal(answersQuery(r, q), false);
  });
});

describe('readAnswer', () => {
  const read = (r: Buffer, type: (typeof TYPE)[keyof typeof TYPE] = TYPE.A, name = NAME) => readAnswer(r, encodeQuery(name, type, 4242), type);

  test('A, AAAA, TXT (chunks joined) and MX records of the question', () => {
    const a = (data: string): packet.Answer => ({ name: NAME, type: 'A', ttl: 60, data });
    assert.deepEqual(read(reply({ answers: [a('127.0.0.2'), a('127.0.0.4')] })).records, ['127.0.0.2', '127.0.0.4']);
    assert.deepEqual(
      read(reply({ answers: [{ name: NAME, type: 'AAAA', ttl: 60, data: '2001:db8:0:0:0:0:0:25' }] }, { name: NAME, type: 'AAAA', class: 'IN' }), TYPE.AAAA).records,
      ['2001:db8::25'],
    );
    const txt = reply({ answers: [{ name: NAME, type: 'TXT', ttl: 60, data: [Buffer.from('Listed, see '), Buffer.from('https://x.test/é')] }] }, { name: NAME, type: 'TXT', class: 'IN' });
    assert.deepEqual(read(txt, TYPE.TXT).records, ['Listed, see https://x.test/é']);
    const mx = reply(
      { answers: [{ name: 'example.test', type: 'MX', ttl: 60, data: { preference: 20, exchange: 'MX2.Example.test' } }, { name: 'example.test', type: 'MX', ttl: 60, data: { preference: 10, exchange: '.' } }] },
      { name: 'example.test', type: 'MX', class: 'IN' },
    );
    assert.deepEqual(read(mx, TYPE.MX, 'example.test'), { rcode: 0, records: ['mx2.example.test', ''], priorities: [20, 10] });
  });

  test('records through a CNAME chain count; records for names nobody asked about do not', () => {
    const r = reply(
      {
        answers: [
          { name: 'mail.example.test', type: 'CNAME', ttl: 60, data: 'relay.example.net' },
          { name: 'relay.example.net', type: 'A', ttl: 60, data: '192.0.2.25' },
          { name: 'elsewhere.test', type: 'A', ttl: 60, data: '198.51.100.66' },
        ],
      },
      { name: 'mail.example.test', type: 'A', class: 'IN' },
    );
    assert.deepEqual(read(r, TYPE.A, 'mail.example.test').records, ['192.0.2.25']);
  });

  test('other classes and types in the answer are skipped', () => {
    const r = reply({
      answers: [
        { name: NAME, type: 'TXT', ttl: 60, data: 'not an address' },
        { name: NAME, type: 'A', ttl: 60, class: 'CH', data: '127.0.0.9' },
        { name: NAME, type: 'A', ttl: 60, data: '127.0.0.2' },
      ],
    });
    assert.deepEqual(read(r).records, ['127.0.0.2']);
  });

  test('malformed replies throw WireError, never read out of bounds or loop', () => {
    const good = reply({ answers: [{ name: NAME, type: 'A', ttl: 60, data: '127.0.0.2' }] });
    const question = 12 + NAME.length + 2 + 4;
    const cases: Record<string, Buffer> = {
      'cut inside the record header': good.subarray(0, question + 6),
      'cut inside the record data': good.subarray(0, good.length - 2),
      'A record of 3 octets': (() => {
        const b = Buffer.from(good.subarray(0, good.length - 1));
        b.writeUInt16BE(3, b.length - 5);
        return b;
      })(),
      'a pointer to itself': (() => {
        const b = Buffer.from(good);
        b[question] = 0xc0;
        b[question + 1] = question; // points at its own offset: a loop
        return b;
      })(),
      'a pointer forwards': (() => {
        const b = Buffer.from(good);
        b[question] = 0xc0;
        b[question + 1] = question + 4;
        return b;
      })(),
      'a label type 0x40': (() => {
        const b = Buffer.from(good);
        b[question] = 0x41;
        return b;
      })(),
    };
    for (const [what, bytes] of Object.entries(cases)) {
      assert.throws(() => read(bytes), WireError, what);
    }
  });

  test('the header: ID, TC bit and response code', () => {
    assert.deepEqual(readHeader(reply({ flags: packet.TRUNCATED_RESPONSE | 3 })), { id: 4242, truncated: true, rcode: 3 });
    assert.equal(readHeader(Buffer.alloc(11)), null);
  });
});

describe('parseResolvConf', () => {
  test('nameserver lines in order, at most three, comments and other options ignored', () => {
    const text = ['# generated', 'search example.test', 'nameserver 192.0.2.53', 'options timeout:1 attempts:5', 'nameserver 2001:db8::53 ; second', 'nameserver fe80::1%eth0', 'nameserver 198.51.100.53', 'nameserver not-an-ip'].join('\n');
    assert.deepEqual(parseResolvConf(text), [
      { host: '192.0.2.53', port: 53 },
      { host: '2001:db8::53', port: 53 },
      { host: 'fe80::1%eth0', port: 53 },
    ]);
  });

  test('no nameserver: the local host, as the C library does', () => {
    assert.deepEqual(parseResolvConf(''), [{ host: '127.0.0.1', port: 53 }]);
    assert.deepEqual(parseResolvConf('nameserver bogus\n# nameserver 192.0.2.1'), [{ host: '127.0.0.1', port: 53 }]);
  });
});
