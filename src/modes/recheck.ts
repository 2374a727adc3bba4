// mode: recheck. Someone with write access comments /recheck on one of our issues: acknowledge it
// (👀), check that issue's target against every list now, update the state as the patrol would
// for that one target (a clean check counts towards close-after, and may close the issue; an
// unknown changes nothing), and answer in the issue (👍, or 😕 when nothing could be checked).
// Everyone else, and every other comment, is ignored without a word. The workflow runs in the
// patrol's concurrency group, so a recheck never races the patrol over the state.
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config/schema.ts';
import { LABEL } from '../notify/issues.ts';
import type { GitHubIssues } from '../notify/github.ts';
import type { ChatChannel } from '../notify/chat-delivery.ts';
import { eventMarker, eventOf } from '../notify/marker.ts';
import { mayRecheck, ourTarget, parseRecheckEvent, recheckFingerprint, type RecheckRequest } from '../notify/recheck.ts';
import { runPatrol, type PatrolOutput } from '../patrol.ts';
import { recheckReply } from '../render/recheck.ts';
import { renderSummary } from '../render/summary.ts';
import { cacheStore } from '../state/cache-store.ts';
import { parseAddress } from '../targets/address.ts';
import type { MonitorInput } from '../targets/expand.ts';
import { chatFor, reportChat } from './chat-channel.ts';
import { log } from './log.ts';
import { InputError, type ActionOptions } from './options.ts';
import { checkInput, finish, githubFor, workflowRun } from './shared.ts';

/** The comment that asked, read from the event the runner gives the step. */
async function readEvent(): Promise<unknown> {
  const name = process.env.GITHUB_EVENT_NAME ?? '';
  if (name !== 'issue_comment') {
    throw new InputError(`mode: recheck answers /recheck comments: run it on issue_comment events (this run's event is ${name || 'not set'}); see .github/workflows/recheck.yml`);
  }
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) throw new InputError('GITHUB_EVENT_PATH is not set: mode: recheck runs inside a GitHub workflow');
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/** The issue's target, when the comment may ask and the issue is ours; null (said in the log only) otherwise. */
async function accepted(api: GitHubIssues, req: RecheckRequest): Promise<{ target: string; monitor: string } | null> {
  const access = await api.permission(req.commenter);
  if (!mayRecheck(access)) {
    log.info(`/recheck by ${req.commenter} ignored: they have ${access.roleName ?? access.permission} access, and /recheck needs write access to the repository. Nothing was said to them.`);
    return null;
  }
  const me = await api.identity();
  const ours = ourTarget((await api.listIssues(LABEL)).find((i) => i.number === req.issue), me);
  if (!ours) log.info(`/recheck on issue #${req.issue} ignored: it is not one of ours (written by ${me} with our hidden marker).`);
  return ours;
}

/** The target as a monitor of its own, under its monitor's name and skips, without expansion. */
function monitorFor(config: Config, target: string, monitor: string): MonitorInput {
  const skip = config.monitors.find((m) => m.name === monitor)?.skip ?? [];
  return parseAddress(target) ? { name: monitor, address: target, skip } : { name: monitor, domain: target, skip };
}

export async function recheckMode(opts: ActionOptions, config: Config): Promise<void> {
  const event = parseRecheckEvent(await readEvent());
  if ('ignored' in event) {
    log.info(`/recheck: nothing to do: ${event.ignored}.`);
    return;
  }
  const req = event.request;
  const api = githubFor(opts, 'recheck');
  const ours = await accepted(api, req);
  if (!ours) return;
  if (!opts.dryRun) await api.react(req.commentId, 'eyes');
  log.info(`/recheck by ${req.commenter}: checking ${ours.target} (issue #${req.issue}) against every list now.`);
  const chat = chatFor(opts, config);
  let out: PatrolOutput;
  try {
    out = await check(opts, config, api, ours, chat.channel);
    await reply(opts, api, req, out, ours.target, config.notify.issues.closeAfter);
  } catch (e) {
    if (!opts.dryRun) await api.react(req.commentId, 'confused').catch(() => undefined);
    throw e;
  }
  if (!opts.dryRun) await api.react(req.commentId, out.coverage.blind ? 'confused' : '+1');
  await report(opts, out, chat.errors);
}

/** The patrol for this one target: its state and issue only; no email (the next one reports a delisting). */
async function check(opts: ActionOptions, config: Config, api: GitHubIssues, ours: { target: string; monitor: string }, chat: ChatChannel | null): Promise<PatrolOutput> {
  const run = workflowRun();
  // A recheck posts to chat only what changed (a confirmed delisting, a new listing): never a partial "still listed".
  const when = config.notify.chat?.when === 'never' ? 'never' : 'changes';
  return runPatrol({
    ...checkInput(opts, config),
    monitors: [monitorFor(config, ours.target, ours.monitor)],
    runId: run.id,
    store: cacheStore({ runId: run.id, runAttempt: run.attempt }),
    issues: api,
    issueSettings: { labels: config.notify.issues.labels, assignees: config.notify.issues.assignees, maxWrites: opts.maxIssueWrites },
    dryRun: opts.dryRun,
    log: { info: log.info, warning: (m) => log.warning(m) },
    email: null,
    chat: chat ? { ...chat, settings: { ...chat.settings, when } } : null,
  });
}

/** The answer in the issue, once per /recheck comment (a re-run of the run finds it and says nothing more). */
async function reply(opts: ActionOptions, api: GitHubIssues, req: RecheckRequest, out: PatrolOutput, target: string, closeAfter: number): Promise<void> {
  const change = out.changes.find((c) => c.target === target);
  const body = recheckReply({
    target,
    date: new Date(out.report.checkedAt),
    ...(req.commentUrl ? { commentUrl: req.commentUrl } : {}),
    verdicts: out.report.results.filter((v) => v.target === target),
    listDefs: new Map(out.listDefs.map((l) => [l.id, l])),
    health: out.lists,
    before: change?.before ?? out.state[target],
    after: change ? change.after : out.state[target],
    closeAfter,
    closed: change?.kind === 'delisted' && out.sync?.delivered.has(target) === true,
    blind: out.coverage.blind,
  });
  if (opts.dryRun) {
    log.info(`[dry-run] would answer on issue #${req.issue}:\n${body}`);
    return;
  }
  const fp = recheckFingerprint(req.commentId);
  const me = await api.identity();
  if ((await api.recentComments(req.issue)).some((c) => c.author === me && eventOf(c.body) === fp)) {
    log.info(`/recheck: issue #${req.issue} already has the answer to this comment (a re-run); not answered again.`);
    return;
  }
  await api.comment(req.issue, `${body}\n\n${eventMarker(fp)}`);
}

/** Summary, outputs and the step's result, as the patrol reports them. */
async function report(opts: ActionOptions, out: PatrolOutput, chatErrors: string[]): Promise<void> {
  const chat = reportChat(out.chat, chatErrors);
  const blind = out.coverage.blind ? `Nothing was checked: ${out.coverage.blind.reason}. Nothing was changed. What to do: ${out.coverage.blind.fix}.` : '';
  core.setOutput('new-listings', out.changes.filter((c) => c.kind === 'new').length);
  core.setOutput('delistings', out.changes.filter((c) => c.kind === 'delisted').length);
  const summary = renderSummary({ report: out.report, lists: out.lists, state: out.state, changes: out.changes, mode: 'patrol', dryRun: opts.dryRun, notes: [...(blind ? [blind] : []), ...chat.notes] });
  await finish(opts, out, summary);
  const failures = [...(blind ? [blind] : []), ...chat.failures];
  if (out.sync && out.sync.failed.length > 0) failures.push(`the issue update failed (the next run retries it): ${out.sync.failed.map((f) => f.error).join('; ')}`);
  if (failures.length > 0) log.failed(failures.join('\n'));
}
