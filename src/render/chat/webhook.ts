// The generic webhook's JSON body, schema "blacklist-patrol.alert/v1" (documented in
// docs/webhook.md). Data, not markup: strings are bounded and free of control characters, and the
// receiver escapes them for wherever it shows them. New fields may be added within v1; a change
// that breaks a reader gets a new schema name.
import type { AlertTarget, ChatAlert } from './alert.ts';
import { headline } from './alert.ts';
import type { Severity } from '../../model.ts';

export const WEBHOOK_SCHEMA = 'blacklist-patrol.alert/v1';

/** Bounds for receivers with small request limits (many relays stop at 1 MB). */
export const WEBHOOK_LIMITS = { targets: 500, listingsPerTarget: 100, bytes: 512 * 1024 } as const;

export interface WebhookPayload {
  schema: typeof WEBHOOK_SCHEMA;
  /** Same as the X-Blacklist-Patrol-Delivery header: stable across re-runs of one run. */
  delivery: string;
  /** ISO 8601 time of the run. */
  date: string;
  dryRun: boolean;
  repository?: string;
  run?: { id: string; url?: string };
  summary: {
    /** "2 addresses listed (1 new), 1 delisted" */
    headline: string;
    listed: number;
    new: number;
    changed: number;
    delisted: number;
    still: number;
    coverage: ChatAlert['coverage'];
  };
  severities?: Severity[];
  /** New and changed first, then delisted, then still listed. */
  targets: AlertTarget[];
  /** Targets left out to stay within the bounds (0 when all are there). */
  omitted: number;
}

function payload(alert: ChatAlert, delivery: string, n: number): WebhookPayload {
  const targets = alert.targets.slice(0, n).map((t) => ({ ...t, listings: t.listings.slice(0, WEBHOOK_LIMITS.listingsPerTarget) }));
  return {
    schema: WEBHOOK_SCHEMA,
    delivery,
    date: alert.date,
    dryRun: alert.dryRun,
    ...(alert.repository ? { repository: alert.repository } : {}),
    ...(alert.run ? { run: alert.run } : {}),
    summary: { headline: headline(alert), ...alert.totals, coverage: alert.coverage },
    ...(alert.severities ? { severities: alert.severities } : {}),
    targets,
    omitted: alert.targets.length - targets.length,
  };
}

export function renderWebhook(alert: ChatAlert, delivery: string): WebhookPayload {
  const cap = Math.min(alert.targets.length, WEBHOOK_LIMITS.targets);
  // Each target's size once (plus a comma), and only until the budget is spent.
  const targets = payload(alert, delivery, cap).targets;
  let size = Buffer.byteLength(JSON.stringify(payload(alert, delivery, 0)), 'utf8') + 8;
  let n = 0;
  while (n < targets.length) {
    const next = Buffer.byteLength(JSON.stringify(targets[n]), 'utf8') + 1;
    if (size + next > WEBHOOK_LIMITS.bytes) break;
    size += next;
    n++;
  }
  return payload(alert, delivery, n);
}
