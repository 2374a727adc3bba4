// monitors.yml: this zod schema is the single source of truth for validation, the TypeScript
// types (Config is its output) and the generated monitors.schema.json (its input side, with the
// YAML's kebab-case keys; the parsed Config uses camelCase).
// Sections use prefault({}): an absent section is parsed as empty so inner defaults apply.
// Checks that need more than one field's value in isolation (duplicate names, range size against
// settings.max-range, list ids against the catalog) live in load.ts, so they run even when
// another part of the file is invalid.
import { z } from 'zod';
import { domainToASCII, domainToUnicode } from 'node:url';
import ipaddr from 'ipaddr.js';
import { parseAddress } from '../targets/address.ts';
import { parseCidr, parseIp } from '../targets/range.ts';
import { linkTemplateProblem } from '../dnsbl/links.ts';

/**
 * The largest range anyone may allow with settings.max-range: an IPv4 /12. Beyond it a run
 * becomes millions of DNS queries, which the lists would rightly read as abuse.
 */
export const MAX_RANGE_CEILING = 1_048_576;
export const DEFAULT_MAX_RANGE = 4096;

const LABELS = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A-label form of a DNS name with at least two labels (IDN converted, lower case, no final dot),
 * or null when it is not one. An address is not a name, so the last label may not be all digits.
 */
export function dnsName(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const ascii = domainToASCII(t);
  return ascii !== '' && LABELS.test(ascii) && !/\.\d+$/.test(ascii) ? ascii : null;
}

// ------------------------------------------------------------------ values

const name = z
  .string({ error: 'expected a name' })
  .trim().min(1, 'expected a non-empty name').max(100, 'expected a name of at most 100 characters');

export const LIST_ID = /^[a-z0-9][a-z0-9._-]*$/;
const listId = z.string().regex(LIST_ID, 'expected a list id such as spamcop (lower case letters, digits, - . _)');

/** A whole number within bounds; one message for every way of missing it. */
function wholeNumber(min: number, max: number, fallback: number) {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
}

const address = z.string().transform((s, ctx) => {
  const p = parseAddress(s);
  if (!p) {
    ctx.addIssue({ code: 'custom', message: `expected an IPv4 or IPv6 address, got '${s}'` });
    return z.NEVER;
  }
  return p.value;
});

const range = z.string().transform((s, ctx) => {
  const t = s.trim();
  const cidr = parseCidr(t);
  if (!cidr) {
    ctx.addIssue({ code: 'custom', message: `expected a CIDR range such as 198.51.100.0/28 or 2001:db8::/124, got '${s}'` });
    return z.NEVER;
  }
  const canonical = `${cidr.network}/${cidr.prefix}`;
  // A range written from a host address is usually a typo for a different block: say which one we would check.
  if (parseIp(t.split('/')[0] ?? '')?.value !== cidr.network) {
    ctx.addIssue({ code: 'custom', message: `${t} is not the start of its range; did you mean ${canonical}?` });
    return z.NEVER;
  }
  return canonical;
});

function dnsNameOf(example: string) {
  return z.string().transform((s, ctx) => {
    const n = parseAddress(s) ? null : dnsName(s);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `expected a DNS name such as ${example}, got '${s}'` });
      return z.NEVER;
    }
    return n;
  });
}

export interface Resolver {
  /** The server's address, canonical. */
  host: string;
  port: number;
  /** As written in monitors.yml (trimmed), for messages and the DNS adapter. */
  text: string;
}

/**
 * "192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:5353"; null otherwise.
 * Only addresses: the system resolver cannot be told to use a server by name.
 */
export function parseResolver(text: string): Resolver | null {
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(t);
  const v4 = /^([\d.]+)(?::(\d{1,5}))?$/.exec(t);
  const [host, port, kind] = bracketed
    ? [bracketed[1], bracketed[2], 'ipv6']
    : v4
      ? [v4[1], v4[2], 'ipv4']
      : [t, undefined, 'ipv6'];
  const addr = parseIp(host ?? '');
  const portNumber = port === undefined ? 53 : Number(port);
  if (!addr || addr.kind !== kind || portNumber < 1 || portNumber > 65535) return null;
  return { host: addr.value, port: portNumber, text: t };
}

const resolver = z.string().transform((s, ctx) => {
  const r = parseResolver(s);
  if (!r) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a resolver's IP address, optionally with a port: 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353, got '${s}'`,
    });
    return z.NEVER;
  }
  return r;
});

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/;

/** "5s", "500ms", "1.5s", "2" or 2 (seconds) → milliseconds. */
export function durationMs(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 1000) : null;
  const m = DURATION.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : n * 1000);
}

const TIMEOUT_MIN_MS = 100;
const TIMEOUT_MAX_MS = 60_000;
const timeoutError = 'expected a timeout from 100ms to 60s, such as 5s, 1.5s, 500ms or a number of seconds';
const timeout = z
  .union([
    z
      .string({ error: timeoutError })
      .regex(DURATION, { error: timeoutError, abort: true })
      .refine((s) => {
        const ms = durationMs(s);
        return ms !== null && ms >= TIMEOUT_MIN_MS && ms <= TIMEOUT_MAX_MS;
      }, { error: (iss) => `${timeoutError}, got '${String(iss.input)}'` }),
    z.number({ error: timeoutError }).min(TIMEOUT_MIN_MS / 1000, { error: timeoutError }).max(TIMEOUT_MAX_MS / 1000, { error: timeoutError }),
  ])
  .default('5s')
  .transform((v) => durationMs(v) ?? 5000);


/** A custom list's link: http(s), where {ip} / {domain} stand for the target (src/dnsbl/links.ts). */
const linkTemplate = z
  .string()
  .regex(/^https?:\/\//i, { error: 'expected a web address starting with https:// or http://', abort: true })
  .superRefine((s, ctx) => {
    const problem = linkTemplateProblem(s);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const email = z.email('expected an email address such as ops@example.com');

// ------------------------------------------------------------------ monitors

export const TARGET_KEYS = ['address', 'range', 'host', 'domain'] as const;

export const MonitorSchema = z
  .strictObject({
    name: name.describe('A name you recognise: shown in reports, issue titles and emails. Unique.'),
    address: address.optional().describe('One IPv4 or IPv6 address.'),
    range: range
      .optional()
      .describe('A CIDR range (IPv4 or IPv6), written from its first address; every address in it is checked, up to settings.max-range.'),
    host: dnsNameOf('relay.example.com').optional().describe('A host name; every A and AAAA address is checked, resolved every run.'),
    domain: dnsNameOf('example.com').optional().describe('A domain, checked on domain lists (IDN allowed).'),
    expand: z
      .array(z.enum(['mx', 'spf']))
      .optional()
      .describe("For a domain: also check its MX hosts' addresses (mx) and its SPF-authorised senders (spf)."),
    skip: z.array(listId).default([]).describe('List ids not to check for this monitor.'),
  })
  .superRefine((m, ctx) => {
    const given = TARGET_KEYS.filter((k) => m[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? 'expected exactly one of address, range, host or domain'
            : `expected exactly one of address, range, host or domain, got ${given.join(' and ')}`,
      });
    }
    if (m.expand !== undefined && m.domain === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expand'], message: 'expand (mx, spf) applies to domain monitors only' });
    }
  })
  // Reports show an IDN domain as people write it; DNS queries use the A-label in `domain`.
  .transform((m): typeof m & { domainUnicode?: string } =>
    m.domain === undefined ? m : { ...m, domainUnicode: domainToUnicode(m.domain) },
  );

// ------------------------------------------------------------------ lists

/** RFC 5782 §5 test points by the first kind a custom list serves (same rule as select.ts). */
function rfc5782Test(kinds: readonly string[]): { listed: string; unlisted: string } {
  if (kinds.includes('ipv4')) return { listed: '127.0.0.2', unlisted: '127.0.0.1' };
  if (kinds.includes('ipv6')) return { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
  return { listed: 'test', unlisted: 'invalid' };
}

const DECODES = ['exact', 'bitmask', 'octet-2', 'octet-3', 'octet-4'] as const;

function loopbackAnswer(key: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(key) && key.split('.')[0] === '127';
}

/** Whether a key of `codes` / `refusals` fits the list's decoding; a refusal may always be a whole answer. */
function codeKeyFits(decode: (typeof DECODES)[number], key: string, field: 'codes' | 'refusals'): boolean {
  if (decode === 'exact' || (field === 'refusals' && loopbackAnswer(key))) return loopbackAnswer(key);
  const n = /^\d{1,3}$/.test(key) ? Number(key) : -1;
  return decode === 'bitmask' ? n >= 1 && n <= 255 : n >= 0 && n <= 255;
}

const KEY_EXPECTED: Record<(typeof DECODES)[number], string> = {
  exact: 'an answer inside 127.0.0.0/8 such as 127.0.0.2',
  bitmask: 'a bit value from 1 to 255',
  'octet-2': 'an octet value from 0 to 255',
  'octet-3': 'an octet value from 0 to 255',
  'octet-4': 'an octet value from 0 to 255',
};

export const CustomListSchema = z
  .strictObject({
    id: listId.describe('Your id for the list (used in skip and reports); must not be a catalog id.'),
    name: z.string().trim().min(1, 'expected a non-empty name').optional().describe('Display name (defaults to the id).'),
    zone: dnsNameOf('bl.example.org').describe('The DNS zone, e.g. bl.corp.example.'),
    kinds: z
      .array(z.enum(['ipv4', 'ipv6', 'domain']))
      .min(1, 'expected at least one of ipv4, ipv6, domain')
      .describe('What the zone lists: [ipv4], [ipv4, ipv6] or [domain].'),
    decode: z
      .enum(DECODES)
      .default('exact')
      .describe('exact: match each answer; bitmask: test bits of the last octet; octet-2/3/4: the value of that octet is the code.'),
    codes: z
      .record(z.string(), z.string())
      .default({})
      .describe('Answer (exact, e.g. "127.0.0.2"), bit value (bitmask, e.g. "2") or octet value (octet-N, e.g. "5") → what a listing means.'),
    refusals: z
      .record(z.string(), z.string())
      .default({})
      .describe('Answers that are refusals or errors, never listings (same keys as codes).'),
    test: z
      .strictObject({
        listed: z.string().trim().min(1).optional().describe('An item the list must list (RFC 5782: 127.0.0.2, or test for domain lists).'),
        unlisted: z
          .string()
          .trim()
          .min(1)
          .nullable()
          .optional()
          .describe('An item it must not list (127.0.0.1, or invalid); null when the list answers it by design.'),
      })
      .optional()
      .describe('Test points that tell a working list from a dead one; RFC 5782 defaults.'),
    delist: linkTemplate.optional().describe('Where to ask for removal; {ip} or {domain} stand for the listed target.'),
    info: linkTemplate.optional().describe("The list's own page; {ip} or {domain} stand for the listed target."),
  })
  .superRefine((l, ctx) => {
    for (const field of ['codes', 'refusals'] as const) {
      for (const key of Object.keys(l[field])) {
        if (codeKeyFits(l.decode, key, field)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [field, key],
          // load.ts points at the key, not its value.
          params: { at: 'key' },
          message: `expected ${KEY_EXPECTED[l.decode]} as the key (decode: ${l.decode}), got '${key}'`,
        });
      }
    }
  })
  .transform((l) => {
    const test = rfc5782Test(l.kinds);
    return {
      ...l,
      name: l.name ?? l.id,
      test: { listed: l.test?.listed ?? test.listed, unlisted: l.test?.unlisted === undefined ? test.unlisted : l.test.unlisted },
    };
  });

const Lists = z
  .strictObject({
    use: z
      .enum(['default', 'all', 'none'])
      .default('default')
      .describe('default: the keyless default set; all: the whole catalog; none: only what you add.'),
    add: z.array(z.union([listId, CustomListSchema])).default([]).describe('Catalog ids, or your own lists.'),
    skip: z.array(listId).default([]).describe('List ids to leave out.'),
  })
  .prefault({});

// ------------------------------------------------------------------ settings and notify

export const SettingsSchema = z
  .strictObject({
    resolvers: z
      .array(resolver)
      .default([])
      .describe('DNS servers to query by IP address (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53); empty = the system resolver.'),
    timeout: timeout.describe('Per DNS query: 5s, 500ms, or a number of seconds; from 100ms to 60s.'),
    tries: wholeNumber(1, 5, 2).describe('Attempts per query; only timeouts and SERVFAIL are retried.'),
    concurrency: wholeNumber(1, 256, 32).describe('DNS queries in flight overall.'),
    'per-list-concurrency': wholeNumber(1, 64, 8).describe('DNS queries in flight to any one list.'),
    'max-range': wholeNumber(1, MAX_RANGE_CEILING, DEFAULT_MAX_RANGE).describe(
      `Most addresses one range (or one SPF expansion) may add; at most ${MAX_RANGE_CEILING}.`,
    ),
  })
  .prefault({})
  .transform((s) => ({
    resolvers: s.resolvers,
    timeoutMs: s.timeout,
    tries: s.tries,
    concurrency: s.concurrency,
    perListConcurrency: s['per-list-concurrency'],
    maxRange: s['max-range'],
  }));

/** How a listing's codes weigh (the catalog's severities), for notify.chat.severities. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;

const Notify = z
  .strictObject({
    issues: z
      .strictObject({
        labels: z.array(z.string().trim().min(1, 'expected a label name')).default([]).describe('Labels added to every issue, besides blacklist-patrol.'),
        assignees: z.array(z.string().trim().min(1, 'expected a GitHub user name')).default([]).describe('GitHub users assigned to new issues.'),
        'close-after': wholeNumber(1, 30, 2).describe('Consecutive clean runs before an issue is closed as delisted.'),
      })
      .prefault({})
      .transform((i) => ({ labels: i.labels, assignees: i.assignees, closeAfter: i['close-after'] })),
    // No default: without an email section no email is sent.
    email: z
      .strictObject({
        to: z
          .union([email, z.array(email).min(1, 'expected at least one email address')])
          .transform((t) => (Array.isArray(t) ? t : [t]))
          .describe('One address or a list.'),
        when: z.enum(['always', 'listed', 'changes', 'never']).default('listed').describe('always | listed (default) | changes | never'),
      })
      .optional()
      .describe('Email a summary (needs the SMTP_URL secret); absent = no email.'),
    // No default object: without a chat section, a configured chat secret posts as `when: changes`.
    chat: z
      .strictObject({
        when: z
          .enum(['always', 'listed', 'changes', 'never'])
          .default('changes')
          .describe('always | listed | changes (default: a daily "still listed" post is channel noise) | never'),
        severities: z
          .array(z.enum(SEVERITIES))
          .min(1, 'expected at least one of high, medium, low, info')
          .optional()
          .describe('Only listings of these severities are posted (high, medium, low, info); absent = all.'),
      })
      .optional()
      .describe('Slack, Teams, Discord and webhook alerts (the URLs are secrets: Action inputs or environment, never here); absent = when: changes.'),
  })
  .prefault({});


/** What notify.chat means when monitors.yml has no chat section and a chat secret is set. */
export const DEFAULT_CHAT = { when: 'changes' } as const;

// ------------------------------------------------------------------ the file

export const ConfigSchema = z.strictObject({
  monitors: z
    .array(MonitorSchema)
    .min(1, 'expected at least one monitor (an address, range, host or domain to watch)')
    .describe('What to watch.'),
  lists: Lists.describe('Which blacklists to check.'),
  settings: SettingsSchema.describe('DNS settings.'),
  notify: Notify.describe('Issues and email.'),
});

export type Config = z.output<typeof ConfigSchema>;
/** monitors.yml as written (kebab-case keys), before defaults. */
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Monitor = Config['monitors'][number];
export type Settings = Config['settings'];
export type ListsConfig = Config['lists'];
export type CustomList = z.output<typeof CustomListSchema>;
export type NotifySettings = Config['notify'];
export type IssueSettings = NotifySettings['issues'];
export type EmailSettings = NonNullable<NotifySettings['email']>;
export type ChatSettings = NonNullable<NotifySettings['chat']>;

/** Every default, no monitors: for checking ad-hoc targets without a config file. */
export function defaultConfig(): Config {
  const placeholder = ConfigSchema.parse({ monitors: [{ name: 'placeholder', address: '192.0.2.1' }] });
  return { ...placeholder, monitors: [] };
}

export const SCHEMA_ID = 'https://github.com/blacklist-patrol/blacklist-patrol/monitors.schema.json';

/** monitors.schema.json, for editors (yaml-language-server) and for review: the YAML as written. */
export function renderJsonSchema(): string {
  const { $schema, ...rest } = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' });
  const schema = {
    $schema,
    $id: SCHEMA_ID,
    title: 'Blacklist Patrol monitors.yml',
    description: 'What Blacklist Patrol watches, which DNS blacklists it checks, and how it notifies you.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
