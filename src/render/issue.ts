// Issue titles, bodies and comments. Everything from DNS or config goes through markdown.ts.
import { createHash } from 'node:crypto';
import type { ListDef } from '../model.ts';
import type { TargetChange } from '../state/diff.ts';
import { ELLIPSIS, LISTING_BOUNDS, boundCodes, boundListing, clip } from '../state/bounds.ts';
import type { Listing, TargetState } from '../state/snapshot.ts';
import { renderMarker } from '../notify/marker.ts';
import { plain } from './escape.ts';
import { code, link, table, text } from './markdown.ts';

/** What to fix before asking for removal, or the listing comes back. */
export const CAUSES: readonly { cause: string; check: string }[] = [
  { cause: 'Open relay or open proxy', check: 'make sure the server only relays for authenticated users and your own networks.' },
  { cause: 'Compromised host or account', check: 'look for malware, a leaked mailbox password or a hacked web form sending mail; rotate credentials.' },
  { cause: 'Shared or dynamic range', check: 'policy lists (Spamhaus PBL, UCEPROTECT L2/L3, RATS-Dyna) list whole ranges; send through a static address your provider marks as a mail server.' },
  { cause: 'Missing or generic reverse DNS', check: 'give the address a PTR record naming the mail server, with a matching A record (FCrDNS).' },
  { cause: 'Backscatter', check: 'reject unknown recipients during the SMTP dialogue instead of accepting and bouncing later.' },
];

export interface IssueContext {
  lists: ReadonlyMap<string, ListDef>;
  coverage: string;
}

/**
 * GitHub refuses an issue or comment body over 65,536 characters and a title over 256 (422, and
 * the issue is never opened). We stay below with room to spare, whatever a list or config says.
 */
export const BODY_MAX = 60_000;
export const TITLE_MAX = 256;
const NAME_MAX = 300;
const COVERAGE_MAX = 1_000;
const POLICY_MAX = 300;
const URL_MAX = 500;

function listName(ctx: IssueContext, id: string): string {
  return ctx.lists.get(id)?.name ?? id;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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

export function issueBody(target: string, state: TargetState, ctx: IssueContext): string {
  const ids = Object.keys(state.listings).sort();
  const listings = new Map(ids.map((id) => [id, boundListing(state.listings[id] as Listing)]));
  let shortened = false;
  const name = (id: string): string => {
    const n = listName(ctx, id);
    if (n.length > NAME_MAX) shortened = true;
    return text(n, NAME_MAX);
  };
  const rows = ids.map((id) => {
    const listing = listings.get(id) as Listing;
    const def = ctx.lists.get(id);
    const url = def?.delist ?? def?.info;
    if ([...(listing.meanings ?? []), ...(listing.txt ?? [])].some(cut)) shortened = true;
    return `| ${[
      name(id),
      listing.codes.map((c) => code(c)).join(' '),
      (listing.meanings ?? []).map((m) => text(m, LISTING_BOUNDS.meaningLength)).join('; '),
      (listing.txt ?? []).map((t) => code(t, LISTING_BOUNDS.txtLength)).join(' '),
      day(listing.since),
      url && url.length <= URL_MAX ? link('request removal', url) : '',
    ].join(' | ')} |`;
  });
  const pending = ids.filter((id) => (state.clean[id] ?? 0) > 0);
  const pendingNames = pending.slice(0, 5).map((id) => `${name(id)} (${plural(state.clean[id] ?? 0, 'run')})`);
  if (pending.length > 5) pendingNames.push(`${pending.length - 5} more`);
  const policies = ids
    .map((id) => ctx.lists.get(id))
    .filter((d): d is ListDef => d?.policy !== undefined)
    .map((d) => {
      if ((d.policy ?? '').length > POLICY_MAX) shortened = true;
      return `- **${name(d.id)}**: ${text(d.policy ?? '', POLICY_MAX)}`;
    });
  if (ctx.coverage.length > COVERAGE_MAX) shortened = true;
  const n = ids.length;
  const monitor = state.monitor && state.monitor !== target ? ` (${code(state.monitor, 60)})` : '';

  const head = [`${code(target)}${monitor} is listed on **${n}** blacklist${n === 1 ? '' : 's'}.`, '', table(['List', 'Return code', 'Meaning', 'Reason given by the list (TXT)', 'Listed since', 'Delist'], [])];
  const middle = [
    ...(pending.length > 0 ? ['', `Clean again on ${pendingNames.join(', ')}: the issue closes once the delisting is confirmed.`] : []),
    '',
    '### What these listings mean',
  ];
  const causes = ['', '### Before you ask for removal', 'Fix the cause first, or the listing comes back:', ...CAUSES.map((c) => `- **${c.cause}**: ${c.check}`), '', 'Fixed it and asked for removal? Comment `/recheck` to check again now (anyone with write access to this repository).', ''];
  const footer = `<sub>${text(ctx.coverage, COVERAGE_MAX)} · Blacklist Patrol updates this issue and closes it when the address is delisted.</sub>`;
  const note = `<sub>Texts ending in ${ELLIPSIS} were shortened to fit GitHub's limits; a run's JSON report has them in full (the Action's ${code('report')} output, or ${code(`blacklist-patrol check ${target} --json`)}).</sub>`;

  // The marker, the fixed parts and the note first; the table rows, then the policies, get the room left.
  const marker = renderMarker(target, { ...state, listings: Object.fromEntries(listings) });
  let room = BODY_MAX - marker.length - '\n\n'.length - 100 - size([...head, ...middle, ...causes, footer, '', note]);
  const shownRows = fit(rows, room, (k) => `| ${ELLIPSIS} | and ${plural(k, 'more list')}: see the JSON report |  |  |  |  |`);
  room -= size(shownRows);
  const shownPolicies = policies.length > 0 ? fit(policies, room, (k) => `- ${ELLIPSIS} and ${k} more`) : ['- See each list\u2019s removal page for the reason and the process.'];
  if (shownRows.length < rows.length || shownPolicies.length < policies.length) shortened = true;

  const content = [...head, ...shownRows, ...middle, ...shownPolicies, ...causes, footer, ...(shortened ? ['', note] : [])].join('\n');
  const hash = createHash('sha256').update(content).update(marker).digest('hex').slice(0, 16);
  return `${content}\n\n${renderMarker(target, { ...state, listings: Object.fromEntries(listings) }, hash)}`;
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
