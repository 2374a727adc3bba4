// monitors.yml: this zod schema is the single source of truth for validation, the TypeScript
// types (Config is its output) and the generated monitors.schema.json (its input side).
// Sections use prefault({}): an absent section is parsed as empty so inner defaults apply.
import { z } from 'zod';
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { parseAddress } from '../targets/address.ts';
import { parseCidr, parseIp } from '../targets/range.ts';

/** The largest range anyone may allow with settings.max-range: a /12 of IPv4. */
export const MAX_RANGE_CEILING = 1_048_576;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A-label form of a DNS name, or null when it is not one. */
export function dnsName(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const ascii = domainToASCII(t);
  return ascii !== '' && HOSTNAME.test(ascii) ? ascii : null;
}

function durationMs(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 1000) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : n * 1000);
}

const name = z.string().trim().min(1, 'expected a non-empty name').max(100, 'expected a name of at most 100 characters');
const listId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a list id such as spamcop (lower case, digits, - . _)');

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
  if (parseIp(t.split('/')[0] ?? '')?.value !== cidr.network) {
    ctx.addIssue({ code: 'custom', message: `${t} is not the start of its range; did you mean ${canonical}?` });
    return z.NEVER;
  }
  return canonical;
});

const hostName = z.string().transform((s, ctx) => {
  const n = dnsName(s);
  if (n === null || parseAddress(s)) {
    ctx.addIssue({ code: 'custom', message: `expected a host name such as relay.example.com, got '${s}'` });
    return z.NEVER;
  }
  return n;
});

const Monitor = z
  .strictObject({
    name: name.describe('A name you recognise: shown in reports, issue titles and emails.'),
    address: address.optional().describe('One IPv4 or IPv6 address.'),
    range: range.optional().describe('A CIDR range (IPv4 or IPv6); every address in it is checked, up to settings.max-range.'),
    host: hostName.optional().describe('A host name; every A and AAAA address is checked, resolved every run.'),
    domain: hostName.optional().describe('A domain, checked on domain lists (IDN allowed).'),
    expand: z
      .array(z.enum(['mx', 'spf']))
      .optional()
      .describe("For a domain: also check its MX hosts' addresses (mx) and its SPF-authorised senders (spf)."),
    skip: z.array(listId).default([]).describe('List ids not to check for this monitor.'),
  })
  .superRefine((m, ctx) => {
    const kinds = (['address', 'range', 'host', 'domain'] as const).filter((k) => m[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'expected exactly one of address, range, host or domain'
            : `expected exactly one of address, range, host or domain, got ${kinds.join(' and ')}`,
      });
    }
    if (m.expand !== undefined && m.domain === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expand'], message: 'expand (mx, spf) applies to domain monitors only' });
    }
  });

const bitOrCode = z.string();

const CustomList = z
  .strictObject({
    id: listId.describe('Your id for the list (used in skip and reports).'),
    name: z.string().min(1).optional().describe('Display name (defaults to the id).'),
    zone: hostName.describe('The DNS zone, e.g. bl.corp.example.'),
    kinds: z.array(z.enum(['ipv4', 'ipv6', 'domain'])).min(1, 'expected at least one of ipv4, ipv6, domain').describe('What the zone lists.'),
    decode: z.enum(['exact', 'bitmask']).default('exact').describe('exact: match each answer; bitmask: test bits of the last octet.'),
    codes: z.record(bitOrCode, z.string()).default({}).describe('Return code (exact) or bit value (bitmask) → meaning.'),
    refusals: z.record(bitOrCode, z.string()).default({}).describe('Answers that are refusals or errors, never listings.'),
    test: z
      .strictObject({
        listed: z.string().min(1).optional().describe('An item the list must list (RFC 5782: 127.0.0.2 / test).'),
        unlisted: z.string().min(1).nullable().optional().describe('An item it must not list (127.0.0.1 / invalid); null to skip.'),
      })
      .optional(),
    delist: z.url().optional().describe('Where to ask for removal.'),
    info: z.url().optional().describe("The list's own page."),
  })
  .superRefine((l, ctx) => {
    for (const field of ['codes', 'refusals'] as const) {
      for (const key of Object.keys(l[field])) {
        const ok =
          l.decode === 'bitmask'
            ? /^\d+$/.test(key) && Number(key) >= 1 && Number(key) <= 255
            : /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(key) && ipaddr.IPv4.isValidFourPartDecimal(key);
        if (!ok) {
          ctx.addIssue({
            code: 'custom',
            path: [field, key],
            message:
              l.decode === 'bitmask'
                ? `expected a bit value from 1 to 255 as the key, got '${key}'`
                : `expected an answer inside 127.0.0.0/8 such as 127.0.0.2 as the key, got '${key}'`,
          });
        }
      }
    }
  });

const Lists = z
  .strictObject({
    use: z.enum(['default', 'all', 'none']).default('default').describe('default: the keyless default set; all: the whole catalog; none: only what you add.'),
    add: z.array(z.union([listId, CustomList])).default([]).describe('Catalog ids, or your own lists.'),
    skip: z.array(listId).default([]).describe('Catalog ids to leave out.'),
  })
  .prefault({});

const resolver = z.string().transform((s, ctx) => {
  const t = s.trim();
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:]+)(?::(\d+))?$/.exec(t);
  const host = m ? m[1] ?? '' : t;
  const port = m && m[2] !== undefined ? Number(m[2]) : 53;
  if (!ipaddr.isValid(host) || (m === null && !ipaddr.IPv6.isValid(t)) || port < 1 || port > 65535) {
    if (ipaddr.IPv6.isValid(t)) return { host: t, port: 53, text: t };
    ctx.addIssue({ code: 'custom', message: `expected a resolver address such as 127.0.0.1, 127.0.0.1:5353 or [::1]:53, got '${s}'` });
    return z.NEVER;
  }
  return { host, port, text: t };
});

const Settings = z
  .strictObject({
    resolvers: z.array(resolver).default([]).describe('DNS servers to query (host or host:port); empty = the system resolver.'),
    timeout: z
      .union([z.string(), z.number()])
      .default('5s')
      .transform((v, ctx) => {
        const ms = durationMs(v);
        if (ms === null || ms < 100 || ms > 60_000) {
          ctx.addIssue({ code: 'custom', message: `expected a timeout from 100ms to 60s such as 5s or 500ms, got '${v}'` });
          return z.NEVER;
        }
        return ms;
      })
      .describe('Per DNS query: 5s, 500ms, or a number of seconds.'),
    tries: z.number().int().min(1).max(5).default(2).describe('Attempts per query; only timeouts and SERVFAIL are retried.'),
    concurrency: z.number().int().min(1).max(256).default(32).describe('DNS queries in flight overall.'),
    'per-list-concurrency': z.number().int().min(1).max(64).default(8).describe('DNS queries in flight to any one list.'),
    'max-range': z
      .number()
      .int()
      .min(1)
      .max(MAX_RANGE_CEILING)
      .default(4096)
      .describe(`Most addresses one range (or one SPF expansion) may add; at most ${MAX_RANGE_CEILING}.`),
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

const email = z.email('expected an email address such as ops@example.com');

const Notify = z
  .strictObject({
    issues: z
      .strictObject({
        labels: z.array(z.string().min(1)).default([]).describe('Labels added to every issue, besides blacklist-patrol.'),
        assignees: z.array(z.string().min(1)).default([]).describe('GitHub users assigned to new issues.'),
        'close-after': z.number().int().min(1).max(30).default(2).describe('Consecutive clean runs before an issue is closed as delisted.'),
      })
      .prefault({})
      .transform((i) => ({ labels: i.labels, assignees: i.assignees, closeAfter: i['close-after'] })),
    email: z
      .strictObject({
        to: z.union([email, z.array(email).min(1)]).transform((t) => (Array.isArray(t) ? t : [t])).describe('One address or a list.'),
        when: z.enum(['always', 'listed', 'changes', 'never']).default('listed').describe('always | listed (default) | changes | never'),
      })
      .optional(),
  })
  .prefault({});

export const ConfigSchema = z
  .strictObject({
    monitors: z.array(Monitor).min(1, 'expected at least one monitor (an address, range, host or domain to watch)').describe('What to watch.'),
    lists: Lists.describe('Which blacklists to check.'),
    settings: Settings.describe('DNS settings.'),
    notify: Notify.describe('Issues and email.'),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.monitors.forEach((m, i) => {
      const first = seen.get(m.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['monitors', i, 'name'], message: `duplicate monitor name '${m.name}' (also monitors[${first}])` });
      } else {
        seen.set(m.name, i);
      }
    });
  });

export type Config = z.output<typeof ConfigSchema>;
export type Monitor = Config['monitors'][number];
export type Settings = Config['settings'];
export type ListsConfig = Config['lists'];
export type CustomList = Exclude<ListsConfig['add'][number], string>;
export type NotifySettings = Config['notify'];

/** Every default, no monitors: for checking ad-hoc targets without a config file. */
export function defaultConfig(): Config {
  const placeholder = ConfigSchema.parse({ monitors: [{ name: 'placeholder', address: '192.0.2.1' }] });
  return { ...placeholder, monitors: [] };
}

/** monitors.schema.json, for editors (yaml-language-server) and for review. */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://github.com/blacklist-patrol/blacklist-patrol/monitors.schema.json',
      title: 'Blacklist Patrol monitors.yml',
      description: 'What Blacklist Patrol watches, which DNS blacklists it checks, and how it notifies you.',
    },
    null,
    2,
  )}\n`;
}
