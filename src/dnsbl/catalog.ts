// The list catalog: data, not code. Facts come from the operators' own pages and from maintained
// clients (Rspamd conf/, SpamAssassin rules/, Haraka's dns-list plugin, check_rbl), as audited in
// shared/reference/catalog-audit.md (December 2026) and re-checked where the audit was unsure; each
// entry's comment names its sources. Where a fact rests on a single third-party source the entry
// says so and leans conservative (fewer meanings, no guessed URLs). Every list still has to pass
// its RFC 5782 test points at run time before any of its answers is believed.
//
// Every code carries a severity and a cause (src/dnsbl/causes.ts); every list says how its
// listings end (`removal`, worded by src/dnsbl/removal.ts) and, where it has one, a lookup page
// that takes the target (`{ip}` / `{domain}`, filled by src/dnsbl/links.ts). In the catalog
// `delist` is the list's removal page as it stands (no placeholder); the page for one target,
// where the removal request usually starts, is `lookup`.
//
// The default set follows one rule (README, "The lists"): reputable mail-abuse lists that need no
// key, answer GitHub-hosted runners, and put no paid-delisting pressure on a listed operator.
// Key lists join when their key is given.
//
// Left out on purpose: allowlists and mixed reputation lists (dnswl.org, Mailspike WL/REP,
// HostKarma). Their answers include good news (127.0.0.1 = whitelisted, 127.0.0.3 = yellow ...),
// and a ListDef can only call an answer a listing (bad news) or a refusal (unknown); reading a
// whitelisting as either would be wrong. Also left out: subscriber-only lists (invaluement), zones
// without RFC 5782 test entries (rhsbl.zapbl.net, uribl.swinog.ch), which could never pass the
// health check, and lists with no documented codes or test entries that do not speak of mail
// reputation (torexit.dan.me.uk).
import type { CauseId, CodeMeaning, DeadZone, ItemKind, KeyName, ListDef, RateCap, Removal, Severity, TestPoints } from '../model.ts';
import { codeKey } from './decode.ts';

type Codes = Record<string, CodeMeaning>;

/** One severity and one cause for a table of code → meaning. */
function codes(severity: Severity, cause: CauseId, table: Record<string, string>): Codes {
  return Object.fromEntries(Object.entries(table).map(([k, meaning]) => [k, { meaning, severity, cause }]));
}

// RFC 5782 §5 test points.
const IP4_TEST: TestPoints = { listed: '127.0.0.2', unlisted: '127.0.0.1' };
const IP6_TEST: TestPoints = { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
const DOMAIN_TEST: TestPoints = { listed: 'test', unlisted: 'invalid' };

/**
 * RFC 5782 keeps 127.0.0.1 unlisted, and lists answer it when they refuse a query (URIBL; Spamhaus
 * DBL to blocked resolvers). Read as a listing it would be a false alarm, so every list treats it
 * as a refusal unless the list documents it as a listing code (0spam, DroneBL, SenderScore do).
 * Where it is a code, the negative test point (the ITEM 127.0.0.1, which must not be listed) is
 * what still catches a zone that answers 127.0.0.1 for everything: see 0spam-bl and dronebl.
 */
const LOOPBACK_REFUSAL: Record<string, string> = {
  '127.0.0.1': 'answer 127.0.0.1 is not a listing (RFC 5782 keeps it unlisted; lists send it when they refuse a query)',
};

// ------------------------------------------------------------------------------------ Spamhaus

/**
 * Spamhaus answers from 127.255.255.0/24 instead of data when it refuses a query (news article 788,
 * 2019-09-30). Every address in that range is a refusal; the known ones get their own words.
 */
const SPAMHAUS_ERRORS: Record<string, string> = {
  ...Object.fromEntries(
    Array.from({ length: 256 }, (_, i) => [`127.255.255.${i}`, 'Spamhaus error code (127.255.255.0/24 is its error range)']),
  ),
  '127.255.255.252': 'typing error in the DNSBL name (wrong zone)',
  '127.255.255.254': 'query from a public or cloud resolver (GitHub-hosted runners included)',
  '127.255.255.255': 'excessive number of queries',
};

/** DQS adds key errors (as read by two independent clients; Spamhaus's own wording unverified). */
const DQS_ERRORS: Record<string, string> = {
  ...SPAMHAUS_ERRORS,
  '127.255.255.250': 'the DQS key is disabled',
  '127.255.255.251': 'the DQS key is rejected (mistyped, or used by another account)',
  '127.255.255.252': 'typing error in the zone (DQS zones end in .dq.spamhaus.net)',
  '127.255.255.255': 'the DQS key is over its query quota',
};

const DBL_ERRORS: Record<string, string> = { '127.0.1.255': 'an IP address was queried against a domain list' };

// Spamhaus zone table (docs.spamhaus.com datasets/040-zones), matched by Rspamd rbl.conf and Haraka.
const ZEN_CODES: Codes = {
  ...codes('high', 'spam-source', { '127.0.0.2': 'SBL: Spamhaus Block List, a direct spam source or spam operation' }),
  ...codes('high', 'reputation', {
    '127.0.0.3': 'CSS: Combined Spam Sources, a low-reputation sender seen in spam (automated SBL component)',
  }),
  ...codes('high', 'exploited', {
    '127.0.0.4': 'XBL: exploited or compromised host (CBL data: malware, botnet, open proxy)',
    '127.0.0.5': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.6': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.7': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.30': 'BCL: botnet controller',
  }),
  ...codes('high', 'neighbourhood', { '127.0.0.9': 'DROP: hijacked or criminal network (Do Not Route Or Peer)' }),
  ...codes('low', 'policy', {
    '127.0.0.10': 'PBL: end-user range per the ISP, which should not send mail directly to MX servers',
    '127.0.0.11': 'PBL: end-user range per Spamhaus, which should not send mail directly to MX servers',
  }),
};

function pick(table: Codes, keys: string[]): Codes {
  return Object.fromEntries(keys.flatMap((k) => (table[k] ? [[k, table[k]] as const] : [])));
}

const DBL_CODES: Codes = {
  ...codes('high', 'domain-in-spam', { '127.0.1.2': 'spam domain (low reputation)' }),
  ...codes('high', 'malicious-content', {
    '127.0.1.4': 'phishing domain',
    '127.0.1.5': 'malware domain',
    '127.0.1.6': 'botnet command-and-control domain',
  }),
  ...codes('medium', 'compromised-site', {
    '127.0.1.102': 'abused legitimate domain (spam)',
    '127.0.1.103': 'abused legitimate domain (spammed redirector or URL shortener)',
    '127.0.1.104': 'abused legitimate domain (phishing)',
    '127.0.1.105': 'abused legitimate domain (malware)',
    '127.0.1.106': 'abused legitimate domain (botnet C&C)',
  }),
};

/** ZRD: last octet = hours since the domain was first seen (2 means 0–2 h), listed for 24 h. */
const ZRD_CODES: Codes = Object.fromEntries(
  Array.from({ length: 23 }, (_, i) => {
    const h = i + 2;
    const meaning = h === 2 ? 'domain first seen within the last 2 hours' : `domain first seen ${h - 1} to ${h} hours ago`;
    return [`127.0.2.${h}`, { meaning, severity: 'info' as const, cause: 'new-domain' as const }];
  }),
);

// Spamhaus's DBL test domain; RFC 5782's TEST also answers, dbltest.com is the one Spamhaus documents.
const DBL_TEST: TestPoints = { listed: 'dbltest.com', unlisted: 'invalid' };

// Spamhaus's own TXT answers point here ("Listed by PBL, see https://check.spamhaus.org/query/ip/…").
const SPAMHAUS_IP_LOOKUP = 'https://check.spamhaus.org/query/ip/{ip}';
// The same checker's search page takes domains (used by several maintained tools; Spamhaus's TXT
// for DBL names no per-domain page).
const SPAMHAUS_DOMAIN_LOOKUP = 'https://check.spamhaus.org/results/?query={domain}';
const SPAMHAUS_DELIST = 'https://check.spamhaus.org/';
const SPAMHAUS_POLICY = 'Look the address up at check.spamhaus.org: it names the listing and the removal steps; fix the cause first.';
const SPAMHAUS_PUBLIC_NOTE =
  'Public mirror: Spamhaus refuses GitHub-hosted runners (Azure, since 2025-04-09) and public or cloud resolvers, ' +
  'so it is not in the default set; give a free DQS key to get the DQS zones instead.';
const SPAMHAUS_PUBLIC_FIX =
  'Spamhaus refuses this resolver (cloud and public resolvers, GitHub-hosted runners included): ' +
  'add a free Spamhaus DQS key (spamhaus-dqs-key / SPAMHAUS_DQS_KEY), which turns on the DQS zones instead';
const DQS_FIX = 'check the Spamhaus DQS key: it may be mistyped, disabled or over its quota';

// check.spamhaus.org: self-service removal for XBL, CSS and PBL once the cause is fixed; SBL and
// DBL records are closed by Spamhaus staff after the issue is resolved (check.spamhaus.org, FAQ).
const SPAMHAUS_REMOVAL: Removal = {
  request: 'form',
  note: 'Exploit (XBL), CSS and PBL listings can be removed by yourself at check.spamhaus.org once fixed; SBL listings are closed by Spamhaus staff.',
};
const DBL_REMOVAL: Removal = { request: 'form', note: 'Ask at check.spamhaus.org once the abuse has stopped.' };

// -------------------------------------------------------------------------------- entry helpers

interface Entry extends Omit<ListDef, 'test' | 'refusals' | 'decode' | 'scope' | 'access' | 'default' | 'removal'> {
  test?: TestPoints;
  refusals?: Record<string, string>;
  decode?: ListDef['decode'];
  scope?: ListDef['scope'];
  access?: ListDef['access'];
  default?: boolean;
  /** Every catalog list says how its listings end. */
  removal: Removal;
}

function testPointsFor(kind: ItemKind): TestPoints {
  return kind === 'domain' ? DOMAIN_TEST : kind === 'ipv6' ? IP6_TEST : IP4_TEST;
}

/** Whether the answer 127.0.0.1 is a documented listing under the list's decoding. */
function loopbackIsCode(decode: ListDef['decode'], table: Codes): boolean {
  if (decode === 'bitmask') return true; // bit 1: every bitmask list names it as a refusal instead
  const key = codeKey(decode, '127.0.0.1');
  return key !== undefined && key in table;
}

/**
 * Fills what most lists share: exact decoding, RFC 5782 test points for their first kind, public
 * access, not in the default set, and 127.0.0.1 read as a refusal unless it is a documented code.
 */
function list(e: Entry): ListDef {
  const first: ItemKind = e.kinds[0] ?? 'ipv4';
  const decode = e.decode ?? 'exact';
  const loopback = loopbackIsCode(decode, e.codes) ? {} : LOOPBACK_REFUSAL;
  return {
    ...e,
    decode,
    refusals: { ...loopback, ...e.refusals },
    test: e.test ?? testPointsFor(first),
    access: e.access ?? 'public',
    scope: e.scope ?? (first === 'domain' ? 'domain' : 'address'),
    default: e.default ?? false,
  };
}

/** A key-only list: on when its key is given (the default set's rule for key lists). */
function keyed(key: KeyName, e: Entry): ListDef {
  return list({ ...e, access: 'key', key, default: e.default ?? true });
}

// ------------------------------------------------------------------------------ shared tables

/**
 * 0spam's reason codes, the same 1–9 for a single address (127.0.0.#, bl.0spam.org) and for a
 * class C network (127.0.#.0, nbl.0spam.org). Source: 0spam.org/QandA/why-is-my-ip-listed
 * ("General spam single IP result 127.0.0.1"); the older 0spam.fusionzero.com table in the
 * luids-io xlist database agrees.
 */
const ZEROSPAM_REASONS: Record<string, { meaning: string; severity: Severity; cause: CauseId }> = {
  '1': { meaning: 'general spam: sent spam to 0spam spam traps', severity: 'medium', cause: 'spam-traps' },
  '2': {
    meaning: 'spam-trap listing whose removal request lacked required information (make a complete new request)',
    severity: 'medium',
    cause: 'spam-traps',
  },
  '3': { meaning: 'newsletters or lists that do not follow CAN-SPAM rules', severity: 'medium', cause: 'bulk-mail' },
  '4': { meaning: 'not RFC compliant: server errors or improper configuration', severity: 'medium', cause: 'misconfiguration' },
  '5': { meaning: 'repeat offender: removed and listed again 3 or more times in a short time', severity: 'high', cause: 'spam-traps' },
  '6': { meaning: 'bounces mail to the wrong server (non-RFC-compliant configuration)', severity: 'medium', cause: 'backscatter' },
  '7': { meaning: 'relay or open relay with reports of spam', severity: 'high', cause: 'open-service' },
  '8': { meaning: 'bounces spoofed mail (turn off bounces of spoofed mail to be delisted)', severity: 'medium', cause: 'backscatter' },
  '9': { meaning: 'fraud or scam mail, malware, or illegal or abusive content', severity: 'high', cause: 'malicious-content' },
};

/**
 * DroneBL's classes (dronebl.org/classes, as copied by SpiderFoot modules/sfp_dronebl.py and a Zeek
 * DroneBL script; the audit's table, H). Class 1 is DroneBL's test class: its RFC 5782 test point
 * 127.0.0.2 answers with TXT "Testing class." (multi-rblcheck README output), so its A record may be
 * 127.0.0.1. Either way the health check passes: 127.0.0.1 is a documented (informational) code
 * here, and the negative test point (the item 127.0.0.1) must still be NXDOMAIN.
 */
const DRONEBL_CODES: Codes = {
  ...codes('info', 'uncategorised', {
    '127.0.0.1': "testing class (DroneBL's own test entries)",
    '127.0.0.2': 'sample data used for heuristic analysis',
  }),
  ...codes('high', 'exploited', {
    '127.0.0.3': 'IRC spam drone',
    '127.0.0.5': 'bottler',
    '127.0.0.6': 'unknown worm or spambot',
    '127.0.0.7': 'DDoS drone',
    '127.0.0.15': 'compromised router or gateway',
    '127.0.0.16': 'autorooting worm',
    '127.0.0.17': 'automatically detected botnet IP',
  }),
  ...codes('medium', 'exploited', { '127.0.0.18': 'possibly compromised DNS/MX-type host name seen on IRC' }),
  ...codes('high', 'open-service', {
    '127.0.0.8': 'open SOCKS proxy',
    '127.0.0.9': 'open HTTP proxy',
    '127.0.0.10': 'proxy chain',
    '127.0.0.14': 'open WinGate proxy',
  }),
  ...codes('medium', 'open-service', {
    '127.0.0.11': 'web page proxy',
    '127.0.0.12': 'open DNS resolver',
    '127.0.0.19': 'abused VPN service',
  }),
  ...codes('high', 'credentials', { '127.0.0.13': 'brute-force (dictionary) attacks on logins' }),
  ...codes('medium', 'uncategorised', { '127.0.0.255': 'uncategorised threat' }),
};

// ---------------------------------------------------------------------------------------- lists

/**
 * The rule the default set follows (rendered into the README next to the table). Maintained
 * filters' defaults were the comparison (catalog audit, 2026): Rspamd enables Spamhaus, Mailspike,
 * SEM, virusfree, blocklist.de, SURBL, URIBL; Haraka Barracuda, GBUdb, PSBL, SpamCop, UCEPROTECT-1,
 * JustSpam, Spamhaus; SpamAssassin Spamhaus, SpamCop, Mailspike, Validity, SURBL, URIBL, PSBL.
 */
export const DEFAULT_SET_RULE: readonly string[] = [
  '**Reputable**: a known operator that publishes what it lists and how listings end, listing mail abuse ' +
    '(spam traps, spam reports, spam domains), not IRC or attack reports. Most are enabled by default in ' +
    'maintained mail filters (Rspamd, SpamAssassin, Haraka).',
  '**Keyless**: key lists (Spamhaus DQS, Abusix) join the set as soon as you give their key.',
  '**Usable from GitHub-hosted runners**: no public Spamhaus mirror, no list that answers only registered resolvers.',
  '**No paid-delisting pressure**: a list that sells express removal is opt-in (UCEPROTECT, Backscatterer, SPFBL).',
];

// Published query limits (RateCap). Spamhaus: fewer than 300,000 queries a day for free use of the
// public mirrors (spamhaus.org/organization/dnsblusage, "DNSBL Usage Terms"); counted per zone here, the sum over
// Spamhaus zones is the user's to watch. SEM: "contact before more than 100,000 queries a day or 5
// queries a second sustained" (spameatingmonkey.com/faq.html). NordSpam: contact above 10,000
// queries a day (nordspam.com/usage). Mailspike's "100,000 a day" is a third-party summary not
// found on mailspike.io, so no cap is set for it; DQS and Abusix limits depend on the key's plan.
const SPAMHAUS_PUBLIC_CAP: RateCap = { perDay: 300_000, pool: 'spamhaus-public', source: 'https://www.spamhaus.org/organization/dnsblusage/' };
const SEM_CAP: RateCap = { perDay: 100_000, perSecond: 5, pool: 'sem', source: 'http://spameatingmonkey.com/faq.html' };
const NORDSPAM_CAP: RateCap = { perDay: 10_000, pool: 'nordspam', source: 'https://www.nordspam.com/usage' };

export const LISTS: readonly ListDef[] = [
  // ------------------------------------------------ Spamhaus public mirrors (refuse hosted runners)
  list({
    id: 'spamhaus-zen',
    name: 'Spamhaus ZEN (public mirror)',
    zone: 'zen.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: ZEN_CODES,
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/zen-blocklist/',
    lookup: SPAMHAUS_IP_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: SPAMHAUS_REMOVAL,
    policy: SPAMHAUS_POLICY,
    note: SPAMHAUS_PUBLIC_NOTE,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
    rateCap: SPAMHAUS_PUBLIC_CAP,
  }),
  list({
    id: 'spamhaus-sbl',
    name: 'Spamhaus SBL (public mirror)',
    zone: 'sbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: pick(ZEN_CODES, ['127.0.0.2', '127.0.0.3', '127.0.0.9', '127.0.0.30']),
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/spamhaus-blocklist/',
    lookup: SPAMHAUS_IP_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: SPAMHAUS_REMOVAL,
    policy: SPAMHAUS_POLICY,
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
    rateCap: SPAMHAUS_PUBLIC_CAP,
  }),
  list({
    id: 'spamhaus-xbl',
    name: 'Spamhaus XBL (public mirror)',
    zone: 'xbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: pick(ZEN_CODES, ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7']),
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/exploits-blocklist/',
    lookup: SPAMHAUS_IP_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: SPAMHAUS_REMOVAL,
    policy: 'Clean the compromised host first (the lookup names the malware or proxy seen), then remove it at check.spamhaus.org.',
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
    rateCap: SPAMHAUS_PUBLIC_CAP,
  }),
  list({
    id: 'spamhaus-pbl',
    name: 'Spamhaus PBL (public mirror)',
    zone: 'pbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: pick(ZEN_CODES, ['127.0.0.10', '127.0.0.11']),
    refusals: SPAMHAUS_ERRORS,
    scope: 'range',
    info: 'https://www.spamhaus.org/blocklists/policy-blocklist/',
    lookup: SPAMHAUS_IP_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: { request: 'form', note: 'A mail server on its own static address can remove itself at check.spamhaus.org.' },
    policy: 'A policy listing, not abuse: a mail server on its own static address can remove itself at check.spamhaus.org.',
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
    rateCap: SPAMHAUS_PUBLIC_CAP,
  }),
  list({
    id: 'spamhaus-dbl',
    name: 'Spamhaus DBL (public mirror)',
    zone: 'dbl.spamhaus.org',
    kinds: ['domain'],
    codes: DBL_CODES,
    refusals: { ...SPAMHAUS_ERRORS, ...DBL_ERRORS },
    test: DBL_TEST,
    info: 'https://www.spamhaus.org/blocklists/domain-blocklist/',
    lookup: SPAMHAUS_DOMAIN_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: DBL_REMOVAL,
    policy: SPAMHAUS_POLICY,
    note: SPAMHAUS_PUBLIC_NOTE,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
    rateCap: SPAMHAUS_PUBLIC_CAP,
  }),

  // ------------------------------------------------ Spamhaus DQS (free key; works from any resolver)
  keyed('spamhaus-dqs', {
    id: 'spamhaus-zen-dqs',
    name: 'Spamhaus ZEN',
    zone: '{key}.zen.dq.spamhaus.net',
    kinds: ['ipv4', 'ipv6'],
    codes: ZEN_CODES,
    refusals: DQS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/zen-blocklist/',
    lookup: SPAMHAUS_IP_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: SPAMHAUS_REMOVAL,
    policy: SPAMHAUS_POLICY,
    note:
      'Through the Data Query Service: works from any resolver, GitHub-hosted runners included. Free DQS is for non-commercial use. ' +
      'ZEN is SBL, CSS, XBL, PBL and DROP; AuthBL is a separate zone (spamhaus-authbl-dqs).',
    refusedFix: DQS_FIX,
  }),
  // AuthBL is NOT part of ZEN: IPs of bots seen sending with stolen SMTP AUTH credentials. Free with
  // a DQS key (spamhaus/rspamd-dqs and spamhaus/spamassassin-dqs READMEs: "free DQS users will also
  // get two new zones to query, ZRD and AuthBL"; sh.cf queries <key>.authbl.dq.spamhaus.net), answer
  // 127.0.0.20 (Spamhaus zones page), IPv4 and IPv6. In the default set with the key: an operator's
  // own address on it means a bot runs there.
  keyed('spamhaus-dqs', {
    id: 'spamhaus-authbl-dqs',
    name: 'Spamhaus AuthBL',
    zone: '{key}.authbl.dq.spamhaus.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', 'credentials', { '127.0.0.20': 'AuthBL: a bot seen sending mail with stolen SMTP AUTH credentials' }),
    refusals: DQS_ERRORS,
    info: 'https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html',
    lookup: SPAMHAUS_IP_LOOKUP,
    removal: { request: 'unknown', note: 'Look the address up at check.spamhaus.org for the listing and its removal steps.' },
    note: 'Through the Data Query Service (free key). Not part of ZEN.',
    refusedFix: DQS_FIX,
  }),
  keyed('spamhaus-dqs', {
    id: 'spamhaus-dbl-dqs',
    name: 'Spamhaus DBL',
    zone: '{key}.dbl.dq.spamhaus.net',
    kinds: ['domain'],
    codes: DBL_CODES,
    refusals: { ...DQS_ERRORS, ...DBL_ERRORS },
    test: DBL_TEST,
    info: 'https://www.spamhaus.org/blocklists/domain-blocklist/',
    lookup: SPAMHAUS_DOMAIN_LOOKUP,
    delist: SPAMHAUS_DELIST,
    removal: DBL_REMOVAL,
    policy: SPAMHAUS_POLICY,
    refusedFix: DQS_FIX,
  }),
  keyed('spamhaus-dqs', {
    id: 'spamhaus-zrd-dqs',
    name: 'Spamhaus ZRD (zero-reputation domains)',
    zone: '{key}.zrd.dq.spamhaus.net',
    kinds: ['domain'],
    codes: ZRD_CODES,
    refusals: DQS_ERRORS,
    // An age signal, not a reputation problem: a brand-new sending domain is listed for its first day.
    default: false,
    info: 'https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html',
    removal: { request: 'none', note: 'A domain is listed for 24 hours after it is first seen, then clears by itself.' },
    policy: 'Lists newly seen domains for 24 hours; it clears by itself.',
    note: 'Informational; RFC 5782 test entries in this zone are not confirmed.',
    refusedFix: DQS_FIX,
  }),

  // ------------------------------------------------ Abusix Mail Intelligence (key)
  // docs.abusix.com guardian-mail/production-zones: codes, test points, ~5.2 days after last seen.
  // Lookup: lookup.abusix.com/search?q=<ip> is where receivers' bounces send listed senders
  // (Orange's "IP blocked by Abusix … please visit https://lookup.abusix.com/search?q=…") and
  // SpiderFoot's Abusix module links; removal is requested there.
  keyed('abusix', {
    id: 'abusix-combined',
    name: 'Abusix Mail Intelligence',
    zone: '{key}.combined.mail.abusix.zone',
    kinds: ['ipv4', 'ipv6'],
    codes: {
      ...codes('high', 'spam-traps', { '127.0.0.2': 'black: hit primary spam traps' }),
      ...codes('high', 'spam-source', { '127.0.0.200': 'black: long-term manual listing' }),
      ...codes('high', 'exploited', { '127.0.0.4': 'exploit: compromised host, proxy or malware' }),
      ...codes('medium', 'reputation', { '127.0.0.3': 'black: low reputation near spam-trap hitters (heuristics)' }),
      ...codes('low', 'no-rdns', {
        '127.0.0.11': 'policy: generic (dynamic-looking) reverse DNS',
        '127.0.0.12': 'policy: no reverse DNS',
      }),
    },
    info: 'https://docs.abusix.com/docs/guardian-mail/production-zones',
    lookup: 'https://lookup.abusix.com/search?q={ip}',
    delist: 'https://lookup.abusix.com/',
    removal: {
      request: 'form',
      expires: 'about 5 days',
      permanent: 'Policy listings (no or generic reverse DNS) stay until the reverse DNS is fixed.',
    },
    policy: 'Spam-trap listings expire about 5 days after the last hit.',
  }),
  // docs.abusix.com/ami-production-zones/dblack: return codes 127.0.1.1 (in message bodies),
  // 127.0.1.2 (newly observed domain, found by other trap types), 127.0.1.3 (found by following
  // short URLs); test points "*.test"; listed about 5.2 days after last seen.
  keyed('abusix', {
    id: 'abusix-dblack',
    name: 'Abusix domain blocklist',
    zone: '{key}.dblack.mail.abusix.zone',
    kinds: ['domain'],
    codes: {
      ...codes('high', 'domain-in-spam', {
        '127.0.1.1': 'domain found in the body of spam to Abusix traps',
        '127.0.1.3': 'domain reached by following short URLs found in spam',
      }),
      ...codes('info', 'new-domain', { '127.0.1.2': 'newly observed domain (seen by other trap types)' }),
    },
    info: 'https://docs.abusix.com/ami-production-zones/dblack',
    lookup: 'https://lookup.abusix.com/search?q={domain}',
    delist: 'https://lookup.abusix.com/',
    removal: { request: 'form', expires: 'about 5 days' },
  }),

  // ------------------------------------------------ Keyless lists in the default set
  // SpamCop: Haraka and SpamAssassin defaults. Its TXT answer links bl.shtml?<ip>; listings expire
  // 24 hours after the last report (spamcop.net FAQ 405), no manual removal.
  list({
    id: 'spamcop',
    name: 'SpamCop',
    zone: 'bl.spamcop.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', 'user-reports', { '127.0.0.2': 'reported by SpamCop users or hit SpamCop spam traps' }),
    default: true,
    info: 'https://www.spamcop.net/bl.shtml',
    lookup: 'https://www.spamcop.net/bl.shtml?{ip}',
    removal: { request: 'none', expires: '24 hours' },
    policy: 'Expires by itself about a day after reports stop; there is no manual removal.',
  }),
  // PSBL: Haraka and SpamAssassin defaults. TXT "Listed in PSBL, see http://psbl.org/listing?ip=…";
  // anyone can remove an address at psbl.org/remove (psbl.org, "easy on, easy off").
  list({
    id: 'psbl',
    name: 'PSBL (Passive Spam Block List)',
    zone: 'psbl.surriel.com',
    kinds: ['ipv4'],
    codes: codes('medium', 'spam-traps', { '127.0.0.2': 'sent mail to a PSBL spam trap' }),
    default: true,
    info: 'https://psbl.org/',
    lookup: 'https://psbl.org/listing?ip={ip}',
    delist: 'https://psbl.org/remove',
    removal: { request: 'form', note: 'Anyone can remove an address; it comes back if the traps keep getting mail.' },
    policy: 'Easy on, easy off: anyone can remove an address with the form on psbl.org.',
  }),
  // Mailspike: Rspamd (rep zone) and SpamAssassin (20_mailspike.cf) defaults. Lookup and removal
  // moved to mailspike.io/ip_verify ("IP Verify allows you to lookup and ask for delisting on IPs",
  // mailspike.io/ip_verify/about).
  list({
    id: 'mailspike-bl',
    name: 'Mailspike BL',
    zone: 'bl.mailspike.net',
    kinds: ['ipv4'],
    codes: {
      ...codes('high', 'exploited', { '127.0.0.2': 'taking part in a current distributed spam wave (zero-hour)' }),
      ...codes('high', 'reputation', { '127.0.0.10': 'worst reputation (L5)', '127.0.0.11': 'very bad reputation (L4)' }),
      ...codes('medium', 'reputation', { '127.0.0.12': 'bad reputation (L3)' }),
      ...codes('low', 'reputation', { '127.0.0.13': 'suspicious reputation (L2)' }),
    },
    default: true,
    info: 'https://mailspike.io/ip_verify/about',
    delist: 'https://mailspike.io/ip_verify',
    removal: { request: 'form', note: 'Reputation recovers as clean mail is seen; zero-hour listings are short-lived.' },
    policy: 'Reputation recovers as clean mail is seen; lookup and removal requests at mailspike.io/ip_verify.',
  }),
  // JustSpam: a Haraka default (config/dns-list.ini, 2026-05; the audit's Haraka list omits it).
  // Free self-service removal per a third-party summary (suped.com); not confirmed on justspam.org.
  list({
    id: 'justspam',
    name: 'JustSpam',
    zone: 'dnsbl.justspam.org',
    kinds: ['ipv4'],
    codes: codes('medium', 'spam-source', {
      '127.0.0.2': 'sent spam, never seen sending wanted mail, and already on another independent list',
    }),
    default: true,
    info: 'http://www.justspam.org/',
    removal: { request: 'form' },
    policy: 'Free self-service removal on justspam.org.',
  }),
  // 0spam: trap-based, free (removal needs a free account). Its ordinary single-address listing is
  // 127.0.0.1 ("general spam"), so 127.0.0.1 is a listing code here, not a refusal; the negative
  // test point (the item 127.0.0.1 must be NXDOMAIN) still catches a zone that answers everything.
  // Test point 127.0.0.2 answers 127.0.0.2, TXT "RFC 5782 Compliance" (WRAPS115 live test, 2026-04).
  // Lookup: check.0spam.org/q/?ipaddr=<ip> (one third-party project's link table; M).
  list({
    id: '0spam-bl',
    name: '0spam',
    zone: 'bl.0spam.org',
    kinds: ['ipv4'],
    codes: Object.fromEntries(Object.entries(ZEROSPAM_REASONS).map(([n, c]) => [`127.0.0.${n}`, c])),
    default: true,
    info: 'https://0spam.org/QandA/why-is-my-ip-listed',
    lookup: 'https://check.0spam.org/q/?ipaddr={ip}',
    delist: 'https://check.0spam.org/q/',
    removal: { request: 'account', note: 'The request must say what was fixed; incomplete requests are refused (reason code 2).' },
    policy: 'Removal through check.0spam.org (needs a free account), after the cause is fixed.',
    note: 'Network (class C) listings are in the separate 0spam-nbl list.',
  }),
  // NordSpam (nordspam.com/usage): manually moderated, listings do not expire, removal by email.
  list({
    id: 'nordspam-bl',
    name: 'NordSpam',
    zone: 'bl.nordspam.com',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', 'spam-source', { '127.0.0.2': 'listed by NordSpam (manually moderated)' }),
    default: true,
    info: 'https://www.nordspam.com/usage',
    removal: { request: 'email', permanent: 'Listings do not expire.', note: 'The contact address is on nordspam.com/usage.' },
    policy: 'Listings do not expire; ask for removal by email (contact on nordspam.com/usage).',
    rateCap: NORDSPAM_CAP,
  }),
  // SEM (spameatingmonkey.com/lists.html): SEM-BLACK holds spam-trap hits over a threshold, IPs
  // reported by trusted users, and policy listings (residential ranges, ROKSO spam groups, ignored
  // unsubscribes); trap listings expire after 7 days without activity, policy listings do not.
  // Rspamd default. FAQ: removal requests for some lists are processed at once.
  list({
    id: 'sem-black',
    name: 'Spam Eating Monkey BLACK',
    zone: 'bl.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'spam-traps', {
      '127.0.0.2': 'spam-trap hits over threshold, reports by trusted users, or a policy listing (residential range, known spam group)',
    }),
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    removal: {
      request: 'form',
      expires: '7 days',
      permanent: 'Policy listings (residential ranges, known spam groups) do not expire.',
      note: 'SEM takes removal requests on its site for some lists (spameatingmonkey.com/faq.html).',
    },
    policy: 'Trap listings expire after 7 days without new hits; policy listings do not.',
    rateCap: SEM_CAP,
  }),
  // SEM-IPV6BL: /64s that sent unwanted mail to SEM traps (spameatingmonkey.com news 2010-02-26);
  // Rspamd default (ipv4=false, ipv6=true). Expiry is documented for the IPv4 lists only.
  list({
    id: 'sem-ipv6',
    name: 'Spam Eating Monkey IPv6',
    zone: 'bl.ipv6.spameatingmonkey.net',
    kinds: ['ipv6'],
    codes: codes('medium', 'spam-traps', { '127.0.0.2': 'this /64 sent mail to spam traps' }),
    scope: 'range',
    // One of the few IPv6 lists; asked about IPv6 addresses only.
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    removal: { request: 'unknown', note: 'SEM documents a 7-day expiry for its IPv4 lists; the IPv6 list does not say.' },
    rateCap: SEM_CAP,
  }),

  // ------------------------------------------------ Keyless IP lists (opt-in)
  // UCEPROTECT (uceprotect.net delisting policy, Validity knowledge base 222449667): Level 1 expires
  // 7 days after the last trap hit, free; immediate removal is sold. Level 2 only through the
  // provider; Level 3 clears when under 0.2% of the ASN's addresses are on Level 1. Out of the
  // default set for its paid-delisting pressure (Rspamd dropped it in 2016, mailcow in 2021; still
  // a Haraka default). Lookup rblcheck.php?ipr=<ip> (many maintained link tables agree).
  list({
    id: 'uceprotect-l1',
    name: 'UCEPROTECT Level 1',
    zone: 'dnsbl-1.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'spam-traps', { '127.0.0.2': 'this address hit UCEPROTECT spam traps' }),
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=3',
    lookup: 'https://www.uceprotect.net/en/rblcheck.php?ipr={ip}',
    removal: { request: 'none', expires: '7 days', paidExpress: true },
    policy: 'Expires by itself 7 days after the last trap hit; paid express delisting exists and is never needed.',
    note: 'Opt-in: a deliberately aggressive list that sells express delisting.',
  }),
  list({
    id: 'uceprotect-l2',
    name: 'UCEPROTECT Level 2',
    zone: 'dnsbl-2.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('low', 'neighbourhood', { '127.0.0.2': 'your provider allocation is listed because of other abusers in it' }),
    scope: 'range',
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=4',
    lookup: 'https://www.uceprotect.net/en/rblcheck.php?ipr={ip}',
    removal: { request: 'provider', note: 'It clears by itself once few enough addresses in the range remain on Level 1.' },
    policy: 'Neighbourhood listing: it clears by itself when the abusers around you stop; only your provider can fix it.',
  }),
  list({
    id: 'uceprotect-l3',
    name: 'UCEPROTECT Level 3',
    zone: 'dnsbl-3.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('low', 'neighbourhood', { '127.0.0.2': "your provider's whole network (ASN) is listed" }),
    scope: 'network',
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=5',
    lookup: 'https://www.uceprotect.net/en/rblcheck.php?ipr={ip}',
    removal: {
      request: 'none',
      paidExpress: true,
      note: "It clears when fewer than 0.2% of the provider's addresses are on Level 1; a paid per-address exemption is sold.",
    },
    policy: 'Lists whole providers, big clouds included; few receivers use it.',
  }),
  // Backscatterer (backscatterer.org, run by UCEPROTECT): 4 weeks after the last backscatter; express
  // delisting is sold. Opt-in: check_rbl removed it on 2023-05-10 (PR #50, merged in 5988d00) after
  // it answered an address outside 127/8 (62.0.58.94); Haraka ships it disabled.
  list({
    id: 'backscatterer',
    name: 'Backscatterer.org',
    zone: 'ips.backscatterer.org',
    kinds: ['ipv4'],
    codes: codes('medium', 'backscatter', {
      '127.0.0.2': 'this server sent backscatter (bounces, autoreplies or sender callouts) to spam traps',
    }),
    info: 'http://www.backscatterer.org/',
    removal: { request: 'none', expires: '4 weeks', paidExpress: true },
    policy: 'Expires 4 weeks after the last backscatter; stop accepting mail you later bounce.',
    note: 'Opt-in: sells express delisting, and check_rbl dropped it in 2023 for answers outside 127.0.0.0/8.',
  }),
  // DroneBL: free for any use (dronebl.org/docs/howtouse); removal only for addresses you are the
  // primary user of, asked at the lookup page (dronebl.org FAQ). Opt-in: an IRC-oriented abuse list
  // (open resolvers, abused VPNs) that mail filters do not enable by default.
  list({
    id: 'dronebl',
    name: 'DroneBL',
    zone: 'dnsbl.dronebl.org',
    kinds: ['ipv4', 'ipv6'],
    codes: DRONEBL_CODES,
    info: 'https://dronebl.org/docs/howtouse',
    lookup: 'https://dronebl.org/lookup?ip={ip}',
    delist: 'https://dronebl.org/lookup',
    removal: { request: 'form', note: 'Only the primary user of the address may ask.' },
    policy: 'The host is compromised or an open proxy: clean it, then ask for removal at dronebl.org/lookup.',
    note: 'Opt-in: an IRC-oriented abuse list (drones, proxies, open resolvers); few mail receivers use it.',
  }),
  list({
    id: 'mailspike-z',
    name: 'Mailspike Z (zero-hour)',
    zone: 'z.mailspike.net',
    kinds: ['ipv4'],
    codes: codes('high', 'exploited', { '127.0.0.2': 'taking part in a current distributed spam wave' }),
    info: 'https://mailspike.io/ip_verify/about',
    delist: 'https://mailspike.io/ip_verify',
    removal: { request: 'form', note: 'Zero-hour listings are short-lived.' },
    note: 'Already contained in Mailspike BL.',
  }),
  // 0spam NBL: a class C listing answers 127.0.#.0 with the same reason numbers as bl.0spam.org in
  // the third octet (0spam.org/QandA/why-is-my-ip-listed), decoded by position (octet-3).
  list({
    id: '0spam-nbl',
    name: '0spam network list',
    zone: 'nbl.0spam.org',
    kinds: ['ipv4'],
    decode: 'octet-3',
    codes: Object.fromEntries(
      Object.entries(ZEROSPAM_REASONS).map(([n, c]) => [n, { meaning: `${c.meaning}, across the /24 around this address`, severity: 'low' as const, cause: 'neighbourhood' as const }]),
    ),
    scope: 'range',
    info: 'https://0spam.org/QandA/why-is-my-ip-listed',
    lookup: 'https://check.0spam.org/q/?ipaddr={ip}',
    removal: { request: 'account', note: 'A network listing needs the spam from the whole /24 to stop first.' },
    policy: 'Neighbourhood listing: the surrounding /24 had several trap hits.',
    note: 'Test entries not documented; the health check decides.',
  }),
  // S5H: removal is instant when requested from the listed address itself (usenix.org.uk/content/rbl.html;
  // OVHcloud's delisting guide: "visit this page from the IP address that has been blocklisted").
  list({
    id: 's5h',
    name: 'S5H',
    zone: 'all.s5h.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', 'spam-traps', { '127.0.0.2': 'sent spam by mail or HTTP to S5H honeypots' }),
    info: 'https://www.usenix.org.uk/content/rbl.html',
    delist: 'https://www.usenix.org.uk/content/rblremove',
    removal: {
      request: 'from-address',
      note: 'Fetch the removal page from the listed server itself (for example curl -4 http://www.usenix.org.uk/content/rblremove); removal is instant.',
    },
    policy: 'A removal request sent from the listed address itself is instant.',
  }),
  // SpamRATS (spamrats.com/lists.php): its own TXT answers link spamrats.com/bl?<ip>; codes from a
  // 2020 snapshot (luids-io xlist).
  list({
    id: 'spamrats-all',
    name: 'SpamRATS',
    zone: 'all.spamrats.com',
    kinds: ['ipv4'],
    codes: {
      ...codes('low', 'no-rdns', {
        '127.0.0.36': 'RATS-Dyna: dynamic or generic reverse DNS',
        '127.0.0.37': 'RATS-NoPtr: no reverse DNS',
      }),
      ...codes('medium', 'spam-traps', { '127.0.0.38': 'RATS-Spam: abusive sender' }),
      ...codes('medium', 'credentials', { '127.0.0.43': 'RATS-Auth: authentication brute force' }),
    },
    info: 'https://www.spamrats.com/lists.php',
    lookup: 'http://www.spamrats.com/bl?{ip}',
    delist: 'https://www.spamrats.com/removal.php',
    removal: { request: 'form', note: 'RATS-Dyna and RATS-NoPtr need matching forward and reverse DNS before removal.' },
    policy: 'RATS-Dyna and RATS-NoPtr clear once the address has matching forward and reverse DNS; then use the removal form.',
    note: 'Codes from a 2020 snapshot; large organisations must pay (terms of service).',
  }),
  // Barracuda: its TXT answers link barracudanetworks.com/reputation/?r=1&ip=<ip>; removal form.
  list({
    id: 'barracuda',
    name: 'Barracuda BRBL',
    zone: 'b.barracudacentral.org',
    kinds: ['ipv4'],
    codes: codes('high', 'reputation', { '127.0.0.2': 'listed by Barracuda reputation' }),
    access: 'registered-resolver',
    info: 'http://www.barracudacentral.org/rbl/how-to-use',
    lookup: 'http://www.barracudanetworks.com/reputation/?r=1&ip={ip}',
    delist: 'https://www.barracudacentral.org/rbl/removal-request',
    removal: { request: 'form', note: 'Requests are reviewed by hand, usually within a day.' },
    policy: 'Manual removal by form, usually within a day.',
    note: 'Answers only resolvers registered at barracudacentral.org (others get NXDOMAIN or errors): unusable from GitHub-hosted runners.',
    refusedFix: "register your resolver's fixed address at barracudacentral.org, or run the patrol on a self-hosted runner",
  }),
  list({
    id: 'gbudb',
    name: 'GBUdb Truncate',
    zone: 'truncate.gbudb.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'reputation', { '127.0.0.2': 'sends almost only spam or malware (GBUdb statistics)' }),
    info: 'https://www.gbudb.com/truncate/',
    removal: { request: 'none', note: 'Fully automated: it clears as the statistics improve.' },
    policy: 'Fully automated; no manual removal.',
    note: 'Liveness uncertain (one source says discontinued); the health check decides.',
  }),
  // blocklist.de (blocklist.de/en/rbldns.html): attackers of the last 48 hours; its TXT answers link
  // blocklist.de/en/view.html?ip=<ip>. Rspamd enables it; opt-in here as an attack list, not mail reputation.
  list({
    id: 'blocklist-de',
    name: 'blocklist.de',
    zone: 'bl.blocklist.de',
    kinds: ['ipv4'],
    codes: {
      ...codes('medium', 'attacks', {
        '127.0.0.2': 'attacks: amavis',
        '127.0.0.3': 'attacks: Apache DDoS',
        '127.0.0.5': 'bad bot',
        '127.0.0.8': 'IRC bot',
        '127.0.0.9': 'attacks: mail',
        '127.0.0.11': 'registration bot',
        '127.0.0.12': 'remote file inclusion attack',
        '127.0.0.15': 'w00tw00t scanner',
        '127.0.0.16': 'port flood',
        '127.0.0.17': 'SQL injection',
      }),
      ...codes('medium', 'credentials', {
        '127.0.0.4': 'attacks: Asterisk',
        '127.0.0.6': 'attacks: FTP',
        '127.0.0.7': 'attacks: IMAP',
        '127.0.0.10': 'attacks: POP3',
        '127.0.0.13': 'attacks: SASL',
        '127.0.0.14': 'attacks: SSH',
        '127.0.0.18': 'attacks: Webmin',
        '127.0.0.21': 'brute-force login',
        '127.0.0.22': 'attacks: MySQL',
      }),
      ...codes('medium', 'spam-source', { '127.0.0.19': 'trigger spam' }),
      ...codes('medium', 'uncategorised', { '127.0.0.20': 'manual listing' }),
    },
    info: 'https://www.blocklist.de/en/rbldns.html',
    lookup: 'http://www.blocklist.de/en/view.html?ip={ip}',
    removal: { request: 'unknown', expires: '48 hours' },
    policy: 'Attackers of the last 48 hours; expires by itself. A hit on a mail server usually means it is compromised.',
    note: 'An attack list, not a spam list; its test point answers 127.0.0.15.',
  }),
  list({
    id: 'sem-backscatter',
    name: 'Spam Eating Monkey BACKSCATTER',
    zone: 'backscatter.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'backscatter', { '127.0.0.2': 'sent null-sender bounces to spam traps' }),
    info: 'http://spameatingmonkey.com/lists.html',
    removal: { request: 'none', expires: '15 days' },
    policy: 'Expires after 15 days without new hits.',
    rateCap: SEM_CAP,
  }),
  // InterServer: its TXT answers "Blocked at http://sigs.interserver.net/ip?ip=<ip>".
  list({
    id: 'interserver',
    name: 'InterServer RBL',
    zone: 'rbl.interserver.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'uncategorised', { '127.0.0.2': 'listed by InterServer' }),
    info: 'http://rbl.interserver.net/usage.php',
    lookup: 'http://sigs.interserver.net/ip?ip={ip}',
    removal: { request: 'unknown' },
    note: 'Codes, policy and test entries not documented; the health check decides.',
  }),
  // virusfree.cz: an Rspamd default (RBL_VIRUSFREE_BOTNET = 127.0.0.2, IPv6 on); its test entries
  // and removal process are not documented, so it stays opt-in.
  list({
    id: 'virusfree-bip',
    name: 'virusfree.cz botnet IPs',
    zone: 'bip.virusfree.cz',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', 'exploited', { '127.0.0.2': 'botnet IP' }),
    info: 'https://www.virusfree.cz/',
    removal: { request: 'unknown' },
    note: 'Test entries and removal not documented.',
  }),
  list({
    id: 'suomispam',
    name: 'Suomispam',
    zone: 'bl.suomispam.net',
    kinds: ['ipv4'],
    codes: {},
    info: 'https://suomispam.net/',
    removal: { request: 'unknown' },
    note: 'Answers its test point with 127.0.0.99; codes are not documented, so every 127/8 answer counts as a listing.',
  }),
  list({
    id: 'kempt',
    name: 'Kempt.net',
    zone: 'dnsbl.kempt.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'uncategorised', { '127.0.0.2': 'listed by kempt.net' }),
    info: 'http://www.kempt.net/dnsbl/',
    removal: { request: 'unknown' },
  }),
  list({
    id: 'scientificspam',
    name: 'ScientificSpam',
    zone: 'bl.scientificspam.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'uncategorised', { '127.0.0.2': 'listed by ScientificSpam' }),
    info: 'http://www.scientificspam.net/',
    removal: { request: 'unknown' },
  }),
  list({
    id: 'swinog',
    name: 'SWINOG DNSRBL',
    zone: 'dnsrbl.swinog.ch',
    kinds: ['ipv4'],
    codes: codes('medium', 'uncategorised', { '127.0.0.2': 'listed by SWINOG' }),
    info: 'https://antispam.imp.ch/',
    removal: { request: 'unknown' },
  }),
  list({
    id: 'zapbl',
    name: 'ZapBL',
    zone: 'dnsbl.zapbl.net',
    kinds: ['ipv4'],
    codes: codes('medium', 'uncategorised', { '127.0.0.2': 'listed in ZapBL' }),
    info: 'https://zapbl.net/',
    removal: { request: 'unknown' },
  }),
  // SPFBL (spfbl.net/en/dnsbl, HetrixTools docs quoting it): 127.0.0.2 bad reputation confirmed by
  // complaints; 127.0.0.3 suspected spam or not RFC 5321 compliant; 127.0.0.4 flagged as unsuitable
  // for a mail server (no rDNS, dynamic, NAT, no MTA). SPFBL asks that it be used for scoring, not
  // rejection. Free removal needs FCrDNS and a working postmaster; a paid removal exists
  // (spfbl.net/delist). Liveness disputed: helohub.com says discontinued, check_rbl (2026-03) still
  // lists it; the health check decides.
  list({
    id: 'spfbl',
    name: 'SPFBL.net',
    zone: 'dnsbl.spfbl.net',
    kinds: ['ipv4', 'ipv6'],
    codes: {
      ...codes('medium', 'user-reports', { '127.0.0.2': 'bad reputation confirmed by complaints from recipients' }),
      ...codes('low', 'misconfiguration', { '127.0.0.3': 'suspected spam source, or not compliant with RFC 5321' }),
      ...codes('info', 'policy', { '127.0.0.4': 'not a mail server: residential, dynamic or NAT address without a working MTA' }),
    },
    info: 'https://spfbl.net/en/dnsbl/',
    delist: 'https://spfbl.net/delist/',
    removal: {
      request: 'form',
      paidExpress: true,
      note: 'Free removal needs forward-confirmed reverse DNS in your own name and a postmaster address that answers.',
    },
    note: 'Meant for scoring, not rejection (SPFBL says so). Asked about addresses only.',
  }),
  list({
    id: 'senderscore',
    name: 'Validity SenderScore RPBL',
    zone: 'bl.score.senderscore.com',
    kinds: ['ipv4'],
    // 127.0.0.1 is a listing code here ("bot"); the other 127.0.0.x codes combine flags Validity
    // does not publish plainly (Rspamd names them BOT/NA/PRST/SUS_ATT/SCORE combinations), so they
    // stay (undocumented) listings. The answer 127.0.0.1 being a code says nothing about the ITEM
    // 127.0.0.1, but Validity does not document whether that item is listed, so the negative test
    // point stays skipped. Rspamd monitors this zone, like every list, with 1.0.0.127 expecting
    // NXDOMAIN (rbl.lua default monitored address), which suggests the point would work: restore
    // it once seen against the live zone (0spam and DroneBL keep theirs).
    codes: codes('medium', 'exploited', { '127.0.0.1': 'bot (botnet source)' }),
    refusals: { '127.255.255.255': 'the querying resolver is not registered with Validity' },
    test: { listed: '127.0.0.2', unlisted: null },
    access: 'registered-resolver',
    info: 'https://senderscore.org/blocklistlookup/',
    delist: 'https://senderscore.org/blocklistlookup/',
    removal: { request: 'unknown' },
    note: 'Answers unregistered resolvers with 127.255.255.255 whatever their volume.',
    refusedFix: 'register the resolver with MyValidity, or leave this list out',
  }),

  // ------------------------------------------------ Domain lists
  list({
    id: 'nordspam-dbl',
    name: 'NordSpam DBL',
    zone: 'dbl.nordspam.com',
    kinds: ['domain'],
    codes: codes('medium', 'domain-in-spam', { '127.0.0.2': 'domain listed by NordSpam' }),
    default: true,
    info: 'https://www.nordspam.com/usage',
    removal: { request: 'email', permanent: 'Listings do not expire.', note: 'The contact address is on nordspam.com/usage.' },
    policy: 'Listings do not expire; ask for removal by email (contact on nordspam.com/usage).',
    rateCap: NORDSPAM_CAP,
  }),
  // SURBL: bits as Rspamd rbl.conf SURBL_MULTI and SpamAssassin 25_uribl.cf. Bits 4 (DM, disposable
  // email domains) and 32 (CT, click trackers of senders without confirmed opt-in) are
  // informational: Rspamd scores both 0.0 (scores.d/surbl_group.conf). Lookup and removal requests at
  // surbl.org/surbl-analysis (Microsoft 365's delisting guide; mxio).
  list({
    id: 'surbl-multi',
    name: 'SURBL',
    zone: 'multi.surbl.org',
    // SURBL also lists IPs seen in message URLs; that is not sender reputation, so only domains are asked.
    kinds: ['domain'],
    decode: 'bitmask',
    codes: {
      ...codes('high', 'malicious-content', { '8': 'PH: phishing', '16': 'MW: malware' }),
      ...codes('high', 'domain-in-spam', { '64': 'ABUSE: spam or other abuse' }),
      ...codes('high', 'compromised-site', { '128': 'CR: cracked (compromised) site' }),
      ...codes('info', 'uncategorised', { '4': 'DM: domain of a disposable-email service' }),
      ...codes('info', 'bulk-mail', { '32': 'CT: click-tracking domain of senders without confirmed opt-in' }),
    },
    refusals: { '1': 'query blocked: this resolver exceeded the free use limits or is refused' },
    // SURBL's permanent test point; it answers 127.0.0.254 (every bit but the blocked one).
    test: { listed: 'test.surbl.org', unlisted: 'invalid' },
    default: true,
    info: 'https://www.surbl.org/lists',
    delist: 'https://www.surbl.org/surbl-analysis',
    removal: { request: 'form', note: 'Listings also lapse once the domain is no longer seen in spam.' },
    policy: 'Look the domain up at surbl.org/surbl-analysis for the removal request; fix the abuse first.',
    note: 'Free below 1,000 users or 250,000 messages a day.',
    refusedFix: 'SURBL refuses large shared resolvers: query through your own resolver (settings.resolvers)',
  }),
  // URIBL (uribl.com about/refused): black, grey, red; refusals answer bit 1. Removal requests at
  // admin.uribl.com (free login; Microsoft 365's delisting guide links admin.uribl.com/?section=lookup).
  list({
    id: 'uribl-multi',
    name: 'URIBL',
    zone: 'multi.uribl.com',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: {
      ...codes('high', 'domain-in-spam', { '2': 'black: spam domain' }),
      ...codes('info', 'bulk-mail', { '4': 'grey: bulk mail or ESP domain (false positives expected)' }),
      ...codes('info', 'new-domain', { '8': 'red: very young or privacy-registered domain seen in mail' }),
    },
    // URIBL: "All queries that we refuse, we return a 127.0.0.1 response to, as bit 0x1 is not used".
    refusals: { '1': 'query refused: URIBL blocks this resolver (public or high-volume)' },
    // Always listed: test.uribl.com (answers 127.0.0.14, black + grey + red), queried as test.uribl.com.multi.uribl.com.
    test: { listed: 'test.uribl.com', unlisted: 'invalid' },
    default: true,
    info: 'https://uribl.com/about.shtml',
    delist: 'https://admin.uribl.com/?section=lookup',
    removal: { request: 'account', note: 'Only registered domains are listed.' },
    policy: 'Lists registered domains only; look the domain up at admin.uribl.com, where removal requests need a free login.',
    refusedFix: 'URIBL refuses public and big shared resolvers: query through your own resolver (settings.resolvers)',
  }),
  list({
    id: 'sem-uri',
    name: 'Spam Eating Monkey URI',
    zone: 'uribl.spameatingmonkey.net',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: codes('medium', 'domain-in-spam', { '2': 'domain seen in spam' }),
    // Bit 1 carries no listing here; as 127.0.0.1 it would be RFC 5782's "not listed".
    refusals: { '1': 'answer with bit 1 set is not a SEM listing' },
    // SEM's own test entries, not RFC 5782's TEST / INVALID.
    test: { listed: '_dnsbl_.test', unlisted: '_dnsblneg_.test' },
    info: 'http://spameatingmonkey.com/lists.html',
    removal: { request: 'unknown', note: 'Third-party pages disagree on the expiry (15 or 30 days).' },
    rateCap: SEM_CAP,
  }),
  list({
    id: 'scientificspam-rhsbl',
    name: 'ScientificSpam domains',
    zone: 'rhsbl.scientificspam.net',
    kinds: ['domain'],
    codes: codes('medium', 'uncategorised', { '127.0.1.2': 'domain listed by ScientificSpam' }),
    info: 'http://www.scientificspam.net/',
    removal: { request: 'unknown' },
    note: 'Codes not documented beyond its test entry.',
  }),
];

// ----------------------------------------------------------------------------------- dead zones

/**
 * Zones known to be dead, wildcarded, empty or fake (reference catalog, `dead:`): refused if a
 * user adds one. `*.example` matches example itself and every name under it; it is used where
 * the whole operator is gone, so renamed sub-zones are caught too.
 */
export const DEAD_ZONES: readonly DeadZone[] = [
  { zones: ['*.sorbs.net'], name: 'SORBS', died: 'decommissioned by Proofpoint on 2024-06-05', behaviour: 'holds no reputation data any more' },
  { zones: ['ix.dnsbl.manitu.net'], name: 'NiX Spam', died: 'shut down on 2025-01-16', behaviour: 'shut down' },
  { zones: ['*.ahbl.org'], name: 'AHBL', died: 'wound down in 2014', behaviour: 'lists everything since 2015-01-01' },
  { zones: ['*.njabl.org'], name: 'NJABL', died: 'defunct since 2013', behaviour: 'lists everything' },
  { zones: ['*.dsbl.org'], name: 'DSBL', died: 'shut down in 2008', behaviour: 'unreachable' },
  { zones: ['*.ordb.org'], name: 'ORDB', died: 'shut down in 2006/2007', behaviour: 'lists everything' },
  { zones: ['*.spamcannibal.org'], name: 'SpamCannibal', died: 'domain lapsed in 2018 and 2019', behaviour: 'lists everything (parked domain)' },
  { zones: ['*.rfc-ignorant.org'], name: 'RFC-Ignorant', died: 'abandoned around 2012', behaviour: 'unmaintained' },
  { zones: ['*.emailbasura.org'], name: 'Email Basura', died: 'domain expired in 2019-10', behaviour: 'lists everything' },
  { zones: ['dnsbl.cyberlogic.net'], name: 'Cyberlogic', died: 'gone since 2018-05', behaviour: 'lists everything' },
  { zones: ['dnsbl.burnt-tech.com'], name: 'Burnt Tech', died: 'domain expired in 2015-09', behaviour: 'lists everything' },
  { zones: ['dnsbl.inps.de'], name: 'inps.de', died: 'shut down on 2020-05-25', behaviour: 'shut down' },
  { zones: ['db.wpbl.info'], name: 'WPBL', died: 'emptied in 2023-11, shut down in 2024', behaviour: 'empty: lists nothing, not even its test point' },
  { zones: ['virbl.dnsbl.bit.nl', 'virbl.bit.nl'], name: 'VIRBL', died: 'shut down in 2017-01', behaviour: 'shut down' },
  {
    zones: ['spam.abuse.ch', 'combined.abuse.ch', 'drone.abuse.ch', 'httpbl.abuse.ch', '*.zeustracker.abuse.ch'],
    name: 'abuse.ch DNSBLs',
    died: 'discontinued in 2019',
    behaviour: 'SERVFAIL',
  },
  { zones: ['cbl.abuseat.org'], name: 'CBL', died: 'folded into Spamhaus XBL', behaviour: 'redundant: use Spamhaus ZEN through DQS (spamhaus-zen-dqs)' },
  { zones: ['ubl.unsubscore.com', 'ubl.lashback.com'], name: 'LashBack UBL', died: 'offline since around 2020', behaviour: 'unreachable' },
  { zones: ['dnsbl.madavi.de'], name: 'Madavi:BL', died: 'shut down in 2025-03', behaviour: 'shut down' },
  { zones: ['spam.dnsbl.anonmails.de'], name: 'anonmails.de', died: 'gone since 2024-11', behaviour: 'not answering as a list' },
  { zones: ['rbl.lugh.ch'], name: 'lugh.ch', died: 'shut down in 2024-07', behaviour: 'shut down' },
  { zones: ['spamtrap.drbl.drand.net'], name: 'drand.net DRBL', died: 'gone since 2024-03', behaviour: 'not answering as a list' },
  // check_rbl PR #68 (2026-03-30): the zone answered 216.120.147.200 (outside 127/8), which naive
  // checkers report as "listed"; here it would be unknown (a rewritten answer) on every query.
  {
    zones: ['sbl.spamdown.org'],
    name: 'Spamdown',
    died: 'gone since 2026-03',
    behaviour: 'answers an address outside 127.0.0.0/8 (216.120.147.200) instead of a listing code',
  },
  { zones: ['plus.bondedsender.org', 'query.bondedsender.org'], name: 'Bonded Sender', died: 'not working since 2024-08', behaviour: 'not answering as a list' },
  { zones: ['rbl.megarbl.net'], name: 'MegaRBL', died: 'shut down in 2019-11', behaviour: 'shut down' },
  { zones: ['rbl.suresupport.com'], name: 'SureSupport RBL', died: 'shut down in 2019-12', behaviour: 'shut down' },
  { zones: ['dnsbl.anticaptcha.net', 'dnsbl6.anticaptcha.net'], name: 'AntiCaptcha.NET', died: 'dead since 2021-07', behaviour: 'dead' },
  { zones: ['*.dnsbl.sectoor.de'], name: 'sectoor.de', died: 'dead since 2018-06', behaviour: 'dead' },
  { zones: ['*.nszones.com'], name: 'nszones.com', died: 'never legitimate', behaviour: 'fake: republished stolen Spamhaus data (Spamhaus statement S008)' },
  { zones: ['badnets.spameatingmonkey.net'], name: 'SEM-BADNETS', died: 'deprecated on 2010-02-15', behaviour: 'empty' },
  { zones: ['dwl.spamhaus.org', 'swl.spamhaus.org'], name: 'Spamhaus DWL/SWL', died: 'no longer supported since 2018', behaviour: 'allowlists, withdrawn' },
  { zones: ['dul.ru'], name: 'dul.ru', died: 'domain abandoned in 2016', behaviour: 'not answering as a list' },
  { zones: ['*.orbz.org'], name: 'ORBZ', died: 'gone since 2002', behaviour: 'poisoned: rejected mail from everyone' },
  { zones: ['*.dnsbl.net.au'], name: 'dnsbl.net.au', died: 'gone since 2022-10', behaviour: 'not answering as a list' },
  { zones: ['rbl.snark.net'], name: 'snark.net RBL', died: 'unmaintained', behaviour: 'stale data' },
  { zones: ['*.rbl.msrbl.net'], name: 'MSRBL', died: 'possibly quit', behaviour: 'not trustworthy' },
  { zones: ['wormrbl.imp.ch', 'spamrbl.imp.ch'], name: 'ImproWare (old names)', died: 'renamed', behaviour: 'use dnsrbl.swinog.ch (catalog id swinog)' },
  {
    zones: ['black.uribl.com', 'grey.uribl.com', 'red.uribl.com', 'white.uribl.com'],
    name: 'URIBL sub-zones',
    died: 'not dead: a misuse hazard',
    behaviour:
      'refused queries answer 127.0.0.1 there and white is an allowlist; use multi.uribl.com (catalog id uribl-multi), decoded as a bitmask',
  },
];

// -------------------------------------------------------------------------------------- helpers

export function findList(id: string): ListDef | undefined {
  return LISTS.find((l) => l.id === id);
}

function cleanZone(zone: string): string {
  return zone.trim().toLowerCase().replace(/\.$/, '');
}

function zoneMatches(pattern: string, zone: string): boolean {
  if (!pattern.startsWith('*.')) return zone === pattern;
  const base = pattern.slice(2);
  return zone === base || zone.endsWith(`.${base}`);
}

/** The dead-zone entry a zone falls under: exactly, or at or below a `*.` pattern. */
export function deadZoneFor(zone: string): DeadZone | undefined {
  const z = cleanZone(zone);
  return DEAD_ZONES.find((d) => d.zones.some((p) => zoneMatches(p, z)));
}

/**
 * The zone to query, with the key filled in (never log it). A key list without its key throws:
 * querying `{key}.zen.dq.spamhaus.net` literally would only leak that we tried.
 */
export function zoneWithKey(list: ListDef, key: string | undefined): string {
  if (!list.zone.includes('{key}')) return list.zone;
  if (key === undefined || key === '') throw new Error(`list ${list.id} needs its ${list.key ?? 'access'} key`);
  return list.zone.replace('{key}', key);
}

/** The zone as people may see it: the key shows as `<key>`. */
export function displayZone(list: ListDef): string {
  return list.zone.replace('{key}', '<key>');
}
