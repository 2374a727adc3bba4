// Microsoft Teams payload for a Workflows webhook ("When a Teams webhook request is received",
// the successor of the retired Office 365 connectors): a message whose one attachment is an
// Adaptive Card.
//   - Envelope {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",…}]}:
//     https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
//   - Card version 1.4: Teams documents 1.5, but the Workflows "post card" step shows
//     "this card couldn't be displayed" for anything above 1.4 (microsoft/AdaptiveCards#8965,
//     MicrosoftDocs/msteams-docs#9801). Nothing here needs more than 1.2.
//   - Message size about 28 KB, "Request Entity too large" beyond
//     (https://learn.microsoft.com/connectors/teams/#known-issues-and-limitations); a client
//     library found the real limit nearer 21 KB in testing (the msteams_hermes gem,
//     MSTEAMS_MESSAGE_SIZE_LIMIT), so the whole body stays under TEAMS_LIMITS.bytes.
// Untrusted text goes only into TextRun elements of RichTextBlocks: a TextRun's text is not
// markdown (https://learn.microsoft.com/adaptive-cards/schema-explorer/text-run). TextBlocks carry
// only our own words.
import type { AlertKind, AlertListing, AlertTarget, ChatAlert } from './alert.ts';
import { KIND_WORDS, blindText, changeWord, cut, headline, largest, more, status } from './alert.ts';
import { plain } from '../escape.ts';

export const TEAMS_LIMITS = { bytes: 20_000, version: '1.4' } as const;

const MAX_TARGETS = 25;
const MAX_LISTINGS = 5;

type OpenUrl = { type: 'Action.OpenUrl'; title: string; url: string };
export type TextRun = { type: 'TextRun'; text: string; weight?: 'Bolder'; fontType?: 'Monospace'; isSubtle?: boolean; italic?: boolean; selectAction?: OpenUrl };
export type CardElement =
  | { type: 'TextBlock'; text: string; wrap: true; size?: 'Medium' | 'Large'; weight?: 'Bolder'; isSubtle?: boolean; color?: 'Attention' | 'Warning' | 'Good'; spacing?: 'None' | 'Medium' | 'Large'; separator?: boolean }
  | { type: 'RichTextBlock'; inlines: TextRun[]; spacing?: 'None' | 'Small' | 'Medium' };

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: string;
  body: CardElement[];
  actions?: OpenUrl[];
  msteams: { width: 'Full' };
}

export interface TeamsPayload {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }];
}

/**
 * Untrusted text for a TextRun: no markdown there, but a bare URL may still be linked and {{DATE(…)}}
 * is still expanded, so those are broken with a zero-width space; control characters never pass.
 */
export function teamsText(s: string, max = 300): string {
  return plain(s, max)
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`)
    .replace(/\{\{/g, '{\u200b{');
}

function run(text: string, extra: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text, ...extra };
}

function linkRun(url: string | undefined, label: string): TextRun[] {
  return url ? [run(' · '), run(label, { selectAction: { type: 'Action.OpenUrl', title: label, url } })] : [];
}

const COLOR: Record<AlertKind, 'Attention' | 'Warning' | 'Good'> = { new: 'Attention', changed: 'Warning', delisted: 'Good', still: 'Warning' };

function listingBlock(t: AlertTarget, l: AlertListing): CardElement {
  const change = changeWord(t, l);
  return {
    type: 'RichTextBlock',
    spacing: 'None',
    inlines: [
      run('• '),
      run(teamsText(l.name, 80), { weight: 'Bolder' }),
      run(` ${l.codes.map((c) => teamsText(c, 64)).join(' ')}`, { fontType: 'Monospace' }),
      ...(l.meanings.length > 0 ? [run(` — ${teamsText(l.meanings.join('; '), 300)}`)] : []),
      ...(change ? [run(` (${change})`, { italic: true })] : []),
      ...(l.change !== 'removed' ? linkRun(l.delistUrl, 'request removal') : []),
    ],
  };
}

function targetBlocks(t: AlertTarget): CardElement[] {
  const monitor = t.monitor && t.monitor !== t.target ? ` (${teamsText(t.monitor, 80)})` : '';
  const head: CardElement = {
    type: 'RichTextBlock',
    spacing: 'Medium',
    inlines: [run(teamsText(t.target, 100), { fontType: 'Monospace', weight: 'Bolder' }), run(`${monitor} · ${status(t)}`), ...linkRun(t.issueUrl, 'issue')],
  };
  const lines = t.listings.slice(0, MAX_LISTINGS).map((l) => listingBlock(t, l));
  const rest = more(t.listings.length, lines.length, 'lists');
  return [head, ...lines, ...(rest ? [{ type: 'TextBlock' as const, text: rest, wrap: true as const, isSubtle: true, spacing: 'None' as const }] : [])];
}

function card(alert: ChatAlert, shown: number): AdaptiveCard {
  const body: CardElement[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: `${alert.dryRun ? '[dry run] ' : ''}Blacklist Patrol: ${headline(alert)}` },
    { type: 'TextBlock', isSubtle: true, wrap: true, spacing: 'None', text: `${alert.date.slice(0, 10)} · checked ${alert.coverage.checked} of ${alert.coverage.total} lists` },
  ];
  if (alert.coverage.blind) {
    body.push({ type: 'TextBlock', wrap: true, color: 'Attention', weight: 'Bolder', text: 'Nothing was checked' });
    body.push({ type: 'RichTextBlock', spacing: 'None', inlines: [run(teamsText(blindText(alert), 600))] });
  }

  const targets = alert.targets.slice(0, shown);
  for (const kind of ['new', 'changed', 'delisted', 'still'] as const) {
    const group = targets.filter((t) => t.kind === kind);
    if (group.length === 0) continue;
    body.push({ type: 'TextBlock', size: 'Medium', weight: 'Bolder', color: COLOR[kind], wrap: true, separator: true, spacing: 'Large', text: `${KIND_WORDS[kind]} (${alert.targets.filter((t) => t.kind === kind).length})` });
    for (const t of group) body.push(...targetBlocks(t));
  }
  const rest = more(alert.targets.length, targets.length);
  if (rest) body.push({ type: 'TextBlock', wrap: true, isSubtle: true, spacing: 'Medium', text: `${rest}: see the workflow run and its job summary.` });
  if (alert.targets.length === 0 && !alert.coverage.blind) body.push({ type: 'TextBlock', wrap: true, text: 'Nothing you watch is listed on any list that could be checked.' });
  if (alert.coverage.notChecked.length > 0) {
    const groups = alert.coverage.notChecked.map((g) => `${g.lists.map((n) => teamsText(n, 80)).join(', ')} (${teamsText(g.reason, 160)})`);
    body.push({ type: 'RichTextBlock', spacing: 'Medium', inlines: [run(cut(`Not checked: ${groups.join('; ')}`, 2000), { isSubtle: true })] });
  }
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: TEAMS_LIMITS.version,
    body,
    ...(alert.run?.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the workflow run', url: alert.run.url }] } : {}),
    msteams: { width: 'Full' },
  };
}

function envelope(content: AdaptiveCard): TeamsPayload {
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}

/** UTF-8 bytes of the JSON body as it will be sent. */
export function payloadBytes(p: unknown): number {
  return Buffer.byteLength(JSON.stringify(p), 'utf8');
}

/** The Teams message for an alert, under the size limit whatever the run found. */
export function renderTeams(alert: ChatAlert): TeamsPayload {
  const cap = Math.min(alert.targets.length, MAX_TARGETS);
  const shown = largest(cap, (n) => payloadBytes(envelope(card(alert, n))) <= TEAMS_LIMITS.bytes);
  return envelope(card(alert, shown));
}
