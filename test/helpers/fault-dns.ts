// An in-process DNS server that answers whatever a test tells it to: timeouts, SERVFAIL,
// REFUSED, rewritten answers, refusal codes, and the attacks a stub resolver must shrug off
// (forged IDs and questions, answers from another port, late duplicates, junk), truncation with
// the full answer over TCP. Real UDP and TCP on loopback, a real client on the other end.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import * as packet from 'dns-packet';

/** A packet sent before the real answer, which the client must ignore. */
export type Forgery =
  /** The right question and port, an ID the client did not use. */
  | 'wrong-id'
  /** The right ID and port, another name in the question. */
  | 'wrong-name'
  /** The right ID, port and name; the question asks for another type. */
  | 'wrong-type'
  /** The right ID, port, name and type; class CH instead of IN. */
  | 'wrong-class'
  /** A perfect answer in every field, sent from another port of the server's address. */
  | 'other-port'
  /** The query sent back with QR clear: not a response. */
  | 'not-a-response'
  /** Five bytes of junk. */
  | 'garbage';

export type FaultAnswer =
  | {
      rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP';
      a?: string[];
      aaaa?: string[];
      /** One record per string; strings over 255 bytes go out as several chunks of one record. */
      txt?: string[];
      mx?: { exchange: string; priority: number }[];
      /** Forged packets (each listing 127.0.0.66) sent just before the answer. */
      forge?: Forgery[];
      /** Waits this long before answering. */
      delayMs?: number;
      /** Sends the same answer again this long after the first, with 127.0.0.99 instead. */
      duplicateAfterMs?: number;
      /** Over UDP: the TC bit and no records. Over TCP: the whole answer. */
      truncate?: boolean;
      /** The answer section cut off in the middle of a record. */
      malformed?: boolean;
    }
  /** Never answer: the client times out. */
  | 'drop';

export interface FaultQuery {
  /** Lower case, no trailing dot. */
  name: string;
  /** "A", "AAAA", "TXT", "MX", … */
  type: string;
  /** The query's ID and the client's source port: what a spoofer would have to guess. */
  id: number;
  port: number;
  transport: 'udp' | 'tcp';
}

export interface FaultDns {
  port: number;
  /** "127.0.0.1:PORT", as a resolver setting. */
  server: string;
  /** Every query received, in order (retries included). */
  queries: FaultQuery[];
  stop(): Promise<void>;
}

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** What forged packets and late duplicates claim: a listing, so accepting one would show. */
export const FORGED_A = '127.0.0.66';
export const DUPLICATE_A = '127.0.0.99';

/** A TXT string's bytes in chunks of at most 255, as a TXT record carries them. */
function chunks(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

type Ans = Exclude<FaultAnswer, 'drop'>;

function records(q: packet.Question, ans: Ans): packet.Answer[] {
  const base = { name: q.name, ttl: 60 };
  const byType: Record<string, packet.Answer[]> = {
    A: (ans.a ?? []).map((data) => ({ ...base, type: 'A', data })),
    AAAA: (ans.aaaa ?? []).map((data) => ({ ...base, type: 'AAAA', data })),
    TXT: (ans.txt ?? []).map((t) => ({ ...base, type: 'TXT', data: chunks(t) })),
    MX: (ans.mx ?? []).map((m) => ({ ...base, type: 'MX', data: { exchange: m.exchange, preference: m.priority } })),
  };
  return ans.rcode === 'NOERROR' ? (byType[q.type] ?? []) : [];
}

const FLAGS = packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | packet.AUTHORITATIVE_ANSWER;

function response(id: number, q: packet.Question, ans: Ans, over: 'udp' | 'tcp'): Buffer {
  const truncated = ans.truncate === true && over === 'udp';
  const msg = packet.encode({
    id,
    type: 'response',
    // dns-packet takes the response code in the low four bits of the flags.
    flags: FLAGS | RCODE[ans.rcode] | (truncated ? packet.TRUNCATED_RESPONSE : 0),
    questions: [q],
    answers: truncated ? [] : records(q, ans),
  });
  // Cut inside the first record's fixed fields, ANCOUNT unchanged.
  return ans.malformed ? msg.subarray(0, packet.encodingLength({ questions: [q] }) + 6) : msg;
}

function listing(id: number, q: packet.Question): Buffer {
  return packet.encode({ id, type: 'response', flags: FLAGS, questions: [q], answers: [{ name: q.name, type: 'A', ttl: 60, data: FORGED_A }] });
}

function forged(kind: Forgery, id: number, q: packet.Question): Buffer {
  switch (kind) {
    case 'wrong-id':
      return listing((id + 1) & 0xffff, q);
    case 'wrong-name':
      return listing(id, { ...q, name: `x${q.name}` });
    case 'wrong-type':
      return listing(id, { ...q, type: q.type === 'TXT' ? 'A' : 'TXT' });
    case 'wrong-class':
      return listing(id, { ...q, class: 'CH' });
    case 'other-port':
      return listing(id, q);
    case 'not-a-response':
      return packet.encode({ id, type: 'query', flags: packet.RECURSION_DESIRED, questions: [q], answers: [{ name: q.name, type: 'A', ttl: 60, data: FORGED_A }] });
    case 'garbage':
      return Buffer.from([(id >> 8) & 0xff, id & 0xff, 0x81, 0x80, 0x00]);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startFaultDns(handler: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>): Promise<FaultDns> {
  const socket = createSocket('udp4');
  /** A second socket on the same address: answers from it come from the wrong port. */
  const other = createSocket('udp4');
  const queries: FaultQuery[] = [];
  const tcpClients = new Set<TcpSocket>();
  let closed = false;

  async function decide(req: packet.Packet, port: number, transport: 'udp' | 'tcp'): Promise<{ q: packet.Question; ans: FaultAnswer } | null> {
    const q = req.questions?.[0];
    if (!q) return null;
    const query: FaultQuery = { name: q.name.toLowerCase().replace(/\.$/, ''), type: q.type, id: req.id ?? 0, port, transport };
    queries.push(query);
    let ans: FaultAnswer;
    try {
      ans = await handler(query);
    } catch {
      ans = { rcode: 'SERVFAIL' }; // a broken handler looks like a broken server, not a crash
    }
    if (ans !== 'drop' && ans.delayMs) await sleep(ans.delayMs);
    return { q, ans };
  }

  async function answerUdp(msg: Buffer, from: RemoteInfo): Promise<void> {
    let req: packet.Packet;
    try {
      req = packet.decode(msg);
    } catch {
      return; // not DNS: ignore, as a server would
    }
    const decided = await decide(req, from.port, 'udp');
    if (!decided || decided.ans === 'drop' || closed) return;
    const { q, ans } = decided;
    const id = req.id ?? 0;
    for (const kind of ans.forge ?? []) (kind === 'other-port' ? other : socket).send(forged(kind, id, q), from.port, from.address);
    socket.send(response(id, q, ans, 'udp'), from.port, from.address);
    if (ans.duplicateAfterMs !== undefined) {
      const late = { ...ans, a: [DUPLICATE_A] };
      setTimeout(() => {
        if (!closed) socket.send(response(id, q, late, 'udp'), from.port, from.address);
      }, ans.duplicateAfterMs);
    }
  }

  socket.on('message', (msg, from) => void answerUdp(msg, from));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();

  // TCP on the same port: two-octet length, then the message (RFC 1035 §4.2.2).
  const tcp: Server = createServer((conn) => {
    tcpClients.add(conn);
    conn.on('close', () => tcpClients.delete(conn));
    conn.on('error', () => conn.destroy());
    let got = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      while (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
        const msg = got.subarray(2, 2 + got.readUInt16BE(0));
        got = got.subarray(2 + msg.length);
        void (async () => {
          let req: packet.Packet;
          try {
            req = packet.decode(msg);
          } catch {
            return conn.destroy();
          }
          const decided = await decide(req, conn.remotePort ?? 0, 'tcp');
          if (!decided || decided.ans === 'drop' || closed || conn.destroyed) return;
          const res = response(req.id ?? 0, decided.q, decided.ans, 'tcp');
          const length = Buffer.alloc(2);
          length.writeUInt16BE(res.length);
          conn.write(Buffer.concat([length, res]));
        })();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });

  const closeUdp = (s: Socket): Promise<void> => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    stop: async () => {
      if (closed) return;
      closed = true;
      for (const c of tcpClients) c.destroy();
      await Promise.all([closeUdp(socket), closeUdp(other), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
    },
  };
}
