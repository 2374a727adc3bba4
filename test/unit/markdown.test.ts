// What a reader of an issue or job summary sees of untrusted text: exactly the text, as text.
// Rendered with marked (GitHub-flavoured), then read back as the page shows it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { code, link, text } from '../../src/render/markdown.ts';
import { visible } from '../helpers/output.ts';

const HOSTILE = [
  'a & b',
  '<b>bold</b> <img src=x onerror=alert(1)>',
  '&lt;already escaped&gt;',
  '*star* _under_ `tick` ~~strike~~ **two**',
  '[click](https://evil.test) ![img](https://evil.test/x.png)',
  'back\\slash \\* {braces} (parens) #hash +plus !bang |pipe',
  'mail @octocat and @org/team',
  'see http://evil.test and https://evil.test/x and www.evil.test and WWW.Evil.test',
];

/** The page's text, as a reader sees it. */
const shown = (html: string): string => visible(html).trim();

describe('text(): untrusted text reads as itself', () => {
  for (const s of HOSTILE) {
    test(JSON.stringify(s), () => {
      const html = marked.parseInline(text(s)) as string;
      assert.equal(shown(html), s);
      assert.doesNotMatch(html, /<(?!\/?p>)/, `no element: ${html}`);
    });
  }

  test('no mention and no autolink survive: a zero-width space after @, in :// and in www.', () => {
    assert.equal(text('@a http://b www.c WWW.d'), '@\u200ba http:\u200b//b www\u200b.c WWW\u200b.d');
  });

  test('characters markdown or HTML read are escaped, each exactly once', () => {
    assert.equal(text('a&b<c>d'), 'a&amp;b&lt;c&gt;d');
    assert.equal(text('\\`*_{}[]()#+!|~'), '\\\\\\`\\*\\_\\{\\}\\[\\]\\(\\)\\#\\+\\!\\|\\~');
  });

  test('a list marker or heading underline at the start is escaped, elsewhere left as it is', () => {
    assert.equal(text('- item'), '\\- item');
    assert.equal(text('  = heading'), '  \\= heading');
    assert.equal(text('12. item'), '12\\. item');
    assert.equal(text(' 3) item'), ' 3\\) item');
    assert.equal(text('a-b = c 1. d'), 'a-b = c 1. d');
  });
});

describe('code(): untrusted text in a code span', () => {
  test('backticks inside get a longer fence; one at either end gets a space of padding', () => {
    assert.equal(code('plain'), '`plain`');
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('a``b'), '```a``b```');
    assert.equal(code('`start'), '`` `start ``');
    assert.equal(code('end`'), '`` end` ``');
    for (const s of ['a`b', '`start', 'end`', '``', 'x ``` y']) {
      const html = marked.parseInline(code(s)) as string;
      assert.match(html, /^<code>.*<\/code>$/, html);
      assert.equal(shown(html), s, html);
    }
  });
});

describe('link(): only http(s) targets we trust, parentheses kept inside', () => {
  test('accepted and escaped', () => {
    assert.equal(link('about *it*', 'https://list.test/about'), '[about \\*it\\*](https://list.test/about)');
    assert.equal(link('x', 'http://list.test/a(b)c'), '[x](http://list.test/a%28b%29c)');
  });

  test('refused: nothing is shown', () => {
    for (const url of [undefined, '', 'javascript:alert(1)', 'ftp://list.test/', 'see https://list.test/', 'https://list.test/a b', 'https://list.test/"x', 'https://list.test/<x>', 'https://']) {
      assert.equal(link('x', url), '', String(url));
    }
  });
});
