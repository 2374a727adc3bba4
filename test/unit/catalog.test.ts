// Catalog invariants: every list can be queried, health-checked and decoded as its data says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsResult, ItemKind, ListDef } from '../../src/model.ts';
import { DEAD_ZONES, DEFAULT_SET_RULE, LISTS, deadZoneFor, displayZone, findList, zoneWithKey } from '../../src/dnsbl/catalog.ts';
import { CAUSES, causesOf } from '../../src/dnsbl/causes.ts';
import { decodeAnswer, meaningsOf } from '../../src/dnsbl/decode.ts';
import { judgeHealth } from '../../src/dnsbl/health.ts';
import { fillLink, linkKinds, linkTemplateProblem } from '../../src/dnsbl/links.ts';
import { removalSummary } from '../../src/dnsbl/removal.ts';
import { itemKind, queryName } from '../../src/dnsbl/query.ts';

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SEVERITIES = new Set(['high', 'medium', 'low', 'info']);

/** 127.0.0.0/8 dotted quad. */
function isLoopbackCode(k: string): boolean {
  const o = k.split('.');
  return o.length === 4 && o[0] === '127' && o.every((x) => /^(0|[1-9]\d{0,2})$/.test(x) && Number(x) <= 255);
}
/** A single bit of the last octet, as a decimal string. */
function isBit(k: string): boolean {
  return [1, 2, 4, 8, 16, 32, 64, 128].map(String).includes(k);
}
/** A code key as the list's decoding reads it; refusals may also name a whole answer in any mode. */
function keyOk(l: ListDef, k: string, field: 'codes' | 'refusals'): boolean {
  if (field === 'refusals' && isLoopbackCode(k)) return true;
  if (l.decode === 'exact') return isLoopbackCode(k);
  if (l.decode === 'bitmask') return isBit(k);
  return /^(0|[1-9]\d{0,2})$/.test(k) && Number(k) <= 255;
}
function got(...records: string[]): DnsResult {
  return { ok: true, records };
}
const NX: DnsResult = { ok: false, error: 'nxdomain', message: 'ENOTFOUND' };
function byId(id: string): ListDef {
  const l = findList(id);
  assert.ok(l, id);
  return l;
}
function isUrl(u: string): boolean {
  return URL.canParse(u) && /^https?:$/.test(new URL(u).protocol);
}

describe('every list', () => {
  test('ids are unique, lower-case words', () => {
    const ids = LISTS.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate id');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('zones are valid lower-case DNS names; only key lists hold {key}, as the first label', () => {
    for (const l of LISTS) {
      const labels = l.zone.split('.');
      const rest = l.access === 'key' ? labels.slice(1) : labels;
      if (l.access === 'key') assert.equal(labels[0], '{key}', l.id);
      assert.ok(rest.length >= 2 && rest.every((x) => LABEL.test(x)), `${l.id}: ${l.zone}`);
      assert.ok(l.zone.length <= 253 - 64, `${l.id}: room for the item in front`);
      assert.equal(l.zone.split('{key}').length - 1, l.access === 'key' ? 1 : 0, l.id);
    }
  });

  test('key lists name their key and are on when it is given; other lists have no key', () => {
    for (const l of LISTS) {
      if (l.access === 'key') {
        assert.ok(l.key === 'spamhaus-dqs' || l.key === 'abusix', l.id);
      } else {
        assert.equal(l.key, undefined, l.id);
      }
    }
    for (const id of ['spamhaus-zen-dqs', 'spamhaus-authbl-dqs', 'spamhaus-dbl-dqs', 'abusix-combined', 'abusix-dblack']) {
      assert.equal(findList(id)?.default, true, id);
    }
  });

  test('kinds are non-empty and without repeats', () => {
    for (const l of LISTS) {
      assert.ok(l.kinds.length > 0, l.id);
      assert.equal(new Set(l.kinds).size, l.kinds.length, l.id);
    }
  });

  test('codes and refusals are keyed as the decode type reads them, and no answer is both', () => {
    for (const l of LISTS) {
      for (const k of Object.keys(l.codes)) assert.ok(keyOk(l, k, 'codes'), `${l.id} code ${k}`);
      for (const k of Object.keys(l.refusals)) assert.ok(keyOk(l, k, 'refusals'), `${l.id} refusal ${k}`);
      for (const k of Object.keys(l.codes)) assert.ok(!(k in l.refusals), `${l.id}: ${k} is both a code and a refusal`);
    }
  });

  test('every code has a meaning, a known severity and a cause from the vocabulary; every refusal a reason', () => {
    for (const l of LISTS) {
      for (const [k, c] of Object.entries(l.codes)) {
        assert.ok(c.meaning.trim().length > 0, `${l.id} ${k}`);
        assert.ok(SEVERITIES.has(c.severity), `${l.id} ${k}`);
        assert.ok(c.cause !== undefined && c.cause in CAUSES, `${l.id} ${k}: cause ${String(c.cause)}`);
      }
      for (const [k, r] of Object.entries(l.refusals)) assert.ok(r.trim().length > 0, `${l.id} ${k}`);
    }
  });

  test('test points match the kind the list is first asked about, and make valid query names', () => {
    for (const l of LISTS) {
      const first = l.kinds[0];
      const points = [l.test.listed, ...(l.test.unlisted === null ? [] : [l.test.unlisted])];
      for (const p of points) {
        assert.equal(itemKind(p), first, `${l.id}: test point ${p}`);
        assert.doesNotThrow(() => queryName(p, itemKind(p) ?? 'domain', zoneWithKey(l, 'k')), `${l.id}: ${p}`);
      }
      assert.notEqual(l.test.listed, l.test.unlisted, l.id);
    }
  });

  test('IPv6-only lists use the IPv6 test points, domain lists use names', () => {
    const v6only = LISTS.filter((l) => l.kinds.length === 1 && l.kinds[0] === 'ipv6');
    assert.ok(v6only.length > 0);
    for (const l of v6only) assert.deepEqual(l.test, { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' }, l.id);
    for (const l of LISTS.filter((x) => x.kinds[0] === 'domain')) {
      assert.equal(itemKind(l.test.listed), 'domain', l.id);
      assert.equal(l.scope, 'domain', l.id);
    }
  });

  test('a skipped negative test point only where 127.0.0.1 is itself a listing code', () => {
    for (const l of LISTS.filter((x) => x.test.unlisted === null)) {
      assert.ok('127.0.0.1' in l.codes, `${l.id} skips its negative test point without a reason`);
    }
  });

  test('the answer 127.0.0.1 is never a listing unless the list documents it as one, whatever the decoding', () => {
    const documented = new Set(['0spam-bl', 'dronebl', 'senderscore']);
    for (const l of LISTS) {
      const d = decodeAnswer(l, got('127.0.0.1'));
      if (documented.has(l.id)) {
        assert.equal(d.status, 'listed', l.id);
        assert.equal(d.meanings[0], l.codes['127.0.0.1']?.meaning, l.id);
      } else {
        assert.equal(d.status, 'unknown', `${l.id} reads 127.0.0.1 as ${d.status}`);
      }
    }
  });

  test('where 127.0.0.1 is a listing code, the negative test point still catches a zone that answers it for everything', () => {
    for (const id of ['0spam-bl', 'dronebl']) {
      const l = byId(id);
      assert.equal(l.test.unlisted, '127.0.0.1', id);
      const refusing = judgeHealth(l, { item: l.test.listed, result: got('127.0.0.1') }, { item: '127.0.0.1', result: got('127.0.0.1') });
      assert.equal(refusing.status, 'dead', id);
    }
  });

  test("DroneBL passes its health check whether its test point answers 127.0.0.1 (testing class) or 127.0.0.2", () => {
    const l = byId('dronebl');
    for (const answer of ['127.0.0.1', '127.0.0.2']) {
      const h = judgeHealth(l, { item: '127.0.0.2', result: got(answer) }, { item: '127.0.0.1', result: NX });
      assert.equal(h.status, 'ok', `test point answering ${answer}: ${h.reason ?? ''}`);
    }
    assert.equal(decodeAnswer(l, got('127.0.0.1')).severity, 'info');
  });

  test('every list says how its listings end, in words that come out whole', () => {
    for (const l of LISTS) {
      assert.ok(l.removal, `${l.id} has no removal process`);
      const text = removalSummary(l.removal);
      assert.match(text, /^[A-Z].*\.$/, l.id);
      if (l.removal.paidExpress) assert.match(text, /waiting for the expiry is free/, l.id);
      if (l.removal.expires !== undefined) assert.match(text, new RegExp(`Expires by itself ${l.removal.expires}`), l.id);
    }
  });

  test('the cause vocabulary is small, complete and all in use: each cause has a label and a fix', () => {
    const used = new Set(LISTS.flatMap((l) => Object.values(l.codes).map((c) => c.cause)));
    for (const [id, c] of Object.entries(CAUSES)) {
      assert.ok(c.label.length > 0 && c.label.length <= 60, id);
      assert.match(c.fix, /^[A-Z].*\.$/, id);
      assert.ok(used.has(id as keyof typeof CAUSES), `cause ${id} is never used`);
    }
    assert.ok(Object.keys(CAUSES).length <= 20);
  });

  test('removal is said plainly: expiry, how to ask, and that paid express delisting is never needed', () => {
    assert.equal(
      removalSummary(byId('uceprotect-l1').removal ?? { request: 'unknown' }),
      'Expires by itself 7 days after the last evidence. There is no manual removal. ' +
        'It sells express delisting; you never need to pay: waiting for the expiry is free.',
    );
    assert.match(removalSummary(byId('s5h').removal ?? { request: 'unknown' }), /only counts when it comes from that address/);
    assert.match(removalSummary(byId('spamcop').removal ?? { request: 'unknown' }), /^Expires by itself 24 hours after the last evidence\. There is no manual removal\.$/);
    assert.match(removalSummary(byId('nordspam-bl').removal ?? { request: 'unknown' }), /Listings do not expire\. Ask for removal by email\./);
  });

  test('links are usable templates, and a placeholder always fits what the list checks', () => {
    for (const l of LISTS) {
      for (const [field, u] of [['info', l.info], ['lookup', l.lookup], ['delist', l.delist]] as const) {
        if (u === undefined) continue;
        assert.equal(linkTemplateProblem(u), undefined, `${l.id} ${field}: ${u}`);
        const kinds = linkKinds(u);
        assert.ok(l.kinds.some((k) => kinds.includes(k)), `${l.id} ${field} takes none of ${l.kinds.join(', ')}: ${u}`);
      }
      if (l.lookup !== undefined) assert.match(l.lookup, /\{(ip|domain)\}/, `${l.id}: a lookup page takes the target`);
      // The removal page is a page as it stands; the per-target page is lookup.
      for (const u of [l.info, l.delist]) if (u !== undefined) assert.doesNotMatch(u, /[{}]/, `${l.id}: ${u}`);
    }
  });

  test('bitmask lists treat bit 1 as a refusal', () => {
    for (const l of LISTS.filter((x) => x.decode === 'bitmask')) assert.ok('1' in l.refusals, l.id);
  });

  test('URLs are http(s); registered-resolver lists are never in the default set and explain the fix', () => {
    for (const l of LISTS) {
      for (const u of [l.info, l.delist]) if (u !== undefined) assert.ok(isUrl(u), `${l.id}: ${u}`);
      assert.ok(l.info ?? l.delist, `${l.id} has no URL`);
      if (l.access === 'registered-resolver') {
        assert.equal(l.default, false, l.id);
        assert.ok(l.refusedFix, l.id);
      }
    }
  });

  test('published query limits are kept where the operator publishes them, with the page that says so', () => {
    const capped = LISTS.filter((l) => l.rateCap);
    for (const l of capped) {
      const cap = l.rateCap!;
      assert.ok(isUrl(cap.source), `${l.id}: ${cap.source}`);
      assert.ok((cap.perDay ?? 0) > 0 || (cap.perSecond ?? 0) > 0, `${l.id} has a cap without a limit`);
    }
    // SEM: 5 queries a second sustained, 100,000 a day; NordSpam 10,000 a day; Spamhaus public 300,000 a day.
    assert.deepEqual(
      Object.fromEntries(capped.map((l) => [l.id, [l.rateCap!.perSecond ?? null, l.rateCap!.perDay ?? null]])),
      {
        'spamhaus-zen': [null, 300000],
        'spamhaus-sbl': [null, 300000],
        'spamhaus-xbl': [null, 300000],
        'spamhaus-pbl': [null, 300000],
        'spamhaus-dbl': [null, 300000],
        'nordspam-bl': [null, 10000],
        'sem-black': [5, 100000],
        'sem-ipv6': [5, 100000],
        'sem-backscatter': [5, 100000],
        'nordspam-dbl': [null, 10000],
        'sem-uri': [5, 100000],
      },
    );
  });

  test('no catalog zone is a dead zone', () => {
    for (const l of LISTS) assert.equal(deadZoneFor(displayZone(l)), undefined, `${l.id}: ${l.zone}`);
  });
});

describe('the default set', () => {
  const defaults = LISTS.filter((l) => l.default && l.access === 'public');

  test('keyless defaults are the reputable lists usable from GitHub-hosted runners', () => {
    assert.deepEqual(defaults.map((l) => l.id).sort(), [
      '0spam-bl',
      'justspam',
      'mailspike-bl',
      'nordspam-bl',
      'nordspam-dbl',
      'psbl',
      'sem-black',
      'sem-ipv6',
      'spamcop',
      'surbl-multi',
      'uribl-multi',
    ]);
  });

  test('no default list sells express delisting; the rule that says so is published', () => {
    for (const l of LISTS.filter((x) => x.default)) assert.notEqual(l.removal?.paidExpress, true, l.id);
    for (const id of ['uceprotect-l1', 'backscatterer', 'spfbl']) assert.equal(byId(id).removal?.paidExpress, true, id);
    assert.ok(DEFAULT_SET_RULE.some((r) => /paid-delisting/.test(r)));
    assert.ok(DEFAULT_SET_RULE.some((r) => /GitHub-hosted runners/.test(r)));
  });

  test('opt-in lists that were defaults say why they are opt-in', () => {
    for (const id of ['uceprotect-l1', 'backscatterer', 'dronebl']) {
      assert.equal(byId(id).default, false, id);
      assert.match(byId(id).note ?? '', /^Opt-in: /, id);
    }
  });

  test('every default list has test points and a page to send people to', () => {
    for (const l of LISTS.filter((x) => x.default)) {
      assert.ok(l.test.listed, l.id);
      assert.ok(l.delist ?? l.info, l.id);
    }
  });

  test('the default set covers IPv4, IPv6 and domains', () => {
    for (const kind of ['ipv4', 'ipv6', 'domain'] as const) {
      assert.ok(defaults.some((l) => l.kinds.includes(kind)), kind);
    }
  });

  test('Spamhaus public mirrors are out of the default set, and say why', () => {
    for (const id of ['spamhaus-zen', 'spamhaus-sbl', 'spamhaus-xbl', 'spamhaus-pbl', 'spamhaus-dbl']) {
      const l = findList(id);
      assert.ok(l, id);
      assert.equal(l.default, false, id);
      assert.match(l.note ?? '', /GitHub-hosted runners/, id);
      assert.match(l.refusedFix ?? '', /DQS key/, id);
    }
  });

  test('DQS zones are under .net (the .org spelling answers a typo error)', () => {
    for (const l of LISTS.filter((x) => x.key === 'spamhaus-dqs')) assert.match(l.zone, /^\{key\}\.[a-z]+\.dq\.spamhaus\.net$/, l.id);
  });
});

describe('severities follow the listing kind', () => {
  const sev = (id: string, code: string): string | undefined => findList(id)?.codes[code]?.severity;

  test('abuse listings are high; policy and neighbourhood listings low; URIBL grey/red info', () => {
    assert.equal(sev('spamhaus-zen-dqs', '127.0.0.2'), 'high');
    assert.equal(sev('spamhaus-zen-dqs', '127.0.0.4'), 'high');
    assert.equal(sev('spamhaus-zen-dqs', '127.0.0.10'), 'low');
    assert.equal(sev('uceprotect-l1', '127.0.0.2'), 'medium');
    assert.equal(sev('uceprotect-l2', '127.0.0.2'), 'low');
    assert.equal(sev('uceprotect-l3', '127.0.0.2'), 'low');
    assert.equal(sev('spamrats-all', '127.0.0.36'), 'low');
    assert.equal(sev('spamrats-all', '127.0.0.37'), 'low');
    assert.equal(sev('uribl-multi', '2'), 'high');
    assert.equal(sev('uribl-multi', '4'), 'info');
    assert.equal(sev('uribl-multi', '8'), 'info');
  });

  test('informational answers are info: SURBL DM/CT, Spamhaus ZRD, SPFBL "not a mail server", Abusix new domain', () => {
    assert.equal(sev('surbl-multi', '4'), 'info');
    assert.equal(sev('surbl-multi', '32'), 'info');
    for (const bit of ['8', '16', '64', '128']) assert.equal(sev('surbl-multi', bit), 'high', bit);
    for (const [code, c] of Object.entries(byId('spamhaus-zrd-dqs').codes)) assert.equal(c.severity, 'info', code);
    assert.equal(sev('spfbl', '127.0.0.2'), 'medium');
    assert.equal(sev('spfbl', '127.0.0.3'), 'low');
    assert.equal(sev('spfbl', '127.0.0.4'), 'info');
    assert.equal(sev('abusix-dblack', '127.0.1.1'), 'high');
    assert.equal(sev('abusix-dblack', '127.0.1.2'), 'info');
    assert.equal(sev('abusix-dblack', '127.0.1.3'), 'high');
  });

  test('AuthBL is its own DQS zone, not part of ZEN', () => {
    const authbl = byId('spamhaus-authbl-dqs');
    assert.equal(authbl.zone, '{key}.authbl.dq.spamhaus.net');
    assert.deepEqual(authbl.kinds, ['ipv4', 'ipv6']);
    assert.equal(authbl.codes['127.0.0.20']?.cause, 'credentials');
    assert.equal('127.0.0.20' in byId('spamhaus-zen-dqs').codes, false);
  });

  test('scope says how much a listing covers', () => {
    assert.equal(findList('uceprotect-l2')?.scope, 'range');
    assert.equal(findList('uceprotect-l3')?.scope, 'network');
    assert.equal(findList('spamhaus-pbl')?.scope, 'range');
    assert.equal(findList('spamcop')?.scope, 'address');
  });
});

describe('dead zones', () => {
  test('patterns are clean zone names or *.zone wildcards', () => {
    for (const d of DEAD_ZONES) {
      assert.ok(d.zones.length > 0, d.name);
      for (const z of d.zones) {
        const bare = z.startsWith('*.') ? z.slice(2) : z;
        assert.ok(bare.split('.').length >= 2 && bare.split('.').every((x) => LABEL.test(x)), `${d.name}: '${z}'`);
      }
      assert.ok(d.died && d.behaviour, d.name);
    }
  });

  test('exact zones match, whatever the case or trailing dot', () => {
    assert.equal(deadZoneFor('ix.dnsbl.manitu.net')?.name, 'NiX Spam');
    assert.equal(deadZoneFor('DB.WPBL.INFO.')?.name, 'WPBL');
    assert.equal(deadZoneFor('black.uribl.com')?.name, 'URIBL sub-zones');
  });

  test('wildcards match the zone itself and everything below it, nothing beside it', () => {
    assert.equal(deadZoneFor('dnsbl.sorbs.net')?.name, 'SORBS');
    assert.equal(deadZoneFor('spam.dnsbl.sorbs.net')?.name, 'SORBS');
    assert.equal(deadZoneFor('l2.bbfh.ext.sorbs.net')?.name, 'SORBS');
    assert.equal(deadZoneFor('tor.dnsbl.sectoor.de')?.name, 'sectoor.de');
    assert.equal(deadZoneFor('rhsbl.ahbl.org')?.name, 'AHBL');
    assert.equal(deadZoneFor('notsorbs.net'), undefined);
    assert.equal(deadZoneFor('sectoor.de'), undefined);
  });

  test('live lists are not dead', () => {
    for (const z of ['bl.spamcop.net', 'zen.spamhaus.org', 'multi.uribl.com', 'dnsrbl.swinog.ch', 'bl.0spam.org']) {
      assert.equal(deadZoneFor(z), undefined, z);
    }
  });
});

describe('zones with keys', () => {
  const zen = (): ListDef => {
    const l = findList('spamhaus-zen-dqs');
    assert.ok(l);
    return l;
  };

  test('zoneWithKey fills the key in; lists without a key keep their zone', () => {
    assert.equal(zoneWithKey(zen(), 'abc123'), 'abc123.zen.dq.spamhaus.net');
    const spamcop = findList('spamcop');
    assert.ok(spamcop);
    assert.equal(zoneWithKey(spamcop, undefined), 'bl.spamcop.net');
  });

  test('a key list without its key is refused, not queried with a literal {key}', () => {
    assert.throws(() => zoneWithKey(zen(), undefined), /needs its spamhaus-dqs key/);
    assert.throws(() => zoneWithKey(zen(), ''), /needs its spamhaus-dqs key/);
  });

  test('displayZone shows <key> where the key goes', () => {
    assert.equal(displayZone(zen()), '<key>.zen.dq.spamhaus.net');
    const abusix = findList('abusix-combined');
    assert.ok(abusix);
    assert.equal(displayZone(abusix), '<key>.combined.mail.abusix.zone');
  });

  test('findList finds by id, and only by id', () => {
    assert.equal(findList('spamcop')?.zone, 'bl.spamcop.net');
    assert.equal(findList('bl.spamcop.net'), undefined);
  });
});

const ip = (value: string): { value: string; kind: ItemKind } => ({ value, kind: value.includes(':') ? 'ipv6' : 'ipv4' });
const domain = (value: string): { value: string; kind: ItemKind } => ({ value, kind: 'domain' });

describe('catalog links carry the target', () => {
  const link = (id: string, field: 'lookup' | 'delist', target: { value: string; kind: ItemKind }): string | undefined =>
    fillLink(findList(id)?.[field], target);

  test('the patterns the lists themselves publish', () => {
    assert.equal(link('spamhaus-zen-dqs', 'lookup', ip('192.0.2.7')), 'https://check.spamhaus.org/query/ip/192.0.2.7');
    assert.equal(link('spamcop', 'lookup', ip('192.0.2.7')), 'https://www.spamcop.net/bl.shtml?192.0.2.7');
    assert.equal(link('psbl', 'lookup', ip('192.0.2.7')), 'https://psbl.org/listing?ip=192.0.2.7');
    assert.equal(link('abusix-combined', 'lookup', ip('192.0.2.7')), 'https://lookup.abusix.com/search?q=192.0.2.7');
    assert.equal(link('dronebl', 'lookup', ip('2001:db8::7')), 'https://dronebl.org/lookup?ip=2001%3Adb8%3A%3A7');
    assert.equal(link('dronebl', 'delist', ip('2001:db8::7')), 'https://dronebl.org/lookup');
    assert.equal(link('spamhaus-dbl-dqs', 'lookup', domain('example.com')), 'https://check.spamhaus.org/results/?query=example.com');
    assert.equal(link('uceprotect-l1', 'lookup', ip('192.0.2.7')), 'https://www.uceprotect.net/en/rblcheck.php?ipr=192.0.2.7');
  });
});

describe('0spam NBL in the catalog', () => {
  const nbl = findList('0spam-nbl');

  test('127.0.#.0 carries the same reasons as bl.0spam.org, as neighbourhood listings', () => {
    assert.ok(nbl);
    assert.equal(nbl.decode, 'octet-3');
    const general = decodeAnswer(nbl, got('127.0.1.0'));
    assert.equal(general.status, 'listed');
    assert.match(general.meanings[0] ?? '', /^general spam.*across the \/24 around this address$/);
    const relay = meaningsOf(nbl, ['127.0.7.0']);
    assert.match(relay[0]?.meaning ?? '', /open relay/);
    assert.deepEqual(causesOf(relay), ['neighbourhood']);
  });

  test('127.0.0.1 is a refusal there (its third octet, 0, is no reason)', () => {
    assert.ok(nbl);
    assert.equal(decodeAnswer(nbl, got('127.0.0.1')).status, 'unknown');
  });
});
