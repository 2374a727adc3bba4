// Slack incoming-webhook payload: a plain `text` for notifications plus Block Kit blocks.
// Limits (Slack's documentation):
//   - up to 50 blocks in a message: https://docs.slack.dev/reference/block-kit/blocks
//   - header text (plain_text) at most 150 characters: https://docs.slack.dev/reference/block-kit/blocks/header-block
//   - section text at most 3000 characters: https://docs.slack.dev/reference/block-kit/blocks/section-block
//   - a text object at most 3000 characters: https://docs.slack.dev/reference/block-kit/composition-objects/text-object
//   - a message's `text` is truncated past 40,000 characters: https://api.slack.com/changelog/2018-04-truncating-really-long-messages
// Slack also rejects messages whose blocks add up to roughly 13,000 characters with
// msg_blocks_too_long, below every documented limit (slackapi/bolt-js#2509), so the blocks
// stay under BLOCKS_BUDGET in all.
import type { AlertListing, AlertTarget, ChatAlert } from './alert.ts';
import { KIND_WORDS, blindText, changeWord, cut, fitLines, headline, largest, more, status, title } from './alert.ts';
import { plain } from '../escape.ts';

export const SLACK_LIMITS = { blocks: 50, header: 150, section: 3000, contextText: 3000, text: 40_000, blocksBudget: 12_000 } as const;

/** Targets shown at most; the rest are counted ("… and 12 more"). */
const MAX_TARGETS = 20;
const MAX_LISTINGS = 6;

type Text = { type: 'mrkdwn'; text: string; verbatim: true } | { type: 'plain_text'; text: string; emoji: boolean };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text: Text }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' };

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  /** Links in the message are ours; no previews of them. */
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * Untrusted text for mrkdwn. `&`, `<` and `>` are Slack's control characters and must be
 * entities (https://api.slack.com/reference/surfaces/formatting#escaping): that alone
 * disarms <!channel>, <@U…>, <#C…> and <url|label>. mrkdwn has no escape character, so its
 * formatting characters become look-alikes; a zero-width space after @ stops a bare @here, and
 * one inside :// or www. stops an autolink. Every text object is also sent `verbatim`.
 */
export function slackEscape(s: string, max = 300): string {
  return plain(s, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\*/g, '\u2217')
    .replace(/_/g, '\u02cd')
    .replace(/~/g, '\u223c')
    .replace(/`/g, '\u02cb')
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

/** A link of ours (already checked http(s), no `|` or `>`): <url|label>. */
function link(url: string | undefined, label: string): string {
  return url ? `<${url}|${label}>` : '';
}

function mrkdwn(text: string, max: number): Text {
  return { type: 'mrkdwn', text: cut(text, max), verbatim: true };
}

function listingLine(t: AlertTarget, l: AlertListing): string {
  const codes = l.codes.map((c) => `\`${slackEscape(c, 64)}\``).join(' ');
  const meanings = l.meanings.length > 0 ? ` — ${slackEscape(l.meanings.join('; '), 300)}` : '';
  const change = changeWord(t, l);
  const delist = l.change !== 'removed' ? link(l.delistUrl, 'request removal') : '';
  return `• *${slackEscape(l.name, 100)}* ${codes}${meanings}${change ? ` _(${change})_` : ''}${delist ? ` · ${delist}` : ''}`;
}

function targetText(t: AlertTarget): string {
  const monitor = t.monitor && t.monitor !== t.target ? ` (${slackEscape(t.monitor, 80)})` : '';
  const issue = link(t.issueUrl, 'issue');
  const head = `*${KIND_WORDS[t.kind]}:* \`${slackEscape(t.target, 100)}\`${monitor} · ${status(t)}${issue ? ` · ${issue}` : ''}`;
  const lines = t.listings.slice(0, MAX_LISTINGS).map((l) => listingLine(t, l));
  const rest = more(t.listings.length, lines.length, 'lists');
  return fitLines([head, ...lines, ...(rest ? [rest] : [])], SLACK_LIMITS.section);
}

function blocks(alert: ChatAlert, shown: number): SlackBlock[] {
  const out: SlackBlock[] = [];
  const icon = alert.coverage.blind ? ':warning:' : alert.totals.new + alert.totals.changed > 0 ? ':rotating_light:' : alert.totals.listed > 0 ? ':large_orange_circle:' : ':white_check_mark:';
  out.push({ type: 'header', text: { type: 'plain_text', text: cut(`${alert.dryRun ? '[dry run] ' : ''}Blacklist Patrol: ${headline(alert)}`, SLACK_LIMITS.header), emoji: true } });
  const run = link(alert.run?.url, 'workflow run');
  out.push({ type: 'context', elements: [mrkdwn(`${icon} ${alert.date.slice(0, 10)} · checked ${alert.coverage.checked} of ${alert.coverage.total} lists${run ? ` · ${run}` : ''}`, SLACK_LIMITS.contextText)] });
  if (alert.coverage.blind) {
    out.push({ type: 'section', text: mrkdwn(`*Nothing was checked:* ${slackEscape(blindText(alert), 600)}`, SLACK_LIMITS.section) });
  }
  for (const t of alert.targets.slice(0, shown)) out.push({ type: 'section', text: mrkdwn(targetText(t), SLACK_LIMITS.section) });
  const rest = more(alert.targets.length, shown);
  if (rest) out.push({ type: 'section', text: mrkdwn(`${rest}: see the ${run || 'workflow run'} and its job summary.`, SLACK_LIMITS.section) });
  if (alert.targets.length === 0 && !alert.coverage.blind) {
    out.push({ type: 'section', text: mrkdwn('Nothing you watch is listed on any list that could be checked.', SLACK_LIMITS.section) });
  }
  if (alert.coverage.notChecked.length > 0) {
    const groups = alert.coverage.notChecked.map((g) => `${g.lists.map((n) => slackEscape(n, 100)).join(', ')} (${slackEscape(g.reason, 200)})`);
    out.push({ type: 'context', elements: [mrkdwn(fitLines([`Not checked: ${groups[0] ?? ''}`, ...groups.slice(1)], SLACK_LIMITS.contextText, '; '), SLACK_LIMITS.contextText)] });
  }
  return out;
}

/** The Slack message for an alert, within every limit above whatever the run found. */
export function renderSlack(alert: ChatAlert): SlackPayload {
  // Headroom for the fixed blocks (header, context, blind, more, nothing listed, not checked).
  const cap = Math.min(MAX_TARGETS, alert.targets.length, SLACK_LIMITS.blocks - 6);
  const size = (b: SlackBlock[]): number => JSON.stringify(b).length;
  const shown = largest(cap, (n) => size(blocks(alert, n)) <= SLACK_LIMITS.blocksBudget);
  return {
    text: cut(title(alert), 3000),
    blocks: blocks(alert, shown),
    unfurl_links: false,
    unfurl_media: false,
  };
}
