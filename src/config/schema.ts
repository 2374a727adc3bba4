// monitors.yml: this zod schema is the single source of truth for validation, the TypeScript
// types (Config is its output) and the generated monitors.schema.json (its input side, with the
// YAML's kebab-case keys; the parsed Config uses camelCase).
// Sections use prefault({}): an absent section is parsed as empty so inner defaults apply.
// Checks that need more than one field's value (exactly one target per monitor, duplicate names,
// range size against settings.max-range, a custom list's codes against its decoding, list ids
// against the catalog) live in rules.ts and read the raw YAML value, so they run even when
// another part of the same entry is invalid: every error comes in one pass.
import { z } from 'zod';
import { domainToASCII, domainToUnicode } from 'node:url';
import { parseAddress } from '../targets/address.ts';
import { EXPANSION_QUERY_BUDGET, MAX_TARGETS } from '../targets/limits.ts';
import { parseCidr, parseIp } from '../targets/range.ts';
import { linkTemplateProblem } from '../dnsbl/links.ts';

/**
 * The largest range anyone may allow with settings.max-range: an IPv4 /12. Beyond it a run
 * becomes millions of DNS queries, which the lists would rightly read as abuse.
 */
export const MAX_RANGE_CEILING = 1_048_576;
export const DEFAULT_MAX_RANGE = 4096;

/**
 * Most monitors one file may hold. Far above any operator's servers (ranges cover blocks), and
 * it keeps validation, expansion (each monitor may cost up to EXPANSION_QUERY_BUDGET DNS
 * queries) and the reports within what one scheduled run can do.
 */
export const MAX_MONITORS = 10_000;
export { MAX_TARGETS };
/**
 * Largest monitors.yml read: twice what MAX_MONITORS needs written one per line with comments.
 * YAML parsing costs time and memory in proportion, so this bound comes before any parsing.
 */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;

// ------------------------------------------------------------------ text that is shown

/**
 * Characters that must never reach a terminal, the runner's log (a line break followed by
 * "::error::" is a workflow command) or a rendered page from config text: C0 and C1 controls,
 * DEL, Unicode line and paragraph separators, and the bidirectional-text controls that make
 * text display in another order than it is stored.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const LINE_BREAKS = new Set(['\n', '\r', '\u0085', '\u2028', '\u2029']);

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What is wrong with a text that will be shown ("a line break (U+000A)"), or null when it is plain. */
export function unsafeCharacter(text: string): string | null {
  const ch = UNSAFE.exec(text)?.[0];
  if (ch === undefined) return null;
  if (LINE_BREAKS.has(ch)) return `a line break (${codePoint(ch)})`;
  if (ch === '\t') return 'a tab (U+0009)';
  if (ch.charCodeAt(0) >= 0x061c && ch.charCodeAt(0) !== 0x2028 && ch.charCodeAt(0) !== 0x2029) {
    return `a bidirectional-text control (${codePoint(ch)}), which makes text display in another order than it is stored`;
  }
  return `a control character (${codePoint(ch)})`;
}

/** A value from the file, quoted for a message: shortened, and with every unsafe character written as \\uXXXX. */
export function quoted(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max - 3)}…` : text;
  return `'${short.replace(UNSAFE_ALL, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)}'`;
}

/**
 * Text from the file that reports, issues, emails and logs show (names, meanings, labels): one
 * line of plain text, at most `max` characters.
 */
function shownText(what: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `expected ${what}`)
    .max(max, `expected ${what} of at most ${max} characters`)
    .superRefine((s, ctx) => {
      const bad = unsafeCharacter(s);
      if (bad) ctx.addIssue({ code: 'custom', message: `contains ${bad}; ${what} is shown in issues, emails and logs, so it must be one line of plain text` });
    });
}

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

const name = shownText('a name', 100);

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
    ctx.addIssue({ code: 'custom', message: `expected an IPv4 or IPv6 address, got ${quoted(s)}` });
    return z.NEVER;
  }
  return p.value;
});

const range = z.string().transform((s, ctx) => {
  const t = s.trim();
  const cidr = parseCidr(t);
  if (!cidr) {
    ctx.addIssue({ code: 'custom', message: `expected a CIDR range such as 198.51.100.0/28 or 2001:db8::/124, got ${quoted(s)}` });
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
      ctx.addIssue({ code: 'custom', message: `expected a DNS name such as ${example}, got ${quoted(s)}` });
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
      message: `expected a resolver's IP address, optionally with a port: 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353, got ${quoted(s)}`,
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
      }, { error: (iss) => `${timeoutError}, got ${quoted(String(iss.input))}` }),
    z.number({ error: timeoutError }).min(TIMEOUT_MIN_MS / 1000, { error: timeoutError }).max(TIMEOUT_MAX_MS / 1000, { error: timeoutError }),
  ])
  .default('5s')
  .transform((v) => durationMs(v) ?? 5000);


/**
 * A link: one line of plain text (the URL parser drops tabs and line breaks silently, and a link is
 * shown as written), http(s), where {ip} / {domain} stand for the target (src/dnsbl/links.ts).
 */
const linkTemplate = shownText('a web address', 2000)
  .pipe(z.string().regex(/^https?:\/\//i, { error: 'expected a web address starting with https:// or http://', abort: true }))
  .superRefine((s, ctx) => {
    const problem = linkTemplateProblem(s);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const email = z.email('expected an email address such as ops@example.com');

/** A GitHub login: letters, digits and single inner hyphens, at most 39 characters. */
const login = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'expected a GitHub user name such as octocat (letters, digits and single hyphens, at most 39 characters)');

/** Most list ids in one lists.add, lists.skip or monitors[].skip (the catalog has about 60). */
export const MAX_LIST_IDS = 200;

export const TOO_MANY_MONITORS = `expected at most ${MAX_MONITORS} monitors; watch a block of addresses with one range monitor rather than one monitor per address`;


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
      .max(2, 'expected mx, spf or both')
      .optional()
      .describe(
        `For a domain: also check its MX hosts' addresses (mx) and its SPF-authorised senders (spf); together at most settings.max-range addresses and ${EXPANSION_QUERY_BUDGET} DNS queries.`,
      ),
    skip: z.array(listId).max(MAX_LIST_IDS, `expected at most ${MAX_LIST_IDS} list ids`).default([]).describe('List ids not to check for this monitor.'),
  })
  // "Exactly one of address, range, host or domain" and "expand only for a domain" are in rules.ts.
  // Reports show an IDN domain as people write it; DNS queries use the A-label in `domain`.
  .transform((m): typeof m & { domainUnicode?: string } =>
    m.domain === undefined ? m : { ...m, domainUnicode: domainToUnicode(m.domain) },
  );

// ------------------------------------------------------------------ lists

/** RFC 5782 §5 test points by the first kind a custom list serves (same rule as select.ts). */
export function rfc5782Test(kinds: readonly string[]): { listed: string; unlisted: string } {
  if (kinds.includes('ipv4')) return { listed: '127.0.0.2', unlisted: '127.0.0.1' };
  if (kinds.includes('ipv6')) return { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
  return { listed: 'test', unlisted: 'invalid' };
}

export const DECODES = ['exact', 'bitmask', 'octet-2', 'octet-3', 'octet-4'] as const;
export type Decode = (typeof DECODES)[number];

/** Most entries in a custom list's codes, and in its refusals. */
export const MAX_CODES = 256;


export const CustomListSchema = z
  .strictObject({
    id: listId.describe('Your id for the list (used in skip and reports); must not be a catalog id.'),
    name: shownText('a name', 100).optional().describe('Display name (defaults to the id).'),
    zone: dnsNameOf('bl.example.org').describe('The DNS zone, e.g. bl.corp.example.'),
    kinds: z
      .array(z.enum(['ipv4', 'ipv6', 'domain']))
      .min(1, 'expected at least one of ipv4, ipv6, domain')
      .max(3, 'expected ipv4, ipv6 and domain at most once each')
      .describe('What the zone lists: [ipv4], [ipv4, ipv6] or [domain].'),
    decode: z
      .enum(DECODES)
      .default('exact')
      .describe('exact: match each answer; bitmask: test bits of the last octet; octet-2/3/4: the value of that octet is the code.'),
    codes: z
      .record(z.string(), shownText('a meaning', 300))
      .default({})
      .describe(
        `Answer (exact, e.g. "127.0.0.2"), single bit (bitmask: 1, 2, 4 … 128) or octet value (octet-N, e.g. "5") → what a listing means; at most ${MAX_CODES}, none also in refusals.`,
      ),
    refusals: z
      .record(z.string(), shownText('a refusal text', 300))
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
          .describe('An item it must not list (127.0.0.1, or invalid), not the same as listed; null when the list answers it by design.'),
      })
      .optional()
      .describe('Test points that tell a working list from a dead one; RFC 5782 defaults.'),
    delist: linkTemplate.optional().describe('Where to ask for removal; {ip} or {domain} stand for the listed target.'),
    info: linkTemplate.optional().describe("The list's own page; {ip} or {domain} stand for the listed target."),
  })
  // Code keys against the decoding, codes against refusals, and the test points are in rules.ts.
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
    add: z
      .array(z.union([listId, CustomListSchema]))
      .max(MAX_LIST_IDS, `expected at most ${MAX_LIST_IDS} lists`)
      .default([])
      .describe('Catalog ids, or your own lists.'),
    skip: z.array(listId).max(MAX_LIST_IDS, `expected at most ${MAX_LIST_IDS} list ids`).default([]).describe('List ids to leave out.'),
  })
  .prefault({});

// ------------------------------------------------------------------ settings and notify

export const SettingsSchema = z
  .strictObject({
    resolvers: z
      .array(resolver)
      .max(10, 'expected at most 10 resolvers')
      .default([])
      .describe('DNS servers to query by IP address (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53); empty = the system resolver.'),
    timeout: timeout.describe('Per DNS query: 5s, 500ms, or a number of seconds; from 100ms to 60s.'),
    tries: wholeNumber(1, 5, 2).describe('Attempts per query; only timeouts and SERVFAIL are retried.'),
    concurrency: wholeNumber(1, 256, 32).describe('DNS queries in flight overall.'),
    'per-list-concurrency': wholeNumber(1, 64, 8).describe('DNS queries in flight to any one list.'),
    'max-range': wholeNumber(1, MAX_RANGE_CEILING, DEFAULT_MAX_RANGE).describe(
      `Most addresses one monitor may add (a range, or a host, domain MX and SPF expansion together); at most ${MAX_RANGE_CEILING}.`,
    ),
    transport: z
      .enum(['udp', 'c-ares'], { error: "expected udp (the built-in resolver) or c-ares (Node's resolver)" })
      .default('udp')
      .describe("How DNS queries are sent: udp, the built-in stub resolver (default), or c-ares, Node's resolver."),
  })
  .prefault({})
  .transform((s) => ({
    resolvers: s.resolvers,
    timeoutMs: s.timeout,
    tries: s.tries,
    concurrency: s.concurrency,
    perListConcurrency: s['per-list-concurrency'],
    maxRange: s['max-range'],
    transport: s.transport,
  }));

/** How a listing's codes weigh (the catalog's severities), for notify.chat.severities. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;

const Notify = z
  .strictObject({
    issues: z
      .strictObject({
        labels: z
          .array(shownText('a label name', 50))
          .max(20, 'expected at most 20 labels')
          .default([])
          .describe('Labels added to every issue, besides blacklist-patrol.'),
        assignees: z
          .array(login)
          .max(10, 'expected at most 10 assignees (GitHub assigns no more to one issue)')
          .default([])
          .describe('GitHub users assigned to new issues.'),
        'close-after': wholeNumber(1, 30, 2).describe('Consecutive clean runs before an issue is closed as delisted.'),
      })
      .prefault({})
      .transform((i) => ({ labels: i.labels, assignees: i.assignees, closeAfter: i['close-after'] })),
    // No default: without an email section no email is sent.
    email: z
      .strictObject({
        to: z
          .union([email, z.array(email).min(1, 'expected at least one email address').max(20, 'expected at most 20 email addresses')])
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
    .max(MAX_MONITORS, TOO_MANY_MONITORS)
    .describe(`What to watch: at most ${MAX_MONITORS} monitors, and ${MAX_TARGETS} addresses and domains in all.`),
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
