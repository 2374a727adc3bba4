// Which lists this run uses: the catalog's default set (or all, or none) + added − skipped.
import type { DecodeMode, ItemKind, KeyName, ListDef } from '../model.ts';
import { LISTS, deadZoneFor, findList } from './catalog.ts';
import { keyErrors } from './keys.ts';

/** A list the user defines in monitors.yml (lists.add). */
export interface CustomListSpec {
  id: string;
  name?: string | undefined;
  zone: string;
  kinds: ItemKind[];
  decode: DecodeMode;
  codes: Record<string, string>;
  refusals: Record<string, string>;
  test?: { listed?: string | undefined; unlisted?: string | null | undefined } | undefined;
  /** May hold {ip} / {domain}, filled per target by fillLink(). */
  delist?: string | undefined;
  /** May hold {ip} / {domain} like delist. */
  info?: string | undefined;
}

export interface ListSpec {
  use: 'default' | 'all' | 'none';
  add: (string | CustomListSpec)[];
  skip: string[];
}


/** RFC 5782 test points by the first kind a custom list serves. */
function defaultTest(kinds: ItemKind[]): { listed: string; unlisted: string } {
  if (kinds.includes('ipv4')) return { listed: '127.0.0.2', unlisted: '127.0.0.1' };
  if (kinds.includes('ipv6')) return { listed: '::ffff:7f00:2', unlisted: '::ffff:7f00:1' };
  return { listed: 'test', unlisted: 'invalid' };
}

export function customToListDef(c: CustomListSpec): ListDef {
  const test = defaultTest(c.kinds);
  const def: ListDef = {
    id: c.id,
    name: c.name ?? c.id,
    zone: c.zone.toLowerCase().replace(/\.$/, ''),
    kinds: c.kinds,
    decode: c.decode,
    // A custom list says what its codes mean, not why: its listings are uncategorised.
    codes: Object.fromEntries(
      Object.entries(c.codes).map(([k, meaning]) => [k, { meaning, severity: 'high' as const, cause: 'uncategorised' as const }]),
    ),
    refusals: { ...c.refusals },
    test: {
      listed: c.test?.listed ?? test.listed,
      unlisted: c.test?.unlisted === undefined ? test.unlisted : c.test.unlisted,
    },
    access: 'public',
    scope: c.kinds.includes('domain') ? 'domain' : 'address',
    default: false,
  };
  if (c.delist) def.delist = c.delist;
  if (c.info) def.info = c.info;
  return def;
}

export function selectLists(
  spec: ListSpec,
  keys: Partial<Record<KeyName, string>> = {},
): { lists: ListDef[]; errors: string[] } {
  // A malformed key is found here, before any query: it would change every name we ask.
  const errors: string[] = keyErrors(keys);
  // One rule for every list that needs a key (Spamhaus and Abusix alike): a default one is in the
  // run with or without its key. Without it, it is not queried and the coverage line names it
  // ("not checked: … (needs …)"), since silence is never "clean"; lists.skip leaves it out.
  const base = spec.use === 'all' ? [...LISTS] : spec.use === 'default' ? LISTS.filter((l) => l.default) : [];
  const chosen = new Map(base.map((l) => [l.id, l]));

  for (const item of spec.add) {
    if (typeof item === 'string') {
      const list = findList(item);
      if (list) chosen.set(list.id, list);
      else errors.push(`unknown list '${item}'`);
      continue;
    }
    const dead = deadZoneFor(item.zone);
    if (dead) {
      errors.push(`list '${item.id}': ${item.zone} is a dead zone (${dead.name}: ${dead.died}; ${dead.behaviour}); remove it`);
      continue;
    }
    chosen.set(item.id, customToListDef(item));
  }
  for (const id of spec.skip) chosen.delete(id);
  return { lists: [...chosen.values()], errors };
}
