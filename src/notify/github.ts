// The GitHub adapter: Octokit with the throttling and retry plugins, the REST calls IssueApi needs.
// Issues are found by label listing with pagination, never through the Search API (it lags).
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { IssueApi, IssueRecord } from './issues.ts';
import type { RepoPermission } from './recheck.ts';

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
  /** Problems the run works around but a person should fix (an assignee that cannot be assigned). */
  warn?: (message: string) => void;
}

let clients = 0;

/** The token's identity could not be established: nothing may be written (it would duplicate issues). */
export class IdentityError extends Error {}

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

/** The reactions GitHub offers on a comment. */
export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** The issues API plus the check `validate` makes and the calls /recheck makes. */
export interface GitHubIssues extends IssueApi {
  /** Whether GitHub would assign issues in this repository to the login (GET assignees/{login}: 204 or 404). */
  assignable(login: string): Promise<boolean>;
  /** The login's access to the repository (GET collaborators/{login}/permission); none when GitHub does not know them (404). */
  permission(login: string): Promise<RepoPermission>;
  /** Reacts to an issue comment (POST issues/comments/{id}/reactions); reacting twice is one reaction. */
  react(commentId: number, content: Reaction): Promise<void>;
}

/** A 422 that names the assignees (GitHub's answer to a login it cannot assign). */
function refusesAssignees(e: unknown): boolean {
  const x = e as { status?: number; response?: { data?: { errors?: { field?: string }[] } } };
  return x.status === 422 && (x.response?.data?.errors ?? []).some((err) => err.field === 'assignees' || err.field === 'assignee');
}

export function createGitHubIssues(opts: GitHubOptions): GitHubIssues {
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
  const warn = opts.warn ?? log;
  let me: string | undefined;
  /** Logins GitHub would not assign this run (lower case). */
  const refused = new Set<string>();

  /** Finds which of the logins GitHub refuses (204/404 each), warns once per login, and stops sending them. */
  const refuse = async (logins: string[]): Promise<void> => {
    const verdicts = await Promise.all(logins.map((l) => client.assignable(l).catch(() => undefined)));
    const bad = logins.filter((_, i) => verdicts[i] === false);
    // When GitHub will not say which one, none is sent: the issue matters more than the assignment.
    for (const login of bad.length > 0 ? bad : logins) {
      refused.add(login.toLowerCase());
      warn(
        bad.length > 0
          ? `notify.issues.assignees: '${login}' cannot be assigned issues in ${opts.owner}/${opts.repo} (a typo, or not a collaborator); issues are opened without them. Fix the login or give the account access.`
          : `notify.issues.assignees: GitHub refused to assign '${login}' in ${opts.owner}/${opts.repo}, and could not say which login is wrong; issues are opened without assignees.`,
      );
    }
  };

  /**
   * The login the token writes as, so only our own issues count. A person's token reads GET /user.
   * Installation tokens (the workflow token and a GitHub App's) get 403 there, and GET /app wants
   * the App's JWT; GraphQL's viewer answers them all with the [bot] login their issues carry
   * (github-actions[bot], <app-slug>[bot]). Guessing instead would make every run open duplicates.
   */
  const whoAmI = async (): Promise<string> => {
    let rest: string;
    try {
      return (await octokit.rest.users.getAuthenticated()).data.login;
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== 403 && status !== 404) throw e;
      rest = `GET /user answered ${status} (${e instanceof Error ? e.message : String(e)})`;
    }
    try {
      const { viewer } = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
      if (typeof viewer?.login === 'string' && viewer.login) return viewer.login;
      throw new Error('no login in the answer');
    } catch (e) {
      throw new IdentityError(
        `Could not tell which account the github-token writes as: ${rest}, and GraphQL's viewer query failed (${e instanceof Error ? e.message : String(e)}). ` +
          'Nothing was written: without knowing our own issues, every run would open them again. ' +
          'Use the workflow token (the default, with permissions issues: write), a GitHub App installation token (actions/create-github-app-token), ' +
          'or a personal access token, and check that the GraphQL API is reachable from the runner.',
        { cause: e },
      );
    }
  };

  const client: GitHubIssues = {
    async identity() {
      me ??= await whoAmI();
      return me;
    },
    async listIssues(label) {
      let all: RawIssue[];
      try {
        all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: label, state: 'all', per_page: 100 });
      } catch (e) {
        if ((e as { status?: number }).status !== 410) throw e;
        throw new Error(`Issues are turned off for ${opts.owner}/${opts.repo} (GitHub answers 410 Gone): turn them on in Settings → General → Features → Issues; the patrol keeps its findings in issues.`, { cause: e });
      }
      // GitHub's issues endpoint returns pull requests too.
      return all.filter((i) => i.pull_request === undefined).map(toRecord);
    },
    async create(issue) {
      // GitHub refuses the whole issue (422) for one login it cannot assign: a typo in
      // notify.issues.assignees must not keep every new listing from getting its issue.
      for (;;) {
        const assignees = issue.assignees.filter((a) => !refused.has(a.toLowerCase()));
        try {
          return toRecord((await octokit.rest.issues.create({ ...repo, ...issue, assignees })).data);
        } catch (e) {
          if (assignees.length === 0 || !refusesAssignees(e)) throw e;
          await refuse(assignees);
        }
      }
    },
    async assignable(login) {
      try {
        return (await octokit.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: login })).status === 204;
      } catch (e) {
        if ((e as { status?: number }).status === 404) return false;
        throw e;
      }
    },
    async permission(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
        const roleName = (data as { role_name?: unknown }).role_name;
        return { permission: data.permission, ...(typeof roleName === 'string' ? { roleName } : {}) };
      } catch (e) {
        if ((e as { status?: number }).status === 404) return { permission: 'none' };
        throw e;
      }
    },
    async react(commentId, content) {
      await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
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
      // Our own comments are among the latest on an issue we manage: the last two pages hold at
      // least the 100 most recent, however short the last page is.
      const page = (n: number) => octokit.rest.issues.listComments({ ...repo, issue_number: number, per_page: 100, page: n });
      const first = await page(1);
      const last = Number(/[?&]page=(\d+)>; rel="last"/.exec(first.headers.link ?? '')?.[1] ?? 1);
      const pages = last <= 2 ? [first.data, ...(last === 2 ? [(await page(2)).data] : [])] : [(await page(last - 1)).data, (await page(last)).data];
      return pages.flat().map((c) => ({ author: c.user?.login ?? '', body: c.body ?? '' }));
    },
  };
  return client;
}

/**
 * For validate: the logins in notify.issues.assignees GitHub would not assign (an error each), and
 * those it could not check (a note each: the workflow's token needs `issues: read`).
 */
export async function checkAssignees(api: Pick<GitHubIssues, 'assignable'>, logins: readonly string[], repository: string): Promise<{ errors: string[]; notes: string[] }> {
  const errors: string[] = [];
  const notes: string[] = [];
  for (const login of logins) {
    try {
      if (!(await api.assignable(login))) {
        errors.push(`notify.issues.assignees: '${login}' cannot be assigned issues in ${repository} (a typo, or not a collaborator). The patrol would open issues without them.`);
      }
    } catch (e) {
      notes.push(`Could not check whether '${login}' can be assigned issues (${e instanceof Error ? e.message : String(e)}); the workflow's token needs permissions issues: read.`);
    }
  }
  return { errors, notes };
}
