import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { loadFeedNewsSource } from '../../src/news/feed-sources.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(readFileSync(path.join(FEEDS, 'rss-parser__guardian.rss')));
    else if (req.url === '/down') res.writeHead(503).end();
    // '/hang' never answers
  });
});
afterAll(() => server.close());

describe('createFeedNewsSource', () => {
  it('scans feeds and a directory together; failures are isolated, retried, logged and counted', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_o: object, msg: string) => warnings.push(msg) } as unknown as Logger;
    // As the kernel builds it: the directory is read before the first fetch, which then never waits for the disk.
    const news = await loadFeedNewsSource({
      clock: new LiveClock(), logger, lookbackMs: 0, timeoutMs: 300, directory: FEEDS,
      urls: [`${server.url}/ok`, `${server.url}/down`, `${server.url}/hang`],
      // Each feed's own 300 ms deadline applies; the guard's is generous, for parsing the whole directory on a busy machine.
      resilience: { timeoutMs: 15_000, retry: { retries: 1, baseDelayMs: 5 }, breaker: { failureThreshold: 2 } },
    });
    const items = await news.fetch();
    expect(items.length).toBeGreaterThan(55 + 400);
    const stats = news.stats();
    expect(stats[`${server.url}/ok`]).toMatchObject({ state: 'closed', successes: 1 });
    expect(stats[`${server.url}/down`]).toMatchObject({ failures: 1, retries: 1 });
    expect(stats[`${server.url}/hang`]!.lastError).toMatch(/timed out/);
    expect(stats[`dir:${FEEDS}`]).toMatchObject({ successes: 1 });
    expect(warnings).toContain('news source retry');
    expect(warnings).toContain('news file skipped');
  });
});
