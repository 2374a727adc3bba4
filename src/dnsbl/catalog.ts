// The list catalog: data, not code. Facts come from ../shared/reference/dnsbl-catalog.yaml
// (operators' documentation and maintained clients: Rspamd, Haraka, SpamAssassin), checked
// there before landing here. Every list still has to pass its test points at run time.
import type { CodeMeaning, DeadZone, ItemKind, KeyName, ListDef, Severity } from '../model.ts';

type Codes = Record<string, CodeMeaning>;

function codes(severity: Severity, table: Record<string, string>): Codes {
  return Object.fromEntries(Object.entries(table).map(([k, meaning]) => [k, { meaning, severity }]));
}

const IP4_TEST = { listed: '127.0.0.2', unlisted: '127.0.0.1' };
const IP6_TEST = { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
const DOMAIN_TEST = { listed: 'test', unlisted: 'invalid' };

/** Spamhaus answers these from any zone instead of data (news article 788, SHDOCS). */
const SPAMHAUS_ERRORS: Record<string, string> = {
  '127.255.255.252': 'typing error in the DNSBL name (wrong zone)',
  '127.255.255.254': 'query from a public or cloud resolver (GitHub-hosted runners included)',
  '127.255.255.255': 'excessive number of queries',
};

/** DQS adds key errors (as read by two independent clients; Spamhaus wording unverified). */
const DQS_ERRORS: Record<string, string> = {
  ...SPAMHAUS_ERRORS,
  '127.255.255.250': 'the DQS key is disabled',
  '127.255.255.251': 'the DQS key is rejected',
};

const SPAMHAUS_PUBLIC_FIX =
  'Spamhaus refuses this resolver (cloud and public resolvers, including GitHub-hosted runners): ' +
  'add a free Spamhaus DQS key (spamhaus-dqs-key / SPAMHAUS_DQS_KEY), which turns on the DQS zones instead';

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

const SPAMHAUS_DELIST = 'https://check.spamhaus.org/';
const SPAMHAUS_POLICY = 'Check the address at check.spamhaus.org: it names the listing and the removal steps; fix the cause first.';

interface Entry extends Omit<ListDef, 'test' | 'refusals' | 'decode' | 'scope' | 'access' | 'default'> {
  test?: ListDef['test'];
  refusals?: Record<string, string>;
  decode?: ListDef['decode'];
  scope?: ListDef['scope'];
  access?: ListDef['access'];
  default?: boolean;
}

/** Fills what most lists share: exact codes, RFC 5782 test points for their first kind, public access. */
function list(e: Entry): ListDef {
  const first: ItemKind = e.kinds[0] ?? 'ipv4';
  const test = first === 'domain' ? DOMAIN_TEST : first === 'ipv6' ? IP6_TEST : IP4_TEST;
  return {
    decode: 'exact',
    refusals: {},
    test,
    access: 'public',
    scope: first === 'domain' ? 'domain' : 'address',
    default: false,
    ...e,
  };
}

function keyed(key: KeyName, e: Entry): ListDef {
  return list({ ...e, access: 'key', key, default: e.default ?? true });
}

export const LISTS: readonly ListDef[] = [
  // ---------------------------------------------------------------- Spamhaus, public mirrors
  list({
    id: 'spamhaus-zen',
    name: 'Spamhaus ZEN (public mirror)',
    zone: 'zen.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: ZEN_CODES,
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/zen-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Refused from GitHub-hosted runners (Azure) and public resolvers since 2025-04-09: use spamhaus-zen-dqs with a free DQS key.',
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-sbl',
    name: 'Spamhaus SBL (public mirror)',
    zone: 'sbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: { '127.0.0.2': ZEN_CODES['127.0.0.2']!, '127.0.0.3': ZEN_CODES['127.0.0.3']!, '127.0.0.9': ZEN_CODES['127.0.0.9']!, '127.0.0.30': ZEN_CODES['127.0.0.30']! },
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/spamhaus-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Part of ZEN; refused from cloud and public resolvers.',
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-xbl',
    name: 'Spamhaus XBL (public mirror)',
    zone: 'xbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: { '127.0.0.4': ZEN_CODES['127.0.0.4']!, '127.0.0.5': ZEN_CODES['127.0.0.5']!, '127.0.0.6': ZEN_CODES['127.0.0.6']!, '127.0.0.7': ZEN_CODES['127.0.0.7']! },
    refusals: SPAMHAUS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/exploits-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Part of ZEN; refused from cloud and public resolvers.',
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-pbl',
    name: 'Spamhaus PBL (public mirror)',
    zone: 'pbl.spamhaus.org',
    kinds: ['ipv4', 'ipv6'],
    codes: { '127.0.0.10': ZEN_CODES['127.0.0.10']!, '127.0.0.11': ZEN_CODES['127.0.0.11']! },
    refusals: SPAMHAUS_ERRORS,
    scope: 'range',
    info: 'https://www.spamhaus.org/blocklists/policy-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: 'A policy listing, not abuse: a mail server with its own static address can remove itself at check.spamhaus.org.',
    note: 'Part of ZEN; refused from cloud and public resolvers.',
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),
  list({
    id: 'spamhaus-dbl',
    name: 'Spamhaus DBL (public mirror)',
    zone: 'dbl.spamhaus.org',
    kinds: ['domain'],
    codes: DBL_CODES,
    refusals: { ...SPAMHAUS_ERRORS, '127.0.1.255': 'an IP address was queried against a domain list' },
    info: 'https://www.spamhaus.org/blocklists/domain-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Refused from cloud and public resolvers: use spamhaus-dbl-dqs with a free DQS key.',
    refusedFix: SPAMHAUS_PUBLIC_FIX,
  }),

  // ---------------------------------------------------------------- Spamhaus DQS (free key)
  keyed('spamhaus-dqs', {
    id: 'spamhaus-zen-dqs',
    name: 'Spamhaus ZEN',
    zone: '{key}.zen.dq.spamhaus.net',
    kinds: ['ipv4', 'ipv6'],
    codes: ZEN_CODES,
    refusals: DQS_ERRORS,
    info: 'https://www.spamhaus.org/blocklists/zen-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    note: 'Through the Data Query Service: works from any resolver, GitHub-hosted runners included. Free for non-commercial use.',
    refusedFix: 'check the Spamhaus DQS key: it may be mistyped, disabled or over its quota',
  }),
  keyed('spamhaus-dqs', {
    id: 'spamhaus-dbl-dqs',
    name: 'Spamhaus DBL',
    zone: '{key}.dbl.dq.spamhaus.net',
    kinds: ['domain'],
    codes: DBL_CODES,
    refusals: { ...DQS_ERRORS, '127.0.1.255': 'an IP address was queried against a domain list' },
    info: 'https://www.spamhaus.org/blocklists/domain-blocklist/',
    delist: SPAMHAUS_DELIST,
    policy: SPAMHAUS_POLICY,
    refusedFix: 'check the Spamhaus DQS key: it may be mistyped, disabled or over its quota',
  }),

  // ---------------------------------------------------------------- Abusix (key)
  keyed('abusix', {
    id: 'abusix-combined',
    name: 'Abusix Mail Intelligence',
    zone: '{key}.combined.mail.abusix.zone',
    kinds: ['ipv4', 'ipv6'],
    codes: {
      ...codes('high', {
        '127.0.0.2': 'black: hit primary spam traps',
        '127.0.0.3': 'black: low reputation near spam-trap hitters',
        '127.0.0.200': 'black: long-term manual listing',
        '127.0.0.4': 'exploit: compromised host, proxy or malware',
      }),
      ...codes('low', {
        '127.0.0.11': 'policy: generic (dynamic-looking) reverse DNS',
        '127.0.0.12': 'policy: no reverse DNS',
      }),
    },
    info: 'https://abusix.com/',
    delist: 'https://lookup.abusix.com/',
    policy: 'Trap listings expire some days after the last hit; look the address up for the removal form.',
  }),
  keyed('abusix', {
    id: 'abusix-dblack',
    name: 'Abusix domain blocklist',
    zone: '{key}.dblack.mail.abusix.zone',
    kinds: ['domain'],
    codes: codes('high', { '127.0.1.1': 'domain found in spam message bodies' }),
    info: 'https://abusix.com/',
    delist: 'https://lookup.abusix.com/',
  }),

  // ---------------------------------------------------------------- Keyless IP lists (default set)
  list({
    id: 'spamcop',
    name: 'SpamCop',
    zone: 'bl.spamcop.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', { '127.0.0.2': 'reported by SpamCop users or hit SpamCop spam traps' }),
    default: true,
    info: 'https://www.spamcop.net/bl.shtml',
    delist: 'https://www.spamcop.net/bl.shtml',
    policy: 'Listings expire by themselves about 24 hours after reports stop; there is no manual removal.',
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
    policy: 'Expires by itself about 7 days after the last trap hit (paid express delisting exists; you never need it).',
  }),
  list({
    id: 'uceprotect-l2',
    name: 'UCEPROTECT Level 2',
    zone: 'dnsbl-2.uceprotect.net',
    kinds: ['ipv4'],
    codes: codes('low', { '127.0.0.2': 'your provider allocation is listed because of other abusers in it' }),
    scope: 'range',
    info: 'https://www.uceprotect.net/en/index.php?m=3&s=4',
    delist: 'https://www.uceprotect.net/en/rblcheck.php',
    policy: 'Neighbourhood listing: it clears when the abusers around you stop; only your provider can fix it.',
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
    id: 'backscatterer',
    name: 'Backscatterer.org',
    zone: 'ips.backscatterer.org',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'this server sent backscatter (bounces, autoreplies or sender callouts) to spam traps' }),
    default: true,
    info: 'http://www.backscatterer.org/',
    delist: 'http://www.backscatterer.org/?target=test',
    policy: 'Listed for 4 weeks after the last backscatter; stop accepting mail you later bounce.',
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
      ...codes('medium', { '127.0.0.12': 'bad reputation (L3)', '127.0.0.13': 'suspicious reputation (L2)' }),
    },
    default: true,
    info: 'https://mailspike.org/',
    delist: 'https://mailspike.org/',
    policy: 'Reputation recovers as clean mail is seen; self-service removal on mailspike.org.',
  }),
  list({
    id: 'mailspike-z',
    name: 'Mailspike Z (zero-hour)',
    zone: 'z.mailspike.net',
    kinds: ['ipv4'],
    codes: codes('high', { '127.0.0.2': 'taking part in a current distributed spam wave' }),
    info: 'https://mailspike.org/',
    delist: 'https://mailspike.org/',
    note: 'Already contained in Mailspike BL.',
  }),
  list({
    id: 'justspam',
    name: 'JustSpam',
    zone: 'dnsbl.justspam.org',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'sent spam, never seen sending wanted mail, and already on another independent list' }),
    default: true,
    info: 'http://www.justspam.org/',
    delist: 'http://www.justspam.org/',
    policy: 'Free self-service removal.',
  }),
  list({
    id: 'dronebl',
    name: 'DroneBL',
    zone: 'dnsbl.dronebl.org',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', {
      '127.0.0.3': 'IRC drone',
      '127.0.0.5': 'bottler (DDoS drone)',
      '127.0.0.6': 'unknown spambot or drone',
      '127.0.0.8': 'open SOCKS proxy',
      '127.0.0.9': 'open HTTP proxy',
      '127.0.0.10': 'proxy chain',
      '127.0.0.11': 'web page proxy',
      '127.0.0.13': 'brute-force attacker',
      '127.0.0.14': 'open Wingate proxy',
      '127.0.0.15': 'compromised router or gateway',
      '127.0.0.16': 'autorooting worm',
    }),
    default: true,
    info: 'https://dronebl.org/docs/howtouse',
    delist: 'https://dronebl.org/lookup',
    policy: 'A listing means the host is compromised or an open proxy: clean it, then request removal at dronebl.org/lookup.',
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
    policy: 'Removal through check.0spam.org (needs an account).',
    note: 'Other 127/8 codes are reason codes that 0spam does not document; they are still listings.',
  }),
  list({
    id: 'nordspam-bl',
    name: 'NordSpam',
    zone: 'bl.nordspam.com',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', { '127.0.0.2': 'listed by NordSpam (manually moderated)' }),
    default: true,
    info: 'https://www.nordspam.com/',
    delist: 'https://nordspam.com/usage',
    policy: 'Listings do not expire; ask for removal by email (see nordspam.com).',
  }),
  list({
    id: 'sem-black',
    name: 'Spam Eating Monkey BLACK',
    zone: 'bl.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'hit Spam Eating Monkey spam traps over threshold' }),
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    delist: 'http://spameatingmonkey.com/lookup',
    policy: 'Expires after 7 days without new hits.',
  }),
  list({
    id: 'sem-ipv6',
    name: 'Spam Eating Monkey IPv6',
    zone: 'bl.ipv6.spameatingmonkey.net',
    kinds: ['ipv6'],
    codes: codes('medium', { '127.0.0.2': 'this /64 sent mail to spam traps' }),
    scope: 'range',
    default: true,
    info: 'http://spameatingmonkey.com/lists.html',
    delist: 'http://spameatingmonkey.com/lookup',
    policy: 'Expires after 7 days without new hits.',
  }),
  list({
    id: 'sem-backscatter',
    name: 'Spam Eating Monkey BACKSCATTER',
    zone: 'backscatter.spameatingmonkey.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'sent null-sender bounces to spam traps' }),
    info: 'http://spameatingmonkey.com/lists.html',
    delist: 'http://spameatingmonkey.com/lookup',
    policy: 'Expires after 15 days without new hits.',
  }),
  list({
    id: 's5h',
    name: 'S5H',
    zone: 'all.s5h.net',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('medium', { '127.0.0.2': 'sent spam by mail or HTTP to S5H honeypots' }),
    info: 'https://www.usenix.org.uk/content/rbl.html',
    delist: 'https://www.usenix.org.uk/content/rblremove',
    policy: 'A removal request sent from the listed address is instant.',
  }),
  list({
    id: 'spamrats-all',
    name: 'SpamRATS',
    zone: 'all.spamrats.com',
    kinds: ['ipv4'],
    codes: {
      ...codes('low', { '127.0.0.36': 'RATS-Dyna: dynamic or generic reverse DNS', '127.0.0.37': 'RATS-NoPtr: no reverse DNS' }),
      ...codes('medium', { '127.0.0.38': 'RATS-Spam: abusive sender', '127.0.0.43': 'RATS-Auth: authentication brute force' }),
    },
    info: 'https://www.spamrats.com/lists.php',
    delist: 'https://www.spamrats.com/removal.php',
    note: 'Codes from a 2020 snapshot only; RATS-Dyna and RATS-NoPtr listings mean fix your reverse DNS.',
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
    note: 'Answers only resolvers registered at barracudacentral.org: unusable from GitHub-hosted runners.',
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
      '127.0.0.2': 'attacks: amavis', '127.0.0.3': 'attacks: apache DDoS', '127.0.0.4': 'attacks: asterisk',
      '127.0.0.5': 'bad bot', '127.0.0.6': 'attacks: FTP', '127.0.0.7': 'attacks: IMAP', '127.0.0.8': 'IRC bot',
      '127.0.0.9': 'attacks: mail', '127.0.0.10': 'attacks: POP3', '127.0.0.11': 'registration bot',
      '127.0.0.12': 'remote file inclusion attack', '127.0.0.13': 'attacks: SASL', '127.0.0.14': 'attacks: SSH',
      '127.0.0.15': 'w00tw00t scanner', '127.0.0.16': 'port flood', '127.0.0.17': 'SQL injection',
      '127.0.0.18': 'attacks: webmin', '127.0.0.19': 'trigger spam', '127.0.0.20': 'manual listing',
      '127.0.0.21': 'brute-force login', '127.0.0.22': 'attacks: MySQL',
    }),
    info: 'https://www.blocklist.de/en/rbldns.html',
    delist: 'https://www.blocklist.de/en/delist.html',
    policy: 'Attackers of the last 48 hours; expires by itself. A hit on a mail server usually means it is compromised.',
  }),
  list({
    id: 'interserver',
    name: 'InterServer RBL',
    zone: 'rbl.interserver.net',
    kinds: ['ipv4'],
    codes: codes('medium', { '127.0.0.2': 'listed by InterServer' }),
    info: 'http://rbl.interserver.net/usage.php',
    note: 'Codes and test points not documented; the health check decides.',
  }),
  list({
    id: 'virusfree-bip',
    name: 'virusfree.cz botnet IPs',
    zone: 'bip.virusfree.cz',
    kinds: ['ipv4', 'ipv6'],
    codes: codes('high', { '127.0.0.2': 'botnet IP' }),
    info: 'https://www.virusfree.cz/',
  }),
  list({
    id: 'suomispam',
    name: 'Suomispam',
    zone: 'bl.suomispam.net',
    kinds: ['ipv4'],
    codes: {},
    info: 'https://suomispam.net/',
    note: 'Answers its test point with 127.0.0.99; codes are not documented.',
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
    id: 'senderscore',
    name: 'Validity SenderScore RPBL',
    zone: 'bl.score.senderscore.com',
    kinds: ['ipv4'],
    // 127.0.0.1 is a listing code here ("bot"): the RFC 5782 negative test point cannot be used.
    codes: codes('medium', { '127.0.0.1': 'bot', '127.0.0.2': 'listed by SenderScore reputation' }),
    refusals: { '127.255.255.255': 'the querying resolver is not registered with Validity' },
    test: { listed: '127.0.0.2', unlisted: null },
    access: 'registered-resolver',
    info: 'https://senderscore.org/blocklistlookup/',
    delist: 'https://senderscore.org/blocklistlookup/',
    note: 'Answers unregistered resolvers with 127.255.255.255.',
    refusedFix: 'register the resolver with MyValidity, or leave this list out',
  }),

  // ---------------------------------------------------------------- Domain lists
  list({
    id: 'nordspam-dbl',
    name: 'NordSpam DBL',
    zone: 'dbl.nordspam.com',
    kinds: ['domain'],
    codes: codes('medium', { '127.0.0.2': 'domain listed by NordSpam' }),
    default: true,
    info: 'https://www.nordspam.com/',
    delist: 'https://nordspam.com/usage',
    policy: 'Listings do not expire; ask for removal by email.',
  }),
  list({
    id: 'surbl-multi',
    name: 'SURBL',
    zone: 'multi.surbl.org',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: {
      ...codes('high', { '8': 'PH: phishing', '16': 'MW: malware', '64': 'ABUSE: spam or other abuse', '128': 'CR: cracked (compromised) site' }),
      ...codes('medium', { '4': 'DM: disposable or abused domain', '32': 'CT: click-tracking abuse' }),
    },
    refusals: { '1': 'query blocked: this resolver exceeded the free use limits or is refused' },
    // SURBL's always-listed name (answers every bit).
    test: { listed: 'test.surbl.org', unlisted: 'invalid' },
    default: true,
    info: 'https://www.surbl.org/lists',
    delist: 'https://www.surbl.org/',
    policy: 'Look the domain up on surbl.org for the removal request; fix the abuse first.',
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
      ...codes('info', { '4': 'grey: bulk mail or ESP domain (false positives expected)', '8': 'red: very young or privacy-registered domain seen in mail' }),
    },
    refusals: { '1': 'query refused: URIBL blocks this resolver (public or high-volume)' },
    // URIBL's always-listed name is test.uribl.com (answers 127.0.0.14: black + grey + red).
    test: { listed: 'test.uribl.com', unlisted: 'invalid' },
    default: true,
    info: 'https://uribl.com/about.shtml',
    delist: 'https://admin.uribl.com/',
    policy: 'Request removal at admin.uribl.com (free account).',
    refusedFix: 'URIBL refuses public and big shared resolvers: query through your own resolver (settings.resolvers)',
  }),
  list({
    id: 'sem-uri',
    name: 'Spam Eating Monkey URI',
    zone: 'uribl.spameatingmonkey.net',
    kinds: ['domain'],
    decode: 'bitmask',
    codes: codes('medium', { '2': 'domain seen in spam' }),
    test: { listed: '_dnsbl_.test', unlisted: '_dnsblneg_.test' },
    info: 'http://spameatingmonkey.com/lists.html',
    delist: 'http://spameatingmonkey.com/lookup',
  }),
];

/** Zones known to be dead, wildcarded, empty or fake (reference catalog, `dead:`). */
export const DEAD_ZONES: readonly DeadZone[] = [
  { zones: ['dnsbl.sorbs.net', '*.dnsbl.sorbs.net', 'aspews.ext.sorbs.net', '*.bbfh.ext.sorbs.net', 'rhsbl.sorbs.net', '*.rhsbl.sorbs.net'], name: 'SORBS', died: 'decommissioned 2024-06-05', behaviour: 'no longer contains reputation data' },
  { zones: ['ix.dnsbl.manitu.net'], name: 'NiX Spam', died: 'shut down 2025-01-16', behaviour: 'shut down' },
  { zones: ['dnsbl.ahbl.org', 'rhsbl.ahbl.org', 'ircbl.ahbl.org'], name: 'AHBL', died: 'wound down 2014', behaviour: 'lists everything since 2015' },
  { zones: ['dnsbl.njabl.org', 'combined.njabl.org', 'bhnc.njabl.org'], name: 'NJABL', died: 'defunct since 2013', behaviour: 'lists everything' },
  { zones: ['list.dsbl.org', 'multihop.dsbl.org', 'unconfirmed.dsbl.org'], name: 'DSBL', died: 'shut down 2008', behaviour: 'unreachable' },
  { zones: ['relays.ordb.org'], name: 'ORDB', died: 'shut down 2006/2007', behaviour: 'lists everything' },
  { zones: ['bl.spamcannibal.org'], name: 'SpamCannibal', died: 'domain lapsed 2018/2019', behaviour: 'lists everything' },
  { zones: ['dsn.rfc-ignorant.org', 'postmaster.rfc-ignorant.org', 'abuse.rfc-ignorant.org', 'whois.rfc-ignorant.org', 'bogusmx.rfc-ignorant.org'], name: 'RFC-Ignorant', died: 'abandoned around 2012', behaviour: 'unmaintained' },
  { zones: ['bl.emailbasura.org'], name: 'Email Basura', died: 'domain expired 2019-10', behaviour: 'lists everything' },
  { zones: ['dnsbl.cyberlogic.net'], name: 'Cyberlogic', died: '2018-05', behaviour: 'lists everything' },
  { zones: ['dnsbl.burnt-tech.com'], name: 'Burnt Tech', died: 'domain expired 2015-09', behaviour: 'lists everything' },
  { zones: ['dnsbl.inps.de'], name: 'inps.de', died: 'shut down 2020-05-25', behaviour: 'shut down' },
  { zones: ['db.wpbl.info'], name: 'WPBL', died: 'emptied 2023-11, shut down 2024', behaviour: 'empty: lists nothing, not even its test point' },
  { zones: ['virbl.dnsbl.bit.nl'], name: 'VIRBL', died: '2017-01', behaviour: 'shut down' },
  { zones: ['spam.abuse.ch', 'combined.abuse.ch', 'drone.abuse.ch', 'httpbl.abuse.ch', 'uribl.zeustracker.abuse.ch', 'ipbl.zeustracker.abuse.ch'], name: 'abuse.ch DNSBLs', died: 'discontinued 2019', behaviour: 'SERVFAIL' },
  { zones: ['cbl.abuseat.org'], name: 'CBL', died: 'folded into Spamhaus XBL', behaviour: 'use Spamhaus XBL/ZEN (DQS) instead' },
  { zones: ['ubl.unsubscore.com', 'ubl.lashback.com'], name: 'LashBack UBL', died: 'offline around 2020', behaviour: 'unreachable' },
  { zones: ['dnsbl.madavi.de'], name: 'Madavi:BL', died: 'shut down 2025-03', behaviour: 'shut down' },
  { zones: ['spam.dnsbl.anonmails.de'], name: 'anonmails.de', died: 'gone 2024-11', behaviour: 'unknown' },
  { zones: ['rbl.lugh.ch'], name: 'lugh.ch', died: 'shut down 2024-07', behaviour: 'shut down' },
  { zones: ['spamtrap.drbl.drand.net'], name: 'drand.net DRBL', died: 'gone 2024-03', behaviour: 'unknown' },
  { zones: ['sbl.spamdown.org'], name: 'Spamdown', died: 'gone 2026-03', behaviour: 'unknown' },
  { zones: ['plus.bondedsender.org', 'query.bondedsender.org'], name: 'Bonded Sender', died: 'not working since 2024-08', behaviour: 'unknown' },
  { zones: ['rbl.megarbl.net'], name: 'MegaRBL', died: '2019-11', behaviour: 'shut down' },
  { zones: ['rbl.suresupport.com'], name: 'SureSupport RBL', died: '2019-12', behaviour: 'shut down' },
  { zones: ['dnsbl.anticaptcha.net', 'dnsbl6.anticaptcha.net'], name: 'AntiCaptcha.NET', died: '2021-07', behaviour: 'dead' },
  { zones: ['*.dnsbl.sectoor.de'], name: 'sectoor.de', died: 'dead since 2018-06', behaviour: 'dead' },
  { zones: ['sbl.nszones.com', 'bl.nszones.com', 'ubl.nszones.com'], name: 'nszones.com', died: 'never legitimate', behaviour: 'fake: republished stolen Spamhaus data (Spamhaus statement S008)' },
  { zones: ['badnets.spameatingmonkey.net'], name: 'SEM-BADNETS', died: 'deprecated 2010-02-15', behaviour: 'empty' },
  { zones: ['dwl.spamhaus.org', 'swl.spamhaus.org'], name: 'Spamhaus DWL/SWL', died: 'no longer supported (2018)', behaviour: 'unknown' },
  { zones: ['dul.ru'], name: 'dul.ru', died: 'abandoned 2016', behaviour: 'unknown' },
  { zones: ['inputs.orbz.org', 'outputs.orbz.org'], name: 'ORBZ', died: '2002', behaviour: 'poisoned: rejected mail from everyone' },
  { zones: ['*.dnsbl.net.au'], name: 'dnsbl.net.au', died: 'gone 2022-10', behaviour: 'unknown' },
  { zones: ['rbl.snark.net'], name: 'snark.net RBL', died: 'unmaintained', behaviour: 'stale' },
  { zones: ['*.rbl.msrbl.net'], name: 'MSRBL', died: 'possibly quit', behaviour: 'unknown' },
  { zones: ['wormrbl.imp.ch', 'spamrbl.imp.ch'], name: 'ImproWare (old names)', died: 'renamed', behaviour: 'use dnsrbl.swinog.ch (catalog id swinog)' },
  { zones: ['black.uribl.com', 'grey.uribl.com', 'red.uribl.com'], name: 'URIBL sub-zones', died: 'not dead: a misuse hazard', behaviour: 'refused queries answer 127.0.0.1 there; use multi.uribl.com (catalog id uribl-multi), decoded as a bitmask' },
];

export function findList(id: string): ListDef | undefined {
  return LISTS.find((l) => l.id === id);
}

/** The dead-zone entry a zone matches: exactly, or as a subdomain of a `*.` pattern. */
export function deadZoneFor(zone: string): DeadZone | undefined {
  const z = zone.toLowerCase().replace(/\.$/, '');
  return DEAD_ZONES.find((d) =>
    d.zones.some((p) => (p.startsWith('*.') ? z.endsWith(p.slice(1)) || z === p.slice(2) : z === p)),
  );
}

/** The zone with the key filled in (never log it). */
export function zoneWithKey(list: ListDef, key: string | undefined): string {
  return key === undefined ? list.zone : list.zone.replace('{key}', key);
}

/** The zone as people may see it: the key shows as `<key>`. */
export function displayZone(list: ListDef): string {
  return list.zone.replace('{key}', '<key>');
}
