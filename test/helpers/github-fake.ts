// A local stand-in for the GitHub REST API (issues, comments, labels, assignees, identity) so the
// real Octokit, with its retry and throttling plugins, runs against it. It refuses what GitHub
// refuses, with GitHub's answers: another repository is 404; a login that cannot be assigned, a
// body over 65,536 characters or a title over 256 is 422 "Validation Failed"; a deleted issue and
// a repository with issues turned off are 410. The issues listing mixes in pull requests, as
// GitHub's does. Collaborators' permissions answer as GitHub's "get repository permissions for a
// user" does (maintain reads as write, triage as read in the legacy field), and comments take
// reactions (one per user and content). Each token writes as its own identity: the workflow token as
// github-actions[bot], a GitHub App installation token as <slug>[bot], a person's token as the
// person; installation tokens get 403 from GET /user and learn their login from GraphQL's viewer.
// Faults are injected per request with fail().
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLabel { id: number; name: string; color: string; description: string | null }
export interface FakeIssue {
  id: number; number: number; title: string; body: string | null;
  state: 'open' | 'closed'; state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: FakeLabel[]; assignees: { login: string }[]; user: { login: string };
  created_at: string; updated_at: string; closed_at: string | null; html_url: string;
  /** Present on pull requests only (GitHub's issues endpoints return them too). */
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string; merged_at: string | null };
}
export interface FakeComment {
  id: number;
  /** Not a GitHub field (not sent): which issue the comment is on. */
  issue_number: number;
  body: string; user: { login: string }; created_at: string; updated_at: string; html_url: string;
}
/**
 * What a token is. The workflow token (GITHUB_TOKEN) and a GitHub App installation token are both
 * installation tokens (ghs_…): GET /user is 403 for them and they write as a `[bot]` account.
 */
export type FakeIdentity =
  | { kind: 'workflow' }
  | { kind: 'app'; slug: string }
  | { kind: 'user'; login: string };
export interface FakeOptions {
  /** The one repository served, "owner/name" (matched case-insensitively, as GitHub does). Default octo/mail. */
  repository?: string;
  /** Identity of every token not named in `tokens`: a login (`…[bot]` = installation token). Default github-actions[bot]. */
  login?: string;
  /** Identities by token value. */
  tokens?: Record<string, FakeIdentity>;
  /** Logins that can be assigned issues, besides the repository owner. */
  assignable?: string[];
  /** Repository roles by login; the owner is admin, anyone else has none. */
  roles?: Record<string, FakeRole>;
}
/** A repository role (GitHub's role_name). */
export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
/** The contents GitHub accepts for a reaction. */
export const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;
export interface FakeReaction { id: number; comment_id: number; content: string; user: { login: string } }
/** A seed issue; labels by name (created if new), user defaults to the default identity. */
export type IssueSeed = Partial<Omit<FakeIssue, 'labels'>> & { labels?: string[] };
export interface FakeRequest { method: string; path: string; body?: unknown }
/**
 * The next `times` requests matching method and path (substring or RegExp, tested against path
 * plus query) get this answer instead. With `message`, a plain error with that message; without,
 * 403/429 is the primary rate limit (x-ratelimit-remaining 0, reset after `retryAfter` seconds,
 * default 60), or with `secondary` the secondary one; 5xx a server error.
 */
export interface FailRule {
  method?: string;
  path?: string | RegExp;
  times: number;
  status: number;
  message?: string;
  retryAfter?: number;
  secondary?: boolean;
}
export interface GitHubFake {
  /** Base URL for Octokit's `baseUrl` (no trailing slash). */
  url: string;
  /** The repository served, as given. */
  repository: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  /** Reactions on issue comments, in order. */
  reactions: FakeReaction[];
  /** Every request in order, failed ones included. */
  requests: FakeRequest[];
  /** POST/PATCH/PUT/DELETE requests received (attempts, failed ones included); GraphQL queries are reads. */
  writes(): number;
  fail(rule: FailRule): void;
  addIssue(seed: IssueSeed): FakeIssue;
  /** A pull request: listed among the issues, as GitHub's issues endpoint does. */
  addPullRequest(seed: IssueSeed): FakeIssue;
  /** Adds a comment as `login` (default: the default identity). */
  addComment(issue: number, body: string, login?: string): FakeComment;
  /** Deletes an issue: gone from listings, 410 "This issue was deleted" on every request for it. */
  deleteIssue(number: number): void;
  /** Turns the repository's issues off (Settings → Features): every issue endpoint answers 410. */
  setIssuesEnabled(enabled: boolean): void;
  stop(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type Ctx = { params: (string | undefined)[]; query: URLSearchParams; body: Record<string, unknown>; self: URL; as: FakeIdentity };

const LIMIT = 1000; // GITHUB_TOKEN's hourly budget per repository
/** GitHub's limits on an issue's or comment's body and an issue's title, in characters. */
export const BODY_LIMIT = 65_536;
export const TITLE_LIMIT = 256;
const DOCS = 'https://docs.github.com/rest';
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SERVER_ERRORS: Record<number, string> = { 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const err = (status: number, message: string, extra: object = {}): Reply =>
  ({ status, body: { message, documentation_url: DOCS, status: String(status), ...extra } });
const invalid = (errors: object[]): Reply => err(422, 'Validation Failed', { errors });
const labelNames = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name))) : [];
/** GitHub counts characters (code points), not UTF-16 units or bytes. */
const chars = (s: string): number => [...s].length;

export function loginOf(id: FakeIdentity): string {
  return id.kind === 'workflow' ? 'github-actions[bot]' : id.kind === 'app' ? `${id.slug}[bot]` : id.login;
}
function identityOf(login: string): FakeIdentity {
  if (login === 'github-actions[bot]') return { kind: 'workflow' };
  return login.endsWith('[bot]') ? { kind: 'app', slug: login.slice(0, -'[bot]'.length) } : { kind: 'user', login };
}

/** GitHub-style pagination: per_page default 30, max 100, and a Link header with next/last/prev/first. */
function paginate<T>(items: T[], ctx: Ctx): Reply {
  const per = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 30));
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / per));
  const link = (p: number, rel: string): string => {
    const u = new URL(ctx.self);
    u.searchParams.set('page', String(p));
    return `<${u.href}>; rel="${rel}"`;
  };
  const rels = [
    ...(page > 1 ? [link(Math.min(page - 1, last), 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first')] : []),
  ];
  return { status: 200, body: items.slice((page - 1) * per, page * per), headers: rels.length ? { link: rels.join(', ') } : {} };
}

export async function startGitHubFake(opts: FakeOptions = {}): Promise<GitHubFake> {
  const repository = opts.repository ?? 'octo/mail';
  const [owner = ''] = repository.split('/');
  const fallback = identityOf(opts.login ?? 'github-actions[bot]');
  const tokens = new Map(Object.entries(opts.tokens ?? {}));
  const assignable = new Set([owner, ...(opts.assignable ?? [])].map((l) => l.toLowerCase()));
  const issues: FakeIssue[] = [];
  const deleted = new Set<number>();
  const comments: FakeComment[] = [];
  const reactions: FakeReaction[] = [];
  const roles = new Map<string, FakeRole>([[owner.toLowerCase(), 'admin'], ...Object.entries(opts.roles ?? {}).map(([l, r]) => [l.toLowerCase(), r] as [string, FakeRole])]);
  const LEGACY: Record<FakeRole, string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' };
  const requests: FakeRequest[] = [];
  const rules: FailRule[] = [];
  const labels = new Map<string, FakeLabel>();
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  let issuesEnabled = true;
  let used = 0;
  let nextId = 1000;
  let url = '';

  const label = (name: string): FakeLabel => {
    const key = name.toLowerCase();
    const found = labels.get(key) ?? { id: nextId++, name, color: 'ededed', description: null };
    labels.set(key, found);
    return found;
  };
  const userJson = (login: string): object => ({ login, type: login.endsWith('[bot]') ? 'Bot' : 'User' });
  const issueJson = (i: FakeIssue): object =>
    ({ ...i, user: userJson(i.user.login), comments: comments.filter((c) => c.issue_number === i.number).length });
  const commentJson = ({ issue_number: _n, ...c }: FakeComment): object => ({ ...c, user: userJson(c.user.login) });

  const addIssue = (p: Partial<FakeIssue>): FakeIssue => {
    const number = issues.reduce((m, i) => Math.max(m, i.number), 0) + 1;
    const t = now();
    const issue: FakeIssue = {
      id: nextId++, number, title: '', body: null, state: 'open', state_reason: null, labels: [], assignees: [],
      user: { login: loginOf(fallback) }, created_at: t, updated_at: t, closed_at: null,
      html_url: `https://github.com/${repository}/issues/${number}`, ...p,
    };
    issues.push(issue);
    return issue;
  };
  const addComment = (issue: FakeIssue, body: string, login: string): FakeComment => {
    const id = nextId++;
    const t = now();
    const c: FakeComment = { id, issue_number: issue.number, body, user: { login }, created_at: t, updated_at: t, html_url: `${issue.html_url}#issuecomment-${id}` };
    comments.push(c);
    issue.updated_at = t;
    return c;
  };

  /** What GitHub refuses in an issue's fields, as its 422 errors. */
  const refusals = (b: Record<string, unknown>, creating: boolean): object[] => {
    const errors: object[] = [];
    if (creating && (typeof b.title !== 'string' || !b.title)) errors.push({ resource: 'Issue', code: 'missing_field', field: 'title' });
    if (b.title !== undefined && typeof b.title !== 'string') errors.push({ resource: 'Issue', code: 'invalid', field: 'title' });
    if (typeof b.title === 'string' && chars(b.title) > TITLE_LIMIT) {
      errors.push({ resource: 'Issue', code: 'custom', field: 'title', message: `title is too long (maximum is ${TITLE_LIMIT} characters)` });
    }
    if (typeof b.body === 'string' && chars(b.body) > BODY_LIMIT) {
      errors.push({ resource: 'Issue', code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_LIMIT} characters)` });
    }
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') errors.push({ resource: 'Issue', code: 'invalid', field: 'state' });
    for (const a of Array.isArray(b.assignees) ? (b.assignees as unknown[]).map(String) : []) {
      if (!assignable.has(a.toLowerCase())) errors.push({ value: a, resource: 'Issue', field: 'assignees', code: 'invalid' });
    }
    return errors;
  };
  // Applies the writable fields GitHub accepts on create and update.
  const edit = (issue: FakeIssue, b: Record<string, unknown>): void => {
    if (typeof b.title === 'string') issue.title = b.title;
    if (b.body !== undefined) issue.body = typeof b.body === 'string' ? b.body : null;
    if (b.labels !== undefined) issue.labels = labelNames(b.labels).map(label);
    if (Array.isArray(b.assignees)) issue.assignees = b.assignees.map((a) => ({ login: String(a) }));
    const reason = b.state_reason === 'completed' || b.state_reason === 'not_planned' ? b.state_reason : undefined;
    if (b.state === 'closed' && issue.state === 'open') Object.assign(issue, { state: 'closed', closed_at: now(), state_reason: reason ?? 'completed' });
    else if (b.state === 'open' && issue.state === 'closed') Object.assign(issue, { state: 'open', closed_at: null, state_reason: 'reopened' });
    else if (issue.state === 'closed' && reason) issue.state_reason = reason;
    issue.updated_at = now();
  };

  const listIssues = (ctx: Ctx): Reply => {
    const q = ctx.query;
    const want = (q.get('labels') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const state = q.get('state') ?? 'open';
    const creator = q.get('creator');
    const sortKey = q.get('sort') === 'updated' ? 'updated_at' : 'created_at';
    const sign = q.get('direction') === 'asc' ? 1 : -1;
    const found = issues
      .filter((i) => !deleted.has(i.number))
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => want.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
      .filter((i) => !creator || i.user.login === creator)
      .sort((a, b) => sign * (a[sortKey].localeCompare(b[sortKey]) || a.number - b.number));
    const reply = paginate(found, ctx);
    return { ...reply, body: (reply.body as FakeIssue[]).map(issueJson) };
  };

  const onIssue = (handle: (issue: FakeIssue, ctx: Ctx) => Reply) => (ctx: Ctx): Reply => {
    const number = Number(ctx.params[0]);
    if (deleted.has(number)) return err(410, 'This issue was deleted');
    const issue = issues.find((i) => i.number === number);
    return issue ? handle(issue, ctx) : err(404, 'Not Found');
  };
  const installation = (id: FakeIdentity): boolean => id.kind !== 'user';

  // Routes under /repos/{owner}/{repo}; the rest of the path is matched.
  const repoRoutes: [string, RegExp, (ctx: Ctx) => Reply][] = [
    ['GET', /^$/, () => ({ status: 200, body: { name: repository.split('/')[1], full_name: repository, owner: userJson(owner), has_issues: issuesEnabled } })],
    ['GET', /^\/issues$/, listIssues],
    ['POST', /^\/issues$/, (ctx) => {
      const errors = refusals(ctx.body, true);
      if (errors.length > 0) return invalid(errors);
      const issue = addIssue({ user: { login: loginOf(ctx.as) } });
      edit(issue, ctx.body);
      return { status: 201, body: issueJson(issue) };
    }],
    ['GET', /^\/issues\/(\d+)$/, onIssue((issue) => ({ status: 200, body: issueJson(issue) }))],
    ['PATCH', /^\/issues\/(\d+)$/, onIssue((issue, ctx) => {
      const errors = refusals(ctx.body, false);
      if (errors.length > 0) return invalid(errors);
      edit(issue, ctx.body);
      return { status: 200, body: issueJson(issue) };
    })],
    ['GET', /^\/issues\/(\d+)\/comments$/, onIssue((issue, ctx) => {
      const reply = paginate(comments.filter((c) => c.issue_number === issue.number), ctx);
      return { ...reply, body: (reply.body as FakeComment[]).map(commentJson) };
    })],
    ['POST', /^\/issues\/(\d+)\/comments$/, onIssue((issue, ctx) => {
      const body = ctx.body.body;
      if (typeof body !== 'string' || !body) return invalid([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
      if (chars(body) > BODY_LIMIT) {
        return invalid([{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${BODY_LIMIT} characters)` }]);
      }
      return { status: 201, body: commentJson(addComment(issue, body, loginOf(ctx.as))) };
    })],
    ['POST', /^\/issues\/(\d+)\/labels$/, onIssue((issue, ctx) => {
      const add = labelNames(ctx.body.labels).map(label).filter((l) => !issue.labels.includes(l));
      issue.labels = [...issue.labels, ...add];
      return { status: 200, body: issue.labels };
    })],
    // GitHub's "get repository permissions for a user": legacy permission plus role_name; none for anyone without a role.
    ['GET', /^\/collaborators\/([^/]+)\/permission$/, (ctx) => {
      const login = decodeURIComponent(ctx.params[0] ?? '');
      const role = roles.get(login.toLowerCase());
      return { status: 200, body: { permission: role ? LEGACY[role] : 'none', role_name: role ?? 'none', user: userJson(login) } };
    }],
    ['POST', /^\/issues\/comments\/(\d+)\/reactions$/, (ctx) => {
      const id = Number(ctx.params[0]);
      const comment = comments.find((c) => c.id === id);
      if (!comment || deleted.has(comment.issue_number)) return err(404, 'Not Found');
      const content = ctx.body.content;
      if (typeof content !== 'string' || !(REACTIONS as readonly string[]).includes(content)) {
        return invalid([{ resource: 'Reaction', code: 'invalid', field: 'content' }]);
      }
      const login = loginOf(ctx.as);
      const had = reactions.find((r) => r.comment_id === id && r.content === content && r.user.login === login);
      if (had) return { status: 200, body: { ...had, user: userJson(login) } };
      const r: FakeReaction = { id: nextId++, comment_id: id, content, user: { login } };
      reactions.push(r);
      return { status: 201, body: { id: r.id, content, user: userJson(login) } };
    }],
    ['GET', /^\/assignees$/, (ctx) => paginate([...assignable].map(userJson), ctx)],
    // 204 when the login can be assigned issues here, else 404 (GitHub's "check if a user can be assigned").
    ['GET', /^\/assignees\/([^/]+)$/, (ctx) => (assignable.has(decodeURIComponent(ctx.params[0] ?? '').toLowerCase()) ? { status: 204, body: null } : err(404, 'Not Found'))],
    ['GET', /^\/labels$/, (ctx) => paginate([...labels.values()], ctx)],
    ['POST', /^\/labels$/, (ctx) => {
      const name = ctx.body.name;
      if (typeof name !== 'string' || !name) return invalid([{ resource: 'Label', code: 'missing_field', field: 'name' }]);
      if (labels.has(name.toLowerCase())) return invalid([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
      const l = label(name);
      if (typeof ctx.body.color === 'string') l.color = ctx.body.color;
      if (typeof ctx.body.description === 'string') l.description = ctx.body.description;
      return { status: 201, body: l };
    }],
  ];

  const routes: [string, RegExp, (ctx: Ctx) => Reply][] = [
    ['GET', /^\/user$/, (ctx) => (installation(ctx.as)
      ? { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' } }
      : { status: 200, body: { ...userJson(loginOf(ctx.as)), id: 1 } })],
    // GET /app answers only an App's JWT, which no token here is.
    ['GET', /^\/app$/, () => err(401, 'A JSON web token could not be decoded')],
    ['GET', /^\/installation\/repositories$/, (ctx) => (installation(ctx.as)
      ? { status: 200, body: { total_count: 1, repository_selection: 'selected', repositories: [{ name: repository.split('/')[1], full_name: repository, owner: userJson(owner) }] } }
      : err(403, 'You must authenticate with an installation access token in order to list repositories for an installation.'))],
    // GraphQL: only `{ viewer { login } }`, which answers every kind of token (installation tokens get their [bot] login).
    ['POST', /^\/graphql$/, (ctx) => (typeof ctx.body.query === 'string' && /\bviewer\s*\{\s*login\s*\}/.test(ctx.body.query)
      ? { status: 200, body: { data: { viewer: { login: loginOf(ctx.as) } } } }
      : { status: 200, body: { errors: [{ message: 'this fake answers only { viewer { login } }' }] } })],
  ];

  const fault = (rule: FailRule): Reply => {
    if (rule.message !== undefined) return err(rule.status, rule.message);
    if (rule.secondary) {
      return {
        status: rule.status,
        headers: rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) },
        body: {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
      };
    }
    if (rule.status === 403 || rule.status === 429) {
      const reset = Math.floor(Date.now() / 1000) + (rule.retryAfter ?? 60);
      return { ...err(rule.status, 'API rate limit exceeded for installation.'), headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } };
    }
    return err(rule.status, SERVER_ERRORS[rule.status] ?? 'Server Error');
  };

  const route = (method: string, self: URL, body: Record<string, unknown>, as: FakeIdentity): Reply => {
    const base = { query: self.searchParams, body, self, as };
    const inRepo = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(self.pathname);
    if (inRepo) {
      // GitHub answers 404 for a repository the token cannot see; owner and name are case-insensitive.
      if (`${inRepo[1]}/${inRepo[2]}`.toLowerCase() !== repository.toLowerCase()) return err(404, 'Not Found');
      const rest = inRepo[3] ?? '';
      if (!issuesEnabled && rest.startsWith('/issues')) return { status: 410, body: { message: 'Issues are disabled for this repo', documentation_url: 'https://docs.github.com/v3/issues/', status: '410' } };
      for (const [verb, re, handle] of repoRoutes) {
        const hit = verb === method ? re.exec(rest) : null;
        if (hit) return handle({ ...base, params: hit.slice(1) });
      }
      return err(404, 'Not Found');
    }
    for (const [verb, re, handle] of routes) {
      const hit = verb === method ? re.exec(self.pathname) : null;
      if (hit) return handle({ ...base, params: hit.slice(1) });
    }
    return err(404, 'Not Found');
  };

  const answer = (req: IncomingMessage, text: string): Reply => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let body: Record<string, unknown> = {};
    try {
      if (text) body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      requests.push({ method, path, body: text });
      return err(400, 'Problems parsing JSON');
    }
    requests.push(text ? { method, path, body } : { method, path });
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth?.[1]) return err(401, 'Requires authentication');
    used++;
    const rule = rules.find((r) => r.times > 0 && (!r.method || r.method.toUpperCase() === method)
      && (r.path === undefined || (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path))));
    if (rule) {
      rule.times--;
      return fault(rule);
    }
    if (used > LIMIT) return fault({ status: 403, times: 1, retryAfter: resetAt - Math.floor(Date.now() / 1000) });
    return route(method, new URL(path, url), body, tokens.get(auth[1]) ?? fallback);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(req, Buffer.concat(chunks).toString('utf8'));
      const json = reply.status === 204 ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        ...(json ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'content-length': Buffer.byteLength(json),
        'x-ratelimit-limit': String(LIMIT),
        'x-ratelimit-remaining': String(Math.max(0, LIMIT - used)),
        'x-ratelimit-used': String(used),
        'x-ratelimit-reset': String(resetAt),
        'x-ratelimit-resource': 'core',
        ...reply.headers,
      });
      res.end(json);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const seed = ({ labels: names = [], ...p }: IssueSeed): Partial<FakeIssue> => ({ ...p, labels: names.map(label) });
  return {
    url,
    repository,
    issues,
    comments,
    reactions,
    requests,
    writes: () => requests.filter((r) => WRITES.has(r.method) && !r.path.startsWith('/graphql')).length,
    fail: (rule) => void rules.push({ ...rule }),
    addIssue: (p) => addIssue(seed(p)),
    addPullRequest(p) {
      const pr = addIssue(seed(p));
      const api = `${url}/repos/${repository}/pulls/${pr.number}`;
      pr.html_url = `https://github.com/${repository}/pull/${pr.number}`;
      pr.pull_request = { url: api, html_url: pr.html_url, diff_url: `${pr.html_url}.diff`, patch_url: `${pr.html_url}.patch`, merged_at: null };
      return pr;
    },
    addComment(number, body, login = loginOf(fallback)) {
      const issue = issues.find((i) => i.number === number);
      if (!issue) throw new Error(`no issue #${number}`);
      return addComment(issue, body, login);
    },
    deleteIssue: (number) => void deleted.add(number),
    setIssuesEnabled: (enabled) => void (issuesEnabled = enabled),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
