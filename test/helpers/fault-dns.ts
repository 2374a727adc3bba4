// An in-process DNS server that answers whatever a test tells it to: timeouts, SERVFAIL,
// REFUSED, rewritten answers, refusal codes. Real UDP on loopback, real c-ares on the other end.
import { createSocket, type RemoteInfo } from 'node:dgram';
import * as packet from 'dns-packet';

export type FaultAnswer =
  | {
      rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
      a?: string[];
      aaaa?: string[];
      /** One record per string; strings over 255 bytes go out as several chunks of one record. */
      txt?: string[];
      mx?: { exchange: string; priority: number }[];
      /** PTR names, for a reverse name (`10.113.0.203.in-addr.arpa`). */
      ptr?: string[];
    }
  /** Never answer: the client times out. */
  | 'drop';

export interface FaultQuery {
  /** Lower case, no trailing dot. */
  name: string;
  /** "A", "AAAA", "TXT", "MX", "PTR", … */
  type: string;
}

export interface FaultDns {
  port: number;
  /** "127.0.0.1:PORT", as a resolver setting. */
  server: string;
  /** Every query received, in order (retries included). */
  queries: FaultQuery[];
  stop(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** A TXT string's bytes in chunks of at most 255, as a TXT record carries them. */
function chunks(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

function records(q: packet.Question, ans: Exclude<FaultAnswer, 'drop'>): packet.Answer[] {
  const base = { name: q.name, ttl: 60 };
  const byType: Record<string, packet.Answer[]> = {
    A: (ans.a ?? []).map((data) => ({ ...base, type: 'A', data })),
    AAAA: (ans.aaaa ?? []).map((data) => ({ ...base, type: 'AAAA', data })),
    TXT: (ans.txt ?? []).map((t) => ({ ...base, type: 'TXT', data: chunks(t) })),
    MX: (ans.mx ?? []).map((m) => ({ ...base, type: 'MX', data: { exchange: m.exchange, preference: m.priority } })),
    PTR: (ans.ptr ?? []).map((data) => ({ ...base, type: 'PTR', data })),
  };
  return ans.rcode === 'NOERROR' ? (byType[q.type] ?? []) : [];
}

export async function startFaultDns(handler: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>): Promise<FaultDns> {
  const socket = createSocket('udp4');
  const queries: FaultQuery[] = [];
  let closed = false;

  async function answer(msg: Buffer, from: RemoteInfo): Promise<void> {
    let req: packet.Packet;
    try {
      req = packet.decode(msg);
    } catch {
      return; // not DNS: ignore, as a server would
    }
    const q = req.questions?.[0];
    if (!q) return;
    const query = { name: q.name.toLowerCase().replace(/\.$/, ''), type: q.type };
    queries.push(query);
    let ans: FaultAnswer;
    try {
      ans = await handler(query);
    } catch {
      ans = { rcode: 'SERVFAIL' }; // a broken handler looks like a broken server, not a crash
    }
    if (ans === 'drop' || closed) return;
    const res = packet.encode({
      id: req.id,
      type: 'response',
      // dns-packet takes the response code in the low four bits of the flags.
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | packet.AUTHORITATIVE_ANSWER | RCODE[ans.rcode],
      questions: [q],
      answers: records(q, ans),
    });
    socket.send(res, from.port, from.address);
  }

  socket.on('message', (msg, from) => void answer(msg, from));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    stop: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
