// The rules of monitors.yml that the per-field schema cannot express: exactly one target per
// monitor, unique names, range sizes against settings.max-range, the file's limits, a custom
// list's codes against its decoding and its test points, list ids against the catalog. They read
// the raw YAML value, entry by entry, so they run even when another field of the same entry is
// invalid: every error in the file comes in one pass.
import ipaddr from 'ipaddr.js';
import { deadZoneFor } from '../dnsbl/catalog.ts';
import { itemKind } from '../dnsbl/query.ts';
import { parseAddress, specialRange } from '../targets/address.ts';
import { parseCidr } from '../targets/range.ts';
import { DECODES, DEFAULT_MAX_RANGE, MAX_CODES, MAX_LIST_IDS, MAX_MONITORS, MAX_RANGE_CEILING, MAX_TARGETS, TARGET_KEYS, dnsName, quoted, rfc5782Test, type Decode } from './schema.ts';
import { suggest } from './suggest.ts';

export type Path = (string | number)[];

export interface RuleIssue {
  path: Path;
  /** The whole message; it names its place (`monitors[1].name: …`) where that helps. */
  message: string;
  severity: 'error' | 'warning';
  /** Point at the map key at the end of `path` (a code), not at its value. */
  at?: 'key';
  /** Index of the monitor it is about: irrelevant when ad-hoc targets replace the monitors. */
  monitor?: number;
}

// ------------------------------------------------------------------ the raw (YAML → JS) value

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const p of path) {
    if (typeof p === 'number' ? !Array.isArray(v) : !isRecord(v)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** `monitors[0].address`, `lists.add[1].codes["127.0.0.2"]` */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => {
    if (typeof p === 'number') return `${s}[${p}]`;
    const key = String(p);
    if (!/^[A-Za-z_][\w-]*$/.test(key)) return `${s}[${JSON.stringify(key)}]`;
    return s ? `${s}.${key}` : key;
  }, '');
}

function listAt(raw: unknown, path: Path): unknown[] {
  const v = valueAt(raw, path);
  return Array.isArray(v) ? v : [];
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

// ------------------------------------------------------------------ custom lists

const BITS = [1, 2, 4, 8, 16, 32, 64, 128];

/** DNS's longest name in dotted text (RFC 1035), and the longest address part in front of a zone. */
const MAX_NAME = 253;
const ADDRESS_HEAD = { ipv4: '255.255.255.255'.length, ipv6: 32 * 2 - 1 } as const;

function loopbackAnswer(key: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(key) && key.split('.')[0] === '127';
}

/**
 * A code key in the form the decoder compares (`127.0.0.2`, `4`, `5`), or a message saying what is
 * wrong. A refusal may always be a whole answer (127.0.0.1 refused under any decoding).
 */
function codeKey(decode: Decode, key: string, field: 'codes' | 'refusals'): { ok: string } | { error: string } {
  if (decode === 'exact' || (field === 'refusals' && loopbackAnswer(key))) {
    return loopbackAnswer(key)
      ? { ok: ipaddr.IPv4.parse(key).toString() }
      : { error: `expected an answer inside 127.0.0.0/8 such as 127.0.0.2 as the key (decode: exact), got ${quoted(key)}` };
  }
  const n = /^\d{1,3}$/.test(key) ? Number(key) : NaN;
  if (decode !== 'bitmask') {
    return n >= 0 && n <= 255 ? { ok: String(n) } : { error: `expected an octet value from 0 to 255 as the key (decode: ${decode}), got ${quoted(key)}` };
  }
  if (!(n >= 1 && n <= 255)) return { error: `expected a bit value from 1 to 255 as the key (decode: bitmask), got ${quoted(key)}` };
  if (!BITS.includes(n)) {
    // The decoder tests each key against the answer's last octet; a key of two bits would match either.
    const parts = BITS.filter((b) => (n & b) !== 0).join(' + ');
    return { error: `expected a single bit (1, 2, 4, 8, 16, 32, 64 or 128) as the key (decode: bitmask), got ${n} = ${parts}; give each bit its own key` };
  }
  return { ok: String(n) };
}

/** A test point as it is compared: canonical address, or lower-case name. */
function testPointKey(point: string): string {
  const t = point.trim();
  return ipaddr.isValid(t) && itemKind(t) !== 'domain' ? ipaddr.parse(t).toString() : t.toLowerCase().replace(/\.$/, '');
}

const KIND_WORDS = { ipv4: 'an IPv4 address', ipv6: 'an IPv6 address', domain: 'a domain name' } as const;

function customListRules(l: Record<string, unknown>, at: Path, out: RuleIssue[]): void {
  const error = (path: Path, message: string, key = false): void => {
    out.push({ path: [...at, ...path], message, severity: 'error', ...(key ? { at: 'key' as const } : {}) });
  };
  const where = (path: Path): string => pathText([...at, ...path]);

  // Codes and refusals: keys that fit the decoding, no answer both a listing and a refusal.
  const decode = l.decode === undefined ? 'exact' : l.decode;
  const keys: Partial<Record<'codes' | 'refusals', Map<string, string>>> = {};
  for (const field of ['codes', 'refusals'] as const) {
    const table = l[field];
    if (!isRecord(table)) continue;
    const names = Object.keys(table);
    if (names.length > MAX_CODES) error([field], `${where([field])}: expected at most ${MAX_CODES} entries, got ${names.length}`);
    // With decode itself invalid there is nothing to judge the keys by; the schema says why.
    if (typeof decode !== 'string' || !(DECODES as readonly string[]).includes(decode)) continue;
    const canonical = new Map<string, string>();
    for (const key of names) {
      const k = codeKey(decode as Decode, key, field);
      if ('error' in k) error([field, key], k.error, true);
      else canonical.set(k.ok, key);
    }
    keys[field] = canonical;
  }
  for (const [k, key] of keys.refusals ?? []) {
    const code = keys.codes?.get(k);
    if (code === undefined) continue;
    error(
      ['refusals', key],
      `${quoted(key)} is also in codes (as ${quoted(code)}); an answer is either a listing or a refusal: remove it from one of the two`,
      true,
    );
  }

  // Test points: items the list can be asked about, of a kind it serves, and not one and the same.
  const kinds = Array.isArray(l.kinds) ? l.kinds.filter((k): k is keyof typeof KIND_WORDS => k === 'ipv4' || k === 'ipv6' || k === 'domain') : [];
  const test = isRecord(l.test) ? l.test : {};
  const defaults = rfc5782Test(kinds);
  const points = {
    listed: typeof test.listed === 'string' ? test.listed.trim() : defaults.listed,
    unlisted: typeof test.unlisted === 'string' ? test.unlisted.trim() : test.unlisted === null ? null : defaults.unlisted,
  };
  let usable = true;
  for (const which of ['listed', 'unlisted'] as const) {
    const point = test[which];
    if (typeof point !== 'string' || point.trim() === '') continue;
    const kind = itemKind(point.trim());
    if (kind === null) {
      usable = false;
      error(['test', which], `${where(['test', which])}: expected an address or a domain name the list can be asked about, such as ${defaults[which]}, got ${quoted(point)}`);
    } else if (kinds.length > 0 && !kinds.includes(kind)) {
      usable = false;
      error(['test', which], `${where(['test', which])}: ${quoted(point.trim())} is ${KIND_WORDS[kind]}, but the list serves ${kinds.join(', ')}`);
    }
  }
  if (usable && points.unlisted !== null && testPointKey(points.listed) === testPointKey(points.unlisted)) {
    const explicit = typeof test.unlisted === 'string';
    const path = explicit ? ['test', 'unlisted'] : ['test', 'listed'];
    const other = explicit ? 'test.listed' : 'test.unlisted (the RFC 5782 default)';
    error(
      path,
      `${where(path)}: ${quoted(explicit ? points.unlisted : points.listed)} is also ${other}; a list cannot both list and not list the same item: pick two different test points`,
    );
  }
}

// ------------------------------------------------------------------ monitors

/** Keys a monitor may have; anything else is the schema's unknown-key error. */
const MONITOR_KEYS = new Set(['name', ...TARGET_KEYS, 'expand', 'skip']);

function monitorRules(m: Record<string, unknown>, at: Path, out: RuleIssue[]): void {
  const targets = TARGET_KEYS.filter((k) => given(m[k]));
  // A misspelt target key ("adress") leaves the monitor without a target; the unknown-key error
  // with its suggestion says it all.
  const misspelt = Object.keys(m).some((k) => !MONITOR_KEYS.has(k));
  if (targets.length > 1 || (targets.length === 0 && !misspelt)) {
    out.push({
      path: at,
      severity: 'error',
      message: `${pathText(at)}: expected exactly one of address, range, host or domain${targets.length > 1 ? `, got ${targets.join(' and ')}` : ''}`,
    });
  }
  if (given(m.expand) && !given(m.domain)) {
    out.push({ path: [...at, 'expand'], severity: 'error', message: `${pathText([...at, 'expand'])}: expand (mx, spf) applies to domain monitors only` });
  }
}

/** The canonical range of a monitor's `range`, if it is one (its other faults are the schema's). */
function rangeOf(m: Record<string, unknown>): { text: string; size: bigint } | null {
  if (typeof m.range !== 'string') return null;
  const c = parseCidr(m.range);
  return c ? { text: `${c.network}/${c.prefix}`, size: 1n << BigInt((c.kind === 'ipv4' ? 32 : 128) - c.prefix) } : null;
}

// ------------------------------------------------------------------ the file

/** The file's settings.max-range if it is valid; undefined when invalid (the schema says why). */
function maxRangeOf(raw: unknown): number | undefined {
  const v = valueAt(raw, ['settings', 'max-range']);
  if (v === undefined) return DEFAULT_MAX_RANGE;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_RANGE_CEILING ? v : undefined;
}

export function checkRules(raw: unknown, known: ReadonlySet<string>): RuleIssue[] {
  const out: RuleIssue[] = [];
  const error = (path: Path, message: string): void => {
    out.push({ path, message, severity: 'error' });
  };

  // Custom lists: ids new and once each, zones alive, codes and test points consistent.
  const custom = new Set<string>();
  listAt(raw, ['lists', 'add']).forEach((item, i) => {
    if (!isRecord(item)) return;
    const at = ['lists', 'add', i];
    if (typeof item.id === 'string') {
      if (known.has(item.id)) error([...at, 'id'], `lists.add[${i}].id: '${item.id}' is already a catalog list; add it by its id alone, or pick another id for your own list`);
      else if (custom.has(item.id)) error([...at, 'id'], `lists.add[${i}].id: duplicate list id ${quoted(item.id)}`);
      custom.add(item.id);
    }
    const zone = typeof item.zone === 'string' ? dnsName(item.zone) : null;
    const dead = zone === null ? undefined : deadZoneFor(zone);
    if (dead) error([...at, 'zone'], `lists.add[${i}].zone: ${zone} is a dead zone (${dead.name}: ${dead.died}; ${dead.behaviour}); remove it`);
    // The longest address name in front of the zone must still fit DNS's 253 octets, or no query could be sent.
    const kinds = Array.isArray(item.kinds) ? item.kinds : [];
    const head = kinds.includes('ipv6') ? ADDRESS_HEAD.ipv6 : kinds.includes('ipv4') ? ADDRESS_HEAD.ipv4 : 0;
    if (zone !== null && head > 0 && head + 1 + zone.length > MAX_NAME) {
      error([...at, 'zone'], `lists.add[${i}].zone: ${zone.length} characters is too long for an address list: with the longest address in front (${head} characters) a query name would pass DNS's ${MAX_NAME}; at most ${MAX_NAME - head - 1}`);
    }
    customListRules(item, at, out);
  });

  // One suggestion per unknown id, however often it is written; past MAX_LIST_IDS ids a list
  // is the schema's error, and its tail is not looked at.
  const hints = new Map<ReadonlySet<string>, Map<string, string | undefined>>();
  const checkIds = (path: Path, accepted: ReadonlySet<string>): void => {
    const memo = hints.get(accepted) ?? new Map<string, string | undefined>();
    hints.set(accepted, memo);
    const candidates = [...accepted];
    listAt(raw, path)
      .slice(0, MAX_LIST_IDS)
      .forEach((id, i) => {
        // Ids that are not even well-formed are the schema's to report.
        if (typeof id !== 'string' || accepted.has(id) || !/^[a-z0-9][a-z0-9._-]*$/.test(id)) return;
        const hint = memo.has(id) ? memo.get(id) : suggest(id, candidates);
        memo.set(id, hint);
        error([...path, i], `unknown list '${id}'${hint ? `; did you mean '${hint}'?` : ' (the README has the table of list ids)'}`);
      });
  };
  const all = new Set([...known, ...custom]);
  checkIds(['lists', 'add'], known);
  checkIds(['lists', 'skip'], all);

  // Monitors. Past MAX_MONITORS the file is refused as a whole; the rest is not checked one by one.
  const monitors = listAt(raw, ['monitors']);
  if (monitors.length > MAX_MONITORS) {
    error(
      ['monitors', MAX_MONITORS],
      `monitors: this file has ${monitors.length} monitors, and at most ${MAX_MONITORS} are allowed; number ${MAX_MONITORS + 1} starts here (the ones from here on were not checked). Watch a block of addresses with one range monitor rather than one monitor per address`,
    );
  }
  const maxRange = maxRangeOf(raw);
  const names = new Map<string, number>();
  let total = 0;
  let overTotal = false;
  monitors.slice(0, MAX_MONITORS).forEach((entry, i) => {
    checkIds(['monitors', i, 'skip'], all);
    if (!isRecord(entry)) return;
    const at = ['monitors', i];
    const name = typeof entry.name === 'string' ? entry.name.trim() : undefined;
    if (name) {
      const first = names.get(name);
      if (first === undefined) names.set(name, i);
      else error([...at, 'name'], `monitors[${i}].name: duplicate monitor name ${quoted(name)} (also monitors[${first}])`);
    }
    monitorRules(entry, at, out);

    const range = rangeOf(entry);
    if (range && maxRange !== undefined && range.size > BigInt(maxRange)) {
      error([...at, 'range'], `range ${range.text} has ${range.size} addresses; the limit is ${maxRange} (settings.max-range)`);
    } else if (range || typeof entry.address === 'string') {
      // Addresses written in the file, all monitors together; hosts and domains are counted when resolved.
      total += range ? Number(range.size) : 1;
      if (total > MAX_TARGETS && !overTotal) {
        overTotal = true;
        error(
          at,
          `monitors[${i}]: with this monitor the addresses to check add up to more than ${MAX_TARGETS} (the most one run checks); split the file into several patrols, or watch fewer addresses`,
        );
      }
    }
    const address = typeof entry.address === 'string' ? parseAddress(entry.address) : null;
    const literal = address ? { field: 'address', text: address.value, first: address.value } : range ? { field: 'range', text: range.text, first: range.text.split('/')[0] ?? '' } : null;
    const special = literal === null ? null : specialRange(literal.first);
    if (literal !== null && special !== null) {
      out.push({
        path: [...at, literal.field],
        severity: 'warning',
        monitor: i,
        message: `${literal.text} is in ${special}: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)`,
      });
    }
  });
  return out;
}
