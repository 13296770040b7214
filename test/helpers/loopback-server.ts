import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 (port 0) for tests; records requests and can kill hung connections on close. */
export interface LoopbackServer {
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startLoopback(handler: Handler): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    // No Date header unless a handler sets one: the tests' clocks are virtual, and an exchange's answers are read for
    // its clock (market/exchange-clock.ts); a real-time Date would put every fake exchange years from the test's clock.
    res.sendDate = false;
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server whose every answer starts (200, JSON, a length it never reaches: `head`) and is dropped mid-body, as a proxy failing does. */
export function startDroppingLoopback(head: string): Promise<LoopbackServer> {
  return startLoopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '99999' });
    res.write(head);
    setTimeout(() => res.destroy(), 5);
  });
}
