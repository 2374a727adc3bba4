// Untrusted text stays text: in a terminal, in the Actions runner's log, and in Markdown as
// GitHub renders it (checked with marked, a GitHub-flavoured renderer).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { plain, printable, printableJson } from '../../src/render/escape.ts';
import { code, table, text } from '../../src/render/markdown.ts';
import { issueBody } from '../../src/render/issue.ts';
import { renderSummary } from '../../src/render/summary.ts';
import { coverageLine } from '../../src/render/coverage.ts';
import { customToListDef } from '../../src/dnsbl/select.ts';
import type { ListHealth } from '../../src/model.ts';
import type { TargetState } from '../../src/state/snapshot.ts';
import type { Report } from '../../src/report.ts';
import { RAW_CONTROL, visible, workflowCommands } from '../helpers/output.ts';

const TERMINAL_HOSTILE = 'spam\u001b[2J\u001b]0;owned\u0007 from \u202eevil\u202c \u2066x\u2069 \u200fy\r\u0085z\u2028w \u009b31m';

describe('text for a terminal or the runner log', () => {
  test('workflow commands from data cannot start a line, and `##[` cannot appear', () => {
    for (const hostile of ['list\n::error::pwned', '  ::add-mask::x', '\t::stop-commands::tok', 'x\r\n::error file=a::b', 'TXT ##[error]pwned', '\u00a0::warning::y']) {
      const out = printable(`ours: ${hostile}\nsecond line`);
      assert.deepEqual(workflowCommands(out), [], JSON.stringify(out));
      assert.ok(out.endsWith('\nsecond line'), 'our own line breaks stay');
    }
    assert.deepEqual(workflowCommands(printable('::error::pwned')), []);
  });

  test('what people read is unchanged: the break is invisible, and text with :: or ## inside a line stays as it is', () => {
    for (const hostile of ['::error::pwned', '  ::add-mask::x', 'TXT ##[error]pwned ##[warning]again']) {
      assert.equal(printable(hostile).replace(/\u200b/g, ''), hostile);
    }
    // An IPv6 address in a message is copied from the log: it must not carry a hidden character.
    for (const fine of ['listed: 2001:db8::25 on bl.test', 'a ## b [c]', 'note: x::y']) assert.equal(printable(fine), fine);
  });

  test('ESC, CR, C1 controls, bidi overrides and isolates, and line separators never reach the output', () => {
    const out = printable(TERMINAL_HOSTILE);
    assert.doesNotMatch(out, RAW_CONTROL);
    assert.match(out, /spam\uFFFD\[2J.*from \uFFFDevil\uFFFD/);
    assert.doesNotMatch(plain(TERMINAL_HOSTILE), RAW_CONTROL);
    assert.equal(plain('a'.repeat(10), 5), 'aaaa…');
    assert.equal(plain('a'.repeat(5), 5), 'aaaaa', 'text that fits is not cut');
  });

  test('JSON stays the same data, printable: no raw control, bidi or `##[`', () => {
    const value = { txt: [TERMINAL_HOSTILE, 'x\n::error::pwned', 'TXT ##[error]pwned'], name: '\u202eevil' };
    const json = printableJson(value);
    assert.deepEqual(JSON.parse(json), value);
    assert.doesNotMatch(json, RAW_CONTROL);
    assert.deepEqual(workflowCommands(json), []);
  });
});

describe('Markdown as GitHub renders it', () => {
  const HOSTILE =
    '[click me](https://evil.example/x) **bold** _em_ ~~gone~~ ![img](https://evil.example/i.png) <b>raw</b> &amp; @octocat https://evil.example www.evil.example # nope | cell \\| break `tick` {x} (y) +z! #12';

  /** Opening tags in rendered HTML, counted by name. */
  function tags(html: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const m of html.matchAll(/<([a-z][a-z0-9]*)[\s>/]/g)) counts[m[1] ?? ''] = (counts[m[1] ?? ''] ?? 0) + 1;
    return counts;
  }


  function render(md: string): string {
    return marked.parse(md, { async: false, gfm: true });
  }

  function body(name: string, meaning: string, txt: string, monitor: string): string {
    const def = customToListDef({ id: 'corp-bl', name, zone: 'bl.corp.example', kinds: ['ipv4'], decode: 'exact', codes: { '127.0.0.2': meaning }, refusals: {} });
    const state: TargetState = { monitor, listings: { 'corp-bl': { codes: ['127.0.0.2'], since: '2026-11-20T06:00:00Z', meanings: [meaning], txt: [txt] } }, clean: { 'corp-bl': 1 } };
    const down: ListHealth = { id: 'other', name, zone: 'x.example', status: 'empty', reason: `empty: ${meaning}` };
    return issueBody('203.0.113.10', state, { lists: new Map([['corp-bl', def]]), coverage: coverageLine([down]) });
  }

  test('an issue body with hostile list name, meaning (config) and TXT, monitor (DNS, config): no link, emphasis, image, HTML or table break', () => {
    const benign = render(body('Corp BL', 'spam source', 'listed for spam', 'mx1'));
    const hostile = render(body(HOSTILE, HOSTILE, HOSTILE, HOSTILE));
    // The hostile text adds no markup at all: the same elements as the plain body.
    assert.deepEqual(tags(hostile), tags(benign));
    assert.doesNotMatch(hostile, /href="[^"]*evil/);
    assert.doesNotMatch(hostile, /<img/);
    // And the reader sees it as the literal text it is (the list name, in the table and the coverage line).
    const seen = visible(hostile);
    assert.ok(seen.includes('[click me](https://evil.example/x) **bold** _em_ ~~gone~~ ![img](https://evil.example/i.png) <b>raw</b>'), seen);
    // No mention outside code spans and the hidden marker (GitHub links neither).
    assert.doesNotMatch(hostile.replace(/<code>[\s\S]*?<\/code>|<!--[\s\S]*?-->/g, ''), /@octocat/);
  });

  test('code() in a table cell: a pipe after any number of backslashes stays in its cell, and shows', () => {
    for (const value of ['a|b', 'a\\|b', 'a\\\\|b', 'a\\\\\\|b', '|', 'x`y|z']) {
      const html = render(table(['target', 'TXT'], [['192.0.2.1', code(value)]]));
      const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
      assert.equal(cells.length, 2, `${value} → ${html}`);
      // marked shows the data's backslashes and one of ours at most (see code()).
      const shown = visible(cells[1] ?? '');
      assert.ok(shown === value || shown === value.replace(/\|/g, '\\|'), `${value} shows as ${shown}`);
    }
  });

  test('code() of nothing is an empty cell, not a pair of backticks', () => {
    const html = render(table(['target', 'TXT'], [['192.0.2.1', code('')]]));
    assert.match(html, /<td>192\.0\.2\.1<\/td>\s*<td><\/td>/);
  });

  test('text() at the start of a line opens no list, heading or quote', () => {
    for (const s of ['- item', '+ item', '* item', '1. item', '2) item', '# heading', '> quote', '=== x']) {
      const html = render(text(s)).trim();
      assert.deepEqual(Object.keys(tags(html)), ['p'], `${s} → ${html}`);
    }
  });

  test('the job summary: hostile names from config stay text in the quote and the tables', () => {
    const report: Report = { version: 1, generator: 'blacklist-patrol test', checkedAt: '2026-11-28T06:00:00Z', resolvers: ['system'], lists: [], results: [], summary: { targets: 1, listed: 1, listings: 1, informational: 0, minSeverity: 'low', unknown: 0, listsChecked: 1, listsTotal: 2 } };
    const lists = (name: string): ListHealth[] => [
      { id: 'corp-bl', name, zone: 'bl.corp.example', status: 'ok' },
      { id: 'other', name, zone: 'x.example', status: 'unreachable', reason: 'unreachable: DNS error', detail: name, fix: name },
    ];
    const state = (monitor: string) => ({ '203.0.113.10': { monitor, listings: { 'corp-bl': { codes: ['127.0.0.2'], since: '2026-11-28T06:00:00Z' } }, clean: {} } });
    const summary = (name: string): string =>
      render(renderSummary({ report, lists: lists(name), state: state(name), changes: [], mode: 'patrol', dryRun: false, notes: [`- ${name}`] }));
    const benign = summary('Corp BL');
    const hostile = summary(HOSTILE);
    assert.deepEqual(tags(hostile), tags(benign));
    assert.doesNotMatch(hostile, /href="[^"]*evil/);
  });
});
