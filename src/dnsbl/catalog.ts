// The list catalog: data, not code. Facts come from shared/reference/dnsbl-catalog.yaml and
// dnsbl-protocol.md (operators' documentation and maintained clients: Rspamd, Haraka,
// SpamAssassin), checked there before landing here; where the reference marks a fact unverified,
// the entry says so and leans conservative (fewer meanings, no guessed URLs). Every list still has
// to pass its RFC 5782 test points at run time before any of its answers is believed.
//
// Left out on purpose: allowlists and mixed reputation lists (dnswl.org, Mailspike WL/REP,
// HostKarma). Their answers include good news (127.0.0.1 = whitelisted, 127.0.0.3 = yellow ...),
// and a ListDef can only call an answer a listing (bad news) or a refusal (unknown); reading a
// whitelisting as either would be wrong. Also left out: Spamhaus sub-zones via DQS (ZEN covers
// them), subscriber-only lists (invaluement), and zones without RFC 5782 test entries
// (rhsbl.zapbl.net, uribl.swinog.ch), which could never pass the health check, and lists with no
// documented codes or test entries that do not speak of mail reputation (torexit.dan.me.uk).
import type { CodeMeaning, DeadZone, ItemKind, KeyName, ListDef, Severity, TestPoints } from '../model.ts';

type Codes = Record<string, CodeMeaning>;

/** One severity for a table of code → meaning. */
function codes(severity: Severity, table: Record<string, string>): Codes {
  return Object.fromEntries(Object.entries(table).map(([k, meaning]) => [k, { meaning, severity }]));
}

// RFC 5782 §5 test points.
const IP4_TEST: TestPoints = { listed: '127.0.0.2', unlisted: '127.0.0.1' };
const IP6_TEST: TestPoints = { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
const DOMAIN_TEST: TestPoints = { listed: 'test', unlisted: 'invalid' };

/**
 * RFC 5782 keeps 127.0.0.1 unlisted, and lists answer it when they refuse a query (URIBL; Spamhaus
 * DBL to blocked resolvers). Read as a listing it would be a false alarm, so every exact-decoded
 * list treats it as a refusal unless the list documents it as a listing code (SenderScore does).
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

const ZEN_CODES: Codes = {
  ...codes('high', {
    '127.0.0.2': 'SBL: Spamhaus Block List, a direct spam source or spam operation',
    '127.0.0.3': 'CSS: Combined Spam Sources, a low-reputation sender seen in spam (automated SBL component)',
    '127.0.0.4': 'XBL: exploited or compromised host (CBL data: malware, botnet, open proxy)',
    '127.0.0.5': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.6': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.7': 'XBL: exploited host (code reserved by Spamhaus)',
    '127.0.0.9': 'DROP: hijacked or criminal network (Do Not Route Or Peer)',
    '127.0.0.30': 'BCL: botnet controller',
  }),
  ...codes('low', {
    '127.0.0.10': 'PBL: end-user range per the ISP, which should not send mail directly to MX servers',
    '127.0.0.11': 'PBL: end-user range per Spamhaus, which should not send mail directly to MX servers',
  }),
};

function pick(table: Codes, keys: string[]): Codes {
  return Object.fromEntries(keys.flatMap((k) => (table[k] ? [[k, table[k]] as const] : [])));
}

const DBL_CODES: Codes = {
  ...codes('high', {
    '127.0.1.2': 'spam domain (low reputation)',
    '127.0.1.4': 'phishing domain',
    '127.0.1.5': 'malware domain',
    '127.0.1.6': 'botnet command-and-control domain',
  }),
  ...codes('medium', {
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
    return [`127.0.2.${h}`, { meaning, severity: 'info' as const }];
  }),
);

// Spamhaus's DBL test domain; RFC 5782's TEST also answers, dbltest.com is the one Spamhaus documents.
const DBL_TEST: TestPoints = { listed: 'dbltest.com', unlisted: 'invalid' };

const SPAMHAUS_INFO_DELIST = 'https://check.spamhaus.org/';
const SPAMHAUS_POLICY = 'Look the address up at check.spamhaus.org: it names the listing and the removal steps; fix the cause first.';
const SPAMHAUS_PUBLIC_NOTE =
  'Public mirror: Spamhaus refuses GitHub-hosted runners (Azure, since 2025-04-09) and public or cloud resolvers, ' +
  'so it is not in the default set; give a free DQS key to get the DQS zones instead.';
const SPAMHAUS_PUBLIC_FIX =
  'Spamhaus refuses this resolver (cloud and public resolvers, GitHub-hosted runners included): ' +
  'add a free Spamhaus DQS key (spamhaus-dqs-key / SPAMHAUS_DQS_KEY), which turns on the DQS zones instead';
const DQS_FIX = 'check the Spamhaus DQS key: it may be mistyped, disabled or over its quota';

// -------------------------------------------------------------------------------- entry helpers

interface Entry extends Omit<ListDef, 'test' | 'refusals' | 'decode' | 'scope' | 'access' | 'default'> {
  test?: TestPoints;
  refusals?: Record<string, string>;
  decode?: ListDef['decode'];
  scope?: ListDef['scope'];
  access?: ListDef['access'];
  default?: boolean;
}

function testPointsFor(kind: ItemKind): TestPoints {
  return kind === 'domain' ? DOMAIN_TEST : kind === 'ipv6' ? IP6_TEST : IP4_TEST;
}

/**
 * Fills what most lists share: exact decoding, RFC 5782 test points for their first kind, public
 * access, not in the default set, and 127.0.0.1 read as a refusal unless it is a documented code.
 */
function list(e: Entry): ListDef {
  const first: ItemKind = e.kinds[0] ?? 'ipv4';
  const decode = e.decode ?? 'exact';
  const loopback = decode === 'exact' && !('127.0.0.1' in e.codes) ? LOOPBACK_REFUSAL : {};
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

// ---------------------------------------------------------------------------------------- lists

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
    delist: SPAMHAUS_INFO_DELIST,
    policy: SPAMHAUS_POLICY,
    note: SPAMHAUS_PUBLIC_NOTE,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-sbl',
    name: 'Spamhaus SBL (public mirror)',
    zone: 'sbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: pick(ZEN_CODES, ['127.0.0.2', '127.0.0.3', '127.0.0.9', '127.0.0.30']),
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/spamhaus-blocklist/',
    delist: SPAMHAUS_INFO_DELIST,
    policy: SPAMHAUS_POLICY,
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-xbl',
    name: 'Spamhaus XBL (public mirror)',
    zone: 'xbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: pick(ZEN_CODES, ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7']),
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/exploits-blocklist/',
    delist: SPAMHAUS_INFO_DELIST,
    policy: 'Clean the compromised host first (the lookup names the malware or proxy seen), then remove it at check.spamhaus.org.',
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
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
    delist: SPAMHAUS_INFO_DELIST,
    policy: 'A policy listing, not abuse: a mail server on its own static address can remove itself at check.spamhaus.org.',
    note: `Part of ZEN. ${SPAMHAUS_PUBLIC_NOTE}`,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
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
    delist: SPAMHAUS_INFO_DELIST,
    policy: SPAMHAUS_POLICY,
    note: SPAMHAUS_PUBLIC_NOTE,
    refusedFix: SPAMHAUS_PUBLIC_FIX,
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
    delist: SPAMHAUS_INFO_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Through the Data Query Service: works from any resolver, GitHub-hosted runners included. Free DQS is for non-commercial use.',
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
    delist: SPAMHAUS_INFO_DELIST,
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
    policy: 'Lists newly seen domains for 24 hours; it clears by itself.',
    note: 'Informational; RFC 5782 test entries in this zone are not confirmed.',
    refusedFix: DQS_FIX,
  }),

  // ------------------------------------------------ Abusix Mail Intelligence (key)
  keyed('abusix', {
    id: 'abusix-combined',
    name: 'Abusix Mail Intelligence',
    zone: '{key}.combined.mail.abusix.zone',
    kinds: ['ipv4', 'ipv6'],
    codes: {
      ...codes('high', {
        '127.0.0.2': 'black: hit primary spam traps',
        '127.0.0.200': 'black: long-term manual listing',
        '127.0.0.4': 'exploit: compromised host, proxy or malware',
      }),
      ...codes('medium', { '127.0.0.3': 'black: low reputation near spam-trap hitters (heuristics)' }),
      ...codes('low', {
        '127.0.0.11': 'policy: generic (dynamic-looking) reverse DNS',
        '127.0.0.12': 'policy: no reverse DNS',
      }),
    },
    info: 'https://docs.abusix.com/docs/guardian-mail/production-zones',
    policy: 'Spam-trap listings expire about 5 days after the last hit.',
  }),
  keyed('abusix', {
    id: 'abusix-dblack',
    name: 'Abusix domain blocklist',
    zone: '{key}.dblack.mail.abusix.zone',
    kinds: ['domain'],
    // Only 127.0.1.1 is documented in what we could read; other 127.0.1.x answers stay listings, said to be undocumented.
    codes: codes('high', { '127.0.1.1': 'domain found in spam message bodies' }),
    info: 'https://docs.abusix.com/docs/guardian-mail/production-zones',
    note: 'Test entries (TEST / INVALID) assumed from RFC 5782.',
  }),

  // ------------------------------------------------ Keyless IP lists (default set)
  list({
    id: 'spamcop',
    name: 'SpamCop',
    zone: 'bl.spamcop.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', { '127.0.0.2': 'reported by SpamCop users or hit SpamCop spam traps' }),
    default: true,
    info: 'https://www.spamcop.net/bl.shtml',
    delist: 'https://www.spamcop.net/bl.shtml',
    policy: 'Expires by itself about a day after reports stop; there is no manual removal.',
  }),
  list({
    id: 'uceprotect-l1',
    name: 'UCEPROTECT Level 1',
    zone: 'dnsbl-1.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'this address hit UCEPROTECT spam traps' }),
    default: true,
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=3',
    delist: 'https://www.uceprotect.net/en/rblcheck.php',
    policy: 'Expires by itself (reportedly 7 days after the last trap hit); paid express delisting exists and is never needed.',
    note: 'A deliberately aggressive list.',
  }),
  list({
    id: 'backscatterer',
    name: 'Backscatterer.org',
    zone: 'ips.backscatterer.org',
    kinds: ['ipv4'],
    codes: codes('medium', {
      '127.0.0.2': 'this server sent backscatter (bounces, autoreplies or sender callouts) to spam traps',
    }),
    // Default although it is not a spam list: a listing means YOUR server accepts and then bounces, which an operator can fix.
    default: true,
    info: 'http://www.backscatterer.org/',
    policy: 'Expires 4 weeks after the last backscatter; stop accepting mail you later bounce.',
  }),
  list({
    id: 'psbl',
    name: 'PSBL (Passive Spam Block List)',
    zone: 'psbl.surriel.com',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'sent mail to a PSBL spam trap' }),
    default: true,
    info: 'https://psbl.org/',
    delist: 'https://psbl.org/',
    policy: 'Easy on, easy off: anyone can remove an address with the form on psbl.org.',
  }),
  list({
    id: 'mailspike-bl',
    name: 'Mailspike BL',
    zone: 'bl.mailspike.net',
    kinds: ['ipv4'],
    codes: {
      ...codes('high', {
        '127.0.0.2': 'taking part in a current distributed spam wave (zero-hour)',
        '127.0.0.10': 'worst reputation (L5)',
        '127.0.0.11': 'very bad reputation (L4)',
      }),
      ...codes('medium', { '127.0.0.12': 'bad reputation (L3)' }),
      ...codes('low', { '127.0.0.13': 'suspicious reputation (L2)' }),
    },
    default: true,
    info: 'https://mailspike.org/',
    policy: 'Reputation recovers as clean mail is seen; self-service removal on mailspike.org.',
  }),
  list({
    id: 'justspam',
    name: 'JustSpam',
    zone: 'dnsbl.justspam.org',
    kinds: ['ipv4'],
    codes: codes('medium', {
      '127.0.0.2': 'sent spam, never seen sending wanted mail, and already on another independent list',
    }),
    default: true,
    info: 'http://www.justspam.org/',
    policy: 'Free self-service removal.',
  }),
  list({
    id: 'dronebl',
    name: 'DroneBL',
    zone: 'dnsbl.dronebl.org',
    kinds: ['ipv4', 'ipv6'],
    // Labels from third-party pages that do not always agree; where they differ both are given.
    codes: codes('high', {
      '127.0.0.3': 'IRC drone',
      '127.0.0.5': 'bottler or DDoS drone',
      '127.0.0.6': 'unknown spambot or drone',
      '127.0.0.8': 'SOCKS proxy',
      '127.0.0.9': 'HTTP proxy',
      '127.0.0.10': 'proxy chain or compromised router',
      '127.0.0.11': 'web page proxy or spam drone',
      '127.0.0.13': 'brute-force attacker',
      '127.0.0.14': 'open Wingate proxy or open resolver',
      '127.0.0.16': 'autorooting worm or DDoS participant',
    }),
    default: true,
    info: 'https://dronebl.org/docs/howtouse',
    delist: 'https://dronebl.org/lookup',
    policy: 'The host is compromised or an open proxy: clean it, then ask for removal at dronebl.org/lookup.',
  }),
  list({
    id: '0spam-bl',
    name: '0spam',
    zone: 'bl.0spam.org',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'hit 0spam spam traps' }),
    default: true,
    info: 'https://0spam.org/',
    delist: 'https://check.0spam.org/q',
    policy: 'Removal through check.0spam.org (needs a free account).',
    note: 'Other 127/8 answers are reason codes 0spam does not document; they are still listings.',
  }),
  list({
    id: 'nordspam-bl',
    name: 'NordSpam',
    zone: 'bl.nordspam.com',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', { '127.0.0.2': 'listed by NordSpam (manually moderated)' }),
    default: true,
    info: 'https://www.nordspam.com/',
    policy: 'Listings do not expire; ask for removal by email (contact on nordspam.com/usage).',
  }),
  list({
    id: 'sem-black',
    name: 'Spam Eating Monkey BLACK',
    zone: 'bl.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'hit Spam Eating Monkey spam traps over threshold' }),
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    policy: 'Expires after 7 days without new hits.',
  }),
  list({
    id: 'sem-ipv6',
    name: 'Spam Eating Monkey IPv6',
    zone: 'bl.ipv6.spameatingmonkey.net',
    kinds: ['ipv6'],
    codes: codes('medium', { '127.0.0.2': 'this /64 sent mail to spam traps' }),
    scope: 'range',
    // One of the few IPv6 lists; asked about IPv6 addresses only.
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    policy: 'Expires after 7 days without new hits.',
  }),

  // ------------------------------------------------ Keyless IP lists (opt-in)
  list({
    id: 'uceprotect-l2',
    name: 'UCEPROTECT Level 2',
    zone: 'dnsbl-2.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('low', { '127.0.0.2': 'your provider allocation is listed because of other abusers in it' }),
    scope: 'range',
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=4',
    delist: 'https://www.uceprotect.net/en/rblcheck.php',
    policy: 'Neighbourhood listing: it clears by itself when the abusers around you stop; only your provider can fix it.',
  }),
  list({
    id: 'uceprotect-l3',
    name: 'UCEPROTECT Level 3',
    zone: 'dnsbl-3.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('low', { '127.0.0.2': "your provider's whole network (ASN) is listed" }),
    scope: 'network',
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=5',
    delist: 'https://www.uceprotect.net/en/rblcheck.php',
    policy: 'Lists whole providers, big clouds included; few receivers use it.',
  }),
  list({
    id: 'mailspike-z',
    name: 'Mailspike Z (zero-hour)',
    zone: 'z.mailspike.net',
    kinds: ['ipv4'],
    codes: codes('high', { '127.0.0.2': 'taking part in a current distributed spam wave' }),
    info: 'https://mailspike.org/',
    note: 'Already contained in Mailspike BL.',
  }),
  list({
    id: '0spam-nbl',
    name: '0spam network list',
    zone: 'nbl.0spam.org',
    kinds: ['ipv4'],
    codes: {},
    scope: 'range',
    info: 'https://0spam.org/',
    policy: 'Neighbourhood listing: the surrounding /24 had several trap hits.',
    note: 'Return codes and test entries not documented; every 127/8 answer counts as a listing.',
  }),
  list({
    id: 's5h',
    name: 'S5H',
    zone: 'all.s5h.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', { '127.0.0.2': 'sent spam by mail or HTTP to S5H honeypots' }),
    info: 'https://www.usenix.org.uk/content/rbl.html',
    delist: 'https://www.usenix.org.uk/content/rblremove',
    policy: 'A removal request sent from the listed address itself is instant.',
  }),
  list({
    id: 'spamrats-all',
    name: 'SpamRATS',
    zone: 'all.spamrats.com',
    kinds: ['ipv4'],
    codes: {
      ...codes('low', {
        '127.0.0.36': 'RATS-Dyna: dynamic or generic reverse DNS',
        '127.0.0.37': 'RATS-NoPtr: no reverse DNS',
      }),
      ...codes('medium', {
        '127.0.0.38': 'RATS-Spam: abusive sender',
        '127.0.0.43': 'RATS-Auth: authentication brute force',
      }),
    },
    info: 'https://www.spamrats.com/lists.php',
    delist: 'https://www.spamrats.com/removal.php',
    policy: 'RATS-Dyna and RATS-NoPtr clear once the address has matching forward and reverse DNS; then use the removal form.',
    note: 'Codes from a 2020 snapshot; large organisations must pay (terms of service).',
  }),
  list({
    id: 'barracuda',
    name: 'Barracuda BRBL',
    zone: 'b.barracudacentral.org',
    kinds: ['ipv4'],
    codes: codes('high', { '127.0.0.2': 'listed by Barracuda reputation' }),
    access: 'registered-resolver',
    info: 'http://www.barracudacentral.org/rbl/how-to-use',
    delist: 'https://www.barracudacentral.org/rbl/removal-request',
    policy: 'Manual removal by form, usually within a day.',
    note: 'Answers only resolvers registered at barracudacentral.org (others get NXDOMAIN or errors): unusable from GitHub-hosted runners.',
    refusedFix: "register your resolver's fixed address at barracudacentral.org, or run the patrol on a self-hosted runner",
  }),
  list({
    id: 'gbudb',
    name: 'GBUdb Truncate',
    zone: 'truncate.gbudb.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'sends almost only spam or malware (GBUdb statistics)' }),
    info: 'https://www.gbudb.com/truncate/',
    policy: 'Fully automated; no manual removal.',
    note: 'Liveness uncertain (one source says discontinued); the health check decides.',
  }),
  list({
    id: 'blocklist-de',
    name: 'blocklist.de',
    zone: 'bl.blocklist.de',
    kinds: ['ipv4'],
    codes: codes('medium', {
      '127.0.0.2': 'attacks: amavis',
      '127.0.0.3': 'attacks: Apache DDoS',
      '127.0.0.4': 'attacks: Asterisk',
      '127.0.0.5': 'bad bot',
      '127.0.0.6': 'attacks: FTP',
      '127.0.0.7': 'attacks: IMAP',
      '127.0.0.8': 'IRC bot',
      '127.0.0.9': 'attacks: mail',
      '127.0.0.10': 'attacks: POP3',
      '127.0.0.11': 'registration bot',
      '127.0.0.12': 'remote file inclusion attack',
      '127.0.0.13': 'attacks: SASL',
      '127.0.0.14': 'attacks: SSH',
      '127.0.0.15': 'w00tw00t scanner',
      '127.0.0.16': 'port flood',
      '127.0.0.17': 'SQL injection',
      '127.0.0.18': 'attacks: Webmin',
      '127.0.0.19': 'trigger spam',
      '127.0.0.20': 'manual listing',
      '127.0.0.21': 'brute-force login',
      '127.0.0.22': 'attacks: MySQL',
    }),
    info: 'https://www.blocklist.de/en/rbldns.html',
    policy: 'Attackers of the last 48 hours; expires by itself. A hit on a mail server usually means it is compromised.',
    note: 'An attack list, not a spam list; its test point answers 127.0.0.15.',
  }),
  list({
    id: 'sem-backscatter',
    name: 'Spam Eating Monkey BACKSCATTER',
    zone: 'backscatter.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'sent null-sender bounces to spam traps' }),
    info: 'http://spameatingmonkey.com/lists.html',
    policy: 'Expires after 15 days without new hits.',
  }),
  list({
    id: 'interserver',
    name: 'InterServer RBL',
    zone: 'rbl.interserver.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed by InterServer' }),
    info: 'http://rbl.interserver.net/usage.php',
    note: 'Codes, policy and test entries not documented; the health check decides.',
  }),
  list({
    id: 'virusfree-bip',
    name: 'virusfree.cz botnet IPs',
    zone: 'bip.virusfree.cz',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', { '127.0.0.2': 'botnet IP' }),
    info: 'https://www.virusfree.cz/',
  }),
  list({
    id: 'suomispam',
    name: 'Suomispam',
    zone: 'bl.suomispam.net',
    kinds: ['ipv4'],
    codes: {},
    info: 'https://suomispam.net/',
    note: 'Answers its test point with 127.0.0.99; codes are not documented, so every 127/8 answer counts as a listing.',
  }),
  list({
    id: 'kempt',
    name: 'Kempt.net',
    zone: 'dnsbl.kempt.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed by kempt.net' }),
    info: 'http://www.kempt.net/dnsbl/',
  }),
  list({
    id: 'scientificspam',
    name: 'ScientificSpam',
    zone: 'bl.scientificspam.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed by ScientificSpam' }),
    info: 'http://www.scientificspam.net/',
  }),
  list({
    id: 'swinog',
    name: 'SWINOG DNSRBL',
    zone: 'dnsrbl.swinog.ch',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed by SWINOG' }),
    info: 'https://antispam.imp.ch/',
  }),
  list({
    id: 'zapbl',
    name: 'ZapBL',
    zone: 'dnsbl.zapbl.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed in ZapBL' }),
    info: 'https://zapbl.net/',
  }),
  list({
    id: 'spfbl',
    name: 'SPFBL.net',
    zone: 'dnsbl.spfbl.net',
    kinds: ['ipv4', 'ipv6'],
    codes: {},
    info: 'https://spfbl.net/en/dnsbl/',
    note: 'Codes, policy and liveness not confirmed; every 127/8 answer counts as a listing. Asked about addresses only.',
  }),
  list({
    id: 'senderscore',
    name: 'Validity SenderScore RPBL',
    zone: 'bl.score.senderscore.com',
    kinds: ['ipv4'],
    // 127.0.0.1 is a listing code here ("bot"), so the RFC 5782 negative test point cannot be used.
    // The other 127.0.0.x codes combine flags Validity does not publish plainly; they stay listings.
    codes: codes('medium', { '127.0.0.1': 'bot (botnet source)' }),
    refusals: { '127.255.255.255': 'the querying resolver is not registered with Validity' },
    test: { listed: '127.0.0.2', unlisted: null },
    access: 'registered-resolver',
    info: 'https://senderscore.org/blocklistlookup/',
    delist: 'https://senderscore.org/blocklistlookup/',
    note: 'Answers unregistered resolvers with 127.255.255.255 whatever their volume.',
    refusedFix: 'register the resolver with MyValidity, or leave this list out',
  }),

  // ------------------------------------------------ Domain lists
  list({
    id: 'nordspam-dbl',
    name: 'NordSpam DBL',
    zone: 'dbl.nordspam.com',
    kinds: ['domain'],
    codes: codes('medium', { '127.0.0.2': 'domain listed by NordSpam' }),
    default: true,
    info: 'https://www.nordspam.com/',
    policy: 'Listings do not expire; ask for removal by email (contact on nordspam.com/usage).',
  }),
  list({
    id: 'surbl-multi',
    name: 'SURBL',
    zone: 'multi.surbl.org',
    // SURBL also lists IPs seen in message URLs; that is not sender reputation, so only domains are asked.
    kinds: ['domain'],
    decode: 'bitmask',
    codes: {
      ...codes('high', {
        '8': 'PH: phishing',
        '16': 'MW: malware',
        '64': 'ABUSE: spam or other abuse',
        '128': 'CR: cracked (compromised) site',
      }),
      // Named by Rspamd and SpamAssassin (2024); SURBL's own description not confirmed.
      ...codes('medium', { '4': 'DM: SURBL DM sub-list', '32': 'CT: SURBL CT sub-list' }),
    },
    refusals: { '1': 'query blocked: this resolver exceeded the free use limits or is refused' },
    // SURBL's permanent test point; it answers 127.0.0.254 (every bit but the blocked one).
    test: { listed: 'test.surbl.org', unlisted: 'invalid' },
    default: true,
    info: 'https://www.surbl.org/lists',
    delist: 'https://www.surbl.org/',
    policy: 'Look the domain up on surbl.org for the removal request; fix the abuse first.',
    note: 'Free below 1,000 users or 250,000 messages a day.',
    refusedFix: 'SURBL refuses large shared resolvers: query through your own resolver (settings.resolvers)',
  }),
  list({
    id: 'uribl-multi',
    name: 'URIBL',
    zone: 'multi.uribl.com',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: {
      ...codes('high', { '2': 'black: spam domain' }),
      ...codes('info', {
        '4': 'grey: bulk mail or ESP domain (false positives expected)',
        '8': 'red: very young or privacy-registered domain seen in mail',
      }),
    },
    // URIBL: "All queries that we refuse, we return a 127.0.0.1 response to, as bit 0x1 is not used".
    refusals: { '1': 'query refused: URIBL blocks this resolver (public or high-volume)' },
    // Always listed: test.uribl.com (answers 127.0.0.14, black + grey + red), queried as test.uribl.com.multi.uribl.com.
    test: { listed: 'test.uribl.com', unlisted: 'invalid' },
    default: true,
    info: 'https://uribl.com/about.shtml',
    policy: 'Lists registered domains only; look the domain up on uribl.com, where removal requests need a free login.',
    refusedFix: 'URIBL refuses public and big shared resolvers: query through your own resolver (settings.resolvers)',
  }),
  list({
    id: 'sem-uri',
    name: 'Spam Eating Monkey URI',
    zone: 'uribl.spameatingmonkey.net',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: codes('medium', { '2': 'domain seen in spam' }),
    // Bit 1 carries no listing here; as 127.0.0.1 it would be RFC 5782's "not listed".
    refusals: { '1': 'answer with bit 1 set is not a SEM listing' },
    // SEM's own test entries, not RFC 5782's TEST / INVALID.
    test: { listed: '_dnsbl_.test', unlisted: '_dnsblneg_.test' },
    info: 'http://spameatingmonkey.com/lists.html',
  }),
  list({
    id: 'scientificspam-rhsbl',
    name: 'ScientificSpam domains',
    zone: 'rhsbl.scientificspam.net',
    kinds: ['domain'],
    codes: codes('medium', { '127.0.1.2': 'domain listed by ScientificSpam' }),
    info: 'http://www.scientificspam.net/',
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
  { zones: ['sbl.spamdown.org'], name: 'Spamdown', died: 'gone since 2026-03', behaviour: 'not answering as a list' },
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
