// This run's email decisions: whether it is due, which delistings it still owes, and what the
// snapshot remembers afterwards (the runs already emailed, the delistings not yet reported).
// Pure except for the adapter it is handed; the rendering is passed in so this stays small.
import type { RenderedEmail } from '../render/email.ts';
import type { DelistedSinceEmail, Snapshot } from '../state/snapshot.ts';
import { SNAPSHOT_LIMITS } from '../state/snapshot.ts';
import type { TargetChange } from '../state/diff.ts';

export type EmailWhen = 'always' | 'listed' | 'changes' | 'never';

export interface EmailAdapter {
  send: (email: RenderedEmail) => Promise<void>;
  preview: (email: RenderedEmail) => Promise<void>;
}

export type EmailOutcome =
  | { status: 'sent' | 'previewed'; subject: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; subject: string; error: string };

/** How many run ids the snapshot keeps to recognise a re-run's email as already sent. */
export const EMAILED_RUNS_KEPT = 20;

/** Whether this run's email goes out, by notify.email.when. */
export function emailDue(when: EmailWhen, listed: number, changes: readonly TargetChange[], delisted: number): boolean {
  const changed = changes.some((c) => c.kind !== 'still') || delisted > 0;
  return when === 'always' || (when === 'listed' && (listed > 0 || changed)) || (when === 'changes' && changed);
}

/**
 * Delistings the next email must report: older ones from the snapshot (a re-run recomputes its
 * own), then this run's that reached the issues. Kept only while an email is configured, and
 * bounded like the rest of the state.
 */
export function owedDelistings(
  emailConfigured: boolean,
  previous: Snapshot | null | undefined,
  changes: readonly TargetChange[],
  delivered: (c: TargetChange) => boolean,
  now: Date,
): DelistedSinceEmail[] {
  if (!emailConfigured) return [];
  const nowDelisted = new Set(changes.filter((c) => c.kind === 'delisted').map((c) => c.target));
  return [
    ...(previous?.delistedSinceEmail ?? []).filter((d) => !nowDelisted.has(d.target)),
    ...changes.filter((c) => c.kind === 'delisted' && delivered(c)).map((c) => ({ target: c.target, monitor: c.monitor, lists: c.removed, at: now.toISOString() })),
  ].slice(-SNAPSHOT_LIMITS.delisted);
}

export interface EmailRun {
  when: EmailWhen;
  adapter: EmailAdapter;
  runId: string;
  dryRun: boolean;
  /** Targets listed after this run. */
  listed: number;
  changes: readonly TargetChange[];
  /** What owedDelistings returned. */
  delisted: readonly DelistedSinceEmail[];
  /** Run ids whose email went out (from the snapshot). */
  emailed: readonly string[];
  render: () => RenderedEmail;
}

export interface EmailRunResult {
  email: EmailOutcome;
  /** For the next snapshot. */
  emailed: string[];
  delisted: DelistedSinceEmail[];
}

/** Sends (or previews) this run's email when due; a sent email clears the delistings it reported. */
export async function sendRunEmail(run: EmailRun): Promise<EmailRunResult> {
  const unchanged = (email: EmailOutcome): EmailRunResult => ({ email, emailed: [...run.emailed], delisted: [...run.delisted] });
  if (run.emailed.includes(run.runId)) return unchanged({ status: 'skipped', reason: "this run's email was already sent (re-run)" });
  if (!emailDue(run.when, run.listed, run.changes, run.delisted.length)) return unchanged({ status: 'skipped', reason: `nothing to report for notify.email.when: ${run.when}` });
  const rendered = run.render();
  if (run.dryRun) {
    await run.adapter.preview(rendered);
    return unchanged({ status: 'previewed', subject: rendered.subject });
  }
  try {
    await run.adapter.send(rendered);
  } catch (e) {
    return unchanged({ status: 'failed', subject: rendered.subject, error: e instanceof Error ? e.message : String(e) });
  }
  return { email: { status: 'sent', subject: rendered.subject }, emailed: [...run.emailed, run.runId].slice(-EMAILED_RUNS_KEPT), delisted: [] };
}
