// A local stand-in for the Actions cache service v2 that @actions/cache 6 talks to: the Twirp JSON
// API (CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL) plus the blob store
// behind the signed URLs. The Azure SDK uploads with one Put Blob (x-ms-blob-type: BlockBlob) up to
// 128 MiB, above that with Put Block (comp=block) + Put Block List (comp=blocklist); both work here.
// One scope: GitHub's per-branch cache scoping is not modelled. fail() makes the next restore or
// save fail the way the service can (the library turns each into a logged warning, not an error).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface CacheEntry { key: string; version: string; size: number; createdAt: Date }
/**
 * lookup: GetCacheEntryDownloadURL refused (403); download: the blob store answers 500 (a restore
 * fails). reserve: CreateCacheEntry refused (403); finalize: FinalizeCacheEntryUpload not ok (a
 * save fails). Non-retryable answers, so the library gives up at once instead of backing off.
 */
export type CacheFault = 'lookup' | 'download' | 'reserve' | 'finalize';
export interface CacheFake {
  /** For ACTIONS_RESULTS_URL (ends with a slash). */
  url: string;
  /** Finalized entries, oldest first. */
  readonly entries: CacheEntry[];
  /** The environment @actions/cache reads at call time. */
  env(runnerTemp: string, workspace: string): Record<string, string>;
  /** Drops every entry, as GitHub's 7-day eviction would. */
  clear(): void;
  /** The next `times` calls of this kind fail. */
  fail(fault: CacheFault, times?: number): void;
  stop(): Promise<void>;
}

interface Stored {
  id: number;
  key: string;
  version: string;
  sig: string;
  blocks: Map<string, Buffer>;
  data?: Buffer;
  finalized?: { size: number; createdAt: Date; seq: number };
}
type Reply = { status: number; body: Buffer | object; headers?: Record<string, string> };

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';
const twirpError = (status: number, code: string, msg: string): Reply => ({ status, body: { code, msg } });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

export async function startCacheFake(): Promise<CacheFake> {
  let store: Stored[] = [];
  let nextId = 1;
  let seq = 0;
  let url = '';
  const faults = new Map<CacheFault, number>();
  /** True (and one fewer left) when this kind of call is to fail now. */
  const failing = (f: CacheFault): boolean => {
    const left = faults.get(f) ?? 0;
    if (left > 0) faults.set(f, left - 1);
    return left > 0;
  };

  const live = (key: string, version: string): Stored | undefined =>
    store.find((s) => s.key === key && s.version === version);
  const blobUrl = (s: Stored): string => `${url}fakeaccount/actions-cache/${s.id}?sig=${s.sig}`;

  // GitHub's order: exact primary key, then the newest entry the primary key prefixes,
  // then each restore key in turn, newest prefix match first. Same version only.
  const lookup = (key: string, restoreKeys: string[], version: string): Stored | undefined => {
    const done = store.filter((s) => s.finalized && s.version === version);
    const newest = (prefix: string): Stored | undefined => done
      .filter((s) => s.key.startsWith(prefix))
      .sort((a, b) => (b.finalized?.seq ?? 0) - (a.finalized?.seq ?? 0))[0];
    const exact = done.find((s) => s.key === key);
    return exact ?? [key, ...restoreKeys].map(newest).find((s) => s !== undefined);
  };

  const rpc: Record<string, (b: Record<string, unknown>) => Reply> = {
    CreateCacheEntry: (b) => {
      const key = str(b.key);
      const version = str(b.version);
      if (!key || !version) return twirpError(400, 'invalid_argument', 'key and version are required');
      if (failing('reserve')) return twirpError(403, 'permission_denied', 'the cache service refused the entry');
      // What GitHub answers to a second save of the same key (@actions/cache then returns -1).
      if (live(key, version)) return twirpError(409, 'already_exists', 'cache entry with the same key, version, and scope already exists');
      const s: Stored = { id: nextId++, key, version, sig: randomBytes(8).toString('hex'), blocks: new Map() };
      store.push(s);
      return { status: 200, body: { ok: true, signed_upload_url: blobUrl(s) } };
    },
    FinalizeCacheEntryUpload: (b) => {
      const s = live(str(b.key), str(b.version));
      if (!s?.data || s.finalized) return twirpError(404, 'not_found', 'cache entry not found');
      if (failing('finalize')) return { status: 200, body: { ok: false, message: 'the upload could not be committed' } };
      s.finalized = { size: Number(b.size_bytes ?? s.data.length), createdAt: new Date(), seq: ++seq };
      return { status: 200, body: { ok: true, entry_id: String(s.id) } };
    },
    GetCacheEntryDownloadURL: (b) => {
      if (failing('lookup')) return twirpError(403, 'permission_denied', 'the cache service refused the lookup');
      const restoreKeys = Array.isArray(b.restore_keys) ? b.restore_keys.map(String) : [];
      const s = lookup(str(b.key), restoreKeys, str(b.version));
      return { status: 200, body: s ? { ok: true, signed_download_url: blobUrl(s), matched_key: s.key } : { ok: false } };
    },
  };

  const blob = (req: IncomingMessage, self: URL, data: Buffer): Reply => {
    const id = Number(/^\/fakeaccount\/actions-cache\/(\d+)$/.exec(self.pathname)?.[1]);
    const s = store.find((e) => e.id === id);
    if (!s) return { status: 404, body: Buffer.from('BlobNotFound') };
    if (self.searchParams.get('sig') !== s.sig) return { status: 403, body: Buffer.from('AuthenticationFailed') };
    const headers = { etag: `"0x${s.id}"`, 'last-modified': new Date().toUTCString() };
    if (req.method === 'GET') {
      if (failing('download')) return { status: 500, body: Buffer.from('InternalError') };
      return s.finalized && s.data ? { status: 200, body: s.data } : { status: 404, body: Buffer.from('BlobNotFound') };
    }
    if (req.method !== 'PUT' || s.finalized) return { status: 409, body: Buffer.from('BlobImmutable') };
    const comp = self.searchParams.get('comp');
    if (comp === 'block') {
      s.blocks.set(self.searchParams.get('blockid') ?? '', data);
    } else if (comp === 'blocklist') {
      const ids = [...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map((m) => m[1] ?? '');
      if (!ids.every((i) => s.blocks.has(i))) return { status: 400, body: Buffer.from('InvalidBlockList') };
      s.data = Buffer.concat(ids.map((i) => s.blocks.get(i) ?? Buffer.alloc(0)));
    } else if (req.headers['x-ms-blob-type'] === 'BlockBlob') {
      s.data = data;
    } else {
      return { status: 400, body: Buffer.from('MissingRequiredHeader: x-ms-blob-type') };
    }
    return { status: 201, body: Buffer.alloc(0), headers };
  };

  const answer = (req: IncomingMessage, data: Buffer): Reply => {
    const self = new URL(req.url ?? '/', url);
    if (!self.pathname.startsWith(TWIRP)) return blob(req, self, data);
    const method = rpc[self.pathname.slice(TWIRP.length)];
    if (req.method !== 'POST' || !method) return twirpError(404, 'bad_route', `no handler for ${self.pathname}`);
    if (!req.headers.authorization?.startsWith('Bearer ')) return twirpError(401, 'unauthenticated', 'missing bearer token');
    try {
      return method(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    } catch {
      return twirpError(400, 'malformed', 'request body is not JSON');
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(req, Buffer.concat(chunks));
      const isJson = !Buffer.isBuffer(reply.body);
      const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
      res.writeHead(reply.status, {
        'content-type': isJson ? 'application/json' : 'application/octet-stream',
        'content-length': body.length,
        ...reply.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url,
    get entries() {
      return store
        .flatMap((s) => (s.finalized ? [{ key: s.key, version: s.version, size: s.finalized.size, createdAt: s.finalized.createdAt, seq: s.finalized.seq }] : []))
        .sort((a, b) => a.seq - b.seq)
        .map(({ seq: _seq, ...e }) => e);
    },
    env: (runnerTemp, workspace) => ({
      ACTIONS_CACHE_SERVICE_V2: '1',
      ACTIONS_RESULTS_URL: url,
      // JWT-shaped (header.payload.signature); the library only sends it as a Bearer token.
      ACTIONS_RUNTIME_TOKEN: `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ scp: 'Actions.Results', exp: 4102444800 })}.fakesig`,
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: workspace,
    }),
    clear: () => {
      store = [];
    },
    fail: (fault, times = 1) => {
      faults.set(fault, (faults.get(fault) ?? 0) + times);
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
