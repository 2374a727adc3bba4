// The email channel as the Action wires it: the adapter from the inputs (smtp-url, mail-from) and
// notify.email, and this run's `email` input overriding notify.email.when.
import path from 'node:path';
import type { Config } from '../config/schema.ts';
import { emailAdapter } from '../notify/email.ts';
import type { EmailAdapter } from '../patrol.ts';
import { log } from './log.ts';
import type { ActionOptions } from './options.ts';

/** Where a dry run or validate writes email.html and email.txt. */
export function emailPreviewDir(): string {
  return path.join(process.env.RUNNER_TEMP ?? '.', 'blacklist-patrol-email');
}

/** The config with this run's email input applied (auto keeps notify.email.when). */
export function withEmailInput(opts: ActionOptions, config: Config): Config {
  if (opts.email === 'auto' || !config.notify.email) return config;
  return { ...config, notify: { ...config.notify, email: { ...config.notify.email, when: opts.email } } };
}

/** The adapter, or null without notify.email. */
export function emailFor(opts: ActionOptions, config: Config): EmailAdapter | null {
  if (!config.notify.email) return null;
  return emailAdapter({ smtpUrl: opts.smtpUrl, from: opts.mailFrom, to: config.notify.email.to, previewDir: emailPreviewDir(), log: log.info });
}
