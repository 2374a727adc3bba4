// One alert, four renderings. The delivery adapter and previews pick a rendering by kind.
import type { ChatAlert } from './alert.ts';
import { renderDiscord } from './discord.ts';
import { renderSlack } from './slack.ts';
import { renderTeams } from './teams.ts';
import { renderWebhook } from './webhook.ts';

export type ChatKind = 'slack' | 'teams' | 'discord' | 'webhook';

export const CHAT_KINDS: readonly ChatKind[] = ['slack', 'teams', 'discord', 'webhook'];

/** What people call each destination in messages. */
export const CHAT_NAMES: Record<ChatKind, string> = { slack: 'Slack', teams: 'Microsoft Teams', discord: 'Discord', webhook: 'webhook' };

/** The JSON body for one destination kind; `delivery` only appears in the generic webhook's body. */
export function renderChat(kind: ChatKind, alert: ChatAlert, delivery: string): unknown {
  switch (kind) {
    case 'slack':
      return renderSlack(alert);
    case 'teams':
      return renderTeams(alert);
    case 'discord':
      return renderDiscord(alert);
    case 'webhook':
      return renderWebhook(alert, delivery);
  }
}

export { buildChatAlert, chatDue, type ChatAlert, type ChatWhen, type AlertInput } from './alert.ts';
