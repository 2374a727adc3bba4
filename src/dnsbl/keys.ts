// List keys checked before any query: a key is one label of every query name, so a key with a
// dot, a space or a line break would silently change the names we ask (and leak the key to
// whoever answers them), and a key too long makes names DNS cannot carry.
import type { ItemKind, KeyName, ListDef } from '../model.ts';
import { LISTS, zoneWithKey } from './catalog.ts';
import { queryName } from './query.ts';

interface KeyFormat {
  /** As a mail admin knows it. */
  name: string;
  /** Where it is set, for the message. */
  where: string;
  /** The documented length, when the operator documents one. */
  length?: number;
  chars: RegExp;
  charsText: string;
}

/** RFC 1035: a label holds at most 63 octets, a name 255 on the wire (253 as dotted text). */
const MAX_LABEL = 63;
const MAX_NAME = 253;

/**
 * What each key looks like (data, not branches). Spamhaus: "<key> is a 26-character code
 * specific to each customer" (docs.spamhaustech.com, DQS "Access and Authentication"); its own
 * example key is lower-case letters and digits (github.com/spamhaus/rspamd-dqs README). Abusix
 * documents no length or alphabet, so its key need only be a DNS label.
 */
export const KEY_FORMATS: Record<KeyName, KeyFormat> = {
  'spamhaus-dqs': {
    name: 'Spamhaus DQS key',
    where: 'spamhaus-dqs-key (Action) or SPAMHAUS_DQS_KEY (CLI)',
    length: 26,
    chars: /^[a-z0-9]+$/i,
    charsText: 'letters and digits',
  },
  abusix: {
    name: 'Abusix key',
    where: 'abusix-key (Action) or ABUSIX_KEY (CLI)',
    chars: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i,
    charsText: 'letters, digits and inner hyphens',
  },
};

/**
 * The longest item of each kind in front of a zone: the longest IPv4 and IPv6 query heads
 * (15 and 63 characters); a domain's length is the monitor's, so domain lists are held to
 * their test points here and each too-long domain is reported on its own at query time.
 */
const LONGEST: Record<ItemKind, (list: ListDef) => string[]> = {
  ipv4: () => ['255.255.255.255'],
  ipv6: () => ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  domain: (list) => [list.test.listed, ...(list.test.unlisted === null ? [] : [list.test.unlisted])],
};

/** The length of an item's part of a query name, from the function that builds the names. */
function headLength(item: string, kind: ItemKind): number {
  return queryName(item, kind, 'x').length - '.x'.length;
}

/** What is wrong with the characters, without ever quoting the key. */
function badCharacter(key: string): string {
  if (/\s/.test(key)) return 'a space or a line break';
  if (key.includes('.')) return 'a dot';
  return 'a character other than letters and digits';
}

/** Problems with the given keys, as messages that never contain the key; empty when all are usable. */
export function keyErrors(keys: Partial<Record<KeyName, string>>, lists: readonly ListDef[] = LISTS): string[] {
  const errors: string[] = [];
  for (const [id, format] of Object.entries(KEY_FORMATS) as [KeyName, KeyFormat][]) {
    const key = keys[id];
    if (!key) continue;
    const fix = `check ${format.where}`;
    if (!format.chars.test(key)) {
      errors.push(`the ${format.name} contains ${badCharacter(key)}, which a DNS name cannot hold; ${format.name}s are ${format.charsText}: ${fix}`);
      continue;
    }
    if (format.length !== undefined && key.length !== format.length) {
      errors.push(`the ${format.name} is ${key.length} characters; ${format.name}s are ${format.length} (${format.charsText}): ${fix}`);
      continue;
    }
    if (key.length > MAX_LABEL) {
      errors.push(`the ${format.name} is ${key.length} characters; it is one label of every query name, and a DNS label holds at most ${MAX_LABEL}: ${fix}`);
      continue;
    }
    for (const list of lists.filter((l) => l.key === id)) {
      const zone = zoneWithKey(list, key);
      const items = list.kinds.flatMap((kind) => LONGEST[kind](list).map((item) => ({ item, kind })));
      const octets = Math.max(...items.map(({ item, kind }) => headLength(item, kind) + 1 + zone.length));
      if (octets > MAX_NAME) {
        errors.push(`the ${format.name} is ${key.length} characters, which makes query names to ${list.name} up to ${octets} octets long; DNS allows ${MAX_NAME}: ${fix}`);
        break;
      }
    }
  }
  return errors;
}
