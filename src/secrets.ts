// Secrets in every form we can derive, and one redactor that takes them out of any text.
//
// A Spamhaus DQS or Abusix key sits in every query name, so any DNS text that repeats the name
// (a TXT answer, a resolver's error) carries it, in whatever case the server chose. An SMTP
// password can come back in a server's error reply raw, URL-encoded, base64-encoded, or inside
// an AUTH PLAIN blob. Pure: the Action registers the same forms with core.setSecret.
import type { KeyName } from './model.ts';

/** What a list key becomes in any text we keep or show. */
export const KEY_MASK = '<key>';
/** What a password becomes. */
export const PASSWORD_MASK = '***';

/**
 * Base64 fragments shorter than this could match ordinary text (and, registered with the
 * runner, would garble every log line that happens to contain them). The full forms are
 * always kept, whatever their length.
 */
const MIN_FRAGMENT = 6;

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three places
 * it can start inside a longer blob (0, 1 or 2 bytes after a 3-byte boundary): "\0user\0pass"
 * puts the password at any of them. Characters that mix in a neighbour's bits are left out.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

function base64url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Every form of one secret we can derive: raw, each of its lines, URL- and JSON-escaped, base64 at any alignment. */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const bytes = Buffer.from(secret, 'utf8');
  const full = bytes.toString('base64');
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), full, base64url(full)]);
  // The runner masks line by line: a secret with a line break is masked per line as well.
  for (const line of secret.split(/\r?\n|\r/)) if (line.trim() !== '') forms.add(line);
  for (const core of base64Cores(bytes)) {
    if (core.length < MIN_FRAGMENT) continue;
    forms.add(core);
    forms.add(base64url(core));
  }
  return [...forms];
}

/**
 * The password's forms plus the SMTP AUTH blobs that carry it: AUTH PLAIN is
 * base64("authzid\0user\0pass") with an empty authzid (RFC 4616), some clients repeat the user
 * there; AUTH LOGIN sends base64(pass) on its own line, which secretForms already covers.
 */
export function smtpSecretForms(user: string, pass: string): string[] {
  if (pass === '') return [];
  const blobs = [`\u0000${user}\u0000${pass}`, `${user}\u0000${user}\u0000${pass}`].map((b) => Buffer.from(b, 'utf8').toString('base64'));
  return [...new Set([...blobs, ...blobs.map(base64url), ...secretForms(pass)])];
}

export type Redact = (text: string) => string;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every form, case-insensitively (DNS servers may answer in any case), longest first. */
export function redactor(groups: readonly { forms: readonly string[]; mask: string }[]): Redact {
  const passes = groups
    .map(({ forms, mask }) => {
      const sorted = [...new Set(forms.filter((f) => f !== ''))].sort((a, b) => b.length - a.length);
      return sorted.length === 0 ? null : { re: new RegExp(sorted.map(escapeRegExp).join('|'), 'gi'), mask };
    })
    .filter((p): p is { re: RegExp; mask: string } => p !== null);
  return (text) => passes.reduce((t, p) => t.replace(p.re, p.mask), text);
}

/** A redactor for the list keys of this run: every key becomes `<key>`. */
export function keyRedactor(keys: Partial<Record<KeyName, string>>): Redact {
  const given = Object.values(keys).filter((k) => k !== undefined);
  return redactor(given.map((k) => ({ forms: secretForms(k), mask: KEY_MASK })));
}
