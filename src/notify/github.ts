// The GitHub adapter: Octokit with the throttling and retry plugins, the REST calls IssueApi needs.
// Issues are found by label listing with pagination, never through the Search API (it lags).
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { IssueApi, IssueRecord } from './issues.ts';

export interface GitHubOptions {
  token: string;
  owner: string;
  repo: string;
  /** API base URL (GITHUB_API_URL on GitHub Enterprise; a local fake in tests). */
  baseUrl?: string;
  /** Retries of one request on 5xx / rate limits (the plugins' own limits). */
  retries?: number;
  /** Base of the retry plugin's backoff in ms (default 1000; tests make it short). */
  retryAfterBaseValue?: number;
  /** Gap between writes in ms; the throttling plugin's defaults (1 s, 3 s for notifying writes) are what GitHub asks for. */
  writeSpacingMs?: number;
  log?: (message: string) => void;
}

let clients = 0;

/** The identity GITHUB_TOKEN writes as; GET /user is not open to it. */
export const ACTIONS_BOT = 'github-actions[bot]';

interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  user: { login: string } | null;
  html_url: string;
  pull_request?: unknown;
}

function toRecord(i: RawIssue): IssueRecord {
  return { number: i.number, title: i.title, body: i.body ?? '', state: i.state === 'closed' ? 'closed' : 'open', author: i.user?.login ?? '', url: i.html_url };
}

export function createGitHubIssues(opts: GitHubOptions): IssueApi {
  const retries = opts.retries ?? 3;
  const log = opts.log ?? (() => undefined);
  const octokit = getOctokit(
    opts.token,
    {
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      throttle: {
        onRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
          log(`GitHub rate limit on ${options.method} ${options.url}; retrying after ${after} s`);
          return count < retries;
        },
        onSecondaryRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
          log(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying after ${after} s`);
          return count < retries;
        },
        ...(opts.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: opts.retryAfterBaseValue } : {}),
        // Pacing groups are shared per process by throttle.id; a custom spacing gets its own id.
        ...(opts.writeSpacingMs !== undefined
          ? {
              id: `blacklist-patrol-${++clients}`,
              write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeSpacingMs }),
              notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeSpacingMs }),
            }
          : {}),
      },
      retry: { retries, ...(opts.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: opts.retryAfterBaseValue } : {}) },
    },
    retry,
    throttling,
  );
  const repo = { owner: opts.owner, repo: opts.repo };
  let me: string | undefined;

  return {
    async identity() {
      if (me) return me;
      try {
        me = (await octokit.rest.users.getAuthenticated()).data.login;
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status !== 403 && status !== 404) throw e;
        me = ACTIONS_BOT; // GITHUB_TOKEN: "Resource not accessible by integration"
      }
      return me;
    },
    async listIssues(label) {
      const all = (await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: label, state: 'all', per_page: 100 })) as RawIssue[];
      return all.filter((i) => i.pull_request === undefined).map(toRecord);
    },
    async create(issue) {
      const { data } = await octokit.rest.issues.create({ ...repo, ...issue });
      return toRecord(data);
    },
    async update(number, patch) {
      await octokit.rest.issues.update({
        ...repo,
        issue_number: number,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        ...(patch.state !== undefined ? { state: patch.state } : {}),
        ...(patch.stateReason !== undefined ? { state_reason: patch.stateReason } : {}),
      });
    },
    async comment(number, body) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
    },
    async recentComments(number) {
      // Our own comments are the latest ones on an issue we manage; the last 100 is plenty.
      const first = await octokit.rest.issues.listComments({ ...repo, issue_number: number, per_page: 100 });
      const link = first.headers.link ?? '';
      const last = /[?&]page=(\d+)>; rel="last"/.exec(link);
      const data = last ? (await octokit.rest.issues.listComments({ ...repo, issue_number: number, per_page: 100, page: Number(last[1]) })).data : first.data;
      return data.map((c) => c.body ?? '');
    },
  };
}
