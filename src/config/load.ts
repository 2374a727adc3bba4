// Loading monitors.yml with errors a person can act on: file, line, column, what was expected.
// Bad input never gets further than here: callers touch no state and no issue on an error.
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { LISTS, deadZoneFor } from '../dnsbl/catalog.ts';
import { specialRange } from '../targets/address.ts';
import { rangeSize } from '../targets/range.ts';
import { ConfigSchema, renderJsonSchema, type Config } from './schema.ts';
import { suggest } from './suggest.ts';

export interface Diagnostic {
  file: string;
  line: number;
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

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

/** monitors[0].address */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

class Locator {
  private readonly doc: Document;
  private readonly lc: LineCounter;
  private readonly file: string;

  constructor(doc: Document, lc: LineCounter, file: string) {
    this.doc = doc;
    this.lc = lc;
    this.file = file;
  }

  private at(offset: number, endOffset: number | undefined, message: string, severity: Diagnostic['severity']): Diagnostic {
    const start = this.lc.linePos(offset);
    const d: Diagnostic = { file: this.file, line: start.line, column: start.col, message, severity };
    if (endOffset !== undefined) {
      const end = this.lc.linePos(endOffset);
      d.endLine = end.line;
      d.endColumn = end.col;
    }
    return d;
  }

  /** The node at a path, or the nearest ancestor that exists (a missing key points at its parent). */
  node(path: Path): { range?: [number, number, number] | null | undefined } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (isNode(node)) return node;
    }
    return undefined;
  }

  /** The key node of `key` in the map at `path` (so an unknown key is underlined itself). */
  keyNode(path: Path, key: string): { range?: [number, number, number] | null | undefined } | undefined {
    const map: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
      }
    }
    return this.node(path);
  }

  diag(node: { range?: [number, number, number] | null | undefined } | undefined, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    const r = node?.range;
    return r ? this.at(r[0], r[1], message, severity) : { file: this.file, line: 1, column: 1, message, severity };
  }

  value(path: Path): unknown {
    const v: unknown = this.doc.getIn(path);
    return isScalar(v) ? v.value : v;
  }
}

// ------------------------------------------------------------------ known keys, from the JSON Schema

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

let jsonSchema: JsonSchema | undefined;

/** Valid keys of the map at a path, read from the generated JSON Schema (one source of truth). */
function keysAt(path: Path): string[] {
  jsonSchema ??= JSON.parse(renderJsonSchema()) as JsonSchema;
  let nodes: JsonSchema[] = [jsonSchema];
  for (const p of path) {
    nodes = nodes
      .flatMap((n) => [n, ...(n.anyOf ?? []), ...(n.oneOf ?? [])])
      .flatMap((n) => (typeof p === 'number' ? (n.items ? [n.items] : []) : n.properties?.[p] ? [n.properties[p]] : []));
  }
  return nodes.flatMap((n) => [n, ...(n.anyOf ?? []), ...(n.oneOf ?? [])]).flatMap((n) => Object.keys(n.properties ?? {}));
}

// ------------------------------------------------------------------ zod issues → diagnostics

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}…` : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
};

function issueToDiagnostics(issue: z.core.$ZodIssue, base: Path, loc: Locator): Diagnostic[] {
  const path: Path = [...base, ...(issue.path as Path)];
  const where = pathText(path) || 'the file';
  const value = loc.value(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const hint = suggest(key, keysAt(path));
        const valid = keysAt(path);
        return loc.diag(
          loc.keyNode(path, key),
          `unknown key '${key}' in ${where}; ${hint ? `did you mean '${hint}'?` : `expected one of ${valid.join(', ')}`}`,
        );
      });
    case 'invalid_union': {
      // lists.add items: a catalog id (text) or a custom list (map); report the branch the user meant.
      const branches = issue.errors;
      const meant = branches.find((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0)) ?? branches[0] ?? [];
      return meant.flatMap((i) => issueToDiagnostics(i, path, loc));
    }
    case 'invalid_type': {
      if (value === undefined) {
        const key = path[path.length - 1];
        return [loc.diag(loc.node(path), `${pathText(path.slice(0, -1)) || 'the file'}: missing required key '${String(key)}' (${EXPECTED[issue.expected] ?? issue.expected})`)];
      }
      return [loc.diag(loc.node(path), `${where}: expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(value)}`)];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = typeof value === 'string' ? suggest(value, options) : undefined;
      return [loc.diag(loc.node(path), `${where}: expected one of ${options.join(', ')}, got ${describe(value)}${hint ? `; did you mean '${hint}'?` : ''}`)];
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number') {
        const range = issueRange(issue, path);
        return [loc.diag(loc.node(path), `${where}: expected ${range}, got ${describe(value)}`)];
      }
      return [loc.diag(loc.node(path), `${where}: ${issue.message}`)];
    }
    case 'invalid_format':
      return [loc.diag(loc.node(path), `${where}: ${issue.message}, got ${describe(value)}`)];
    default:
      return [loc.diag(loc.node(path), `${where}: ${issue.message}`)];
  }
}

/** "a whole number from 1 to 5", read from the schema's own bounds. */
function issueRange(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, path: Path): string {
  const key = String(path[path.length - 1]);
  const bounds: Record<string, [number, number]> = {
    tries: [1, 5],
    concurrency: [1, 256],
    'per-list-concurrency': [1, 64],
    'close-after': [1, 30],
  };
  const b = bounds[key];
  if (b) return `a whole number from ${b[0]} to ${b[1]}`;
  return issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
}

// ------------------------------------------------------------------ checks that need the whole config

function semanticChecks(config: Config, loc: Locator, known: ReadonlySet<string>): { errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const custom = new Set<string>();

  const checkId = (id: string, path: Path): void => {
    if (known.has(id) || custom.has(id)) return;
    const hint = suggest(id, [...known, ...custom]);
    errors.push(loc.diag(loc.node(path), `unknown list '${id}'${hint ? `; did you mean '${hint}'?` : ' (see the README for the catalog ids)'}`));
  };

  config.lists.add.forEach((item, i) => {
    if (typeof item === 'string') return;
    if (known.has(item.id)) {
      errors.push(loc.diag(loc.node(['lists', 'add', i, 'id']), `list id '${item.id}' is already a catalog list; pick another id for your own list`));
    }
    if (custom.has(item.id)) errors.push(loc.diag(loc.node(['lists', 'add', i, 'id']), `duplicate list id '${item.id}'`));
    custom.add(item.id);
    const dead = deadZoneFor(item.zone);
    if (dead) {
      errors.push(loc.diag(loc.node(['lists', 'add', i, 'zone']), `${item.zone} is a dead zone (${dead.name}: ${dead.died}; ${dead.behaviour}); remove it`));
    }
  });
  config.lists.add.forEach((item, i) => {
    if (typeof item === 'string') checkId(item, ['lists', 'add', i]);
  });
  config.lists.skip.forEach((id, i) => checkId(id, ['lists', 'skip', i]));

  config.monitors.forEach((m, i) => {
    m.skip.forEach((id, j) => checkId(id, ['monitors', i, 'skip', j]));
    if (m.range !== undefined) {
      const size = rangeSize(m.range);
      if (size > BigInt(config.settings.maxRange)) {
        errors.push(
          loc.diag(loc.node(['monitors', i, 'range']), `range ${m.range} has ${size} addresses; the limit is ${config.settings.maxRange} (settings.max-range)`),
        );
      }
    }
    const literal = m.address ?? m.range?.split('/')[0];
    const special = literal === undefined ? null : specialRange(literal);
    if (special && literal !== undefined) {
      const field = m.address !== undefined ? 'address' : 'range';
      warnings.push(
        loc.diag(
          loc.node(['monitors', i, field]),
          `${m.address ?? m.range} is in a ${special} range: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)`,
          'warning',
        ),
      );
    }
  });
  return { errors, warnings };
}

export function parseConfig(text: string, file: string, opts: LoadOptions = {}): ConfigResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const loc = new Locator(doc, lc, file);
  const yamlIssue = (e: { pos: [number, number]; message: string }, severity: Diagnostic['severity']): Diagnostic => {
    const start = lc.linePos(e.pos[0]);
    return { file, line: start.line, column: start.col, message: `YAML: ${e.message.split('\n')[0] ?? e.message}`, severity };
  };
  const warnings = doc.warnings.map((w) => yamlIssue(w, 'warning'));
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => yamlIssue(e, 'error')), warnings };

  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { ok: false, errors: [{ file, line: 1, column: 1, severity: 'error', message: 'the file is empty; expected at least a monitors: list' }], warnings };
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    // A misspelt key ("adress") also leaves its monitor without an address; the unknown-key error
    // with its suggestion says it all, so whole-object complaints at the same path are dropped.
    const misspelt = new Set(parsed.error.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => pathText(i.path)));
    const issues = parsed.error.issues.filter((i) => !(i.code === 'custom' && misspelt.has(pathText(i.path))));
    const errors = issues.flatMap((i) => issueToDiagnostics(i, [], loc));
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, errors, warnings };
  }
  const config = parsed.data;
  const known = new Set(opts.knownListIds ?? LISTS.map((l) => l.id));
  const checked = semanticChecks(config, loc, known);
  warnings.push(...checked.warnings);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors, warnings };
  return { ok: true, config, warnings };
}

export async function loadConfig(file: string, opts: LoadOptions = {}): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message =
      code === 'ENOENT'
        ? `${file} not found: create it (the README shows the format) or pass --config FILE`
        : `cannot read ${file}: ${(e as Error).message}`;
    return { ok: false, errors: [{ file, line: 1, column: 1, severity: 'error', message }], warnings: [] };
  }
  return parseConfig(text, file, opts);
}
