import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { VirtualClock } from '../../src/core/clock.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

export interface Received {
  path: string;
  body: Record<string, unknown>;
  /** Virtual time at arrival. */
  at: number;
}

export type Reply = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });

const okReply: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true,"result":{}}');
};

/** A loopback endpoint (webhook or Telegram's API alike) that records each POST with the virtual time it arrived. */
export async function fakeEndpoint(clock: VirtualClock, reply: Reply = okReply): Promise<LoopbackServer & { received: Received[] }> {
  const received: Received[] = [];
  const server = await startLoopback(async (req, res) => {
    const at = clock.now();
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    received.push({ path: req.url ?? '/', body, at });
    await reply(req, res, received.length);
  });
  return Object.assign(server, { received });
}

/** A URL on which nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Moves virtual time in small steps and lets real I/O (the loopback requests) run between them, until `done` holds.
 * Throws when it does not within `maxMs` of virtual time.
 */
export async function pumpUntil(clock: VirtualClock, done: () => boolean, options: { stepMs?: number; maxMs?: number } = {}): Promise<void> {
  const step = options.stepMs ?? 50;
  const max = options.maxMs ?? 120_000;
  for (let spent = 0; !done(); spent += step) {
    if (spent > max) throw new Error(`condition not met within ${max} ms of virtual time`);
    await new Promise((r) => setTimeout(r, 3));
    await clock.advance(step);
  }
}
