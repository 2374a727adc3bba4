// The Action: inputs → adapters → patrol → outputs, job summary, annotations and report file.
import * as core from '@actions/core';
import path from 'node:path';
import { formatDiagnostic, loadConfig, type Diagnostic } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { isUneditedExample } from './config/example.ts';
import type { Keys } from './dnsbl/check.ts';
import { createDns } from './dnsbl/resolver.ts';
import { checkAssignees, createGitHubIssues } from './notify/github.ts';
import type { IssueApi } from './notify/issues.ts';
import { runCheck, runPatrol, stateOfCheck, type CheckOutput } from './patrol.ts';
import { coverageLine } from './render/coverage.ts';
import { renderSummary } from './render/summary.ts';
import { writeReportFile } from './report.ts';
import { renderEmail } from './render/email.ts';
import { emailAdapter } from './notify/email.ts';
import { cacheStore } from './state/cache-store.ts';
import type { TargetsState } from './state/snapshot.ts';
import { targetToMonitor } from './targets/adhoc.ts';
import type { MonitorInput } from './targets/expand.ts';
import { printable } from './render/escape.ts';
import { secretForms, smtpSecretForms } from './secrets.ts';

/**
 * Everything the Action prints goes through here. core.info writes its text as it is, so a
 * list name or TXT with a line break and `::error::` would be run as a workflow command;
 * core.warning and core.error escape line breaks but not terminal controls.
 */
const log = {
  info: (m: string): void => core.info(printable(m)),
  warning: (m: string, props?: core.AnnotationProperties): void => core.warning(printable(m), props),
  error: (m: string, props?: core.AnnotationProperties): void => core.error(printable(m), props),
  failed: (m: string): void => core.setFailed(printable(m)),
};

/** Inputs parsed once into a typed options object (the actions/stale way). */
export interface ActionOptions {
  config: string;
  mode: 'patrol' | 'validate';
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
}

export class InputError extends Error {}

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
 * the password raw, URL-encoded, base64-encoded or inside an AUTH PLAIN blob.
 */
function maskSecrets(keys: string[], smtpUrl: string): void {
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
  for (const f of forms) if (f.trim() !== '') core.setSecret(f);
}

export function readOptions(): ActionOptions {
  const dqs = core.getInput('spamhaus-dqs-key').trim();
  const abusix = core.getInput('abusix-key').trim();
  const smtp = core.getInput('smtp-url').trim();
  maskSecrets([dqs, abusix].filter((k) => k !== ''), smtp);
  const keys: Keys = {};
  if (dqs) keys['spamhaus-dqs'] = dqs;
  if (abusix) keys.abusix = abusix;

  const mode = core.getInput('mode') || 'patrol';
  if (mode !== 'patrol' && mode !== 'validate') throw new InputError(`input mode must be patrol or validate, got '${mode}'`);
  const writes = Number(core.getInput('max-issue-writes') || '30');
  if (!Number.isInteger(writes) || writes < 0) throw new InputError(`input max-issue-writes must be a whole number ≥ 0, got '${core.getInput('max-issue-writes')}'`);
  return {
    config: core.getInput('config') || 'monitors.yml',
    mode,
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
  };
}

function annotate(d: Diagnostic): void {
  const props = { title: 'monitors.yml', file: d.file, startLine: d.line, startColumn: d.column, ...(d.endLine ? { endLine: d.endLine } : {}), ...(d.endColumn && d.endLine === d.line ? { endColumn: d.endColumn } : {}) };
  if (d.severity === 'error') log.error(d.message, props);
  else log.warning(d.message, props);
}

/** Listed results of one check as state, for the summary of a validate run (by notify.min-severity). */
function listedNow(out: CheckOutput): TargetsState {
  return stateOfCheck(out.report.results, out.report.summary.minSeverity, out.report.checkedAt);
}

function adHoc(targets: string[]): MonitorInput[] | undefined {
  if (targets.length === 0) return undefined;
  return targets.map((t) => {
    const m = targetToMonitor(t);
    if (typeof m === 'string') throw new InputError(`input targets: ${m}`);
    return m;
  });
}

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
    await patrol(opts, loaded.config);
  } catch (e) {
    log.failed(e instanceof Error ? e.message : String(e));
  }
}

async function patrol(opts: ActionOptions, loaded: Config): Promise<void> {
  const config: Config =
    opts.email !== 'auto' && loaded.notify.email ? { ...loaded, notify: { ...loaded.notify, email: { ...loaded.notify.email, when: opts.email } } } : loaded;
  if (opts.mode === 'patrol' && opts.targets.length === 0 && isUneditedExample(config.monitors)) {
    const message = `${opts.config} is still the shipped example (documentation addresses and example domains): edit monitors.yml first to list your own mail servers and domains. Nothing was checked.`;
    log.warning(message, { title: 'Edit monitors.yml first', file: opts.config, startLine: 1 });
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(`## Blacklist Patrol\n\n**Edit monitors.yml first.** ${message}\n`).write();
    core.setOutput('listed', 0);
    return;
  }
  const servers = opts.resolvers.length > 0 ? opts.resolvers : config.settings.resolvers.map((r) => r.text);
  const dns = createDns({ servers, timeoutMs: config.settings.timeoutMs, tries: config.settings.tries, transport: config.settings.transport });
  const monitors = adHoc(opts.targets);
  const base = {
    config,
    ...(monitors ? { monitors } : {}),
    keys: opts.keys,
    dns,
    resolvers: dns.servers,
    resolversGiven: servers.length > 0,
    now: () => new Date(),
  };
  const notes: string[] = [];
  const email = config.notify.email
    ? emailAdapter({
        smtpUrl: opts.smtpUrl,
        from: opts.mailFrom,
        to: config.notify.email.to,
        previewDir: path.join(process.env.RUNNER_TEMP ?? '.', 'blacklist-patrol-email'),
        log: log.info,
      })
    : null;

  if (opts.mode === 'validate') {
    const assignees = await validateAssignees(opts, config);
    notes.push(...assignees.notes);
    const changed = await changedMonitors(opts, config);
    if (changed) {
      notes.push(
        changed.length === 0
          ? 'No monitor was added or changed in this pull request; the configuration is valid.'
          : `Previewing the ${changed.length} monitor${changed.length === 1 ? '' : 's'} added or changed in this pull request: ${changed.map((m) => m.name).join(', ')}.`,
      );
    }
    const out = await runCheck({ ...base, ...(changed ? { monitors: changed } : {}), keep: () => true });
    for (const p of out.problems) log.warning(`${p.monitor}: ${p.message}`);
    // The configuration is valid either way; a pull request is not blocked by today's DNS.
    if (out.coverage.blind) {
      const note = `Nothing was checked: ${out.coverage.blind.reason}. What to do: ${out.coverage.blind.fix}.`;
      notes.push(note);
      log.warning(note, { title: 'Nothing was checked' });
    }
    if (email) {
      await email.preview(
        renderEmail({ date: new Date(), changes: [], state: listedNow(out), delisted: [], lists: out.lists, listDefs: new Map(out.listDefs.map((l) => [l.id, l])), issueUrl: () => undefined }),
      );
    }
    const listDefs = new Map(out.listDefs.map((l) => [l.id, l]));
    await finish(opts, out, renderSummary({ report: out.report, lists: out.lists, state: listedNow(out), changes: [], mode: 'validate', dryRun: false, notes, listDefs }));
    for (const e of assignees.errors) log.error(e, { title: 'monitors.yml', file: opts.config });
    if (assignees.errors.length > 0) log.failed(assignees.errors.join('\n'));
    return;
  }

  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set: the patrol mode runs inside a GitHub workflow (use mode: validate, or the CLI, elsewhere)');
  if (!opts.token) throw new InputError('input github-token is empty: the patrol needs it to open issues (the default is the workflow token)');
  const issues: IssueApi = createGitHubIssues({
    token: opts.token,
    owner,
    repo,
    ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
    log: log.info,
    warn: (m) => log.warning(m),
  });
  const runId = process.env.GITHUB_RUN_ID ?? `local-${Date.now()}`;
  const store = cacheStore({ runId, runAttempt: process.env.GITHUB_RUN_ATTEMPT ?? '1' });

  const out = await runPatrol({
    ...base,
    runId,
    store,
    issues,
    issueSettings: { labels: config.notify.issues.labels, assignees: config.notify.issues.assignees, maxWrites: opts.maxIssueWrites },
    dryRun: opts.dryRun,
    log: { info: log.info, warning: (m) => log.warning(m) },
    email,
  });
  for (const p of out.problems) log.warning(`${p.monitor}: ${p.message}`);
  const blind = out.coverage.blind
    ? `Nothing was checked: ${out.coverage.blind.reason}. Nothing was changed: no issue was opened, edited or closed, no state was saved and no email was sent. What to do: ${out.coverage.blind.fix}.`
    : '';
  if (blind) notes.unshift(blind);
  notes.push(...out.streaks.failures, ...out.streaks.warnings);
  if (out.sync?.deferred.length) notes.push(`${out.sync.deferred.length} targets wait for the next run (max-issue-writes).`);
  const urls = out.sync?.urls;
  const summary = renderSummary({
    report: out.report,
    lists: out.lists,
    state: out.state,
    changes: out.changes,
    issueUrl: (t) => {
      const n = out.sync?.issues.get(t);
      return n === undefined ? undefined : urls?.get(n);
    },
    mode: 'patrol',
    dryRun: opts.dryRun,
    notes,
    listDefs: new Map(out.listDefs.map((l) => [l.id, l])),
  });
  core.setOutput('new-listings', out.changes.filter((c) => c.kind === 'new').length);
  core.setOutput('delistings', out.changes.filter((c) => c.kind === 'delisted').length);
  await finish(opts, out, summary);
  if (blind) {
    log.failed(blind);
    return;
  }
  const failures: string[] = [...out.streaks.failures];
  if (out.email.status === 'failed') failures.push(`the email was not sent: ${out.email.error} (issues and state from this run are kept)`);
  else if (out.email.status === 'skipped') log.info(`email: ${out.email.reason}`);
  if (out.sync && out.sync.failed.length > 0) {
    failures.push(
      `${out.sync.failed.length} issue update${out.sync.failed.length === 1 ? '' : 's'} failed (the next run retries them): ${out.sync.failed
        .slice(0, 5)
        .map((f) => `${f.target}: ${f.error}`)
        .join('; ')}`,
    );
  }
  if (failures.length > 0) log.failed(failures.join('\n'));
}

/** validate: flags notify.issues.assignees that GitHub would not assign, where the API can tell. */
async function validateAssignees(opts: ActionOptions, config: Config): Promise<{ errors: string[]; notes: string[] }> {
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  if (config.notify.issues.assignees.length === 0 || !owner || !repo || !opts.token) return { errors: [], notes: [] };
  const api = createGitHubIssues({ token: opts.token, owner, repo, ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}), log: log.info });
  return checkAssignees(api, config.notify.issues.assignees, repository);
}

/** Monitor definitions as a comparable key (the name aside: renaming changes nothing checked). */
function monitorKey(m: Config['monitors'][number]): string {
  return JSON.stringify([m.address, m.range, m.host, m.domain, m.expand ?? [], [...m.skip].sort()]);
}

/** Monitors new or changed against the base branch's file; undefined when there is no baseline. */
async function changedMonitors(opts: ActionOptions, config: Config): Promise<Config['monitors'] | undefined> {
  if (!opts.baselineConfig) return undefined;
  const baseline = await loadConfig(opts.baselineConfig);
  if (!baseline.ok) {
    log.info(`The base branch's ${opts.config} could not be read (${baseline.errors[0]?.message ?? 'invalid'}); previewing every monitor.`);
    return undefined;
  }
  const known = new Set(baseline.config.monitors.map(monitorKey));
  return config.monitors.filter((m) => !known.has(monitorKey(m)));
}

async function finish(opts: ActionOptions, out: CheckOutput, summary: string): Promise<void> {
  writeReportFile(opts.reportPath, out.report);
  log.info(coverageLine(out.lists));
  core.setOutput('listed', out.report.summary.listed);
  core.setOutput('report', opts.reportPath);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
}
