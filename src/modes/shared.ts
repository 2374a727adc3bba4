// What every mode of the Action shares: the DNS adapter and check input, the repository and its
// GitHub client, the run's identity, and the report, outputs and job summary at the end.
import * as core from '@actions/core';
import type { Config } from '../config/schema.ts';
import { createDns } from '../dnsbl/resolver.ts';
import { createGitHubIssues, type GitHubIssues } from '../notify/github.ts';
import type { CheckInput, CheckOutput } from '../patrol.ts';
import { coverageLine } from '../render/coverage.ts';
import { writeReportFile } from '../report.ts';
import { targetToMonitor } from '../targets/adhoc.ts';
import type { MonitorInput } from '../targets/expand.ts';
import { log, summarize } from './log.ts';
import { InputError, type ActionOptions } from './options.ts';

/** The check's adapters and settings: the resolvers input wins over settings.resolvers. */
export function checkInput(opts: ActionOptions, config: Config): CheckInput {
  const servers = opts.resolvers.length > 0 ? opts.resolvers : config.settings.resolvers.map((r) => r.text);
  const dns = createDns({ servers, timeoutMs: config.settings.timeoutMs, tries: config.settings.tries, transport: config.settings.transport });
  return { config, keys: opts.keys, dns, resolvers: dns.servers, resolversGiven: servers.length > 0, now: () => new Date() };
}

/** The targets input as monitors; undefined when empty. */
export function adHoc(targets: readonly string[]): MonitorInput[] | undefined {
  if (targets.length === 0) return undefined;
  return targets.map((t) => {
    const m = targetToMonitor(t);
    if (typeof m === 'string') throw new InputError(`input targets: ${m}`);
    return m;
  });
}

/** owner and repo from GITHUB_REPOSITORY; empty strings outside a workflow. */
export function repositoryFromEnv(): { owner: string; repo: string; repository: string } {
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo, repository };
}

/** The GitHub client for a mode that writes (patrol, recheck): fails clearly outside a workflow or without a token. */
export function githubFor(opts: ActionOptions, mode: string): GitHubIssues & { repository: string } {
  const { owner, repo, repository } = repositoryFromEnv();
  if (!owner || !repo) throw new InputError(`GITHUB_REPOSITORY is not set: the ${mode} mode runs inside a GitHub workflow (use mode: validate, or the CLI, elsewhere)`);
  if (!opts.token) throw new InputError(`input github-token is empty: the ${mode} mode needs it to write issues (the default is the workflow token)`);
  const api = createGitHubIssues({
    token: opts.token,
    owner,
    repo,
    ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
    log: log.info,
    warn: (m) => log.warning(m),
  });
  return Object.assign(api, { repository });
}

/** This workflow run: its id (the same for every attempt), attempt, and page. */
export function workflowRun(): { id: string; attempt: string; url?: string } {
  const id = process.env.GITHUB_RUN_ID ?? `local-${Date.now()}`;
  const { repository } = repositoryFromEnv();
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  return { id, attempt: process.env.GITHUB_RUN_ATTEMPT ?? '1', ...(process.env.GITHUB_RUN_ID && repository ? { url: `${server}/${repository}/actions/runs/${id}` } : {}) };
}

/** The JSON report, the coverage line, the outputs every mode sets, and the job summary. */
export async function finish(opts: ActionOptions, out: CheckOutput, summary: string): Promise<void> {
  writeReportFile(opts.reportPath, out.report);
  log.info(coverageLine(out.lists));
  core.setOutput('listed', out.report.summary.listed);
  core.setOutput('report', opts.reportPath);
  await summarize(summary);
}
