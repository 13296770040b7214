import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { FeedSource } from '../../src/news/feed-source.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.url === '/429') return void res.writeHead(429, { 'retry-after': '120' }).end('slow down');
    if (req.url === '/503') return void res.writeHead(503, { 'retry-after': new Date(Date.UTC(2026, 0, 5, 0, 1, 30)).toUTCString() }).end('down');
    res.writeHead(503).end('down');
  });
});
afterAll(() => server.close());

const failure = (path: string) =>
  new FeedSource({ url: `${server.url}${path}`, clock: new VirtualClock(Date.UTC(2026, 0, 5)) }).fetch().then(
    () => '',
    (e: unknown) => (e as Error).message,
  );

describe('a feed that answers 429 or 503 with a Retry-After', () => {
  it('says how long the server asked to wait and when it is asked again, not only "will retry"', async () => {
    expect(await failure('/429')).toMatch(/HTTP 429 Too Many Requests; the server asks to wait 120 s \(Retry-After\): not asked again before 2026-01-05T00:02:00Z/);
    expect(await failure('/503')).toMatch(/HTTP 503 Service Unavailable; the server asks to wait 90 s \(Retry-After\): not asked again before 2026-01-05T00:01:30Z/);
    expect(await failure('/bare')).toMatch(/HTTP 503 Service Unavailable; will retry$/);
  });
});
