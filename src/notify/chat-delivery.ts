// The chat channel's rules for one run, as the email has its own: whether a post is due
// (notify.chat.when and severities), once per run (a re-run posts only to the destinations that
// failed the first time, with the same delivery id), a blind run's notice, and previews instead
// of posts in a dry run. The adapter (notify/chat.ts) does the posting.
import type { Blind } from '../blind.ts';
import type { Severity } from '../model.ts';
import { buildChatAlert, chatDue, type AlertInput, type ChatAlert, type ChatWhen } from '../render/chat/alert.ts';
import type { ChatKind } from '../render/chat/index.ts';
import type { ChatAdapter, ChatOutcome } from './chat.ts';
import { deliveryId } from './webhook.ts';

export interface ChatChannel {
  adapter: ChatAdapter;
  /** notify.chat, or DEFAULT_CHAT when monitors.yml has none. */
  settings: { when: ChatWhen; severities?: readonly Severity[] };
  /** "owner/repo": in the alert and the delivery id (the CLI has none). */
  repository?: string;
  /** The workflow run's page, linked from every message. */
  runUrl?: string;
}

export type ChatResult =
  | { status: 'skipped'; reason: string }
  | { status: 'previewed'; files: string[]; destinations: string[] }
  /** Posted (or tried) to the destinations this run had not reached yet; `already` were reached before (a re-run). */
  | { status: 'delivered'; outcomes: ChatOutcome[]; already: ChatKind[] };

export interface ChatRun {
  /** The alert's facts: this run's changes and state, lists, issue links. */
  alert: Omit<AlertInput, 'dryRun' | 'run' | 'repository' | 'severities' | 'blind'>;
  runId: string;
  /** Destinations this run already posted to (the snapshot of a re-run says). */
  sentBefore: readonly ChatKind[];
  dryRun: boolean;
  /** Set when the run saw nothing. */
  blind?: Blind | null;
}

/**
 * The generic webhook's delivery id: the repository, the workflow run (never its attempt) and
 * the destination, so a re-run of a run repeats it and a receiver can drop a duplicate.
 */
export function chatDeliveryId(repository: string | undefined, runId: string): string {
  return deliveryId(repository ?? 'local', runId, 'webhook');
}

/** The alert this run would post (for previews and the demo, too). */
export function chatAlertFor(channel: ChatChannel, run: Pick<ChatRun, 'alert' | 'runId' | 'dryRun' | 'blind'>): ChatAlert {
  const { settings } = channel;
  return buildChatAlert({
    ...run.alert,
    // A blind run's notice says only that: no listing from a state this run could not confirm.
    ...(run.blind ? { changes: [], state: {}, blind: run.blind } : {}),
    dryRun: run.dryRun,
    run: { id: run.runId, ...(channel.runUrl ? { url: channel.runUrl } : {}) },
    ...(channel.repository ? { repository: channel.repository } : {}),
    ...(settings.severities ? { severities: settings.severities } : {}),
  });
}

/** Posts (or previews) this run's alert where it is due; returns what happened and the destinations reached now. */
export async function deliverChat(channel: ChatChannel, run: ChatRun): Promise<{ result: ChatResult; sent: ChatKind[] }> {
  const skip = (reason: string): { result: ChatResult; sent: ChatKind[] } => ({ result: { status: 'skipped', reason }, sent: [] });
  const { adapter, settings } = channel;
  if (adapter.destinations.length === 0) return skip('no chat or webhook destination configured');
  if (settings.when === 'never') return skip('notify.chat.when is never');
  // Nothing seen: only a channel that hears every run (always) is told; the failed run is the alert.
  if (run.blind && settings.when !== 'always') return skip('nothing was checked: no chat post (the failed run says so)');
  const alert = chatAlertFor(channel, run);
  if (!run.blind && !chatDue(settings.when, alert)) return skip(`nothing to post for notify.chat.when: ${settings.when}`);
  const id = chatDeliveryId(channel.repository, run.runId);
  if (run.dryRun) {
    const files = await adapter.preview(alert, id);
    return { result: { status: 'previewed', files, destinations: adapter.destinations.map((d) => d.label) }, sent: [] };
  }
  const already = adapter.destinations.map((d) => d.kind).filter((k) => run.sentBefore.includes(k));
  const pending = adapter.destinations.filter((d) => !run.sentBefore.includes(d.kind)).map((d) => d.kind);
  if (pending.length === 0) return skip("this run's chat posts were already sent (re-run)");
  const outcomes = await adapter.send(alert, id, pending);
  return { result: { status: 'delivered', outcomes, already }, sent: outcomes.filter((o) => o.status === 'sent').map((o) => o.kind) };
}

/** The failed deliveries of a result, as messages that name the destination and never the URL. */
export function chatFailures(result: ChatResult): string[] {
  return result.status === 'delivered' ? result.outcomes.flatMap((o) => (o.status === 'failed' ? [o.error] : [])) : [];
}
