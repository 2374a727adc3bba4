// The Action's patrol end to end, for tests: an in-process DNS server as the lists' server, the
// GitHub REST fake through the real Octokit, and the cache-service fake through the real
// @actions/cache. Each test sets which addresses are listed and how the DNS server behaves.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Keys } from '../../src/dnsbl/check.ts';
import { createDns } from '../../src/dnsbl/resolver.ts';
import { createGitHubIssues } from '../../src/notify/github.ts';
import type { ChatChannel } from '../../src/notify/chat-delivery.ts';
import { runPatrol, type EmailAdapter, type PatrolOutput } from '../../src/patrol.ts';
import { cacheStore } from '../../src/state/cache-store.ts';
import type { StateStore } from '../../src/state/snapshot.ts';
import type { MonitorInput } from '../../src/targets/expand.ts';
import { startCacheFake, type CacheFake } from './cache-fake.ts';
import { startFaultDns, type FaultAnswer, type FaultDns } from './fault-dns.ts';
import { startGitHubFake, type FakeIssue, type GitHubFake } from './github-fake.ts';

export const BOT = 'github-actions[bot]';
/** People with a role in the fake's repository (for /recheck): everyone else has none. */
export const ROLES = { maintainer: 'maintain', writer: 'write', triager: 'triage', reader: 'read' } as const;
export const DQS_KEY = 'testdqskey0123456789abcdef';

/** The test list (bl.test, IPv4) and, when asked for, Spamhaus ZEN through DQS. */
export const TEST_LIST = '{ id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4], codes: { "127.0.0.2": "spam source", "127.0.0.4": "exploited host" }, delist: "https://bl.test/delist" }';

export interface PatrolOptions {
  addresses?: string[];
  /** The monitors section as YAML (instead of addresses). */
  monitorsYaml?: string;
  /** The lists.add entries (default: the test list). */
  lists?: string[];
  closeAfter?: number;
  email?: string;
  runId?: string;
  attempt?: string;
  dryRun?: boolean;
  keys?: Keys;
  store?: StateStore;
  emailAdapter?: EmailAdapter;
  monitors?: MonitorInput[];
  /** notify.chat as YAML (`{ when: always }`). */
  chatYaml?: string;
  chat?: ChatChannel;
}

export type PatrolRun = PatrolOutput & { warnings: string[]; infos: string[] };

export interface Harness {
  dns: FaultDns;
  gh: GitHubFake;
  cache: CacheFake;
  /** GITHUB_WORKSPACE and RUNNER_TEMP live here. */
  work: string;
  /** Codes per address on bl.test (absent = NXDOMAIN, 'timeout' = no answer). */
  listings: Map<string, string[] | 'timeout'>;
  /** Codes per address on Spamhaus ZEN (DQS). */
  zen: Map<string, string[]>;
  /** up: answers as set; refused: the server refuses every query (a resolver that will not serve us). */
  server: 'up' | 'refused';
  config(opts?: PatrolOptions): Config;
  /** The monitors.yml text config() parses (for the Action, which reads a file). */
  yaml(opts?: PatrolOptions): string;
  patrol(opts?: PatrolOptions): Promise<PatrolRun>;
  /** Our issues on the GitHub fake. */
  ours(): FakeIssue[];
  /** A fresh GitHub fake, an empty cache, nothing listed. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function reverse(name: string, zone: string): string | null {
  const m = new RegExp(`^(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)\\.${zone.replace(/\./g, '\\.')}$`).exec(name);
  return m ? `${m[4]}.${m[3]}.${m[2]}.${m[1]}` : null;
}

export async function startHarness(): Promise<Harness> {
  const savedEnv = { ...process.env };
  const listings = new Map<string, string[] | 'timeout'>();
  const zen = new Map<string, string[]>();
  let run = 1000;
  let attempt = 0;
  const zenZone = `${DQS_KEY}.zen.dq.spamhaus.net`;

  const h = {} as Harness;
  const answer = (name: string, type: string): FaultAnswer => {
    if (h.server === 'refused') return { rcode: 'REFUSED' };
    if (name === '2.0.0.127.bl.test' || name === `2.0.0.127.${zenZone}`) return { rcode: 'NOERROR', a: ['127.0.0.2'], txt: ['test point'] };
    const ip = reverse(name, 'bl.test');
    const zip = reverse(name, zenZone);
    const codes = ip ? listings.get(ip) : zip ? zen.get(zip) : undefined;
    if (codes === 'timeout') return 'drop';
    if (!codes) return { rcode: 'NXDOMAIN' };
    return type === 'TXT' ? { rcode: 'NOERROR', txt: [`Listed: see https://bl.test/${ip ?? zip ?? ''}`] } : { rcode: 'NOERROR', a: codes };
  };

  const dns = await startFaultDns(({ name, type }) => answer(name, type));
  const cache = await startCacheFake();
  const work = await mkdtemp(path.join(tmpdir(), 'bp-harness-'));
  Object.assign(process.env, cache.env(path.join(work, 'tmp'), work));
  const gh = await startGitHubFake({ login: BOT, roles: ROLES });

  const yaml = (opts: PatrolOptions = {}): string => {
    const monitors = opts.monitorsYaml ?? (opts.addresses ?? ['192.0.2.10']).map((a, i) => `  - { name: host${i}, address: "${a}" }`).join('\n');
    return `monitors:
${monitors}
lists:
  use: none
  add:
${(opts.lists ?? [TEST_LIST]).map((l) => `    - ${l}`).join('\n')}
settings: { timeout: 1s, tries: 2, max-range: 4096 }
notify:
  issues: { labels: [mail], close-after: ${opts.closeAfter ?? 2} }
${opts.email ? `  email: ${opts.email}\n` : ''}${opts.chatYaml ? `  chat: ${opts.chatYaml}\n` : ''}`;
  };
  const config = (opts: PatrolOptions = {}): Config => {
    const r = parseConfig(yaml(opts), 'monitors.yml');
    assert.ok(r.ok, `test config is valid: ${r.ok ? '' : JSON.stringify(r.errors)}`);
    return r.config;
  };

  Object.assign(h, {
    dns,
    gh,
    cache,
    work,
    listings,
    zen,
    server: 'up',
    config,
    yaml,
    async patrol(opts: PatrolOptions = {}): Promise<PatrolRun> {
      const runId = opts.runId ?? String(++run);
      const warnings: string[] = [];
      const infos: string[] = [];
      const out = await runPatrol({
        config: config(opts),
        ...(opts.monitors ? { monitors: opts.monitors } : {}),
        keys: opts.keys ?? {},
        dns: createDns({ servers: [dns.server], timeoutMs: 1000, tries: 2 }),
        resolvers: [dns.server],
        now: () => new Date(),
        runId,
        store: opts.store ?? cacheStore({ runId, runAttempt: opts.attempt ?? String(++attempt) }),
        issues: createGitHubIssues({ token: 'ghs_test', owner: 'octo', repo: 'mail', baseUrl: h.gh.url, retryAfterBaseValue: 5, writeSpacingMs: 0 }),
        issueSettings: { labels: ['mail'], assignees: [], maxWrites: 30 },
        dryRun: opts.dryRun ?? false,
        log: { info: (m) => infos.push(m), warning: (m) => warnings.push(m) },
        ...(opts.emailAdapter ? { email: opts.emailAdapter } : {}),
        ...(opts.chat ? { chat: opts.chat } : {}),
      });
      return Object.assign(out, { warnings, infos });
    },
    ours: () => h.gh.issues.filter((i) => i.user.login === BOT),
    async reset() {
      await h.gh.stop();
      h.gh = await startGitHubFake({ login: BOT, roles: ROLES });
      cache.clear();
      listings.clear();
      zen.clear();
      h.server = 'up';
    },
    async stop() {
      process.env = savedEnv;
      await h.gh.stop();
      await dns.stop();
      await cache.stop();
      await rm(work, { recursive: true, force: true });
    },
  });
  return h;
}
