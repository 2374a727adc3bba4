// Severity decides who is woken: a listing at or above notify.min-severity opens an issue, counts
// as listed and makes the email a "listed" email; one below it (an informational answer such as
// URIBL grey or Spamhaus ZRD's "newly seen domain") is shown, and changes nothing.
import type { ListDef, Severity, Verdict } from '../model.ts';
import { meaningsOf } from './decode.ts';

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const satisfies readonly Severity[];

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

/** What wakes someone unless the operator says otherwise (notify.min-severity). */
export const DEFAULT_MIN_SEVERITY: Severity = 'low';

/** A listing whose weight is not known (an undocumented code, an unrated verdict): neither alarm nor dismissal. */
export const UNRATED: Severity = 'medium';

/** The highest severity among a listing's codes as the list documents them; unrated when none is known. */
export function listingSeverity(def: ListDef | undefined, codes: readonly string[]): Severity {
  const found = def ? meaningsOf(def, codes) : [];
  return found.reduce<Severity | undefined>((s, m) => (s === undefined || SEVERITY_RANK[m.severity] > SEVERITY_RANK[s] ? m.severity : s), undefined) ?? UNRATED;
}

/** A listed verdict with its severity; other verdicts as they are. */
export function rateVerdict(v: Verdict, def: ListDef | undefined): Verdict {
  return v.status === 'listed' ? { ...v, severity: listingSeverity(def, v.codes) } : v;
}

/** Whether a listing of this severity alarms: opens an issue, counts as listed. */
export function alarms(severity: Severity | undefined, min: Severity = DEFAULT_MIN_SEVERITY): boolean {
  return SEVERITY_RANK[severity ?? UNRATED] >= SEVERITY_RANK[min];
}

/** A listed verdict below the minimum severity: shown for information, never alarming. */
export function informational(v: Verdict, min: Severity = DEFAULT_MIN_SEVERITY): boolean {
  return v.status === 'listed' && !alarms(v.severity, min);
}

/** A listed verdict that alarms. */
export function alarming(v: Verdict, min: Severity = DEFAULT_MIN_SEVERITY): boolean {
  return v.status === 'listed' && alarms(v.severity, min);
}
