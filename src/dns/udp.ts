// A stub resolver over UDP, built for this workload: tens of thousands of small A queries to a few
// servers, each answer trusted only as far as a stub resolver can check it.
//
// Written here rather than taken from npm because the popular clients fail exactly where a DNSBL
// verdict must not: dns-socket and native-dns accept answers with the wrong question or from the
// wrong port and lose truncated answers, dns2 opens a socket per query and never retries, and
// tangerine speaks only DNS-over-HTTPS. Node's own resolver (c-ares) is correct but spends most of
// a run's CPU in its bindings; it stays available as settings.transport: c-ares.
//
// What an answer must pass before it counts:
// - it comes from the server's address and port: every socket is connected, so the kernel drops
//   datagrams from anywhere else;
// - its ID is one we drew with crypto.randomFillSync for a query still waiting on that socket;
// - its question is ours (name case-insensitively, type and class exactly), so a guessed ID with
//   another question does nothing.
// Source ports rotate: a few sockets per server, each replaced after a few hundred queries.
// A timeout or SERVFAIL is asked again with a fresh ID (on the next server when there are several);
// REFUSED and a dead port move on to the next server; a truncated answer (TC) is asked again over
// TCP. Errors are data (DnsResult), and messages never name the query: it may hold a list key.
import { createSocket, type Socket } from 'node:dgram';
import { connect as tcpConnect, isIP, type Socket as TcpSocket } from 'node:net';
import { randomFillSync } from 'node:crypto';
// The global `performance` is a lazy getter in Node, measurably slow on a path taken per query.
import { performance } from 'node:perf_hooks';
import type { Dns, DnsError, DnsResult, QueryOptions } from '../model.ts';
import { TYPE, WireError, answersQuery, encodeQuery, idOf, readAnswer, readHeader, setId, type QueryType } from './wire.ts';

export interface UdpServer {
  host: string;
  port: number;
  /** How messages name it: "192.0.2.53:53", "[2001:db8::53]:53". */
  label: string;
}

export interface UdpDnsOptions {
  /** At least one. */
  servers: UdpServer[];
  /** How long one attempt waits for its answer. */
  timeoutMs: number;
  /** Attempts per query; only timeouts and SERVFAIL are tried again. */
  tries: number;
  /** Sockets (source ports) open to each server at once. */
  socketsPerServer?: number;
  /** Queries a socket sends before a fresh one (a new source port) takes its place. */
  queriesPerSocket?: number;
}

const SOCKETS_PER_SERVER = 4;
const QUERIES_PER_SOCKET = 256;
/** Sockets are closed after this long without a query (the process never waits on them). */
const IDLE_CLOSE_MS = 1000;

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

interface Channel {
  socket: Socket;
  server: number;
  /** Queries waiting for an answer on this socket, by ID. */
  pending: Pending;
  sent: number;
  connected: boolean;
  /** Replaced in its slot; closed once nothing waits on it. */
  retired: boolean;
  closed: boolean;
  /** Queries to send once connect() completes. */
  backlog: Query[];
}

interface Query {
  type: QueryType;
  wire: Buffer;
  id: number;
  channel: Channel | null;
  tcp: TcpSocket | null;
  /** Bumped on every send and on completion: a callback of an older attempt finds it changed. */
  seq: number;
  /** In the timeout list (when it is due), and its neighbours there. */
  armed: boolean;
  due: number;
  prev: Query | null;
  next: Query | null;
  /** Attempts that count against `tries` (timeouts, SERVFAIL). */
  tries: number;
  server: number;
  /** Bit per server asked. */
  asked: number;
  overTcp: boolean;
  retries: { left: number } | undefined;
  done: boolean;
  resolve: (r: DnsResult) => void;
}

/**
 * The queries waiting on one socket, by ID: a few dozen at most, so two short arrays searched
 * from the end. A Map churned by a set and a delete per query made V8's heap grow far past its
 * live size (a /16's queries: 242 MB peak RSS with a Map, 123 MB with these arrays).
 */
class Pending {
  private readonly ids: number[] = [];
  private readonly queries: Query[] = [];

  get size(): number {
    return this.ids.length;
  }

  get(id: number): Query | undefined {
    const i = this.ids.lastIndexOf(id);
    return i < 0 ? undefined : this.queries[i];
  }

  has(id: number): boolean {
    return this.ids.includes(id);
  }

  set(id: number, q: Query): void {
    this.ids.push(id);
    this.queries.push(q);
  }

  delete(id: number): void {
    const i = this.ids.lastIndexOf(id);
    if (i < 0) return;
    const last = this.ids.length - 1;
    this.ids[i] = this.ids[last]!;
    this.queries[i] = this.queries[last]!;
    this.ids.pop();
    this.queries.pop();
  }

  values(): Query[] {
    return [...this.queries];
  }
}

/** Random 16-bit IDs from the OS CSPRNG, drawn in blocks (one syscall per 2048 IDs). */
const idPool = new Uint16Array(2048);
let idNext = idPool.length;
function randomId(): number {
  if (idNext === idPool.length) {
    randomFillSync(idPool);
    idNext = 0;
  }
  return idPool[idNext++] ?? 0;
}

export interface UdpDns extends Dns {
  /** Closes every socket now (they also close themselves when idle). */
  close(): void;
}

export function createUdpDns(opts: UdpDnsOptions): UdpDns {
  const servers = opts.servers;
  if (servers.length === 0) throw new Error('no DNS server to ask');
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs));
  const tries = Math.max(1, Math.floor(opts.tries));
  const perServer = Math.max(1, opts.socketsPerServer ?? SOCKETS_PER_SERVER);
  const perSocket = Math.max(1, opts.queriesPerSocket ?? QUERIES_PER_SOCKET);

  const slots: Channel[][] = servers.map(() => []);
  const cursor: number[] = servers.map(() => 0);
  /** Consecutive failures (timeouts, refused ports) per server: new queries start at the healthiest. */
  const failures: number[] = servers.map(() => 0);
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | null = null;
  // The two answers that make up most of a run, one immutable object per server.
  const nxdomain = servers.map((s) => Object.freeze(failure('nxdomain', `NXDOMAIN from ${s.label}`)));
  const nodata = servers.map((s) => Object.freeze(failure('nodata', `no records of that type (NODATA) from ${s.label}`)));

  // ---- timeouts: one timer for the oldest attempt. Every attempt waits the same time, so
  // deadlines come in send order: a list linked through the queries, unlinked as answers come
  // (nothing answered stays referenced, however long an unanswered query waits at its head).
  let head: Query | null = null;
  let tail: Query | null = null;
  let timer: NodeJS.Timeout | null = null;

  function arm(q: Query): void {
    q.due = performance.now() + timeoutMs;
    q.prev = tail;
    q.next = null;
    if (tail) tail.next = q;
    else head = q;
    tail = q;
    q.armed = true;
    timer ??= setTimeout(expire, timeoutMs);
  }

  function disarm(q: Query): void {
    if (!q.armed) return;
    q.armed = false;
    if (q.prev) q.prev.next = q.next;
    else head = q.next;
    if (q.next) q.next.prev = q.prev;
    else tail = q.prev;
    q.prev = q.next = null;
    if (!head && timer) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function expire(): void {
    timer = null;
    const now = performance.now();
    while (head && head.due <= now) attemptFailed(head, 'timeout');
    if (head) timer ??= setTimeout(expire, Math.max(1, head.due - now));
  }

  // ---- sockets

  function openChannel(server: number): Channel {
    const s = servers[server]!;
    const family = isIP(s.host.replace(/%.*$/, '')) === 6 ? 'udp6' : 'udp4';
    const ch: Channel = { socket: createSocket(family), server, pending: new Pending(), sent: 0, connected: false, retired: false, closed: false, backlog: [] };
    ch.socket.on('message', (msg: Buffer) => onMessage(ch, msg));
    ch.socket.on('error', (e: NodeJS.ErrnoException) => onSocketError(ch, e));
    ch.socket.connect(s.port, s.host, () => {
      ch.connected = true;
      for (const q of ch.backlog) if (!q.done && q.channel === ch && ch.pending.get(q.id) === q) ch.socket.send(q.wire);
      ch.backlog = [];
    });
    // The timeout timer keeps the process alive while queries wait; an idle socket must not.
    ch.socket.unref();
    return ch;
  }

  function closeChannel(ch: Channel): void {
    if (ch.closed) return;
    ch.closed = true;
    try {
      ch.socket.close();
    } catch {
      // already closed
    }
  }

  /** The next socket to `server`, round robin, replacing one that has sent its share. */
  function channelFor(server: number): Channel {
    const slot = slots[server]!;
    if (slot.length < perServer) {
      const ch = openChannel(server);
      slot.push(ch);
      return ch;
    }
    const i = cursor[server]! % perServer;
    cursor[server] = i + 1;
    let ch = slot[i]!;
    if (ch.sent >= perSocket || ch.retired || ch.closed) {
      ch.retired = true;
      if (ch.pending.size === 0) closeChannel(ch);
      ch = openChannel(server);
      slot[i] = ch;
    }
    return ch;
  }

  function closeAll(): void {
    for (const slot of slots) {
      for (const ch of slot) closeChannel(ch);
      slot.length = 0;
    }
  }

  // ---- sending

  function preferredServer(): number {
    let best = 0;
    for (let i = 1; i < servers.length; i++) if ((failures[i] ?? 0) < (failures[best] ?? 0)) best = i;
    return best;
  }

  /** The next server for another attempt: one not asked yet, healthiest first; else round the ring. */
  function nextServer(q: Query): number {
    let best = -1;
    for (let i = 0; i < servers.length; i++) {
      if ((q.asked & (1 << i)) !== 0) continue;
      if (best < 0 || (failures[i] ?? 0) < (failures[best] ?? 0)) best = i;
    }
    return best >= 0 ? best : (q.server + 1) % servers.length;
  }

  function unasked(q: Query): boolean {
    for (let i = 0; i < servers.length; i++) if ((q.asked & (1 << i)) === 0) return true;
    return false;
  }

  function send(q: Query): void {
    q.seq++;
    q.asked |= 1 << q.server;
    if (q.overTcp) {
      sendTcp(q);
      arm(q);
      return;
    }
    const ch = channelFor(q.server);
    let id = randomId();
    while (ch.pending.has(id)) id = randomId();
    setId(q.wire, id);
    q.id = id;
    q.channel = ch;
    ch.pending.set(id, q);
    ch.sent++;
    if (ch.connected) ch.socket.send(q.wire);
    else ch.backlog.push(q);
    arm(q);
  }

  function detach(q: Query): void {
    disarm(q);
    const ch = q.channel;
    if (ch) {
      if (ch.pending.get(q.id) === q) ch.pending.delete(q.id);
      q.channel = null;
      if (ch.retired && ch.pending.size === 0) closeChannel(ch);
    }
    if (q.tcp) {
      q.tcp.destroy();
      q.tcp = null;
    }
  }

  function finish(q: Query, result: DnsResult): void {
    if (q.done) return;
    detach(q);
    q.done = true;
    q.seq++;
    inFlight--;
    if (inFlight === 0) {
      idleTimer = setTimeout(closeAll, IDLE_CLOSE_MS);
      idleTimer.unref();
    }
    q.resolve(result);
  }

  // ---- answers

  function onMessage(ch: Channel, msg: Buffer): void {
    const q = ch.pending.get(idOf(msg));
    // Not a query we are waiting for here (a late duplicate, a spoof), or not our question: ignored,
    // and the real answer may still come.
    if (!q || !answersQuery(msg, q.wire)) return;
    detach(q);
    q.seq++;
    failures[q.server] = 0;
    reply(q, msg);
  }

  function reply(q: Query, msg: Uint8Array): void {
    const header = readHeader(msg);
    if (!header) return finish(q, failure('error', `malformed reply from ${servers[q.server]!.label}`));
    if (header.truncated && !q.overTcp) {
      // The whole answer did not fit in 512 octets: ask again over TCP (not a new try).
      q.overTcp = true;
      return send(q);
    }
    const label = servers[q.server]!.label;
    switch (header.rcode) {
      case RCODE.NOERROR: {
        let records: string[];
        try {
          const answer = readAnswer(msg, q.wire, q.type);
          records = q.type === TYPE.MX ? byPriority(answer.records, answer.priorities ?? []) : answer.records;
        } catch (e) {
          if (!(e instanceof WireError)) throw e;
          return finish(q, failure('error', `malformed reply from ${label}`));
        }
        if (records.length === 0) return finish(q, nodata[q.server]!);
        return finish(q, { ok: true, records });
      }
      case RCODE.NXDOMAIN:
        return finish(q, nxdomain[q.server]!);
      case RCODE.SERVFAIL:
        return attemptFailed(q, 'servfail');
      case RCODE.REFUSED:
        // Another server may serve us; REFUSED itself is an answer and never asked again.
        if (unasked(q)) {
          q.server = nextServer(q);
          return send(q);
        }
        return finish(q, failure('refused', `REFUSED by ${label}`));
      case RCODE.FORMERR:
        return finish(q, failure('error', `${label} could not parse the query (FORMERR)`));
      case RCODE.NOTIMP:
        return finish(q, failure('error', `${label} does not support this query (NOTIMP)`));
      default:
        return finish(q, failure('error', `DNS error (response code ${header.rcode}) from ${label}`));
    }
  }


  /** Who was asked, for messages: one server by its address, several as a list. */
  function askedLabel(q: Query): string {
    const names = servers.filter((_, i) => (q.asked & (1 << i)) !== 0).map((s) => s.label);
    return names.length > 0 ? names.join(', ') : (servers[q.server]?.label ?? '');
  }

  /** A timeout or SERVFAIL: try again with a fresh ID while tries (and the caller's allowance) last. */
  function attemptFailed(q: Query, kind: 'timeout' | 'servfail'): void {
    detach(q);
    q.tries++;
    if (kind === 'timeout') failures[q.server] = (failures[q.server] ?? 0) + 1;
    const allowance = q.retries;
    if (q.tries < tries && (!allowance || allowance.left > 0)) {
      if (allowance) allowance.left--;
      q.server = nextServer(q);
      if (kind === 'timeout') return send(q);
      // A server that just failed gains nothing from being asked again this instant.
      q.seq++;
      const seq = q.seq;
      setTimeout(() => {
        if (!q.done && q.seq === seq) send(q);
      }, 100 + Math.random() * 200);
      return;
    }
    const tried = q.tries === 1 ? '1 try' : `${q.tries} tries`;
    const where = askedLabel(q);
    finish(q, kind === 'timeout' ? failure('timeout', `no answer from ${where} within ${timeoutMs} ms (${tried})`) : failure('servfail', `SERVFAIL from ${where} (${tried})`));
  }

  /** The socket itself failed: nothing listens at the server's port (ICMP), or the network is down. */
  function onSocketError(ch: Channel, e: NodeJS.ErrnoException): void {
    const waiting = [...ch.pending.values()];
    ch.retired = true;
    const refused = e.code === 'ECONNREFUSED';
    failures[ch.server] = (failures[ch.server] ?? 0) + 1;
    for (const q of waiting) portFailed(q, refused, e.code ?? 'ERROR');
    if (ch.pending.size === 0) closeChannel(ch);
  }

  function portFailed(q: Query, refused: boolean, code: string): void {
    detach(q);
    if (unasked(q)) {
      q.server = nextServer(q);
      return send(q);
    }
    const label = servers[q.server]!.label;
    finish(q, failure('error', refused ? `no DNS server answering at ${label} (connection refused)` : `DNS error ${code} talking to ${label}`));
  }

  // ---- TCP, for truncated answers only

  function sendTcp(q: Query): void {
    const s = servers[q.server]!;
    const seq = q.seq;
    const id = randomId();
    setId(q.wire, id);
    q.id = id;
    const sock = tcpConnect({ host: s.host, port: s.port });
    q.tcp = sock;
    const length = Buffer.allocUnsafe(2);
    length.writeUInt16BE(q.wire.length);
    sock.write(Buffer.concat([length, q.wire]));
    let got = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 2) return;
      const need = got.readUInt16BE(0);
      if (got.length < 2 + need) return;
      const msg = got.subarray(2, 2 + need);
      sock.destroy();
      if (q.done || q.seq !== seq) return;
      q.tcp = null;
      if (idOf(msg) !== id || !answersQuery(msg, q.wire)) {
        return finish(q, failure('error', `malformed reply from ${s.label} over TCP`));
      }
      q.seq++;
      failures[q.server] = 0;
      reply(q, msg);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (q.done || q.seq !== seq) return;
      q.tcp = null;
      portFailed(q, e.code === 'ECONNREFUSED', e.code ?? 'ERROR');
    });
    sock.on('close', () => {
      if (q.done || q.seq !== seq || q.tcp !== sock) return;
      q.tcp = null;
      finish(q, failure('error', `${s.label} closed the TCP connection without an answer`));
    });
  }

  function lookup(name: string, type: QueryType, options?: QueryOptions): Promise<DnsResult> {
    let wire: Buffer;
    try {
      wire = encodeQuery(name, type, 0);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      return Promise.resolve({ ok: false, error: 'error', message: 'the query name is not a valid DNS name' });
    }
    if (idleTimer) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
    inFlight++;
    return new Promise<DnsResult>((resolve) => {
      const q: Query = {
        type,
        wire,
        id: 0,
        channel: null,
        tcp: null,
        seq: 0,
        armed: false,
        due: 0,
        prev: null,
        next: null,
        tries: 0,
        server: preferredServer(),
        asked: 0,
        overTcp: false,
        retries: options?.retries,
        done: false,
        resolve,
      };
      send(q);
    });
  }

  return {
    a: (name, o) => lookup(name, TYPE.A, o),
    aaaa: (name, o) => lookup(name, TYPE.AAAA, o),
    txt: (name, o) => lookup(name, TYPE.TXT, o),
    mx: (name, o) => lookup(name, TYPE.MX, o),
    close: closeAll,
  };
}

function failure(error: DnsError, message: string): DnsResult {
  return { ok: false, error, message };
}

/** MX exchanges by preference, lower case, no trailing dot; a null MX (RFC 7505) is "". */
function byPriority(exchanges: string[], priorities: number[]): string[] {
  return exchanges
    .map((exchange, i) => ({ exchange, priority: priorities[i] ?? 0 }))
    .sort((x, y) => x.priority - y.priority)
    .map((m) => m.exchange);
}
