// Chat and webhook alerts: which destinations are configured, posting one alert to each (every
// destination on its own: one failing never stops the others), and dry-run previews. When to
// send, and sending once per run, is the patrol's business.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChatAlert } from '../render/chat/alert.ts';
import { CHAT_KINDS, CHAT_NAMES, renderChat, type ChatKind } from '../render/chat/index.ts';
import { basicAuth, postWebhook, signature, urlSecrets, webhookRedactor, webhookSecretForms, type PostOptions } from './webhook.ts';

/** The secrets as given: Action inputs, or the CLI's environment. Empty means not configured. */
export interface ChatSecrets {
  slack?: string;
  teams?: string;
  discord?: string;
  webhook?: string;
  /** Signs the generic webhook's body (HMAC-SHA256). */
  webhookSecret?: string;
}

/** Where each secret comes from, for messages (never the value). */
export const CHAT_INPUTS: Record<ChatKind | 'webhookSecret', { input: string; env: string }> = {
  slack: { input: 'slack-webhook-url', env: 'SLACK_WEBHOOK_URL' },
  teams: { input: 'teams-webhook-url', env: 'TEAMS_WEBHOOK_URL' },
  discord: { input: 'discord-webhook-url', env: 'DISCORD_WEBHOOK_URL' },
  webhook: { input: 'webhook-url', env: 'WEBHOOK_URL' },
  webhookSecret: { input: 'webhook-secret', env: 'WEBHOOK_SECRET' },
};

/** The CLI's secrets, from its environment. */
export function chatSecretsFromEnv(env: Readonly<Record<string, string | undefined>>): ChatSecrets {
  const get = (k: keyof typeof CHAT_INPUTS): string | undefined => env[CHAT_INPUTS[k].env]?.trim() || undefined;
  const s: ChatSecrets = {};
  for (const k of ['slack', 'teams', 'discord', 'webhook', 'webhookSecret'] as const) {
    const v = get(k);
    if (v) s[k] = v;
  }
  return s;
}

export interface ChatDestination {
  kind: ChatKind;
  url: string;
  /** "Slack (hooks.slack.com)": the host says which webhook without giving it away. */
  label: string;
}

/** The configured destinations, and what is wrong with the rest (no value is ever quoted). */
export function chatDestinations(secrets: ChatSecrets): { destinations: ChatDestination[]; errors: string[] } {
  const destinations: ChatDestination[] = [];
  const errors: string[] = [];
  for (const kind of CHAT_KINDS) {
    const url = secrets[kind];
    if (!url) continue;
    const where = `${CHAT_INPUTS[kind].input} (${CHAT_INPUTS[kind].env})`;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      errors.push(`${where} is not a URL; paste the webhook URL exactly as ${CHAT_NAMES[kind]} shows it`);
      continue;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      errors.push(`${where} must start with https:// (got ${u.protocol}//)`);
      continue;
    }
    destinations.push({ kind, url, label: `${CHAT_NAMES[kind]} (${u.hostname})` });
  }
  if (secrets.webhookSecret && !secrets.webhook) {
    errors.push(`${CHAT_INPUTS.webhookSecret.input} is set but ${CHAT_INPUTS.webhook.input} is not: nothing would be signed`);
  }
  return { destinations, errors };
}

/** The secret values themselves: each URL, the parts of it that grant posting rights, the signing secret. */
export function chatSecretValues(secrets: ChatSecrets): string[] {
  const urls = CHAT_KINDS.map((k) => secrets[k]).filter((u): u is string => !!u);
  return [...urls.flatMap(urlSecrets), ...(secrets.webhookSecret ? [secrets.webhookSecret] : [])];
}

/** Every form of every chat secret: what the Action registers with core.setSecret and the redactor takes out. */
export function chatSecretForms(secrets: ChatSecrets): string[] {
  return webhookSecretForms(chatSecretValues(secrets));
}

export type ChatOutcome =
  | { kind: ChatKind; destination: string; status: 'sent'; attempts: number }
  | { kind: ChatKind; destination: string; status: 'failed'; attempts: number; error: string };

export interface ChatSendOptions extends PostOptions {
  /**
   * The same for every attempt and every re-run of one workflow run: derive it with
   * deliveryId(repository, runId, 'chat') (notify/webhook.ts), never from the run attempt.
   */
  deliveryId: string;
  /** Signs the generic webhook's body. */
  webhookSecret?: string;
  userAgent?: string;
}

/**
 * Where a kind's body goes. Discord only reports a failed message when asked to wait for it.
 * A user:password in the URL becomes basic auth: fetch refuses URLs that carry credentials.
 */
function endpoint(d: ChatDestination): { url: string; auth?: string } {
  const u = new URL(d.url);
  if (d.kind === 'discord') u.searchParams.set('wait', 'true');
  const auth = u.username || u.password ? `Basic ${basicAuth(u)}` : undefined;
  u.username = '';
  u.password = '';
  return { url: u.toString(), ...(auth ? { auth } : {}) };
}

/** The exact body and headers for one destination. */
export function chatRequest(d: ChatDestination, alert: ChatAlert, opts: { deliveryId: string; webhookSecret?: string; userAgent?: string }): { url: string; body: Buffer; headers: Record<string, string> } {
  const body = Buffer.from(JSON.stringify(renderChat(d.kind, alert, opts.deliveryId)), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': opts.userAgent ?? 'blacklist-patrol',
  };
  if (d.kind === 'webhook') {
    headers['x-blacklist-patrol-event'] = 'alert';
    headers['x-blacklist-patrol-delivery'] = opts.deliveryId;
    if (opts.webhookSecret) headers['x-blacklist-patrol-signature-256'] = signature(opts.webhookSecret, body);
  }
  const { url, auth } = endpoint(d);
  if (auth) headers.authorization = auth;
  return { url, body, headers };
}

/** Posts the alert to every destination at once; each outcome is data, none throws. */
export async function sendChat(alert: ChatAlert, destinations: readonly ChatDestination[], opts: ChatSendOptions): Promise<ChatOutcome[]> {
  return Promise.all(
    destinations.map(async (d): Promise<ChatOutcome> => {
      try {
        const req = chatRequest(d, alert, opts);
        const r = await postWebhook({ ...req, label: d.label }, opts);
        return r.ok
          ? { kind: d.kind, destination: d.label, status: 'sent', attempts: r.attempts }
          : { kind: d.kind, destination: d.label, status: 'failed', attempts: r.attempts, error: r.error };
      } catch (e) {
        // postWebhook never throws; this is rendering gone wrong, which must not cost the other destinations.
        return { kind: d.kind, destination: d.label, status: 'failed', attempts: 0, error: opts.redact(`${d.label}: could not build the message (${e instanceof Error ? e.message : String(e)})`) };
      }
    }),
  );
}

/** What each kind would be sent, pretty-printed (dry run, validate, demo). No URL is needed. */
export function previewChat(alert: ChatAlert, kinds: readonly ChatKind[], deliveryId: string): { kind: ChatKind; json: string }[] {
  return kinds.map((kind) => ({ kind, json: `${JSON.stringify(renderChat(kind, alert, deliveryId), null, 2)}\n` }));
}

export interface ChatAdapterOptions extends Omit<PostOptions, 'redact'> {
  secrets: ChatSecrets;
  /** Where previews go (chat-slack.json, …). */
  previewDir: string;
  /** A redactor that also knows other secrets (list keys, SMTP); it must know every chat secret. Default: the chat secrets'. */
  redact?: (text: string) => string;
  userAgent?: string;
}

export interface ChatAdapter {
  /** Configured destinations; empty when no chat secret is set. */
  destinations: ChatDestination[];
  /** Misconfigured secrets, worded without their values. */
  errors: string[];
  /** Posts to every configured destination, or only to the kinds in `only` (a re-run's failed ones). */
  send(alert: ChatAlert, deliveryId: string, only?: readonly ChatKind[]): Promise<ChatOutcome[]>;
  /** Writes what would be posted; all four kinds when none is configured (validate, demo). */
  preview(alert: ChatAlert, deliveryId: string): Promise<string[]>;
}

/** The chat channel as the patrol sees it: the patrol decides when, this decides how. */
export function chatAdapter(opts: ChatAdapterOptions): ChatAdapter {
  const { destinations, errors } = chatDestinations(opts.secrets);
  const redact = opts.redact ?? webhookRedactor(chatSecretValues(opts.secrets));
  const { secrets: _secrets, previewDir, redact: _redact, ...post } = opts;
  return {
    destinations,
    errors,
    send: (alert, deliveryId, only) =>
      sendChat(alert, only ? destinations.filter((d) => only.includes(d.kind)) : destinations, {
        ...post,
        redact,
        deliveryId,
        ...(opts.secrets.webhookSecret ? { webhookSecret: opts.secrets.webhookSecret } : {}),
      }),
    async preview(alert, deliveryId) {
      const kinds = destinations.length > 0 ? destinations.map((d) => d.kind) : [...CHAT_KINDS];
      await mkdir(previewDir, { recursive: true });
      const files: string[] = [];
      for (const p of previewChat(alert, kinds, deliveryId)) {
        const file = path.join(previewDir, `chat-${p.kind}.json`);
        await writeFile(file, p.json);
        files.push(file);
      }
      return files;
    },
  };
}
