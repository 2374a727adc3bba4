// The chat alert: one platform-neutral summary of a run (what changed, what is still listed, what
// could not be checked), built from the patrol's data. Slack, Teams, Discord and the generic
// webhook are renderings of this one model, so they cannot disagree about the facts.
import type { ListDef, ListHealth, Severity } from '../../model.ts';
import { decodeAnswer } from '../../dnsbl/decode.ts';
import type { TargetChange } from '../../state/diff.ts';
import type { Listing, TargetsState } from '../../state/snapshot.ts';
import { coverageLine, groupByReason, nothingChecked } from '../coverage.ts';
import { plain } from '../escape.ts';

/** How a target stands after this run. */
export type AlertKind = 'new' | 'changed' | 'delisted' | 'still';

/** What happened to one listing this run. */
export type ListingChange = 'added' | 'recoded' | 'removed' | 'same';

export interface AlertListing {
  /** List id (catalog or custom). */
  list: string;
  /** Display name. Untrusted (a custom list's name comes from monitors.yml). */
  name: string;
  /** Return codes as answered (for a removal: as last seen). */
  codes: string[];
  /** What the codes mean, as the list documents them. Untrusted. */
  meanings: string[];
  /** TXT records the list gave (the reason in its own words). Untrusted, bounded. */
  txt: string[];
  /** Highest severity among the codes; absent when the list is no longer in this run's set. */
  severity?: Severity;
  /** ISO time the listing was first seen. */
  since: string;
  change: ListingChange;
  /** The list's removal page (http(s) only, from the catalog or monitors.yml). */
  delistUrl?: string;
}

export interface AlertTarget {
  /** Address or domain (canonical; never free text). */
  target: string;
  /** Monitor name from monitors.yml. Untrusted. */
  monitor: string;
  kind: AlertKind;
  /** Whole days since the oldest listing was first seen (0 for today). */
  days: number;
  issueUrl?: string;
  /** Current listings, then the ones removed this run. */
  listings: AlertListing[];
  /** Why a delisting happened when it was not the lists' doing. */
  note?: string;
}

export interface AlertCoverage {
  /** Lists whose answers were believed this run. */
  checked: number;
  total: number;
  /** "checked 12 of 14 lists; not checked: …" (invariant 4). */
  line: string;
  notChecked: { reason: string; fix?: string; lists: string[] }[];
  /** No list could be checked at all: the run saw nothing (invariant 9). */
  blind: boolean;
  /** Why nothing was checked and what to do, when the run knows (a blind run). Untrusted: may name lists. */
  why?: string;
}

export interface ChatAlert {
  /** ISO time of the run. */
  date: string;
  dryRun: boolean;
  run?: { id: string; url?: string };
  repository?: string;
  /** Ordered: new and changed first, then delisted, then still listed; higher severity first. */
  targets: AlertTarget[];
  totals: { listed: number; new: number; changed: number; delisted: number; still: number };
  coverage: AlertCoverage;
  /** Severities the operator asked to hear about (notify.chat.severities); absent = all. */
  severities?: Severity[];
}

export interface AlertInput {
  date: Date;
  dryRun: boolean;
  changes: readonly TargetChange[];
  /** Listed targets after this run (as saved). */
  state: TargetsState;
  lists: readonly ListHealth[];
  listDefs: ReadonlyMap<string, ListDef>;
  issueUrl?: (target: string) => string | undefined;
  run?: { id: string; url?: string };
  repository?: string;
  /** Keep only listings of these severities (notify.chat.severities). */
  severities?: readonly Severity[];
  /** The run saw nothing (src/blind.ts): why, and what to do. */
  blind?: { reason: string; fix: string };
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };
const ORDER: Record<AlertKind, number> = { new: 0, changed: 1, delisted: 2, still: 3 };
/** The same weight decode.ts gives a code a list does not document. */
const UNRATED: Severity = 'medium';

/** Bounds on what one alert carries, whatever the run found (invariant 10). */
export const ALERT_BOUNDS = { txtPerListing: 3, txtChars: 300, meaningChars: 200, nameChars: 100, monitorChars: 100, codes: 16 } as const;

/** A link we made or the catalog holds: http(s) only, no spaces or quotes, else nothing. */
export function safeUrl(url: string | undefined): string | undefined {
  return url && url.length <= 2000 && /^https?:\/\/[^\s<>"'`|\\]+$/.test(url) ? url : undefined;
}

/** plain() without scanning the whole of a huge string: only what can be kept is looked at. */
function bounded(s: string, max: number): string {
  return plain(s.length > max ? s.slice(0, max + 1) : s, max);
}

function days(since: string, now: Date): number {
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.max(0, Math.floor((now.getTime() - t) / 86_400_000)) : 0;
}

function severityOf(def: ListDef | undefined, codes: readonly string[]): Severity | undefined {
  if (!def || codes.length === 0) return undefined;
  const d = decodeAnswer(def, { ok: true, records: [...codes] });
  return d.status === 'listed' ? (d.severity ?? UNRATED) : undefined;
}

function listing(input: AlertInput, id: string, l: Listing, change: ListingChange): AlertListing {
  const def = input.listDefs.get(id);
  const severity = severityOf(def, l.codes);
  const delistUrl = safeUrl(def?.delist ?? def?.info);
  return {
    list: id,
    name: bounded(def?.name ?? id, ALERT_BOUNDS.nameChars),
    codes: l.codes.slice(0, ALERT_BOUNDS.codes).map((c) => bounded(c, 64)),
    meanings: (l.meanings ?? []).slice(0, ALERT_BOUNDS.codes).map((m) => bounded(m, ALERT_BOUNDS.meaningChars)),
    txt: (l.txt ?? []).slice(0, ALERT_BOUNDS.txtPerListing).map((t) => bounded(t, ALERT_BOUNDS.txtChars)),
    ...(severity ? { severity } : {}),
    since: l.since,
    change,
    ...(delistUrl ? { delistUrl } : {}),
  };
}

function wanted(input: AlertInput, l: AlertListing): boolean {
  return !input.severities || input.severities.includes(l.severity ?? UNRATED);
}

function top(t: AlertTarget): number {
  return Math.max(-1, ...t.listings.filter((l) => l.change !== 'removed').map((l) => RANK[l.severity ?? UNRATED]));
}

/** The alert for one run; pure. Listings below the wanted severities are left out entirely. */
export function buildChatAlert(input: AlertInput): ChatAlert {
  const byTarget = new Map(input.changes.map((c) => [c.target, c]));
  const targets: AlertTarget[] = [];
  const issueUrl = (t: string): string | undefined => safeUrl(input.issueUrl?.(t));

  for (const [target, s] of Object.entries(input.state)) {
    const change = byTarget.get(target);
    const kind: AlertKind = change?.kind === 'new' || change?.kind === 'changed' ? change.kind : 'still';
    const added = new Set(change?.added ?? []);
    const recoded = new Set(change?.recoded ?? []);
    const current = Object.entries(s.listings)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, l]) => listing(input, id, l, added.has(id) ? 'added' : recoded.has(id) ? 'recoded' : 'same'));
    const removed = (change?.removed ?? [])
      .map((id) => [id, change?.before?.listings[id]] as const)
      .filter((e): e is readonly [string, Listing] => e[1] !== undefined)
      .map(([id, l]) => listing(input, id, l, 'removed'));
    const kept = [...current, ...removed].filter((l) => wanted(input, l));
    if (!kept.some((l) => l.change !== 'removed')) continue;
    // A change to listings nobody asked to hear about is no change for this alert.
    const visibleKind: AlertKind = kind !== 'still' && !kept.some((l) => l.change !== 'same') ? 'still' : kind;
    const url = issueUrl(target);
    targets.push({
      target,
      monitor: bounded(s.monitor, ALERT_BOUNDS.monitorChars),
      kind: visibleKind,
      days: Math.max(0, ...kept.filter((l) => l.change !== 'removed').map((l) => days(l.since, input.date))),
      ...(url ? { issueUrl: url } : {}),
      listings: kept,
    });
  }

  for (const c of input.changes) {
    if (c.kind !== 'delisted') continue;
    const kept = c.removed
      .map((id) => [id, c.before?.listings[id]] as const)
      .filter((e): e is readonly [string, Listing] => e[1] !== undefined)
      .map(([id, l]) => listing(input, id, l, 'removed'))
      .filter((l) => wanted(input, l));
    if (kept.length === 0) continue;
    const url = issueUrl(c.target);
    targets.push({
      target: c.target,
      monitor: bounded(c.monitor, ALERT_BOUNDS.monitorChars),
      kind: 'delisted',
      days: Math.max(0, ...kept.map((l) => days(l.since, input.date))),
      ...(url ? { issueUrl: url } : {}),
      listings: kept,
      ...(c.note ? { note: c.note } : {}),
    });
  }

  targets.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || top(b) - top(a) || a.target.localeCompare(b.target));
  const count = (k: AlertKind): number => targets.filter((t) => t.kind === k).length;
  const run = input.run ? { id: bounded(input.run.id, 100), ...(safeUrl(input.run.url) ? { url: input.run.url } : {}) } : undefined;
  return {
    date: input.date.toISOString(),
    dryRun: input.dryRun,
    ...(run ? { run } : {}),
    ...(input.repository ? { repository: bounded(input.repository, 200) } : {}),
    targets,
    totals: { listed: targets.filter((t) => t.kind !== 'delisted').length, new: count('new'), changed: count('changed'), delisted: count('delisted'), still: count('still') },
    coverage: {
      checked: input.lists.filter((l) => l.status === 'ok').length,
      total: input.lists.length,
      line: bounded(coverageLine(input.lists), 2000),
      notChecked: groupByReason(input.lists).map((g) => ({
        reason: bounded(g.reason, 200),
        ...(g.fix !== undefined ? { fix: bounded(g.fix, 300) } : {}),
        lists: g.names.map((n) => bounded(n, ALERT_BOUNDS.nameChars)),
      })),
      blind: input.blind !== undefined || nothingChecked(input.lists),
      ...(input.blind ? { why: bounded(`${input.blind.reason}. What to do: ${input.blind.fix}`, 600) } : {}),
    },
    ...(input.severities ? { severities: [...input.severities] } : {}),
  };
}

/** When a chat message is due, by notify.chat.when (the email's vocabulary). */
export type ChatWhen = 'always' | 'listed' | 'changes' | 'never';

export function chatDue(when: ChatWhen, alert: ChatAlert): boolean {
  const changed = alert.totals.new + alert.totals.changed + alert.totals.delisted > 0;
  return when === 'always' || (when === 'listed' && (alert.totals.listed > 0 || changed)) || (when === 'changes' && changed);
}

// ------------------------------------------------------------------ words every platform shares

function noun(targets: readonly AlertTarget[]): [string, string] {
  const ip = (t: string): boolean => /^[\d.]+$|:/.test(t);
  if (targets.length > 0 && targets.every((t) => ip(t.target))) return ['address', 'addresses'];
  if (targets.length > 0 && targets.every((t) => !ip(t.target))) return ['domain', 'domains'];
  return ['target', 'targets'];
}

/** "2 addresses listed (1 new), 1 delisted" / "all clear" / "nothing could be checked". */
export function headline(alert: ChatAlert): string {
  if (alert.coverage.blind) return 'nothing could be checked';
  const { listed, new: fresh, delisted } = alert.totals;
  const listedTargets = alert.targets.filter((t) => t.kind !== 'delisted');
  const [one, many] = noun(listedTargets.length > 0 ? listedTargets : alert.targets);
  const parts: string[] = [];
  if (listed > 0) parts.push(`${listed} ${listed === 1 ? one : many} listed${fresh > 0 ? ` (${fresh} new)` : ''}`);
  if (delisted > 0) parts.push(`${delisted} delisted`);
  return parts.length > 0 ? parts.join(', ') : 'all clear';
}

/** The blind notice, before escaping: why nothing was checked, when the run says. */
export function blindText(alert: ChatAlert): string {
  return alert.coverage.why ?? 'no list passed its test points, so this run says nothing about your listings. Check the runner\u2019s DNS resolver.';
}

/** "Blacklist Patrol: 2 addresses listed (1 new) · 2026-11-28", with the dry-run mark. */
export function title(alert: ChatAlert): string {
  return `${alert.dryRun ? '[dry run] ' : ''}Blacklist Patrol: ${headline(alert)} · ${alert.date.slice(0, 10)}`;
}

export const KIND_WORDS: Record<AlertKind, string> = { new: 'Newly listed', changed: 'Listing changed', delisted: 'Delisted', still: 'Still listed' };

export function forDays(n: number): string {
  return n === 0 ? 'since today' : `for ${n} day${n === 1 ? '' : 's'}`;
}

/** "new" / "listed for 3 days" / "delisted after 12 days" / "no longer monitored". */
export function status(t: AlertTarget): string {
  if (t.kind === 'delisted') return t.note ?? `delisted after ${t.days} day${t.days === 1 ? '' : 's'}`;
  if (t.kind === 'new') return 'new';
  if (t.kind === 'changed') return `listing changed · listed ${forDays(t.days)}`;
  return `listed ${forDays(t.days)}`;
}

const CHANGE_WORDS: Record<ListingChange, string> = { added: 'new', recoded: 'code changed', removed: 'removed', same: '' };

/** "(new)", "(code changed)", "(removed)" beside a listing: only where the target's own status does not say it. */
export function changeWord(t: AlertTarget, l: AlertListing): string {
  return t.kind === 'changed' ? CHANGE_WORDS[l.change] : '';
}

/** "… and 12 more" when `shown` of `total` fit. */
export function more(total: number, shown: number, what = ''): string {
  return total > shown ? `… and ${total - shown} more${what ? ` ${what}` : ''}` : '';
}

/** Cuts text to `max` characters (UTF-16 code units, which never undercounts), ending in "…". */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  // Never split a surrogate pair: half an emoji is not text.
  if (end > 0 && /[\uD800-\uDBFF]/.test(s.charAt(end - 1))) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * Whole pieces joined while they fit in `max` characters, then "…": a piece is never cut, so an
 * escape, an entity or a link is never left half-written. A first piece too long on its own is
 * cut (the caller's pieces carry no markup worth keeping whole at that length).
 */
export function fitLines(pieces: readonly string[], max: number, sep = '\n'): string {
  let out = '';
  for (const p of pieces) {
    const next = out ? `${out}${sep}${p}` : p;
    if (next.length <= max - 2) {
      out = next;
      continue;
    }
    return out ? `${out}${sep}…` : cut(p, max);
  }
  return out;
}

/** The most `n` (≤ hi) for which `fits(n)` holds, assuming fewer always fit better; 0 if none. */
export function largest(hi: number, fits: (n: number) => boolean): number {
  let lo = 0;
  let top = hi;
  if (fits(top)) return top;
  while (lo < top - 1) {
    const mid = Math.floor((lo + top) / 2);
    if (fits(mid)) lo = mid;
    else top = mid;
  }
  return lo;
}
