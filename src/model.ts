// The shared vocabulary of the patrol: what a list is, what a target is, what a verdict is.
// Pure types only; every module speaks these.

/** What may be put in front of a zone. */
export type ItemKind = 'ipv4' | 'ipv6' | 'domain';

export type Severity = 'high' | 'medium' | 'low' | 'info';

/**
 * Why an address or domain gets listed, from a small fixed vocabulary (labels and fixes live in
 * src/dnsbl/causes.ts). Each catalog code names one, so a report can say what to fix.
 */
export type CauseId =
  | 'exploited'
  | 'open-service'
  | 'credentials'
  | 'attacks'
  | 'spam-traps'
  | 'user-reports'
  | 'spam-source'
  | 'reputation'
  | 'bulk-mail'
  | 'backscatter'
  | 'misconfiguration'
  | 'policy'
  | 'no-rdns'
  | 'neighbourhood'
  | 'domain-in-spam'
  | 'malicious-content'
  | 'compromised-site'
  | 'new-domain'
  | 'uncategorised';

/** What a return code means, as the list documents it. */
export interface CodeMeaning {
  meaning: string;
  severity: Severity;
  /** Why such listings happen; absent means uncategorised (custom lists). Every catalog code has one. */
  cause?: CauseId;
}

/**
 * How a list's answer carries its code (see src/dnsbl/decode.ts):
 * - exact: the whole answer address is the code (`127.0.0.2`);
 * - bitmask: each bit of the last octet is a code (`2`, `4`, `8` ...);
 * - octet-2 / octet-3 / octet-4: the value of that one octet is the code, the other octets carry
 *   nothing (0spam NBL answers 127.0.#.0 with its reason in the third octet: `octet-3`, codes `1`...`9`).
 * Refusals may always also name a whole answer address (`127.0.0.1`), whatever the mode.
 */
export type DecodeMode = 'exact' | 'bitmask' | 'octet-2' | 'octet-3' | 'octet-4';

/**
 * How a listing ends, as the list documents it. Every catalog list has one; the wording for
 * people comes from removalSummary() in src/dnsbl/removal.ts.
 */
export interface Removal {
  /**
   * How to ask for removal: a free web form; a form that needs a free account or login; a
   * request that must come from the listed address itself; email; only through the provider
   * that owns the range; none (no manual removal: wait); unknown (not documented).
   */
  request: 'form' | 'account' | 'from-address' | 'email' | 'provider' | 'none' | 'unknown';
  /** Listings end by themselves this long after the last evidence ("7 days"); absent when they do not, or it is not documented. */
  expires?: string;
  /** Some listings never expire by themselves (policy listings, manual listings). */
  permanent?: string;
  /** The list sells express delisting. Waiting for expiry is free and never needs payment. */
  paidExpress?: boolean;
  /** One short condition or detail ("only the primary user of the address may ask"). */
  note?: string;
}

/** How to reach a list: anyone, with a key, or only from a resolver registered with the operator. */
export type Access = 'public' | 'key' | 'registered-resolver';

/** Which secret a key-only list needs. The zone holds `{key}` where the key goes. */
export type KeyName = 'spamhaus-dqs' | 'abusix';

/** What one listing covers: the single address, a range around it, or the whole network (ASN). */
export type Scope = 'address' | 'range' | 'network' | 'domain';

export interface TestPoints {
  /** An item the list MUST list (RFC 5782 §5): `127.0.0.2`, `::ffff:7f00:2`, `test`. */
  listed: string;
  /** An item the list MUST NOT list: `127.0.0.1`, `invalid`; null where the list answers it by design. */
  unlisted: string | null;
}

export interface ListDef {
  id: string;
  name: string;
  /** DNS zone; `{key}` is replaced by the list's key at query time (and never logged). */
  zone: string;
  kinds: ItemKind[];
  /**
   * exact: every A record is looked up in `codes` (answer address → meaning).
   * bitmask: the last octet is ANDed with each bit in `codes` (bit value as a decimal string → meaning).
   * octet-N: the value of octet N is looked up in `codes` (decimal string → meaning).
   */
  decode: DecodeMode;
  codes: Record<string, CodeMeaning>;
  /**
   * Answers that are NOT listings (refusals, errors, quota): whole answer addresses in any mode,
   * plus bit values for `bitmask` and octet values for `octet-N` (checked before any listing).
   * Always `unknown`, never `listed`.
   */
  refusals: Record<string, string>;
  test: TestPoints;
  access: Access;
  /** For access 'key': which key. */
  key?: KeyName;
  scope: Scope;
  /** In the default set (for key lists: on when their key is given). */
  default: boolean;
  /** The list's own page about itself. May hold `{ip}` / `{domain}` (custom lists); fill it with fillLink(). */
  info?: string;
  /**
   * A page showing this target's listing, with `{ip}` or `{domain}` where the target goes;
   * fill it with fillLink() (src/dnsbl/links.ts), never by hand.
   */
  lookup?: string;
  /** Where to ask for removal; may hold `{ip}` / `{domain}` like `lookup`. */
  delist?: string;
  /** How listings end: form, expiry, request from the address, paid express (catalog lists always say). */
  removal?: Removal;
  /** One line on how listings come and go, shown next to a listing (optional). */
  policy?: string;
  /** Why the list is not in the default set, or a caveat worth showing. */
  note?: string;
  /** What to do when the list refuses us (overrides the generic hint for its access). */
  refusedFix?: string;
  /** A query limit the operator publishes; a run stays under it. Only where documented. */
  rateCap?: RateCap;
}

/** A list operator's published query limit, and where it is published. */
export interface RateCap {
  /** Sustained queries per second: queries to the list are paced to this rate. */
  perSecond?: number;
  /**
   * Queries per day: one run sends at most this many to the list (it cannot see the rest of the
   * day's); pairs beyond it are `unknown`, said so, never guessed.
   */
  perDay?: number;
  /**
   * Lists naming the same pool share one allowance and one pace: the operator counts a user's
   * queries across all its zones, not per zone.
   */
  pool?: string;
  /** The operator's page (or document) that states the limit. */
  source: string;
}

/** A zone known to be dead, wildcarded, empty or fake: refused if a user adds it. */
export interface DeadZone {
  zones: string[];
  name: string;
  died: string;
  behaviour: string;
}

/** One thing to check: an address (from an address, range, host, MX or SPF) or a domain. */
export interface Target {
  /** Canonical text: compressed IPv6 lower case, dotted IPv4, lower-case A-label domain. */
  value: string;
  kind: ItemKind;
  /** The monitor (by name) this target came from. */
  monitor: string;
  /** How it was found: "address", "range 198.51.100.0/28", "host relay.example.com", "mx of example.com", "spf of example.com". */
  via: string;
  /** Lists (ids) this monitor skips. */
  skip: string[];
}

/** The health of a list this run, from its test points. */
export type ListStatus = 'ok' | 'refused' | 'dead' | 'empty' | 'unreachable' | 'skipped';

export interface ListHealth {
  id: string;
  name: string;
  /** Zone as shown to people: a key is shown as `<key>`. */
  zone: string;
  status: ListStatus;
  /** Why the list is not `ok`, short enough for the coverage line ("empty: does not list its test point"). */
  reason?: string;
  /** The specifics behind the reason (which test point, what answer). */
  detail?: string;
  /** What to do about it. */
  fix?: string;
}

/** The outcome for one (target, list). `unknown` is never read as listed or clean. */
export type VerdictStatus = 'listed' | 'clean' | 'unknown';

export interface Verdict {
  target: string;
  monitor: string;
  list: string;
  status: VerdictStatus;
  /** Every A record returned (listed and unknown answers). */
  codes: string[];
  /** Meaning of each listing code, in the same order as the codes that are listings. */
  meanings: string[];
  /** TXT records (only fetched for listed answers). Untrusted text. */
  txt: string[];
  reason?: string;
  /**
   * For a listing: the highest severity among its codes (an undocumented code counts as medium).
   * Below notify.min-severity a listing is informational: shown, never alarming.
   */
  severity?: Severity;
}

/** What a DNS lookup of one name gave. Errors are data, not exceptions. */
export type DnsResult =
  | { ok: true; records: string[] }
  | { ok: false; error: DnsError; message: string };

/** nxdomain and nodata are answers ("not there"); the rest mean "no answer". */
export type DnsError = 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'error';

/** Per-query options a caller may pass to the DNS adapter. */
export interface QueryOptions {
  /**
   * A retry allowance shared by many queries (one per list per run): each retry takes one, and
   * once it is spent a timeout or SERVFAIL is final, so a slow list never draws a flood of retries.
   */
  retries?: { left: number };
}

/** The DNS adapter. Implementations own timeouts and retries; callers own concurrency. */
export interface Dns {
  a(name: string, options?: QueryOptions): Promise<DnsResult>;
  aaaa(name: string, options?: QueryOptions): Promise<DnsResult>;
  /** TXT strings of each record, chunks joined. */
  txt(name: string, options?: QueryOptions): Promise<DnsResult>;
  /** MX exchanges sorted by priority. */
  mx(name: string, options?: QueryOptions): Promise<DnsResult>;
  /** PTR names of a reverse name (`10.113.0.203.in-addr.arpa`): lower case, no trailing dot. */
  ptr(name: string, options?: QueryOptions): Promise<DnsResult>;
}
