// Untrusted text (TXT records, names from config, anything from DNS) stays text (invariant 6).

// Characters that change what a terminal or a log viewer shows instead of being shown:
// - C0 and C1 control characters and DEL move the cursor, recolour or rewrite the screen (ANSI
//   escape injection through a TXT record), and CR/LF start a new line (a forged log line);
// - bidirectional marks, embeddings, overrides and isolates reorder what is displayed
//   ("Trojan Source", CVE-2021-42574): U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
// - the Unicode line and paragraph separators, which some viewers break lines at.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same without C0 (JSON.stringify already escapes those).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text safe for a terminal or a log line: unsafe characters become U+FFFD, length bounded. */
export function plain(text: string, max = 300): string {
  const s = text.replace(UNSAFE, '\uFFFD');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * The Actions runner runs a workflow command from any output line that starts with `::` once
 * leading white space is trimmed (`::error::`, `::add-mask::`, `::stop-commands::`), and from a
 * `##[command]` anywhere in a line (the older syntax, still parsed). A zero-width space (not
 * white space to the runner) breaks both without changing what people read.
 */
function noWorkflowCommand(line: string): string {
  return line.replace(/^(\s*:)(:)/, '$1\u200b$2').replace(/##\[/g, '#\u200b#[');
}

/**
 * Text safe to print where a terminal or the Actions runner reads it: every line is cleaned of
 * unsafe characters and can run no workflow command. Line breaks we put in stay line breaks.
 * The Action's core.info and the CLI's output go through this; core.warning and core.error
 * escape line breaks themselves but not the rest, so they do as well.
 */
export function printable(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => noWorkflowCommand(line.replace(UNSAFE, '\uFFFD')))
    .join('\n');
}

/**
 * JSON that is safe to print and means exactly the same: characters a terminal or the runner
 * would act on are written as \u escapes inside their strings. `#` only ever occurs inside a
 * JSON string, so `##[` can be escaped the same way.
 */
export function printableJson(value: unknown): string {
  return printableJsonText(JSON.stringify(value, null, 2));
}

/** printableJson for JSON text already made (a streamed report's chunks). */
export function printableJsonText(json: string): string {
  const hex = (c: string): string => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  return json.replace(UNSAFE_IN_JSON, hex).replace(/##\[/g, '#\\u0023[');
}
