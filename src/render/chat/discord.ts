// Discord webhook payload: a one-line `content` and rich embeds, one per kind of change.
// Limits (Discord's API documentation, github.com/discord/discord-api-docs):
//   - content up to 2000 characters, up to 10 embeds (resources/webhook, Execute Webhook)
//   - embed title 256, description 4096, up to 25 fields, field name 256, field value 1024,
//     footer 2048, author name 256, and all of those across all embeds together at most 6000
//     characters; anything over is a 400 Bad Request (resources/message, Embed Limits)
// Embeds with the same `url` are deduplicated, only the first shown (resources/message), so only
// the last embed links to the run.
// `allowed_mentions: {parse: []}` turns every mention off whatever the text says
// (resources/message, Allowed Mentions Object); the text is escaped as well.
import type { AlertKind, AlertListing, AlertTarget, ChatAlert } from './alert.ts';
import { KIND_WORDS, blindText, changeWord, cut, fitLines, largest, more, status, title } from './alert.ts';
import { plain } from '../escape.ts';

export const DISCORD_LIMITS = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;

const MAX_LISTINGS = 5;
const COLOR: Record<AlertKind | 'coverage', number> = { new: 0xcf222e, changed: 0xbc4c00, delisted: 0x1a7f37, still: 0x9a6700, coverage: 0x59636e };

export interface DiscordEmbed {
  title: string;
  description?: string;
  url?: string;
  color: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: [] };
}

/**
 * Untrusted text for Discord markdown: every markdown character is backslash-escaped (which also
 * breaks <@id>, <#id>, <@&role>, <t:…> and [label](url)); a zero-width space after @ keeps
 * @everyone and @here from reading as mentions, and one inside :// or www. stops an autolink.
 */
export function discordEscape(s: string, max = 300): string {
  return plain(s, max)
    .replace(/[\\*_~`|>#\-[\]()<]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

/** A link of ours (checked http(s) already); parentheses encoded so the markdown holds. */
function link(url: string | undefined, label: string): string {
  return url ? `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : '';
}

function listingLine(t: AlertTarget, l: AlertListing): string {
  const codes = l.codes.map((c) => discordEscape(c, 64)).join(' ');
  const meanings = l.meanings.length > 0 ? ` — ${discordEscape(l.meanings.join('; '), 200)}` : '';
  const change = changeWord(t, l);
  const delist = l.change !== 'removed' ? link(l.delistUrl, 'removal') : '';
  return `• **${discordEscape(l.name, 80)}** ${codes}${meanings}${change ? ` *(${change})*` : ''}${delist ? ` · ${delist}` : ''}`;
}

function field(t: AlertTarget): { name: string; value: string } {
  const monitor = t.monitor && t.monitor !== t.target ? ` · ${t.monitor}` : '';
  const issue = link(t.issueUrl, 'issue');
  const lines = t.listings.slice(0, MAX_LISTINGS).map((l) => listingLine(t, l));
  const rest = more(t.listings.length, lines.length, 'lists');
  return {
    name: cut(discordEscape(`${t.target}${monitor}`, 200), DISCORD_LIMITS.fieldName),
    value: fitLines([`${status(t)}${issue ? ` · ${issue}` : ''}`, ...lines, ...(rest ? [rest] : [])], DISCORD_LIMITS.fieldValue),
  };
}

/** Characters Discord counts towards its 6000 (title, description, field names and values, footer). */
export function embedChars(embeds: readonly DiscordEmbed[]): number {
  return embeds.reduce(
    (n, e) => n + e.title.length + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

function embeds(alert: ChatAlert, shown: number): DiscordEmbed[] {
  const out: DiscordEmbed[] = [];
  const targets = alert.targets.slice(0, shown);
  const kinds: AlertKind[] = ['new', 'changed', 'delisted', 'still'];
  for (const kind of kinds) {
    const group = targets.filter((t) => t.kind === kind).slice(0, DISCORD_LIMITS.fields);
    if (group.length === 0) continue;
    const all = alert.targets.filter((t) => t.kind === kind).length;
    out.push({
      title: `${KIND_WORDS[kind]} (${all})`,
      color: COLOR[kind],
      fields: group.map(field),
    });
  }
  const rest = more(alert.targets.length, targets.length);
  const notes: string[] = [];
  if (alert.coverage.blind) notes.push(`**Nothing was checked:** ${discordEscape(blindText(alert), 600)}`);
  if (alert.targets.length === 0 && !alert.coverage.blind) notes.push('Nothing you watch is listed on any list that could be checked.');
  if (rest) notes.push(`${rest}: see the ${link(alert.run?.url, 'workflow run') || 'workflow run'} and its job summary.`);
  for (const g of alert.coverage.notChecked) notes.push(fitLines([`Not checked: ${discordEscape(g.lists[0] ?? '', 80)}`, ...g.lists.slice(1).map((n) => discordEscape(n, 80))], 600, ', ') + ` (${discordEscape(g.reason, 160)})`);
  out.push({
    title: `Checked ${alert.coverage.checked} of ${alert.coverage.total} lists`,
    color: alert.coverage.blind ? COLOR.new : COLOR.coverage,
    ...(notes.length > 0 ? { description: fitLines(notes, 1500) } : {}),
    ...(alert.run?.url ? { url: alert.run.url } : {}),
    footer: { text: 'Blacklist Patrol' },
    timestamp: alert.date,
  });
  return out.slice(0, DISCORD_LIMITS.embeds);
}

/** The Discord message for an alert, within every limit above whatever the run found. */
export function renderDiscord(alert: ChatAlert): DiscordPayload {
  const cap = Math.min(alert.targets.length, DISCORD_LIMITS.fields);
  // Some headroom under 6000: Discord trims whitespace and counts characters, never more than we do.
  const shown = largest(cap, (n) => embedChars(embeds(alert, n)) <= DISCORD_LIMITS.total - 200);
  return {
    content: cut(`**${title(alert)}**`, DISCORD_LIMITS.content),
    embeds: embeds(alert, shown),
    allowed_mentions: { parse: [] },
  };
}
