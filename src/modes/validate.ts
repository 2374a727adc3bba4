// mode: validate (pull requests). The config is valid or the step fails with annotations; the
// job summary shows what the new or changed monitors are listed on now, and the email and chat
// previews show what would be sent. Writes nothing: no issue, no state, no email, no post.
import path from 'node:path';
import { loadConfig } from '../config/load.ts';
import { DEFAULT_CHAT, type Config } from '../config/schema.ts';
import { checkAssignees, createGitHubIssues } from '../notify/github.ts';
import { chatAlertFor, chatDeliveryId } from '../notify/chat-delivery.ts';
import { runCheck, type CheckOutput } from '../patrol.ts';
import { renderEmail } from '../render/email.ts';
import { renderSummary } from '../render/summary.ts';
import { boundListing } from '../state/bounds.ts';
import type { TargetsState } from '../state/snapshot.ts';
import { chatAdapterFor, chatPreviewDir } from './chat-channel.ts';
import { emailFor, withEmailInput } from './email-channel.ts';
import { log } from './log.ts';
import type { ActionOptions } from './options.ts';
import { checkInput, finish, repositoryFromEnv, workflowRun } from './shared.ts';

export async function validateMode(opts: ActionOptions, loaded: Config): Promise<void> {
  const config = withEmailInput(opts, loaded);
  const notes: string[] = [];
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
  const out = await runCheck({ ...checkInput(opts, config), ...(changed ? { monitors: changed } : {}), keep: () => true });
  for (const p of out.problems) log.warning(`${p.monitor}: ${p.message}`);
  // The configuration is valid either way; a pull request is not blocked by today's DNS.
  if (out.coverage.blind) {
    const note = `Nothing was checked: ${out.coverage.blind.reason}. What to do: ${out.coverage.blind.fix}.`;
    notes.push(note);
    log.warning(note, { title: 'Nothing was checked' });
  }
  const email = emailFor(opts, config);
  if (email) {
    await email.preview(
      renderEmail({ date: new Date(), changes: [], state: listedNow(out), delisted: [], lists: out.lists, listDefs: new Map(out.listDefs.map((l) => [l.id, l])), issueUrl: () => undefined }),
    );
  }
  notes.push(...(await previewChat(opts, config, out)));
  await finish(opts, out, renderSummary({ report: out.report, lists: out.lists, state: listedNow(out), changes: [], mode: 'validate', dryRun: false, notes }));
  for (const e of assignees.errors) log.error(e, { title: 'monitors.yml', file: opts.config });
  if (assignees.errors.length > 0) log.failed(assignees.errors.join('\n'));
}

/**
 * What chat would receive for the current listings, written as files, when monitors.yml has a
 * chat section or a destination is configured (every kind when none is: a pull request gets no secrets).
 */
async function previewChat(opts: ActionOptions, config: Config, out: CheckOutput): Promise<string[]> {
  const adapter = chatAdapterFor(opts);
  if (!config.notify.chat && adapter.destinations.length === 0) return [];
  const { repository } = repositoryFromEnv();
  const run = workflowRun();
  const channel = { adapter, settings: config.notify.chat ?? DEFAULT_CHAT, ...(repository ? { repository } : {}), ...(run.url ? { runUrl: run.url } : {}) };
  const alert = chatAlertFor(channel, {
    alert: { date: new Date(), changes: [], state: listedNow(out), lists: out.lists, listDefs: new Map(out.listDefs.map((l) => [l.id, l])) },
    runId: run.id,
    dryRun: true,
  });
  const files = await adapter.preview(alert, chatDeliveryId(repository, run.id));
  const who = adapter.destinations.length > 0 ? adapter.destinations.map((d) => d.label).join(', ') : 'each kind of destination';
  const line = `Chat preview (nothing posted): what ${who} would receive for the current listings is in ${chatPreviewDir()} (${files.map((f) => path.basename(f)).join(', ')}).`;
  log.info(line);
  return [line, ...adapter.errors.map((e) => `Chat: ${e}.`)];
}

/** Listed results of one check as state, for the summary and previews of a validate run. */
function listedNow(out: CheckOutput): TargetsState {
  const state: TargetsState = {};
  for (const v of out.report.results) {
    if (v.status !== 'listed') continue;
    const t = (state[v.target] ??= { monitor: v.monitor, listings: {}, clean: {} });
    t.listings[v.list] = boundListing({ codes: v.codes, since: out.report.checkedAt, meanings: v.meanings, txt: v.txt });
  }
  return state;
}

/** notify.issues.assignees that GitHub would not assign, where the API can tell. */
async function validateAssignees(opts: ActionOptions, config: Config): Promise<{ errors: string[]; notes: string[] }> {
  const { owner, repo, repository } = repositoryFromEnv();
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
