// An in-process DNS server that answers whatever a test tells it to: timeouts, SERVFAIL,
// REFUSED, rewritten answers, refusal codes. Real UDP on loopback, real c-ares on the other end.
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';

export type FaultAnswer =
  | {
      rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
      a?: string[];
      aaaa?: string[];
      txt?: string[];
      mx?: { exchange: string; priority: number }[];
    }
  | 'drop';

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

export interface FaultQuery {
  name: string;
  type: string;
}

export interface FaultDns {
  port: number;
  server: string;
  /** Every query received, in order (retries included). */
  queries: FaultQuery[];
  stop(): Promise<void>;
}

export async function startFaultDns(handler: (q: FaultQuery) => FaultAnswer | Promise<FaultAnswer>): Promise<FaultDns> {
  const socket = createSocket('udp4');
  const queries: FaultQuery[] = [];

  socket.on('message', (msg, rinfo) => {
    void (async () => {
      let req: packet.Packet;
      try {
        req = packet.decode(msg);
      } catch {
        return;
      }
      const q = req.questions?.[0];
      if (!q) return;
      const query = { name: q.name.toLowerCase(), type: q.type };
      queries.push(query);
      const ans = await handler(query);
      if (ans === 'drop') return;
      const answers: packet.Answer[] = [];
      if (ans.rcode === 'NOERROR') {
        if (q.type === 'A') for (const a of ans.a ?? []) answers.push({ type: 'A', name: q.name, ttl: 60, data: a });
        if (q.type === 'AAAA') for (const a of ans.aaaa ?? []) answers.push({ type: 'AAAA', name: q.name, ttl: 60, data: a });
        if (q.type === 'TXT') for (const t of ans.txt ?? []) answers.push({ type: 'TXT', name: q.name, ttl: 60, data: [t] });
        if (q.type === 'MX') for (const m of ans.mx ?? []) answers.push({ type: 'MX', name: q.name, ttl: 60, data: m });
      }
      // dns-packet takes the response code in the low four bits of the flags.
      const res = packet.encode({
        id: req.id,
        type: 'response',
        flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | packet.AUTHORITATIVE_ANSWER | RCODE[ans.rcode],
        questions: [q],
        answers,
      });
      socket.send(res, rinfo.port, rinfo.address);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
