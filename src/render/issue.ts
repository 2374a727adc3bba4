// Issue titles, bodies and comments. Everything from DNS or config goes through markdown.ts.
import { createHash } from 'node:crypto';
import type { ListDef } from '../model.ts';
import type { TargetChange } from '../state/diff.ts';
import type { TargetState } from '../state/snapshot.ts';
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

function listName(ctx: IssueContext, id: string): string {
  return ctx.lists.get(id)?.name ?? id;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

export function issueTitle(target: string, state: TargetState): string {
  const n = Object.keys(state.listings).length;
  const who = state.monitor && state.monitor !== target ? ` (${plain(state.monitor, 60)})` : '';
  return `${target}${who} is listed on ${n} blacklist${n === 1 ? '' : 's'}`;
}

export function issueBody(target: string, state: TargetState, ctx: IssueContext): string {
  const ids = Object.keys(state.listings).sort();
  const rows = ids.map((id) => {
    const listing = state.listings[id];
    const def = ctx.lists.get(id);
    return [
      text(listName(ctx, id)),
      (listing?.codes ?? []).map((c) => code(c)).join(' '),
      (listing?.meanings ?? []).map((m) => text(m, 160)).join('; '),
      (listing?.txt ?? []).map((t) => code(t, 200)).join(' '),
      listing ? day(listing.since) : '',
      link('request removal', def?.delist ?? def?.info),
    ];
  });
  const pending = ids.filter((id) => (state.clean[id] ?? 0) > 0);
  const policies = ids
    .map((id) => ctx.lists.get(id))
    .filter((d): d is ListDef => d?.policy !== undefined)
    .map((d) => `- **${text(d.name)}**: ${text(d.policy ?? '')}`);
  const n = ids.length;
  const monitor = state.monitor && state.monitor !== target ? ` (${code(state.monitor, 60)})` : '';
  const content = [
    `${code(target)}${monitor} is listed on **${n}** blacklist${n === 1 ? '' : 's'}.`,
    '',
    table(['List', 'Return code', 'Meaning', 'Reason given by the list (TXT)', 'Listed since', 'Delist'], rows),
    ...(pending.length > 0
      ? ['', `Clean again on ${pending.map((id) => `${text(listName(ctx, id))} (${state.clean[id]} run${state.clean[id] === 1 ? '' : 's'})`).join(', ')}: the issue closes once the delisting is confirmed.`]
      : []),
    '',
    '### What these listings mean',
    ...(policies.length > 0 ? policies : ['- See each list\u2019s removal page for the reason and the process.']),
    '',
    '### Before you ask for removal',
    'Fix the cause first, or the listing comes back:',
    ...CAUSES.map((c) => `- **${c.cause}**: ${c.check}`),
    '',
    `<sub>${text(ctx.coverage, 2000)} · Blacklist Patrol updates this issue and closes it when the address is delisted.</sub>`,
  ].join('\n');
  const hash = createHash('sha256').update(content).update(renderMarker(target, state)).digest('hex').slice(0, 16);
  return `${content}\n\n${renderMarker(target, state, hash)}`;
}

function codesOf(state: TargetState | undefined, id: string): string {
  return (state?.listings[id]?.codes ?? []).map((c) => code(c)).join(' ');
}

/** The one comment a change gets ("newly listed on X", "removed from Y"). */
export function changeComment(change: TargetChange, ctx: IssueContext): string {
  const lines: string[] = [];
  for (const id of change.added) lines.push(`- Newly listed on **${text(listName(ctx, id))}**: ${codesOf(change.after, id)}`);
  for (const id of change.recoded) lines.push(`- Return code changed on **${text(listName(ctx, id))}**: ${codesOf(change.before, id)} → ${codesOf(change.after, id)}`);
  for (const id of change.removed) lines.push(`- Removed from **${text(listName(ctx, id))}**`);
  return lines.join('\n');
}

export function delistedComment(change: TargetChange, now: Date): string {
  if (change.note === 'no longer monitored') return 'This address is no longer in `monitors.yml`, so Blacklist Patrol stops watching it and closes this issue.';
  const since = Object.values(change.before?.listings ?? {}).map((l) => Date.parse(l.since)).filter(Number.isFinite);
  const days = since.length > 0 ? Math.max(0, Math.round((now.getTime() - Math.min(...since)) / 86_400_000)) : 0;
  return `Delisted: no longer listed on any checked blacklist (confirmed by consecutive clean checks), after ${days} day${days === 1 ? '' : 's'}.`;
}
