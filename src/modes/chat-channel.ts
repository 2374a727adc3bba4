// The chat channel as the Action wires it: destinations from the inputs (repository secrets,
// never monitors.yml), when to post from notify.chat (as `when: changes` without a chat section),
// and what a run's chat outcome means for the log, the job summary and the step's result.
import path from 'node:path';
import { DEFAULT_CHAT, type Config } from '../config/schema.ts';
import { chatAdapter, chatSecretValues, type ChatAdapter } from '../notify/chat.ts';
import { chatFailures, type ChatChannel, type ChatResult } from '../notify/chat-delivery.ts';
import { webhookRedactor } from '../notify/webhook.ts';
import { keyRedactor } from '../secrets.ts';
import { NAME, VERSION } from '../version.ts';
import { log } from './log.ts';
import type { ActionOptions } from './options.ts';
import { repositoryFromEnv, workflowRun } from './shared.ts';

/** Where a dry run or validate writes chat-slack.json, chat-teams.json, … */
export function chatPreviewDir(): string {
  return path.join(process.env.RUNNER_TEMP ?? '.', 'blacklist-patrol-chat');
}

/** The adapter for the configured destinations; its messages are redacted of every secret the run holds. */
export function chatAdapterFor(opts: ActionOptions): ChatAdapter {
  const chat = webhookRedactor(chatSecretValues(opts.chat));
  const keys = keyRedactor(opts.keys);
  return chatAdapter({
    secrets: opts.chat,
    previewDir: chatPreviewDir(),
    redact: (t) => keys(chat(t)),
    log: log.info,
    userAgent: `${NAME}/${VERSION}`,
  });
}

/** The channel for a run (null when no destination is configured), and misconfigured secrets, worded without their values. */
export function chatFor(opts: ActionOptions, config: Config): { channel: ChatChannel | null; errors: string[] } {
  const adapter = chatAdapterFor(opts);
  const settings = config.notify.chat ?? DEFAULT_CHAT;
  const { repository } = repositoryFromEnv();
  const run = workflowRun();
  if (adapter.destinations.length === 0) return { channel: null, errors: adapter.errors };
  return { channel: { adapter, settings, ...(repository ? { repository } : {}), ...(run.url ? { runUrl: run.url } : {}) }, errors: adapter.errors };
}

/** What a run's chat outcome adds: log lines, job-summary notes, and failures that fail the step. */
export function reportChat(result: ChatResult, errors: readonly string[]): { notes: string[]; failures: string[] } {
  const notes: string[] = [];
  const failures = errors.map((e) => `chat: ${e}`);
  if (result.status === 'skipped') log.info(`chat: ${result.reason}`);
  else if (result.status === 'previewed') {
    const line = `Chat (not posted): ${result.destinations.join(', ')} would receive the payloads in ${chatPreviewDir()} (${result.files.map((f) => path.basename(f)).join(', ')}).`;
    log.info(line);
    notes.push(line);
  } else {
    for (const o of result.outcomes) if (o.status === 'sent') log.info(`chat: posted to ${o.destination}${o.attempts > 1 ? ` (after ${o.attempts} attempts)` : ''}`);
    if (result.already.length > 0) log.info(`chat: ${result.already.join(', ')} already posted by this run's first attempt; not posted again`);
    const failed = chatFailures(result);
    if (failed.length > 0) {
      failures.push(
        `${failed.length === 1 ? 'a chat post' : `${failed.length} chat posts`} failed (issues, state and email of this run are done; re-run the run to post only where it failed): ${failed.join('; ')}`,
      );
    }
  }
  return { notes, failures };
}
