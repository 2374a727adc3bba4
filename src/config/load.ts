// Loading monitors.yml with errors a person can act on: file, line, column, what was expected.
// Every problem in the file is reported in one pass; bad input never gets further than here
// (callers touch no state and no issue on an error).
import { open } from 'node:fs/promises';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { LISTS } from '../dnsbl/catalog.ts';
import { checkRules, isRecord, pathText, valueAt, type Path, type RuleIssue } from './rules.ts';
import { ConfigSchema, MAX_CONFIG_BYTES, MAX_MONITORS, quoted, renderJsonSchema, type Config } from './schema.ts';
import { suggest } from './suggest.ts';

export { pathText } from './rules.ts';

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
  /** Index of the monitor it is about: irrelevant when ad-hoc targets replace the monitors. */
  monitor?: number;
}

export type ConfigResult =
  | { ok: true; config: Config; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface LoadOptions {
  /** Catalog ids accepted in lists.add / lists.skip / monitors[].skip (default: the catalog's). */
  knownListIds?: string[];
}

type Located = { range?: [number, number, number] | null | undefined } | undefined;

/** `monitors.yml:12:5: error: …` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
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

  /** Each map's keys by text, built once: a map of 100,000 unknown keys must not cost 100,000² steps. */
  private readonly keys = new WeakMap<object, Map<string, Located>>();

  /** The key `key` of the map at `path` (so an unknown key is underlined itself). */
  keyNode(path: Path, key: string): Located {
    const map: unknown = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(map)) {
      let index = this.keys.get(map);
      if (!index) {
        index = new Map();
        for (const pair of map.items) {
          if (isPair(pair) && isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), pair.key);
        }
        this.keys.set(map, index);
      }
      const node = index.get(key);
      if (node) return node;
    }
    return this.node(path);
  }

  diag(node: Located, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    const r = node?.range;
    return r ? this.at(r[0], r[1], message, severity) : { file: this.file, line: 1, column: 1, message, severity };
  }
}

// ------------------------------------------------------------------ the raw (YAML → JS) value

function hasKey(raw: unknown, path: Path): boolean {
  const parent = valueAt(raw, path.slice(0, -1));
  const key = path[path.length - 1];
  return isRecord(parent) && typeof key === 'string' && Object.hasOwn(parent, key);
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return quoted(v);
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
  return loc.diag(loc.keyNode(u.path, u.key), `unknown key ${quoted(u.key)} ${where}; ${advice}`);
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
    case 'custom':
      return [loc.diag(loc.node(path), `${where}: ${issue.message}`)];
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
  // Loops, not push(...many): a file can hold a great many mistakes, and spreading them as
  // arguments overflows the stack.
  const out: Diagnostic[] = [];
  // Unknown keys first: at the same spot, "did you mean 'monitors'?" reads before "missing 'monitors'".
  for (const first of [true, false]) {
    for (const issue of issues) {
      if ((issue.code === 'unrecognized_keys') !== first) continue;
      for (const d of issueDiagnostics(issue, [], raw, loc)) out.push(d);
    }
  }
  return out;
}

/** A rule's finding at its place: a code key is underlined itself, and named with its map. */
function ruleDiagnostic(r: RuleIssue, loc: Locator): Diagnostic {
  if (r.at === 'key' && r.path.length > 0) {
    const parent = r.path.slice(0, -1);
    return loc.diag(loc.keyNode(parent, String(r.path[r.path.length - 1])), `${pathText(parent)}: ${r.message}`, r.severity);
  }
  const d = loc.diag(loc.node(r.path), r.message, r.severity);
  return r.monitor === undefined ? d : { ...d, monitor: r.monitor };
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

/**
 * Every key that repeats one before it in the same map, underlined where it repeats. The YAML
 * reader can check this itself, but by comparing each key with all before it: a map of 100,000
 * keys took minutes. A Set per map takes one step per key.
 */
function duplicateKeys(doc: Document, loc: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const v = pair.key.value;
        // As the reader compares them: 1 and '1' are different keys.
        const k = `${typeof v}:${String(v)}`;
        if (seen.has(k)) out.push(loc.diag(pair.key, `duplicate key ${quoted(String(v))}: keys must be unique within a map`));
        seen.add(k);
      }
    },
  });
  return out;
}

/** YAML nested past what the reader's stack holds (thousands of levels); its own words vary. */
const TOO_DEEP = 'YAML: nested too deeply to read';

function yamlDiagnostic(e: YAMLError, loc: Locator, severity: Diagnostic['severity']): Diagnostic {
  const [start, end] = e.pos;
  const message =
    e.code === 'MULTIPLE_DOCS'
        ? "YAML: a second document starts here (after '---'); the config is one document"
        : /stack/i.test(e.message)
          ? TOO_DEEP
          : `YAML: ${e.message.split('\n')[0] ?? e.message}`;
  return loc.at(start, end, message, severity);
}

/** Diagnostics listed at most; a file with more has one mistake repeated, and the rest says so. */
const MAX_DIAGNOSTICS = 1000;

function bounded(ds: Diagnostic[]): Diagnostic[] {
  const sorted = unique(ds).sort(byPosition);
  if (sorted.length <= MAX_DIAGNOSTICS) return sorted;
  const next = sorted[MAX_DIAGNOSTICS];
  const rest = sorted.length - MAX_DIAGNOSTICS;
  const more: Diagnostic = {
    file: next?.file ?? '',
    line: next?.line ?? 1,
    column: next?.column ?? 1,
    severity: next?.severity ?? 'error',
    message: `and ${rest} more ${next?.severity ?? 'error'}s from here on, not listed (only the first ${MAX_DIAGNOSTICS} are)`,
  };
  return [...sorted.slice(0, MAX_DIAGNOSTICS), more];
}

/**
 * Refuses a file too large to read safely, pointing at the line where it passes the limit.
 * `head` holds the file's first bytes (at least the limit's worth); `total` its size, when known.
 */
function tooLarge(head: Buffer, total: number | undefined, file: string): Diagnostic {
  const upTo = head.subarray(0, MAX_CONFIG_BYTES).toString('utf8');
  let line = 1;
  for (let i = upTo.indexOf('\n'); i >= 0; i = upTo.indexOf('\n', i + 1)) line++;
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const size = total === undefined || total <= MAX_CONFIG_BYTES ? `more than ${mb(MAX_CONFIG_BYTES)}` : mb(total);
  return {
    file,
    line,
    column: 1,
    severity: 'error',
    message: `the file is ${size}, more than the ${mb(MAX_CONFIG_BYTES)} a monitors file may be (it passes the limit on this line); ${MAX_MONITORS} monitors, the most a file may have, fit in far less: watch blocks of addresses with range monitors, or split the file`,
  };
}

export function parseConfig(text: string, file: string, opts: LoadOptions = {}): ConfigResult {
  if (text.length > MAX_CONFIG_BYTES / 4 && Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    const bytes = Buffer.from(text);
    return { ok: false, errors: [tooLarge(bytes, bytes.length, file)], warnings: [] };
  }
  const lc = new LineCounter();
  // Duplicate keys are found by duplicateKeys(), in linear time.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const loc = new Locator(doc, lc, file);
  const warnings = doc.warnings.map((w) => yamlDiagnostic(w, loc, 'warning'));
  // The reader's stack gives out on deep nesting in several places at once: say it once.
  let deep = false;
  const errors = doc.errors
    .map((e) => yamlDiagnostic(e, loc, 'error'))
    .filter((d) => {
      if (d.message !== TOO_DEEP) return true;
      const first = !deep;
      deep = true;
      return first;
    });
  const fail = (): ConfigResult => ({ ok: false, errors: bounded(errors), warnings: bounded(warnings) });
  // After a syntax error what follows cannot be trusted. After a duplicate key the document
  // still reads well (the last value counts), so checking goes on.
  if (doc.errors.length > 0) return fail();
  for (const d of duplicateKeys(doc, loc)) errors.push(d);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = /stack/i.test((e as Error).message) ? TOO_DEEP : `YAML: ${(e as Error).message}`;
    errors.push({ file, line: 1, column: 1, severity: 'error', message });
    return fail();
  }
  if (raw === null || raw === undefined) {
    errors.push({ file, line: 1, column: 1, severity: 'error', message: 'the file is empty; expected at least a monitors: list (see the README)' });
    return fail();
  }

  // Past MAX_MONITORS the rules refuse the file; the schema reads only that many, not 300,000.
  const monitors = isRecord(raw) ? raw.monitors : undefined;
  const view = Array.isArray(monitors) && monitors.length > MAX_MONITORS ? { ...raw, monitors: monitors.slice(0, MAX_MONITORS) } : raw;
  const parsed = ConfigSchema.safeParse(view, { error: plainWords });
  if (!parsed.success) {
    for (const d of schemaDiagnostics(parsed.error.issues, raw, loc)) errors.push(d);
  }
  for (const r of checkRules(raw, new Set(opts.knownListIds ?? LISTS.map((l) => l.id)))) {
    (r.severity === 'error' ? errors : warnings).push(ruleDiagnostic(r, loc));
  }
  if (!parsed.success || errors.length > 0) return fail();
  return { ok: true, config: parsed.data, warnings: bounded(warnings) };
}

/**
 * The file's text, read no further than the size limit allows: `--config /dev/zero` or a log
 * file of gigabytes ends in a message, not in memory exhaustion.
 */
async function readBounded(file: string): Promise<{ text: string } | { head: Buffer; total: number | undefined }> {
  const fh = await open(file, 'r');
  try {
    const info = await fh.stat();
    const head = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let filled = 0;
    while (filled < head.length) {
      const { bytesRead } = await fh.read(head, filled, head.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > MAX_CONFIG_BYTES) return { head, total: info.isFile() ? info.size : undefined };
    return { text: head.subarray(0, filled).toString('utf8') };
  } finally {
    await fh.close();
  }
}

export async function loadConfig(file: string, opts: LoadOptions = {}): Promise<ConfigResult> {
  let read: Awaited<ReturnType<typeof readBounded>>;
  try {
    read = await readBounded(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message =
      code === 'ENOENT'
        ? `${file} not found; create it (the README shows the format), or name another file with --config FILE (CLI) or the config input (Action)`
        : `cannot read ${file}: ${(e as Error).message}`;
    return { ok: false, errors: [{ file, line: 1, column: 1, severity: 'error', message }], warnings: [] };
  }
  if ('head' in read) return { ok: false, errors: [tooLarge(read.head, read.total, file)], warnings: [] };
  return parseConfig(read.text, file, opts);
}
