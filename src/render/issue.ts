// Issue titles, bodies and comments. Everything from DNS or config goes through markdown.ts.
import { createHash } from 'node:crypto';
import type { ListDef, Severity } from '../model.ts';
import { CAUSES } from '../dnsbl/causes.ts';
import type { ReverseDnsFinding } from '../dnsbl/rdns.ts';
import type { TargetChange } from '../state/diff.ts';
import { ELLIPSIS, LISTING_BOUNDS, boundCodes, boundListing, clip } from '../state/bounds.ts';
import type { Listing, TargetState } from '../state/snapshot.ts';
import { renderMarker } from '../notify/marker.ts';
import { diagnose, names, type ListingView, type Piece } from './diagnosis.ts';
import { plain } from './escape.ts';
import { code, link, table, text } from './markdown.ts';

export interface IssueContext {
  lists: ReadonlyMap<string, ListDef>;
  coverage: string;
  /** This run's reverse-DNS findings by address (listed IP targets). */
  reverseDns?: ReadonlyMap<string, ReverseDnsFinding>;
  /** notify.min-severity, named beside the informational rows. */
  minSeverity?: Severity;
}

/**
 * GitHub refuses an issue or comment body over 65,536 characters and a title over 256 (422, and
 * the issue is never opened). We stay below with room to spare, whatever a list or config says.
 */
export const BODY_MAX = 60_000;
export const TITLE_MAX = 256;
const NAME_MAX = 300;
const COVERAGE_MAX = 1_000;
const TEXT_MAX = 1_000;

function listName(ctx: IssueContext, id: string): string {
  return ctx.lists.get(id)?.name ?? id;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Pieces as Markdown: words escaped as text, names and addresses as code spans. */
export function markdownPieces(pieces: readonly Piece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? text(p, TEXT_MAX) : code(p.code, 253))).join('');
}

/** "203.0.113.10 (mx1) …", within GitHub's title limit: the monitor name goes first, then the target is cut. */
function titled(target: string, state: TargetState, rest: string): string {
  const who = state.monitor && state.monitor !== target ? ` (${plain(state.monitor, 60)})` : '';
  const full = `${target}${who} ${rest}`;
  if (full.length <= TITLE_MAX) return full;
  const bare = `${target} ${rest}`;
  return bare.length <= TITLE_MAX ? bare : `${clip(target, TITLE_MAX - rest.length - 1)} ${rest}`;
}

export function issueTitle(target: string, state: TargetState): string {
  return titled(target, state, `is listed on ${plural(Object.keys(state.listings).length, 'blacklist')}`);
}

/** The title of the issue a delisting closes: it no longer says "is listed". */
export function delistedTitle(change: TargetChange): string {
  const state = change.before ?? { monitor: change.monitor, listings: {}, clean: {} };
  return titled(change.target, state, change.note === 'no longer monitored' ? 'is no longer monitored' : 'is no longer listed');
}

/** As many of the lines as fit in `room` characters (with their newlines); `more(n)` says what was left out. */
function fit(lines: readonly string[], room: number, more: (n: number) => string): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const tail = left > 0 ? more(left).length + 1 : 0;
    if (used + line.length + 1 + tail > room) return [...kept, more(lines.length - i)];
    kept.push(line);
    used += line.length + 1;
  }
  return kept;
}

const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);
const cut = (s: string | undefined): boolean => s !== undefined && s.endsWith(ELLIPSIS);

/** "Spam-trap hits; Exploited host", the labels of a listing's causes. */
function causeLabels(view: ListingView): string {
  return view.causes.map((c) => CAUSES[c].label).join('; ');
}

/** "[look up this address](…) · [removal page](…)": the list's doors for this target. */
function doors(view: ListingView, target: string): string {
  const what = /^[\d.]+$|:/.test(target) ? 'address' : 'domain';
  return [link(`look up this ${what}`, view.lookup), link('removal page', view.removal)].filter((l) => l !== '').join(' · ');
}

export function issueBody(target: string, state: TargetState, ctx: IssueContext): string {
  const listings = Object.fromEntries(Object.keys(state.listings).sort().map((id) => [id, boundListing(state.listings[id] as Listing)]));
  const info = Object.fromEntries(Object.keys(state.info ?? {}).sort().map((id) => [id, boundListing(state.info?.[id] as Listing)]));
  const diagnosis = diagnose(target, listings, info, ctx.lists, ctx.reverseDns?.get(target));
  let shortened = false;
  const name = (id: string, max = NAME_MAX): string => {
    const n = listName(ctx, id);
    if (n.length > max) shortened = true;
    return text(n, max);
  };
  const row = (view: ListingView, listing: Listing, long: boolean): string => {
    if ([...(listing.meanings ?? []), ...(listing.txt ?? [])].some(cut)) shortened = true;
    const cells = [
      name(view.id),
      view.severity,
      listing.codes.map((c) => code(c)).join(' '),
      (listing.meanings ?? []).map((m) => text(m, LISTING_BOUNDS.meaningLength)).join('; '),
      text(causeLabels(view)),
      ...(long ? [(listing.txt ?? []).map((t) => code(t, LISTING_BOUNDS.txtLength)).join(' '), day(listing.since)] : [doors(view, target)]),
    ];
    return `| ${cells.join(' | ')} |`;
  };
  const rows = diagnosis.listings.map((v) => row(v, listings[v.id] as Listing, true));
  const infoRows = diagnosis.informational.map((v) => row(v, info[v.id] as Listing, false));
  const ids = Object.keys(listings);
  const pending = ids.filter((id) => (state.clean[id] ?? 0) > 0);
  const pendingNames = pending.slice(0, 5).map((id) => `${name(id)} (${plural(state.clean[id] ?? 0, 'run')})`);
  if (pending.length > 5) pendingNames.push(`${pending.length - 5} more`);
  const causes = diagnosis.causes.map((c) => {
    if (c.lists.some((n) => n.length > NAME_MAX)) shortened = true;
    const lists = names(c.lists.map((n) => clip(n, NAME_MAX)));
    const line = `- **${text(c.label)}** (${text(lists, 4 * NAME_MAX)}): ${text(c.fix, TEXT_MAX)}`;
    return c.evidence ? `${line}\n  - Reverse DNS: ${markdownPieces(c.evidence)}` : line;
  });
  const removal = diagnosis.listings.map((v) => {
    const links = doors(v, target);
    return `- **${name(v.id)}**: ${text(v.howToGetOff, TEXT_MAX)}${links ? ` ${links}` : ''}`;
  });
  if (ctx.coverage.length > COVERAGE_MAX) shortened = true;
  const n = ids.length;
  const monitor = state.monitor && state.monitor !== target ? ` (${code(state.monitor, 60)})` : '';

  const head = [
    `${code(target)}${monitor} is listed on **${n}** blacklist${n === 1 ? '' : 's'}.`,
    '',
    table(['List', 'Severity', 'Return code', 'Meaning', 'Likely cause', 'Reason given by the list (TXT)', 'Listed since'], []),
  ];
  const pendingLines = pending.length > 0 ? ['', `Clean again on ${pendingNames.join(', ')}: the issue closes once the delisting is confirmed.`] : [];
  const infoHead =
    infoRows.length > 0
      ? [
          '',
          `**For information only**: these answers are below ${code(`notify.min-severity: ${ctx.minSeverity ?? 'low'}`)}. They are shown for context; they neither open nor keep open this issue.`,
          '',
          table(['List', 'Severity', 'Return code', 'Meaning', 'Likely cause', 'Links'], []),
        ]
      : [];
  const rdns = diagnosis.reverseDns ? ['', '### Reverse DNS', markdownPieces(diagnosis.reverseDns)] : [];
  const causesHead = causes.length > 0 ? ['', '### What to fix', 'Fix the cause first, or the listing comes back:', ''] : [];
  const removalHead = removal.length > 0 ? ['', '### How to get off each list', ''] : [];
  // /recheck runs the patrol for this target now (src/modes/recheck.ts).
  const recheck = ['', 'Fixed it and asked for removal? Comment `/recheck` to check again now (anyone with write access to this repository).'];
  const footer = ['', `<sub>${text(ctx.coverage, COVERAGE_MAX)} · Blacklist Patrol updates this issue and closes it when the address is delisted.</sub>`];
  const note = `<sub>Texts ending in ${ELLIPSIS} were shortened to fit GitHub's limits; a run's JSON report has them in full (the Action's ${code('report')} output, or ${code(`blacklist-patrol check ${target} --json`)}).</sub>`;

  // The marker, the fixed parts and the note first; then, in this order, the causes, the listings,
  // the removal processes and the informational rows get the room left.
  const marker = renderMarker(target, { ...state, listings });
  let room = BODY_MAX - marker.length - '\n\n'.length - 100 - size([...head, ...pendingLines, ...infoHead, ...rdns, ...causesHead, ...removalHead, ...recheck, ...footer, '', note]);
  const take = (lines: string[], more: (k: number) => string): string[] => {
    const kept = fit(lines, room, more);
    room -= size(kept);
    if (kept.length !== lines.length || kept.some((l, i) => l !== lines[i])) shortened = true;
    return kept;
  };
  // The causes first: at most one line per cause in the vocabulary, and the advice is the point.
  const shownCauses = take(causes, (k) => `- ${ELLIPSIS} and ${plural(k, 'more cause')}`);
  const shownRows = take(rows, (k) => `| ${ELLIPSIS} | and ${plural(k, 'more list')}: see the JSON report |  |  |  |  |  |`);
  const shownRemoval = take(removal, (k) => `- ${ELLIPSIS} and ${plural(k, 'more list')}`);
  const shownInfo = take(infoRows, (k) => `| ${ELLIPSIS} | and ${plural(k, 'more list')} |  |  |  |  |`);

  const content = [
    ...head,
    ...shownRows,
    ...pendingLines,
    ...(shownInfo.length > 0 ? [...infoHead, ...shownInfo] : []),
    ...rdns,
    ...(shownCauses.length > 0 ? [...causesHead, ...shownCauses] : []),
    ...(shownRemoval.length > 0 ? [...removalHead, ...shownRemoval] : []),
    ...recheck,
    ...footer,
    ...(shortened ? ['', note] : []),
  ].join('\n');
  const hash = createHash('sha256').update(content).update(marker).digest('hex').slice(0, 16);
  return `${content}\n\n${renderMarker(target, { ...state, listings }, hash)}`;
}

function codesOf(state: TargetState | undefined, id: string): string {
  return boundCodes(state?.listings[id]?.codes ?? []).map((c) => code(c)).join(' ');
}

/** The one comment a change gets ("newly listed on X", "removed from Y"), within GitHub's limit. */
export function changeComment(change: TargetChange, ctx: IssueContext): string {
  const name = (id: string): string => text(listName(ctx, id), NAME_MAX);
  const lines: string[] = [];
  for (const id of change.added) lines.push(`- Newly listed on **${name(id)}**: ${codesOf(change.after, id)}`);
  for (const id of change.recoded) lines.push(`- Return code changed on **${name(id)}**: ${codesOf(change.before, id)} → ${codesOf(change.after, id)}`);
  for (const id of change.removed) lines.push(`- Removed from **${name(id)}**`);
  return fit(lines, BODY_MAX, (k) => `- ${ELLIPSIS} and ${plural(k, 'more change')}: the issue's table shows every current listing`).join('\n');
}

export function delistedComment(change: TargetChange, now: Date): string {
  if (change.note === 'no longer monitored') return 'This address is no longer in `monitors.yml`, so Blacklist Patrol stops watching it and closes this issue.';
  const since = Object.values(change.before?.listings ?? {}).map((l) => Date.parse(l.since)).filter(Number.isFinite);
  const days = since.length > 0 ? Math.max(0, Math.round((now.getTime() - Math.min(...since)) / 86_400_000)) : 0;
  return `Delisted: no longer listed on any checked blacklist (confirmed by consecutive clean checks), after ${days} day${days === 1 ? '' : 's'}.`;
}
