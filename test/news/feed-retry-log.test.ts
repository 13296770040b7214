import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { loadFeedNewsSource } from '../../src/news/feed-sources.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback((_req, res) => void res.writeHead(503).end());
});
afterAll(() => server.close());

/**
 * A feed that is down retries at every scan (at every probe of its breaker): each retry was a warning, for as long as
 * it stayed down. Now the first is logged, then at most one a minute per feed, with the count since.
 */
describe('retries of a feed that stays down', () => {
  it('are logged once a minute at most, with a count', async () => {
    const warnings: { msg: string; fields: Record<string, unknown> }[] = [];
    const logger = { warn: (fields: Record<string, unknown>, msg: string) => warnings.push({ msg, fields }) } as unknown as Logger;
    const url = `${server.url}/down.rss`;
    const news = await loadFeedNewsSource({
      clock: new LiveClock(), logger, lookbackMs: 0, timeoutMs: 2_000, urls: [url, `${server.url}/also-down.rss`],
      resilience: { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 }, breaker: { failureThreshold: 1_000 } },
    });
    for (let scan = 0; scan < 10; scan++) await expect(news.fetch()).rejects.toThrow(/all 2 news sources failed/);
    expect(news.stats()[url]).toMatchObject({ retries: 20 });
    const retries = warnings.filter((w) => w.msg === 'news source retry');
    // One per feed: 40 retries in all, within a minute.
    expect(retries.map((w) => w.fields.source).sort()).toEqual([`${server.url}/also-down.rss`, url]);
    expect(retries[0]!.fields).toMatchObject({ err: expect.stringMatching(/503/) as unknown, failures: 1 });
  });
});
