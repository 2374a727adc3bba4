// Untrusted text (TXT records, names from config, anything from DNS) stays text (invariant 6).

// C0 and C1 control characters and DEL: in a terminal they can move the cursor, recolour or
// rewrite what the operator sees (ANSI escape injection through a TXT record).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text safe for a terminal or a log line: control characters become U+FFFD, length bounded. */
export function plain(text: string, max = 300): string {
  const s = text.replace(CONTROL, '\uFFFD');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
