// Per listing: the likely cause, the fix for it and the list's door, only for the codes a target
// has; links that carry the target, escaped for Markdown and HTML; the reverse-DNS finding tied to
// the causes it explains. Rendered into issues, emails and the job summary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListDef } from '../../src/model.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { CAUSES } from '../../src/dnsbl/causes.ts';
import type { ReverseDnsFinding } from '../../src/dnsbl/rdns.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import { diagnose } from '../../src/render/diagnosis.ts';
import { renderEmail } from '../../src/render/email.ts';
import { issueBody } from '../../src/render/issue.ts';
import { renderSummary } from '../../src/render/summary.ts';
import type { Report } from '../../src/report.ts';
import type { Listing, TargetState } from '../../src/state/snapshot.ts';

const T = '203.0.113.10';
const at = (codes: string[]): Listing => ({ codes, since: '2026-11-20T06:00:00Z' });
function defs(...ids: string[]): Map<string, ListDef> {
  return new Map(ids.map((id) => [id, findList(id) as ListDef]));
}

describe('cause selection', () => {
  test('only the causes of the codes this target has, each once, naming every list that gives it', () => {
    const d = diagnose(T, { 'spamhaus-zen-dqs': at(['127.0.0.2', '127.0.0.4']), 'abusix-combined': at(['127.0.0.4']), spamcop: at(['127.0.0.2']) }, {}, defs('spamhaus-zen-dqs', 'abusix-combined', 'spamcop'));
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.lists]),
      [
        ['exploited', ['Abusix Mail Intelligence', 'Spamhaus ZEN']],
        ['user-reports', ['SpamCop']],
        ['spam-source', ['Spamhaus ZEN']],
      ],
    );
    assert.equal(d.causes[0]?.fix, CAUSES.exploited.fix);
    assert.ok(!d.causes.some((c) => c.id === 'open-service' || c.id === 'no-rdns'), 'no generic advice');
  });

  test('informational listings give no cause to fix', () => {
    const d = diagnose(T, { spamcop: at(['127.0.0.2']) }, { spfbl: at(['127.0.0.4']) }, defs('spamcop', 'spfbl'));
    assert.deepEqual(d.causes.map((c) => c.id), ['user-reports']);
    assert.deepEqual(d.informational.map((l) => [l.name, l.severity, l.causes]), [['SPFBL.net', 'info', ['policy']]]);
  });

  test('the removal process is said plainly: expiry, paid express delisting and that waiting is free', () => {
    const d = diagnose(T, { 'uceprotect-l1': at(['127.0.0.2']) }, {}, defs('uceprotect-l1'));
    assert.equal(d.listings[0]?.howToGetOff, 'Expires by itself 7 days after the last evidence. There is no manual removal. It sells express delisting; you never need to pay: waiting for the expiry is free.');
    assert.equal(d.listings[0]?.lookup, 'https://www.uceprotect.net/en/rblcheck.php?ipr=203.0.113.10');
  });

  test('reverse DNS bears on missing-rDNS and policy causes only, and says which way', () => {
    const noPtr: ReverseDnsFinding = { target: T, status: 'no-ptr', ptr: [] };
    const d = diagnose(T, { 'spamrats-all': at(['127.0.0.37']), 'spamhaus-zen-dqs': at(['127.0.0.10']), spamcop: at(['127.0.0.2']) }, {}, defs('spamrats-all', 'spamhaus-zen-dqs', 'spamcop'), noPtr);
    const text = (id: string): string => (d.causes.find((c) => c.id === id)?.evidence ?? []).map((p) => (typeof p === 'string' ? p : p.code)).join('');
    assert.equal(text('no-rdns'), 'This is the reason here: the address has no PTR record, and SpamRATS lists addresses for exactly that: fix the reverse DNS, then ask for removal.');
    assert.equal(text('policy'), 'Here the address has no PTR record: one more sign of an end-user line, which is what Spamhaus ZEN lists. Fix the reverse DNS as well.');
    assert.equal(text('user-reports'), '');
    const generic: ReverseDnsFinding = { target: T, status: 'generic', ptr: ['203-0-113-10.dsl.isp.example'], confirmed: '203-0-113-10.dsl.isp.example', generic: 'it embeds the address (dashed: 203-0-113-10)' };
    const g = diagnose(T, { 'spamrats-all': at(['127.0.0.36']) }, {}, defs('spamrats-all'), generic);
    assert.deepEqual(g.causes[0]?.evidence, ['This is the reason here: ', 'its PTR ', { code: '203-0-113-10.dsl.isp.example' }, ' looks generic (it embeds the address (dashed: 203-0-113-10))', ', and SpamRATS lists addresses for exactly that: fix the reverse DNS, then ask for removal.']);
  });
});

describe('links that carry the target', () => {
  const corp = (delist: string, info?: string): ListDef =>
    customToListDef({ id: 'corp', name: 'Corp BL', zone: 'bl.corp.example', kinds: ['ipv4', 'ipv6', 'domain'], decode: 'exact', codes: { '127.0.0.2': 'listed' }, refusals: {}, delist, info });
  const state = (): TargetState => ({ monitor: 'mx', listings: { corp: at(['127.0.0.2']) }, clean: {} });

  test('a custom list\'s {ip} and {domain} are filled with the percent-encoded target, in the issue and the email', () => {
    const lists = new Map([['corp', corp('https://corp.example/remove?ip={ip}&from=patrol', 'https://corp.example/about/{domain}')]]);
    const v6 = '2001:db8::1';
    const body = issueBody(v6, state(), { lists, coverage: '' });
    assert.match(body, /\[removal page\]\(https:\/\/corp\.example\/remove\?ip=2001%3Adb8%3A%3A1&from=patrol\)/);
    const email = renderEmail({ date: new Date('2026-11-28T06:00:00Z'), changes: [], state: { [v6]: state() }, delisted: [], lists: [], listDefs: lists, issueUrl: () => undefined });
    assert.ok(email.html.includes('href="https://corp.example/remove?ip=2001%3Adb8%3A%3A1&amp;from=patrol"'), 'the & is escaped in HTML');
    assert.ok(email.text.includes('removal page: https://corp.example/remove?ip=2001%3Adb8%3A%3A1&from=patrol'));
    // A domain gets the {domain} page: the {ip} template cannot take it.
    const domain = issueBody('shop.example', state(), { lists, coverage: '' });
    assert.match(domain, /\[removal page\]\(https:\/\/corp\.example\/about\/shop\.example\)/);
  });

  test('Markdown link syntax in a template cannot break out of the link; only http(s) templates become links', () => {
    const paren = issueBody(T, state(), { lists: new Map([['corp', corp('https://corp.example/(x)/{ip}')]]), coverage: '' });
    assert.match(paren, /\[removal page\]\(https:\/\/corp\.example\/%28x%29\/203\.0\.113\.10\)/);
    const hostile = { ...(findList('spamcop') as ListDef), lookup: 'javascript:alert(1)//{ip}', info: 'data:text/html,x' };
    const body = issueBody(T, { monitor: 'mx', listings: { spamcop: at(['127.0.0.2']) }, clean: {} }, { lists: new Map([['spamcop', hostile]]), coverage: '' });
    assert.doesNotMatch(body, /javascript:|data:text/);
    assert.match(body, /- \*\*SpamCop\*\*: Expires by itself 24 hours after the last evidence\. There is no manual removal\.\n/);
  });
});

describe('the job summary says what to fix and how to get off', () => {
  test('causes once across targets, each list\'s removal process, and informational answers apart', () => {
    const report: Report = {
      version: 1,
      generator: 'test',
      checkedAt: '2026-11-28T06:00:00Z',
      resolvers: ['system'],
      lists: [],
      results: [
        { target: '203.0.113.12', monitor: 'mx3', list: 'spfbl', status: 'listed', codes: ['127.0.0.4'], meanings: ['not a mail server'], txt: [], severity: 'info' },
      ],
      reverseDns: [{ target: T, status: 'no-ptr', ptr: [] }],
      summary: { targets: 3, listed: 2, listings: 2, informational: 1, minSeverity: 'low', unknown: 0, listsChecked: 3, listsTotal: 3 },
    };
    const state = {
      [T]: { monitor: 'mx1', listings: { spamcop: at(['127.0.0.2']) }, clean: {} },
      '203.0.113.11': { monitor: 'mx2', listings: { spamcop: at(['127.0.0.2']), 'uceprotect-l1': at(['127.0.0.2']) }, clean: {} },
    };
    const md = renderSummary({ report, lists: [], state, changes: [], mode: 'patrol', dryRun: false, notes: [], listDefs: defs('spamcop', 'uceprotect-l1', 'spfbl') });
    assert.match(md, /\| `203\.0\.113\.10` \| `mx1` \| SpamCop \| no PTR \|/);
    assert.equal(md.match(/- \*\*Recipients reported it as spam\*\*/g)?.length, 1);
    assert.match(md, /- \*\*UCEPROTECT Level 1\*\*: Expires by itself 7 days after the last evidence\. There is no manual removal\. It sells express delisting; you never need to pay: waiting for the expiry is free\./);
    assert.match(md, /### For information only\n\nListings below `notify\.min-severity: low`: shown, not counted as listed, no issue\.\n\n\| Target \| Monitor \| List \| Severity \| Meaning \|\n.*\n\| `203\.0\.113\.12` \| `mx3` \| SPFBL\.net \| info \| not a mail server \|/);
  });
});
