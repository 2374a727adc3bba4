// A local stand-in for the GitHub REST API (issues, comments, labels, /user) so the real Octokit,
// with its retry and throttling plugins, runs against it. It holds one repository: the owner/repo
// in a path are accepted but not told apart. Faults are injected per request with fail().
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLabel { id: number; name: string; color: string; description: string | null }
export interface FakeIssue {
  id: number; number: number; title: string; body: string | null;
  state: 'open' | 'closed'; state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: FakeLabel[]; assignees: { login: string }[]; user: { login: string };
  created_at: string; updated_at: string; closed_at: string | null; html_url: string;
}
export interface FakeComment {
  id: number;
  /** Not a GitHub field (not sent): which issue the comment is on. */
  issue_number: number;
  body: string; user: { login: string }; created_at: string; updated_at: string; html_url: string;
}
/** A seed issue; labels by name (created if new), user defaults to the token identity. */
export type IssueSeed = Partial<Omit<FakeIssue, 'labels'>> & { labels?: string[] };
export interface FakeRequest { method: string; path: string; body?: unknown }
/**
 * The next `times` requests matching method and path (substring or RegExp, tested against path
 * plus query) get this answer instead. 403/429 without `secondary` is the primary rate limit
 * (x-ratelimit-remaining 0, reset after `retryAfter` seconds, default 60).
 */
export interface FailRule {
  method?: string;
  path?: string | RegExp;
  times: number;
  status: 500 | 502 | 503 | 403 | 429;
  retryAfter?: number;
  secondary?: boolean;
}
export interface GitHubFake {
  /** Base URL for Octokit's `baseUrl` (no trailing slash). */
  url: string;
  issues: FakeIssue[];
  comments: FakeComment[];
  /** Every request in order, failed ones included. */
  requests: FakeRequest[];
  /** POST/PATCH/PUT/DELETE requests received (attempts, failed ones included). */
  writes(): number;
  fail(rule: FailRule): void;
  addIssue(seed: IssueSeed): FakeIssue;
  stop(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
/** params[0] is owner/repo for repository routes. */
type Ctx = { params: (string | undefined)[]; query: URLSearchParams; body: Record<string, unknown>; self: URL };

const LIMIT = 1000; // GITHUB_TOKEN's hourly budget per repository
const DOCS = 'https://docs.github.com/rest';
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SERVER_ERRORS: Record<number, string> = { 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const err = (status: number, message: string, extra: object = {}): Reply =>
  ({ status, body: { message, documentation_url: DOCS, status: String(status), ...extra } });
const labelNames = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name))) : [];

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

export async function startGitHubFake(opts: { login?: string } = {}): Promise<GitHubFake> {
  const login = opts.login ?? 'github-actions[bot]';
  const issues: FakeIssue[] = [];
  const comments: FakeComment[] = [];
  const requests: FakeRequest[] = [];
  const rules: FailRule[] = [];
  const labels = new Map<string, FakeLabel>();
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  let used = 0;
  let nextId = 1000;
  let url = '';

  const label = (name: string): FakeLabel => {
    const key = name.toLowerCase();
    const found = labels.get(key) ?? { id: nextId++, name, color: 'ededed', description: null };
    labels.set(key, found);
    return found;
  };
  const issueJson = (i: FakeIssue): object => ({ ...i, comments: comments.filter((c) => c.issue_number === i.number).length });
  const commentJson = ({ issue_number: _n, ...c }: FakeComment): object => c;

  const addIssue = (p: Partial<FakeIssue>, repoPath = 'owner/repo'): FakeIssue => {
    const number = issues.reduce((m, i) => Math.max(m, i.number), 0) + 1;
    const t = now();
    const issue: FakeIssue = {
      id: nextId++, number, title: '', body: null, state: 'open', state_reason: null, labels: [], assignees: [],
      user: { login }, created_at: t, updated_at: t, closed_at: null,
      html_url: `https://github.com/${repoPath}/issues/${number}`, ...p,
    };
    issues.push(issue);
    return issue;
  };

  const invalid = (b: Record<string, unknown>): boolean =>
    (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') || (b.title !== undefined && typeof b.title !== 'string');
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
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => want.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)))
      .filter((i) => !creator || i.user.login === creator)
      .sort((a, b) => sign * (a[sortKey].localeCompare(b[sortKey]) || a.number - b.number));
    const reply = paginate(found, ctx);
    return { ...reply, body: (reply.body as FakeIssue[]).map(issueJson) };
  };

  const onIssue = (handle: (issue: FakeIssue, ctx: Ctx) => Reply) => (ctx: Ctx): Reply => {
    const issue = issues.find((i) => i.number === Number(ctx.params[1]));
    return issue ? handle(issue, ctx) : err(404, 'Not Found');
  };
  const repo = (rest: string): RegExp => new RegExp(`^/repos/([^/]+/[^/]+)${rest}$`);

  const routes: [string, RegExp, (ctx: Ctx) => Reply][] = [
    ['GET', /^\/user$/, () => (login.endsWith('[bot]')
      ? err(403, 'Resource not accessible by integration')
      : { status: 200, body: { login, id: 1, type: 'User' } })],
    ['GET', repo('/issues'), listIssues],
    ['POST', repo('/issues'), (ctx) => {
      if (typeof ctx.body.title !== 'string' || !ctx.body.title || invalid(ctx.body)) return err(422, 'Validation Failed');
      const issue = addIssue({}, ctx.params[0]);
      edit(issue, ctx.body);
      return { status: 201, body: issueJson(issue) };
    }],
    ['GET', repo('/issues/(\\d+)'), onIssue((issue) => ({ status: 200, body: issueJson(issue) }))],
    ['PATCH', repo('/issues/(\\d+)'), onIssue((issue, ctx) => {
      if (invalid(ctx.body)) return err(422, 'Validation Failed');
      edit(issue, ctx.body);
      return { status: 200, body: issueJson(issue) };
    })],
    ['GET', repo('/issues/(\\d+)/comments'), onIssue((issue, ctx) => {
      const reply = paginate(comments.filter((c) => c.issue_number === issue.number), ctx);
      return { ...reply, body: (reply.body as FakeComment[]).map(commentJson) };
    })],
    ['POST', repo('/issues/(\\d+)/comments'), onIssue((issue, ctx) => {
      if (typeof ctx.body.body !== 'string' || !ctx.body.body) return err(422, 'Validation Failed');
      const id = nextId++;
      const t = now();
      const c: FakeComment = { id, issue_number: issue.number, body: ctx.body.body, user: { login }, created_at: t, updated_at: t, html_url: `${issue.html_url}#issuecomment-${id}` };
      comments.push(c);
      issue.updated_at = t;
      return { status: 201, body: commentJson(c) };
    })],
    ['POST', repo('/issues/(\\d+)/labels'), onIssue((issue, ctx) => {
      const add = labelNames(ctx.body.labels).map(label).filter((l) => !issue.labels.includes(l));
      issue.labels = [...issue.labels, ...add];
      return { status: 200, body: issue.labels };
    })],
    ['GET', repo('/labels'), (ctx) => paginate([...labels.values()], ctx)],
    ['POST', repo('/labels'), (ctx) => {
      const name = ctx.body.name;
      if (typeof name !== 'string' || !name) return err(422, 'Validation Failed');
      if (labels.has(name.toLowerCase())) {
        return err(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      const l = label(name);
      if (typeof ctx.body.color === 'string') l.color = ctx.body.color;
      if (typeof ctx.body.description === 'string') l.description = ctx.body.description;
      return { status: 201, body: l };
    }],
  ];

  const fault = (rule: FailRule): Reply => {
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
    if (!req.headers.authorization) return err(401, 'Requires authentication');
    used++;
    const rule = rules.find((r) => r.times > 0 && (!r.method || r.method.toUpperCase() === method)
      && (r.path === undefined || (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path))));
    if (rule) {
      rule.times--;
      return fault(rule);
    }
    if (used > LIMIT) return fault({ status: 403, times: 1, retryAfter: resetAt - Math.floor(Date.now() / 1000) });
    const self = new URL(path, url);
    for (const [verb, re, handle] of routes) {
      const hit = verb === method ? re.exec(self.pathname) : null;
      if (hit) return handle({ params: hit.slice(1), query: self.searchParams, body, self });
    }
    return err(404, 'Not Found');
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(req, Buffer.concat(chunks).toString('utf8'));
      const json = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json; charset=utf-8',
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

  return {
    url,
    issues,
    comments,
    requests,
    writes: () => requests.filter((r) => WRITES.has(r.method)).length,
    fail: (rule) => void rules.push({ ...rule }),
    addIssue: ({ labels: names = [], ...p }) => addIssue({ ...p, labels: names.map(label) }),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
