// The Action's inputs, parsed once into a typed object (the actions/stale way); main.ts reads them.
import type { Keys } from '../dnsbl/check.ts';
import type { ChatSecrets } from '../notify/chat.ts';

export type Mode = 'patrol' | 'validate' | 'recheck';
export const MODES: readonly Mode[] = ['patrol', 'validate', 'recheck'];

export interface ActionOptions {
  config: string;
  mode: Mode;
  dryRun: boolean;
  token: string;
  keys: Keys;
  resolvers: string[];
  maxIssueWrites: number;
  /** Ad-hoc targets (workflow_dispatch): checked instead of the config's monitors. */
  targets: string[];
  reportPath: string;
  smtpUrl: string;
  mailFrom: string;
  /** This run's email: as notify.email.when says (auto), or forced. */
  email: 'auto' | 'always' | 'never';
  /** validate: the base branch's monitors file; only new or changed monitors are previewed. */
  baselineConfig: string;
  /** Chat and webhook URLs and the signing secret (from repository secrets). */
  chat: ChatSecrets;
}

export class InputError extends Error {}
