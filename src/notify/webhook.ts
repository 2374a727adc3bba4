// POSTing a JSON body to a webhook: a timeout per attempt, a bounded number of retries on 429 and
// 5xx honouring Retry-After (capped), none on other answers, and results that are data. A webhook
// URL is a secret (it grants posting rights), and a server may echo it, or anything else it was
// sent, in its error text: every message here goes through the caller's redactor and is bounded.
import { createHash, createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { plain } from '../render/escape.ts';
import { PASSWORD_MASK, redactor, secretForms, type Redact } from '../secrets.ts';

export interface PostRequest {
  url: string;
  /** The exact bytes to send (the signature covers these). */
  body: Buffer;
  headers: Record<string, string>;
  /** How messages name the destination: "Slack (hooks.slack.com)"; never the URL. */
  label: string;
}

export interface PostOptions {
  /** Per attempt, answer and body included. */
  timeoutMs?: number;
  /** Attempts in all (the first one included). */
  attempts?: number;
  /** Wait before retrying an answer without Retry-After: backoffMs, then twice that, … */
  backoffMs?: number;
  /** The longest Retry-After honoured; a server asking for more is not retried. */
  maxWaitMs?: number;
  /** Takes every secret out of a message (the URLs, the signing secret, in their encodings). */
  redact: (text: string) => string;
  log?: (message: string) => void;
}

export type PostResult =
  | { ok: true; status: number; attempts: number }
  | { ok: false; status?: number; attempts: number; error: string };

export const POST_DEFAULTS = { timeoutMs: 10_000, attempts: 3, backoffMs: 1000, maxWaitMs: 30_000 } as const;

/** What a server says about an error: read whole up to DETAIL_READ bytes, the first DETAIL_CHARS shown. */
const DETAIL_READ = 64 * 1024;
const DETAIL_CHARS = 200;

/**
 * Retry-After as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Discord sends fractional seconds; those are accepted too. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) && /[a-z]/i.test(v) ? Math.max(0, at - nowMs) : undefined;
}

/** GitHub-style signature of the exact body: "sha256=<hex HMAC-SHA256>". */
export function signature(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * A delivery id that depends only on what identifies the delivery (the workflow run, not its
 * attempt, and the destination), so re-running a run repeats the same id and a receiver can
 * drop the duplicate. Formatted as a UUID (version 8: custom, from SHA-256).
 */
export function deliveryId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The parts of a webhook URL that grant posting rights: the URL itself, its path, and every path
 * segment or query value that looks like a token (Slack's T…/B…/secret, Discord's id/token,
 * a Teams workflow's id and `sig`). Words such as "services" or "webhooks" are left alone.
 */
export function urlSecrets(url: string): string[] {
  const out = new Set<string>([url]);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [...out];
  }
  const tokenish = (s: string): boolean => (s.length >= 8 && /\d/.test(s)) || s.length >= 20;
  const tokens = u.pathname.split('/').filter(tokenish);
  // A path is a secret only when it carries a token: masking "/hook" would garble every log line that says "//hooks.slack.com".
  if (tokens.length > 0) out.add(`${u.host}${u.pathname}`).add(u.pathname);
  if (u.password) out.add(u.password).add(decodeURIComponent(u.password)).add(basicAuth(u));
  if (u.search) out.add(u.search.slice(1));
  for (const seg of tokens) out.add(decodeURIComponent(seg)).add(seg);
  for (const [, v] of u.searchParams) if (tokenish(v)) out.add(v);
  return [...out];
}

/** The Authorization header value for a URL's user:password (a relay protected by basic auth). */
export function basicAuth(u: URL): string {
  return Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
}

/** Shorter than this, a value is no secret worth masking (and would garble every log line). */
const MIN_SECRET = 4;

/**
 * Every form of the webhook secrets a server is likely to echo: the shared forms (raw,
 * URL-encoded, JSON-escaped, base64 at any alignment), plus the ones only URLs take: encodeURI,
 * JSON with escaped slashes, and `&` as \u0026. Feed these to the shared redactor and to the
 * runner's masking.
 */
export function webhookSecretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    const json = JSON.stringify(s).slice(1, -1);
    for (const f of [...secretForms(s), encodeURI(s), json.replace(/\//g, '\\/'), s.replace(/&/g, '\\u0026')]) forms.add(f);
  }
  return [...forms];
}

/** The shared redactor (src/secrets.ts) over every form of the webhook secrets. */
export function webhookRedactor(secrets: readonly string[]): Redact {
  return redactor([{ forms: webhookSecretForms(secrets), mask: PASSWORD_MASK }]);
}

/**
 * The start of an error body, for the message. The body is redacted whole, never in part: a
 * secret cut in two by a length limit would slip past the redactor. A body too long to read
 * whole is not shown at all.
 */
async function readDetail(res: Response, redact: (t: string) => string): Promise<string> {
  if (!res.body) return '';
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  let whole = false;
  try {
    while (n <= DETAIL_READ) {
      const { done, value } = await reader.read();
      if (done) {
        whole = true;
        break;
      }
      chunks.push(value);
      n += value.length;
    }
  } catch {
    // cut off (timeout, reset): the status is still worth reporting, the fragment is not
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (!whole || n > DETAIL_READ) return n > 0 ? '(answer not shown)' : '';
  return plain(redact(Buffer.concat(chunks).toString('utf8')).replace(/\s+/g, ' ').trim(), DETAIL_CHARS);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Why a 4xx is not retried, in words an operator can act on. */
const HINT: Record<number, string> = {
  400: 'the server rejected the message',
  401: 'the webhook refused us: check the URL secret',
  403: 'the webhook refused us: check the URL secret, or whether the webhook was disabled',
  404: 'no webhook at this URL: it is mistyped or was deleted',
  410: 'the webhook was deleted',
  413: 'the message is too large for this server',
};

function cause(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

/** POSTs the body; never throws. The error message names the destination by its label only. */
export async function postWebhook(req: PostRequest, opts: PostOptions): Promise<PostResult> {
  const timeoutMs = opts.timeoutMs ?? POST_DEFAULTS.timeoutMs;
  const attempts = Math.max(1, opts.attempts ?? POST_DEFAULTS.attempts);
  const backoffMs = opts.backoffMs ?? POST_DEFAULTS.backoffMs;
  const maxWaitMs = opts.maxWaitMs ?? POST_DEFAULTS.maxWaitMs;
  const clean = (m: string): string => plain(opts.redact(m), 500);
  const fail = (attempt: number, message: string, status?: number): PostResult => ({
    ok: false,
    attempts: attempt,
    ...(status !== undefined ? { status } : {}),
    error: clean(`${req.label}: ${message}`),
  });

  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        // A webhook that redirects is misconfigured, and following it would send the message
        // (and, for the generic webhook, its signature) to a host nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        // Not retried: the server may have taken the message and be slow to say so.
        return fail(attempt, `no answer within ${seconds(timeoutMs)}; not retried, since the message may have arrived`);
      }
      // Only a network failure is worth another try; anything else (a malformed request) will fail the same way.
      if ((e as { cause?: { code?: unknown } }).cause?.code === undefined) return fail(attempt, `the request could not be sent (${cause(e)})`);
      if (attempt >= attempts) return fail(attempt, `could not connect (${cause(e)}) after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
      const wait = backoffMs * 2 ** (attempt - 1);
      opts.log?.(clean(`${req.label}: could not connect (${cause(e)}); trying again in ${seconds(wait)} (${attempt + 1}/${attempts})`));
      await sleep(wait);
      continue;
    }

    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: true, status: res.status, attempts: attempt };
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      return fail(attempt, `answered with a redirect (HTTP ${res.status}), which is not followed: configure the webhook's own URL`, res.status);
    }
    const said = await readDetail(res, opts.redact);
    const detail = said ? `: ${said}` : '';
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable) return fail(attempt, `HTTP ${res.status}${HINT[res.status] ? ` (${HINT[res.status]})` : ''}${detail}`, res.status);
    if (attempt >= attempts) return fail(attempt, `HTTP ${res.status} after ${attempt} attempt${attempt === 1 ? '' : 's'}${detail}`, res.status);
    const asked = parseRetryAfter(res.headers.get('retry-after'), Date.now());
    if (asked !== undefined && asked > maxWaitMs) {
      return fail(attempt, `HTTP ${res.status}: the server asked to wait ${seconds(asked)}, longer than the ${seconds(maxWaitMs)} we wait; not retried${detail}`, res.status);
    }
    const wait = asked ?? backoffMs * 2 ** (attempt - 1);
    opts.log?.(clean(`${req.label}: HTTP ${res.status}; trying again in ${seconds(wait)} (${attempt + 1}/${attempts})`));
    await sleep(wait);
  }
}
