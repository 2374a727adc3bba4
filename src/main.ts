// The Action: read the inputs (masking every secret first), load monitors.yml, dispatch to a mode.
// Each mode lives in src/modes/: patrol (the daily run), validate (pull requests), recheck (a
// /recheck comment on one of our issues).
import * as core from '@actions/core';
import path from 'node:path';
import { formatDiagnostic, loadConfig, type Diagnostic } from './config/load.ts';
import type { Config } from './config/schema.ts';
import type { Keys } from './dnsbl/check.ts';
import { CHAT_INPUTS, chatSecretForms, type ChatSecrets } from './notify/chat.ts';
import { secretForms, smtpSecretForms } from './secrets.ts';
import { log } from './modes/log.ts';
import { InputError, MODES, type ActionOptions, type Mode } from './modes/options.ts';
import { patrolMode } from './modes/patrol.ts';
import { recheckMode } from './modes/recheck.ts';
import { validateMode } from './modes/validate.ts';

export { InputError, type ActionOptions } from './modes/options.ts';

function list(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** A boolean input; empty means false (getBooleanInput throws on an input that is not set). */
function bool(name: string): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new InputError(`input ${name} must be true or false, got '${core.getInput(name)}'`);
}

function emailInput(v: string): ActionOptions['email'] {
  if (v === 'auto' || v === 'always' || v === 'never') return v;
  throw new InputError(`input email must be auto, always or never, got '${v}'`);
}

/**
 * Registers every form of every secret with the runner before anything can print one: a DQS key
 * sits inside every query name (and DNS may send it back in any case); an SMTP server may echo
 * the password raw, URL-encoded, base64-encoded or inside an AUTH PLAIN blob; a chat platform
 * may echo its webhook URL or the token in it, in any of those encodings.
 */
function maskSecrets(keys: string[], smtpUrl: string, chat: ChatSecrets): void {
  const forms = new Set<string>();
  for (const key of keys) for (const f of [...secretForms(key), key.toLowerCase(), key.toUpperCase()]) forms.add(f);
  if (smtpUrl) {
    forms.add(smtpUrl);
    try {
      const url = new URL(smtpUrl);
      // As written in the URL, and decoded as it is sent.
      forms.add(url.password);
      for (const f of smtpSecretForms(decodeURIComponent(url.username), decodeURIComponent(url.password))) forms.add(f);
    } catch {
      // an unparsable URL is reported when the email is sent
    }
  }
  for (const f of chatSecretForms(chat)) forms.add(f);
  for (const f of forms) if (f.trim() !== '') core.setSecret(f);
}

/** The chat secrets as given (input names in CHAT_INPUTS); empty inputs are not configured. */
function chatInputs(): ChatSecrets {
  const s: ChatSecrets = {};
  for (const [key, { input }] of Object.entries(CHAT_INPUTS) as [keyof ChatSecrets, { input: string }][]) {
    const v = core.getInput(input).trim();
    if (v) s[key] = v;
  }
  return s;
}

export function readOptions(): ActionOptions {
  const dqs = core.getInput('spamhaus-dqs-key').trim();
  const abusix = core.getInput('abusix-key').trim();
  const smtp = core.getInput('smtp-url').trim();
  const chat = chatInputs();
  maskSecrets([dqs, abusix].filter((k) => k !== ''), smtp, chat);
  const keys: Keys = {};
  if (dqs) keys['spamhaus-dqs'] = dqs;
  if (abusix) keys.abusix = abusix;

  const mode = core.getInput('mode') || 'patrol';
  if (!MODES.includes(mode as Mode)) throw new InputError(`input mode must be ${MODES.slice(0, -1).join(', ')} or ${MODES.at(-1)}, got '${mode}'`);
  const writes = Number(core.getInput('max-issue-writes') || '30');
  if (!Number.isInteger(writes) || writes < 0) throw new InputError(`input max-issue-writes must be a whole number ≥ 0, got '${core.getInput('max-issue-writes')}'`);
  return {
    config: core.getInput('config') || 'monitors.yml',
    mode: mode as Mode,
    dryRun: bool('dry-run'),
    token: core.getInput('github-token'),
    keys,
    resolvers: list(core.getInput('resolvers')),
    maxIssueWrites: writes,
    targets: list(core.getInput('targets')),
    reportPath: core.getInput('report-path') || path.join(process.env.RUNNER_TEMP ?? '.', 'blacklist-patrol-report.json'),
    smtpUrl: smtp,
    mailFrom: core.getInput('mail-from').trim(),
    email: emailInput(core.getInput('email').trim() || 'auto'),
    baselineConfig: core.getInput('baseline-config').trim(),
    chat,
  };
}

function annotate(d: Diagnostic): void {
  const props = { title: 'monitors.yml', file: d.file, startLine: d.line, startColumn: d.column, ...(d.endLine ? { endLine: d.endLine } : {}), ...(d.endColumn && d.endLine === d.line ? { endColumn: d.endColumn } : {}) };
  if (d.severity === 'error') log.error(d.message, props);
  else log.warning(d.message, props);
}

const DISPATCH: Record<Mode, (opts: ActionOptions, config: Config) => Promise<void>> = {
  patrol: patrolMode,
  validate: validateMode,
  recheck: recheckMode,
};

export async function run(): Promise<void> {
  try {
    const opts = readOptions();
    const loaded = await loadConfig(opts.config);
    for (const w of loaded.warnings) annotate(w);
    if (!loaded.ok) {
      // A broken config touches nothing: no state, no issue.
      for (const e of loaded.errors) annotate(e);
      log.failed(`${opts.config} has ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}:\n${loaded.errors.map(formatDiagnostic).join('\n')}`);
      return;
    }
    await DISPATCH[opts.mode](opts, loaded.config);
  } catch (e) {
    log.failed(e instanceof Error ? e.message : String(e));
  }
}
