// A local HTTP receiver standing in for a chat platform or a webhook consumer: it records every
// request (method, path and query, headers, the exact body bytes, arrival time) and answers as
// scripted, one answer per request, the last one repeated.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (a server that hangs); the client's timeout has to end it. */
  hang?: boolean;
}

export type Script = Answer | ((req: Received, n: number) => Answer);

export interface Receiver {
  /** http://127.0.0.1:port */
  origin: string;
  received: Received[];
  stop(): Promise<void>;
}

export async function startReceiver(...script: Script[]): Promise<Receiver> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      received.push(r);
      const step = script[Math.min(received.length, script.length) - 1] ?? { status: 200 };
      const answer = typeof step === 'function' ? step(r, received.length) : step;
      if (answer.hang) return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening on it (a destination that is down). */
export async function closedPort(): Promise<number> {
  const r = await startReceiver();
  const port = Number(new URL(r.origin).port);
  await r.stop();
  return port;
}
