// Issue titles, bodies, comments and markers stay within GitHub's limits whatever a list or a
// config says; a cut is visible ("…") and says where the full text is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MARKER_MAX, parseMarker, renderMarker } from '../../src/notify/marker.ts';
import { BODY_MAX, TITLE_MAX, changeComment, delistedTitle, issueBody, issueTitle } from '../../src/render/issue.ts';
import { LISTING_BOUNDS, boundListing, clip } from '../../src/state/bounds.ts';
import { diffRun } from '../../src/state/diff.ts';
import type { Listing, TargetState } from '../../src/state/snapshot.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { LONG_DOMAIN, long, worstCase } from '../helpers/worst-case.ts';

/** GitHub counts characters; JavaScript's length counts UTF-16 units, never fewer. */
const GITHUB_LIMIT = 65_536;

function listedState(opts: Parameters<typeof worstCase>[0] = {}): { state: TargetState; w: ReturnType<typeof worstCase> } {
  const w = worstCase(opts);
  const ctx = { now: new Date('2026-11-28T06:00:00Z'), closeAfter: 3, selectedLists: new Set(w.lists.keys()), monitored: new Map([[w.target, w.monitor]]), partial: false };
  const first = diffRun({}, w.verdicts, ctx).next;
  // One clean run on every list: the "clean again on …" line names them all.
  const clean = w.verdicts.map((v) => ({ ...v, status: 'clean' as const, codes: [], meanings: [], txt: [] }));
  const state = diffRun(first, clean, ctx).next[w.target];
  assert.ok(state);
  return { state, w };
}

describe('issue bodies within GitHub\'s limits', () => {
  test('the worst case (300 lists × 200 codes × 500 TXT strings, long names) stays under 65,536 characters', () => {
    const { state, w } = listedState();
    const body = issueBody(w.target, state, { lists: w.lists, coverage: w.coverage });
    assert.ok(body.length <= BODY_MAX && BODY_MAX <= GITHUB_LIMIT, `body is ${body.length} characters`);
    assert.match(body, /\| … \| and \d+ more lists: see the JSON report/);
    assert.ok(body.split('\n').filter((l) => l.includes('| `127.0.0.2` ')).length >= 1, 'at least one listing is shown whole');
    assert.match(body, /Texts ending in … were shortened to fit GitHub's limits; a run's JSON report has them in full/);
    assert.match(body, /Clean again on .*, \d+ more: the issue closes/);
    assert.match(body, /### What to fix/, 'the advice survives');
    assert.match(body, /Blacklist Patrol updates this issue/, 'the coverage line survives');
    const marker = parseMarker(body);
    assert.equal(marker?.target, w.target);
    assert.ok(Object.keys(marker?.state.listings ?? {}).length > 0);
  });

  test('one list with hundreds of long TXT strings: the row is cut visibly, the rest of the body is intact', () => {
    const { state, w } = listedState({ lists: 1, codes: 2, txt: 300, txtLength: 2_000 });
    const body = issueBody(w.target, state, { lists: w.lists, coverage: 'checked 1 of 1 lists' });
    assert.ok(body.length <= BODY_MAX, `body is ${body.length} characters`);
    const row = body.split('\n').find((l) => l.includes('127.0.0.2'));
    assert.match(row ?? '', /…`+ `…` \| \d{4}-/, 'cut TXT strings end in …, and a … entry stands for the ones left out');
    assert.match(body, /Texts ending in … were shortened/);
  });

  test('an ordinary listing is rendered whole, without the shortening note', () => {
    const list = findList('spamcop');
    assert.ok(list);
    const state: TargetState = { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00Z', meanings: ['reported'], txt: ['Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.10'] } }, clean: {} };
    const body = issueBody('203.0.113.10', state, { lists: new Map([['spamcop', list]]), coverage: 'checked 14 of 16 lists' });
    assert.match(body, /`Blocked - see https:\/\/www\.spamcop\.net\/bl\.shtml\?203\.0\.113\.10`/);
    assert.doesNotMatch(body, /…|shortened/);
  });

  test('a change on hundreds of lists: one comment, cut with what was left out', () => {
    const { state, w } = listedState({ lists: 300, codes: 16, txt: 1, txtLength: 10 });
    const ids = [...w.lists.keys()];
    const comment = changeComment({ target: w.target, monitor: w.monitor, kind: 'changed', added: ids, removed: [], recoded: ids, before: state, after: state }, { lists: w.lists, coverage: '' });
    assert.ok(comment.length <= BODY_MAX, `comment is ${comment.length} characters`);
    assert.match(comment, /- … and \d+ more changes: the issue's table shows every current listing$/);
  });
});

describe('titles within 256 characters', () => {
  const state = (monitor: string, lists = 2): TargetState => ({
    monitor,
    listings: Object.fromEntries(Array.from({ length: lists }, (_, i) => [`l${i}`, { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00Z' }])),
    clean: {},
  });

  test('short: target, monitor and count', () => {
    assert.equal(issueTitle('203.0.113.10', state('mx1')), '203.0.113.10 (mx1) is listed on 2 blacklists');
  });

  test('a 253-octet domain and a long monitor name: the monitor goes first, then the domain is cut', () => {
    const title = issueTitle(LONG_DOMAIN, state(long(500), 300));
    assert.ok(title.length <= TITLE_MAX, `title is ${title.length} characters`);
    assert.match(title, /… is listed on 300 blacklists$/);
    assert.ok(title.startsWith(LONG_DOMAIN.slice(0, 200)));
  });

  test('a closed issue stops saying "is listed"', () => {
    const before = state('mx1', 1);
    const change = { target: '203.0.113.10', monitor: 'mx1', kind: 'delisted' as const, added: [], removed: ['l0'], recoded: [], before, after: undefined };
    assert.equal(delistedTitle(change), '203.0.113.10 (mx1) is no longer listed');
    assert.equal(delistedTitle({ ...change, note: 'no longer monitored' }), '203.0.113.10 (mx1) is no longer monitored');
    assert.ok(delistedTitle({ ...change, target: LONG_DOMAIN, before: state(long(500)) }).length <= TITLE_MAX);
  });
});

describe('markers and stored listings stay bounded', () => {
  test('what state keeps of an answer is bounded: codes, meanings, TXT', () => {
    const { state } = listedState({ lists: 1, codes: 200, txt: 500, txtLength: 4_000 });
    const [listing] = Object.values(state.listings);
    assert.equal(listing?.codes.length, 16);
    assert.deepEqual([listing?.meanings?.length, listing?.txt?.length, listing?.txt?.at(-1)], [9, 5, '…']);
    assert.ok((listing?.txt ?? []).every((t) => t.length <= 300));
  });

  test('a marker for hundreds of listings keeps what fits, and still parses', () => {
    const { state, w } = listedState();
    const marker = renderMarker(w.target, state);
    assert.ok(marker.length <= MARKER_MAX, `marker is ${marker.length} characters`);
    const parsed = parseMarker(marker);
    assert.equal(parsed?.target, w.target);
    const kept = Object.keys(parsed?.state.listings ?? {});
    assert.ok(kept.length > 10, `${kept.length} listings kept`);
    assert.deepEqual(Object.keys(parsed?.state.clean ?? {}).sort(), kept.sort(), 'clean counts only for the listings kept');
  });

  test('a few listings keep their TXT and meanings in the marker', () => {
    const { state, w } = listedState({ lists: 2, codes: 1, txt: 2, txtLength: 50 });
    const parsed = parseMarker(renderMarker(w.target, state));
    assert.deepEqual(parsed?.state.listings, state.listings);
  });

  test('clip cuts with … and never splits a surrogate pair', () => {
    assert.equal(clip('abcdef', 6), 'abcdef');
    assert.equal(clip('abcdef', 4), 'abc…');
    assert.equal(clip('ab\u{1F4E7}cd', 4), 'ab…');
    // The first and the last high surrogates; a character above them that is no surrogate is kept.
    assert.equal(clip('ab\u{10000}cd', 4), 'ab…');
    assert.equal(clip('ab\u{10FFFF}cd', 4), 'ab…');
    assert.equal(clip('ab\uFF21cd', 4), 'ab\uFF21…');
  });

  test('exactly as many TXT strings as kept: all shown, no "…" entry; one more: cut with "…"', () => {
    const txt = (n: number): string[] => Array.from({ length: n }, (_, i) => `reason ${i}`);
    const max = LISTING_BOUNDS.txt;
    assert.deepEqual(boundListing({ codes: ['127.0.0.2'], since: 's', txt: txt(max) }).txt, txt(max));
    assert.deepEqual(boundListing({ codes: ['127.0.0.2'], since: 's', txt: txt(max + 1) }).txt, [...txt(max), '…']);
  });

  test('the marker is the same whatever order the state holds its lists in, so an unchanged issue is not edited', () => {
    const listing = (code: string): Listing => ({ codes: [code], since: '2026-11-20T06:00:00.000Z' });
    const one: TargetState = { monitor: 'mx1', listings: { psbl: listing('127.0.0.2'), spamcop: listing('127.0.0.2') }, clean: { psbl: 1 } };
    const other: TargetState = { monitor: 'mx1', listings: { spamcop: listing('127.0.0.2'), psbl: listing('127.0.0.2') }, clean: { psbl: 1 } };
    assert.equal(renderMarker('192.0.2.10', one), renderMarker('192.0.2.10', other));
  });

  test('a marker of exactly MARKER_MAX characters keeps its TXT; one character more and the TXT goes', () => {
    /** Listings whose marker is exactly `chars` long, filled with TXT (each character of it adds one). */
    const sized = (chars: number): TargetState => {
      const state: TargetState = { monitor: 'mx1', listings: {}, clean: {} };
      for (let i = 0; ; i++) {
        const txt: string[] = [];
        state.listings[`list${i}`] = { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00.000Z', txt };
        for (let j = 0; j < LISTING_BOUNDS.txt; j++) {
          txt.push('');
          const missing = chars - renderMarker('192.0.2.10', state).length;
          assert.ok(missing >= 0);
          txt[j] = 'x'.repeat(Math.min(missing, LISTING_BOUNDS.txtLength));
          if (missing <= LISTING_BOUNDS.txtLength) return state;
        }
      }
    };
    const fits = sized(MARKER_MAX);
    const marker = renderMarker('192.0.2.10', fits);
    assert.equal(marker.length, MARKER_MAX);
    assert.deepEqual(parseMarker(marker)?.state.listings, fits.listings);
    const over = renderMarker('192.0.2.10', sized(MARKER_MAX + 1));
    assert.ok(over.length <= MARKER_MAX);
    const kept = Object.values(parseMarker(over)?.state.listings ?? {});
    assert.equal(kept.length, Object.keys(fits.listings).length, 'every listing kept');
    assert.ok(kept.every((l) => l.txt === undefined), 'without TXT');
  });
});
