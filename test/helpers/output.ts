// What the Actions runner or a terminal would act on in printed output, for tests that feed
// hostile config and DNS text through and check what comes out.

/** C0/C1 controls (line feed aside), DEL, bidi marks/embeddings/overrides/isolates, Unicode line separators. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Lines the runner would run as a workflow command: it trims leading white space and looks for
 * `::`, and it finds the older `##[command]` anywhere in a line (actions/runner ActionCommand.cs).
 */
export function workflowCommands(output: string): string[] {
  return output.split(/\r?\n|\r/).filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
}

/** A TXT record, list or monitor name as an attacker would write it. */
export const HOSTILE_LINE = 'spam \u001b[2J\u001b]0;owned\u0007 \u202eevil\u202c \u2066x\u2069 ##[error]pwned\n::error::pwned\r\n  ::add-mask::pwned';

/** What a reader of rendered HTML sees: tags dropped, entities decoded, our zero-width breaks removed. */
export function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '');
}
