// Markdown for GitHub issues and job summaries. Untrusted text (TXT records, names from config)
// goes into code spans: no @mentions, no HTML, no autolinks, no formatting tricks.
import { plain } from './escape.ts';

/** Untrusted text as an inline code span, safe inside a table cell. */
export function code(text: string, max = 300): string {
  // A pipe ends a table cell unless an odd number of backslashes precedes it (marked); GitHub
  // also keeps it when an even number does. An odd count is safe for both: the data's own
  // backslashes before a pipe get one more, or two (then one shows too many, never a broken row).
  const t = plain(text, max).replace(/(\\*)\|/g, (_, bs: string) => `${bs}${bs.length % 2 === 0 ? '\\' : '\\\\'}|`);
  if (t === '') return '';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Text we wrote ourselves but that may contain a config or DNS value: escape everything markdown or HTML reads. */
export function text(s: string, max = 300): string {
  return plain(s, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    // At the start of a line (a summary's "> …") these would open a list or underline a heading.
    .replace(/^(\s*)([-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/@/g, '@\u200b') // a zero-width space after @ stops a mention
    .replace(/:\/\//g, ':\u200b//') // and stops an autolink
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

/** A link we trust the target of (catalog URLs, http(s) only), else nothing. */
export function link(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/[^\s<>"]+$/.test(url)) return '';
  return `[${text(label)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
