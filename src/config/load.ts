// Loading monitors.yml with errors a person can act on: file, line, column, what was expected.
// Every problem in the file is reported in one pass; bad input never gets further than here
// (callers touch no state and no issue on an error).
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { LISTS, deadZoneFor } from '../dnsbl/catalog.ts';
import { specialRange } from '../targets/address.ts';
import { rangeSize } from '../targets/range.ts';
import { ConfigSchema, DEFAULT_MAX_RANGE, MAX_RANGE_CEILING, MonitorSchema, dnsName, renderJsonSchema, type Config } from './schema.ts';
import { suggest } from './suggest.ts';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning';
}

export type ConfigResult =
  | { ok: true; config: Config; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface LoadOptions {
  /** Catalog ids accepted in lists.add / lists.skip / monitors[].skip (default: the catalog's). */
  knownListIds?: string[];
}

type Path = (string | number)[];
type Located = { range?: [number, number, number] | null | undefined } | undefined;

/** `monitors.yml:12:5: error: …` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
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

/** Positions in the YAML source, for paths into the parsed document. */
class Locator {
  private readonly doc: Document;
  private readonly lc: LineCounter;
  private readonly file: string;

  constructor(doc: Document, lc: LineCounter, file: string) {
    this.doc = doc;
    this.lc = lc;
    this.file = file;
  }

  at(start: number, end: number | undefined, message: string, severity: Diagnostic['severity']): Diagnostic {
    const s = this.lc.linePos(start);
    const d: Diagnostic = { file: this.file, line: s.line, column: s.col, message, severity };
    if (end !== undefined && end > start) {
      const e = this.lc.linePos(end);
      d.endLine = e.line;
      d.endColumn = e.col;
    }
    return d;
  }

  /** The node at a path, or the nearest ancestor that exists (a missing key points at its parent map). */
  node(path: Path): Located {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node)) return node;
    }
    return undefined;
  }

  /** The key `key` of the map at `path` (so an unknown key is underlined itself). */
  keyNode(path: Path, key: string): Located {
    const map: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
      }
    }
    return this.node(path);
  }

  diag(node: Located, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    const r = node?.range;
    return r ? this.at(r[0], r[1], message, severity) : { file: this.file, line: 1, column: 1, message, severity };
  }
}

// ------------------------------------------------------------------ the raw (YAML → JS) value

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const p of path) {
    if (typeof p === 'number' ? !Array.isArray(v) : !isRecord(v)) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function hasKey(raw: unknown, path: Path): boolean {
  const parent = valueAt(raw, path.slice(0, -1));
  const key = path[path.length - 1];
  return isRecord(parent) && typeof key === 'string' && Object.hasOwn(parent, key);
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}…` : v}'`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

// ------------------------------------------------------------------ known keys, from the JSON Schema

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

let jsonSchema: JsonSchema | undefined;

/** Valid keys of the map at a path, read from the generated JSON Schema (one source of truth). */
function keysAt(path: Path): string[] {
  jsonSchema ??= JSON.parse(renderJsonSchema()) as JsonSchema;
  const expand = (ns: JsonSchema[]): JsonSchema[] => ns.flatMap((n) => [n, ...(n.anyOf ?? [])]);
  let nodes: JsonSchema[] = [jsonSchema];
  for (const p of path) {
    nodes = expand(nodes).flatMap((n) => {
      const next = typeof p === 'number' ? n.items : n.properties?.[p];
      return next ? [next] : [];
    });
  }
  return [...new Set(expand(nodes).flatMap((n) => Object.keys(n.properties ?? {})))];
}

// ------------------------------------------------------------------ zod issues → diagnostics

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  record: 'a map of keys',
};

const FORMATS: Record<string, string> = { email: 'an email address', url: 'a web address', regex: 'text in the right format' };

function plural(n: number | bigint, one: string): string {
  return `${n} ${one}${n === 1 || n === 1n ? '' : 's'}`;
}

/**
 * Plain words for zod's built-in issues, used where the schema gives no message of its own.
 * The value itself is added by the caller (", got …"), from the YAML.
 */
const plainWords: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${EXPECTED[iss.expected] ?? iss.expected}`;
    case 'invalid_value':
      return `expected one of ${iss.values.map(String).join(', ')}`;
    case 'too_small':
      if (iss.origin === 'array') return `expected at least ${plural(iss.minimum, 'item')}`;
      if (iss.origin === 'string') return iss.minimum === 1 ? 'expected non-empty text' : `expected at least ${plural(iss.minimum, 'character')}`;
      return `expected at least ${String(iss.minimum)}`;
    case 'too_big':
      if (iss.origin === 'array') return `expected at most ${plural(iss.maximum, 'item')}`;
      if (iss.origin === 'string') return `expected at most ${plural(iss.maximum, 'character')}`;
      return `expected at most ${String(iss.maximum)}`;
    case 'invalid_format':
      return `expected ${FORMATS[iss.format] ?? iss.format}`;
    default:
      return undefined;
  }
};

interface UnknownKey {
  path: Path;
  key: string;
  hint: string | undefined;
}

function unknownKeyDiagnostic(u: UnknownKey, loc: Locator): Diagnostic {
  const where = u.path.length === 0 ? 'at the top level' : `in ${pathText(u.path)}`;
  const advice = u.hint ? `did you mean '${u.hint}'?` : `expected one of ${keysAt(u.path).join(', ')}`;
  return loc.diag(loc.keyNode(u.path, u.key), `unknown key '${u.key}' ${where}; ${advice}`);
}

function issueDiagnostics(issue: z.core.$ZodIssue, base: Path, raw: unknown, loc: Locator): Diagnostic[] {
  const path: Path = [...base, ...(issue.path as Path)];
  const where = pathText(path) || 'the file';
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKeyDiagnostic({ path, key, hint: suggest(key, keysAt(path)) }, loc));
    case 'invalid_union': {
      // Report the branch whose shape the user wrote (text or a map); if none, name them all.
      const meant = issue.errors.find((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (meant) return meant.flatMap((i) => issueDiagnostics(i, path, raw, loc));
      // The schema's own message when every branch gives the same one (settings.timeout), else the types.
      const messages = new Set(issue.errors.flatMap((b) => b.map((i) => i.message)));
      const kinds = new Set(issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' ? [EXPECTED[i.expected] ?? i.expected] : []))));
      const expected = messages.size === 1 ? [...messages].join('') : `expected ${[...kinds].join(' or ')}`;
      return [loc.diag(loc.node(path), `${where}: ${expected}, got ${describe(value)}`)];
    }
    case 'custom': {
      // Issues about a map key (codes, refusals) point at the key and name the map.
      if (issue.params?.at === 'key' && path.length > 0) {
        const parent = path.slice(0, -1);
        return [loc.diag(loc.keyNode(parent, String(path[path.length - 1])), `${pathText(parent)}: ${issue.message}`)];
      }
      return [loc.diag(loc.node(path), `${where}: ${issue.message}`)];
    }
    case 'invalid_type': {
      const key = path[path.length - 1];
      if (typeof key === 'string' && !hasKey(raw, path)) {
        const parent = pathText(path.slice(0, -1));
        return [loc.diag(loc.node(path), `${parent || 'the file'}: missing required key '${key}'`)];
      }
      break;
    }
    case 'invalid_value': {
      const hint = typeof value === 'string' ? suggest(value, issue.values.map(String)) : undefined;
      return [loc.diag(loc.node(path), `${where}: ${issue.message}, got ${describe(value)}${hint ? `; did you mean '${hint}'?` : ''}`)];
    }
  }
  return [loc.diag(loc.node(path), `${where}: ${issue.message}, got ${describe(value)}`)];
}

function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], raw: unknown, loc: Locator): Diagnostic[] {
  const unknown: UnknownKey[] = issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((key) => ({ path: i.path as Path, key, hint: suggest(key, keysAt(i.path as Path)) })) : [],
  );
  const misspelt = new Set(unknown.map((u) => pathText(u.path)));
  // A misspelt target key ("adress") also leaves its monitor without a target; the unknown-key
  // error with its suggestion says it all, so that whole-map complaint is dropped. A missing
  // required key is still named: the typo may not be the only thing wrong with the map.
  const knockOn = (i: z.core.$ZodIssue): boolean => i.code === 'custom' && misspelt.has(pathText(i.path));
  return [
    ...unknown.map((u) => unknownKeyDiagnostic(u, loc)),
    ...issues.filter((i) => i.code !== 'unrecognized_keys' && !knockOn(i)).flatMap((i) => issueDiagnostics(i, [], raw, loc)),
  ];
}

// ------------------------------------------------------------------ checks across the file

/**
 * What the schema cannot see field by field: duplicate names, range sizes against
 * settings.max-range, list ids against the catalog. Works on whatever parts of the file are
 * valid, so these errors come together with the schema's.
 */
function crossChecks(raw: unknown, loc: Locator, known: ReadonlySet<string>): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const list = (path: Path): unknown[] => {
    const v = valueAt(raw, path);
    return Array.isArray(v) ? v : [];
  };

  // Custom lists: ids must be new, once each, and their zones alive.
  const custom = new Set<string>();
  list(['lists', 'add']).forEach((item, i) => {
    if (!isRecord(item) || typeof item.id !== 'string') return;
    const at = loc.node(['lists', 'add', i, 'id']);
    if (known.has(item.id)) errors.push(loc.diag(at, `lists.add[${i}].id: '${item.id}' is already a catalog list; add it by its id alone, or pick another id for your own list`));
    else if (custom.has(item.id)) errors.push(loc.diag(at, `lists.add[${i}].id: duplicate list id '${item.id}'`));
    custom.add(item.id);
    const zone = typeof item.zone === 'string' ? dnsName(item.zone) : null;
    const dead = zone === null ? undefined : deadZoneFor(zone);
    if (dead) {
      errors.push(loc.diag(loc.node(['lists', 'add', i, 'zone']), `lists.add[${i}].zone: ${zone} is a dead zone (${dead.name}: ${dead.died}; ${dead.behaviour}); remove it`));
    }
  });

  const checkIds = (path: Path, accepted: ReadonlySet<string>): void => {
    list(path).forEach((id, i) => {
      // Ids that are not even well-formed are the schema's to report.
      if (typeof id !== 'string' || accepted.has(id) || !/^[a-z0-9][a-z0-9._-]*$/.test(id)) return;
      const hint = suggest(id, [...accepted]);
      errors.push(loc.diag(loc.node([...path, i]), `unknown list '${id}'${hint ? `; did you mean '${hint}'?` : ' (the README has the table of list ids)'}`));
    });
  };
  const all = new Set([...known, ...custom]);
  checkIds(['lists', 'add'], known);
  checkIds(['lists', 'skip'], all);

  const maxRangeRaw = valueAt(raw, ['settings', 'max-range']);
  const maxRange =
    maxRangeRaw === undefined
      ? DEFAULT_MAX_RANGE
      : typeof maxRangeRaw === 'number' && Number.isInteger(maxRangeRaw) && maxRangeRaw >= 1 && maxRangeRaw <= MAX_RANGE_CEILING
        ? maxRangeRaw
        : undefined; // invalid: reported by the schema, and no basis for judging ranges

  const names = new Map<string, number>();
  list(['monitors']).forEach((entry, i) => {
    checkIds(['monitors', i, 'skip'], all);
    const name = isRecord(entry) && typeof entry.name === 'string' ? entry.name.trim() : undefined;
    if (name) {
      const first = names.get(name);
      if (first === undefined) names.set(name, i);
      else errors.push(loc.diag(loc.node(['monitors', i, 'name']), `monitors[${i}].name: duplicate monitor name '${name}' (also monitors[${first}])`));
    }

    const parsed = MonitorSchema.safeParse(entry);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.range !== undefined && maxRange !== undefined) {
      const size = rangeSize(m.range);
      if (size > BigInt(maxRange)) {
        errors.push(loc.diag(loc.node(['monitors', i, 'range']), `range ${m.range} has ${size} addresses; the limit is ${maxRange} (settings.max-range)`));
      }
    }
    const literal = m.address ?? m.range?.split('/')[0];
    const special = literal === undefined ? null : specialRange(literal);
    if (special !== null) {
      warnings.push(
        loc.diag(
          loc.node(['monitors', i, m.address !== undefined ? 'address' : 'range']),
          `${m.address ?? m.range} is in ${special}: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)`,
          'warning',
        ),
      );
    }
  });
  return { errors, warnings };
}

// ------------------------------------------------------------------ entry points

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/** The same complaint about the same spot once. */
function unique(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The text of the map key that starts at `offset`. */
function keyAt(doc: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      key = String(pair.key.value);
      return visit.BREAK;
    },
  });
  return key;
}

function yamlDiagnostic(e: YAMLError, doc: Document, loc: Locator, severity: Diagnostic['severity']): Diagnostic {
  const [start, end] = e.pos;
  const key = e.code === 'DUPLICATE_KEY' ? keyAt(doc, start) : undefined;
  const message =
    key !== undefined
      ? `duplicate key '${key}': keys must be unique within a map`
      : e.code === 'MULTIPLE_DOCS'
        ? "YAML: a second document starts here (after '---'); the config is one document"
        : `YAML: ${e.message.split('\n')[0] ?? e.message}`;
  return loc.at(start, end, message, severity);
}

export function parseConfig(text: string, file: string, opts: LoadOptions = {}): ConfigResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const loc = new Locator(doc, lc, file);
  const warnings = doc.warnings.map((w) => yamlDiagnostic(w, doc, loc, 'warning'));
  const errors = doc.errors.map((e) => yamlDiagnostic(e, doc, loc, 'error'));
  const fail = (): ConfigResult => ({ ok: false, errors: unique(errors).sort(byPosition), warnings: unique(warnings).sort(byPosition) });
  // After a duplicate key the document still reads well (the last value counts), so checking
  // goes on; after a syntax error what follows cannot be trusted.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return fail();

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    errors.push({ file, line: 1, column: 1, severity: 'error', message: `YAML: ${(e as Error).message}` });
    return fail();
  }
  if (raw === null || raw === undefined) {
    errors.push({ file, line: 1, column: 1, severity: 'error', message: 'the file is empty; expected at least a monitors: list (see the README)' });
    return fail();
  }

  const parsed = ConfigSchema.safeParse(raw, { error: plainWords });
  if (!parsed.success) errors.push(...schemaDiagnostics(parsed.error.issues, raw, loc));
  const checked = crossChecks(raw, loc, new Set(opts.knownListIds ?? LISTS.map((l) => l.id)));
  errors.push(...checked.errors);
  warnings.push(...checked.warnings);
  if (!parsed.success || errors.length > 0) return fail();
  return { ok: true, config: parsed.data, warnings: unique(warnings).sort(byPosition) };
}

export async function loadConfig(file: string, opts: LoadOptions = {}): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message =
      code === 'ENOENT'
        ? `${file} not found; create it (the README shows the format), or name another file with --config FILE (CLI) or the config input (Action)`
        : `cannot read ${file}: ${(e as Error).message}`;
    return { ok: false, errors: [{ file, line: 1, column: 1, severity: 'error', message }], warnings: [] };
  }
  return parseConfig(text, file, opts);
}
