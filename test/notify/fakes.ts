import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { VirtualClock } from '../../src/core/clock.js';
import { answered, type MayRun } from '../helpers/kernel-harness.js';
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

/**
 * A loopback endpoint (webhook or Telegram's API alike) that records each POST with the virtual time it arrived.
 * `holding()` counts the requests it has read and not answered whose connection is still open (a hung endpoint's).
 */
export async function fakeEndpoint(clock: VirtualClock, reply: Reply = okReply): Promise<LoopbackServer & { received: Received[]; holding(): number }> {
  const received: Received[] = [];
  let held = 0;
  const server = await startLoopback(async (req, res) => {
    const at = clock.now();
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    received.push({ path: req.url ?? '/', body, at });
    held++;
    res.once('close', () => held--);
    await reply(req, res, received.length);
  });
  return Object.assign(server, { received, holding: () => held });
}

/**
 * Lets the clock run (answered's `mayRun`) when every post in flight is one of `what` (a transport's name in its
 * errors: 'webhook (json)', 'telegram sendMessage') to `endpoint`, which never answers, and has reached it: its
 * timeout, on the clock, is what the test waits for. Any other work in flight, or a post still on its way, holds it.
 */
export function hungAt(what: readonly string[], endpoint: { holding(): number }): MayRun {
  return (work) => {
    let posts = 0;
    for (const [w, n] of work) {
      if (!what.includes(w)) return false;
      posts += n;
    }
    return posts <= endpoint.holding();
  };
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
 * Moves virtual time in steps, each waiting with the clock still until the posts in flight are answered (answered),
 * until `done` holds. Throws when it does not within `maxMs` of virtual time. `mayRun` lets the clock run through
 * posts the test means to time out (hungAt).
 */
export async function pumpUntil(clock: VirtualClock, done: () => boolean, options: { stepMs?: number; maxMs?: number; mayRun?: MayRun } = {}): Promise<void> {
  const step = options.stepMs ?? 50;
  const max = options.maxMs ?? 120_000;
  const settled = () => answered(clock, 30_000, options.mayRun);
  for (let spent = 0; ; spent += step) {
    await settled();
    if (done()) return;
    if (spent > max) throw new Error(`condition not met within ${max} ms of virtual time`);
    await clock.advance(step, settled);
  }
}
