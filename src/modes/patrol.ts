// mode: patrol. Check, diff against the saved state, keep the issues, email and post to chat,
// save what was delivered; then the job summary, outputs and the step's result.
import * as core from '@actions/core';
import type { Config } from '../config/schema.ts';
import { isUneditedExample } from '../config/example.ts';
import { runPatrol, type PatrolOutput } from '../patrol.ts';
import { renderSummary } from '../render/summary.ts';
import { cacheStore } from '../state/cache-store.ts';
import { chatFor, reportChat } from './chat-channel.ts';
import { emailFor, withEmailInput } from './email-channel.ts';
import { log, summarize } from './log.ts';
import type { ActionOptions } from './options.ts';
import { adHoc, checkInput, finish, githubFor, workflowRun } from './shared.ts';

export async function patrolMode(opts: ActionOptions, loaded: Config): Promise<void> {
  const config = withEmailInput(opts, loaded);
  if (opts.targets.length === 0 && isUneditedExample(config.monitors)) {
    const message = `${opts.config} is still the shipped example (documentation addresses and example domains): edit monitors.yml first to list your own mail servers and domains. Nothing was checked.`;
    log.warning(message, { title: 'Edit monitors.yml first', file: opts.config, startLine: 1 });
    await summarize(`## Blacklist Patrol\n\n**Edit monitors.yml first.** ${message}\n`);
    core.setOutput('listed', 0);
    return;
  }
  const monitors = adHoc(opts.targets);
  const issues = githubFor(opts, 'patrol');
  const run = workflowRun();
  const chat = chatFor(opts, config);
  const out = await runPatrol({
    ...checkInput(opts, config),
    ...(monitors ? { monitors } : {}),
    runId: run.id,
    store: cacheStore({ runId: run.id, runAttempt: run.attempt }),
    issues,
    issueSettings: { labels: config.notify.issues.labels, assignees: config.notify.issues.assignees, maxWrites: opts.maxIssueWrites },
    dryRun: opts.dryRun,
    log: { info: log.info, warning: (m) => log.warning(m) },
    email: emailFor(opts, config),
    chat: chat.channel,
  });
  await report(opts, out, reportChat(out.chat, chat.errors));
}

/** Summary, outputs, and the step's result: every failure is said together, after all the work is done. */
async function report(opts: ActionOptions, out: PatrolOutput, chat: { notes: string[]; failures: string[] }): Promise<void> {
  for (const p of out.problems) log.warning(`${p.monitor}: ${p.message}`);
  const notes: string[] = [];
  const blind = out.coverage.blind
    ? `Nothing was checked: ${out.coverage.blind.reason}. Nothing was changed: no issue was opened, edited or closed, no state was saved and no email was sent. What to do: ${out.coverage.blind.fix}.`
    : '';
  if (blind) notes.push(blind);
  notes.push(...out.streaks.failures, ...out.streaks.warnings, ...chat.notes);
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
  });
  core.setOutput('new-listings', out.changes.filter((c) => c.kind === 'new').length);
  core.setOutput('delistings', out.changes.filter((c) => c.kind === 'delisted').length);
  await finish(opts, out, summary);
  if (blind) {
    log.failed([blind, ...chat.failures].join('\n'));
    return;
  }
  const failures: string[] = [...out.streaks.failures];
  if (out.email.status === 'failed') failures.push(`the email was not sent: ${out.email.error} (issues and state from this run are kept)`);
  else if (out.email.status === 'skipped') log.info(`email: ${out.email.reason}`);
  failures.push(...chat.failures);
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
