import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock } from '../../src/core/clock.js';
import { isTransient } from '../../src/core/transient.js';
import { FeedSource, MAX_REDIRECTS } from '../../src/news/feed-source.js';
import { FeedRedirectError } from '../../src/news/feed-errors.js';
import { ResilientNewsSource } from '../../src/news/resilient-news.js';
import { CompositeNewsSource } from '../../src/news/composite-news-source.js';
import { createFeedNewsSource } from '../../src/news/feed-sources.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const GUARDIAN = readFileSync(path.resolve(process.cwd(), '../shared/data/feeds/rss-parser__guardian.rss'));
const clock = new LiveClock();
let server: LoopbackServer;
const hits = (p: string) => server.requests.filter((r) => r.path === p).length;

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    const chain = /^\/chain\/(\d+)$/.exec(p);
    if (p === '/good') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(GUARDIAN);
    else if (p === '/hang') return; // never answers
    else if (p === '/drip') {
      // One byte a second, for ever: only a deadline that covers the body ends it.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let i = 0;
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(GUARDIAN.subarray(i, ++i))), 1000);
      res.write('<');
      res.on('close', () => clearInterval(timer));
    } else if (p === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (p === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    else if (p === '/to-ftp') res.writeHead(301, { location: 'ftp://127.0.0.1/feed.xml' }).end();
    else if (p === '/no-location') res.writeHead(302).end();
    // Another host name for the same loopback server: the host a redirect leads to differs from the feed's.
    else if (p === '/offsite') res.writeHead(302, { location: `http://localhost:${new URL(`http://${req.headers.host}`).port}/secret` }).end();
    else if (p === '/onsite') res.writeHead(302, { location: '/secret' }).end();
    else if (p === '/secret') res.writeHead(200, { 'content-type': 'text/plain' }).end('root:x:0:0:SECRET_TOKEN=abc123:/root:/bin/sh');
    else if (chain) {
      const n = Number(chain[1]);
      res.writeHead(n === 0 ? 200 : 307, n === 0 ? { 'content-type': 'application/rss+xml' } : { location: `/chain/${n - 1}` }).end(n === 0 ? GUARDIAN : '');
    } else if (p === '/relative') res.writeHead(308, { location: 'good' }).end();
    else if (p === '/403') res.writeHead(403).end('forbidden');
    else if (p === '/429') res.writeHead(429, { 'retry-after': '0' }).end('slow down');
    else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const feed = (p: string, timeoutMs = 2000) => new FeedSource({ url: `${server.url}${p}`, name: p, clock, timeoutMs, lookbackMs: 0 });
const resilient = (p: string, timeoutMs = 2000) =>
  new ResilientNewsSource(feed(p, timeoutMs), clock, { timeoutMs: timeoutMs + 500, retry: { retries: 3, baseDelayMs: 5 }, breaker: { failureThreshold: 3, cooldownMs: 60_000 } });

describe('redirects', () => {
  it('follows up to MAX_REDIRECTS, relative ones too', async () => {
    expect(MAX_REDIRECTS).toBe(5);
    expect(await feed(`/chain/${MAX_REDIRECTS}`).fetch()).toHaveLength(55);
    expect(await feed('/relative').fetch()).toHaveLength(55);
    await expect(feed(`/chain/${MAX_REDIRECTS + 1}`).fetch()).rejects.toThrow(/more than 5 redirects/);
  });

  it('a redirect loop is a permanent error: not retried, counted by the breaker', async () => {
    const s = resilient('/loop');
    const before = hits('/loop');
    const error = await s.fetch().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedRedirectError);
    expect(isTransient(error)).toBe(false);
    expect((error as Error).message).toMatch(/more than 5 redirects \(a loop\?\)/);
    expect(hits('/loop') - before).toBe(MAX_REDIRECTS + 1);
    expect(s.stats()).toMatchObject({ retries: 0, failures: 1 });
    await s.fetch().catch(() => undefined);
    await s.fetch().catch(() => undefined);
    expect(s.stats().state).toBe('open');
    expect(hits('/loop') - before).toBe(3 * (MAX_REDIRECTS + 1));
  });

  it('does not quote a body that a redirect to another host led to (an internal address may answer it)', async () => {
    const offsite = await feed('/offsite').fetch().catch((e: unknown) => e);
    expect((offsite as Error).message).toMatch(/not a feed: the body a redirect to another host led to is neither XML nor JSON \(not quoted/);
    expect((offsite as Error).message).not.toMatch(/SECRET_TOKEN/);
    // The feed's own server's text says why it sent no feed: quoted.
    await expect(feed('/onsite').fetch()).rejects.toThrow(/the body starts with "root:x:0:0:SECRET_TOKEN/);
  });

  it('never follows a redirect to file: or any scheme but http(s), and does not retry it', async () => {
    for (const p of ['/to-file', '/to-ftp']) {
      const s = resilient(p);
      const error = await s.fetch().catch((e: unknown) => e);
      expect(error, p).toBeInstanceOf(FeedRedirectError);
      expect((error as Error).message).toMatch(/redirect to (file|ftp): refused, only http and https are followed/);
      expect(hits(p)).toBe(1);
      expect(s.stats()).toMatchObject({ retries: 0, failures: 1 });
    }
    await expect(feed('/no-location').fetch()).rejects.toThrow(/without a Location header/);
  });

  it('fetch failures that will recur are not transient', () => {
    const failed = (cause: Error) => Object.assign(new TypeError('fetch failed'), { cause });
    expect(isTransient(failed(new Error('redirect count exceeded')))).toBe(false);
    expect(isTransient(failed(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' })))).toBe(false);
    expect(isTransient(failed(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))).toBe(true);
  });
});

describe('HTTP statuses', () => {
  it('4xx other than 408/429 is not retried and counts toward the breaker; 429 is retried', async () => {
    // Counted from here: another test of this file reads /403 too (and may run first, shuffled).
    const before = { forbidden: hits('/403'), busy: hits('/429') };
    const forbidden = resilient('/403');
    for (let i = 0; i < 3; i++) await expect(forbidden.fetch()).rejects.toThrow(/HTTP 403/);
    expect(hits('/403') - before.forbidden).toBe(3);
    expect(forbidden.stats()).toMatchObject({ state: 'open', failures: 3, retries: 0 });
    const busy = resilient('/429');
    await expect(busy.fetch()).rejects.toThrow(/HTTP 429/);
    expect(hits('/429') - before.busy).toBe(4);
    expect(busy.stats()).toMatchObject({ retries: 3, failures: 1 });
  });
});

describe('a scan with a slow, a dead and a good feed', () => {
  it('cuts a feed dripping a byte a second at its deadline', async () => {
    const t0 = performance.now();
    await expect(feed('/drip', 1500).fetch()).rejects.toThrow(/timed out after 1500 ms/);
    // The whole body would take hours at this pace.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('returns within its budget with the good feed, while the others go on in the background', async () => {
    const news = new CompositeNewsSource([resilient('/hang', 20_000), resilient('/drip', 20_000), resilient('/good')], 'feeds', { clock, budgetMs: 300 });
    const t0 = performance.now();
    const items = await news.fetch();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(items).toHaveLength(55);
    expect(news.lastOutcomes().map((o) => [o.name, o.ok, o.pending ?? false])).toEqual([
      ['/hang', false, true],
      ['/drip', false, true],
      ['/good', true, false],
    ]);
    // The next scans fetch the good feed again at once; the slow ones are not fetched twice at a time.
    const hangBefore = hits('/hang');
    for (let i = 0; i < 3; i++) {
      const s0 = performance.now();
      await news.fetch();
      expect(performance.now() - s0).toBeLessThan(5_000);
    }
    expect(hits('/hang')).toBe(hangBefore);
    expect(news.stats()['/good']!.successes).toBe(4);
  });

  it('createFeedNewsSource applies the scan budget; a scan of only dead feeds fails once they have failed', async () => {
    const news = createFeedNewsSource({
      clock, urls: [`${server.url}/hang`, `${server.url}/403`], timeoutMs: 3000, lookbackMs: 0, scanBudgetMs: 200,
      resilience: { retry: { retries: 0 } },
    });
    const t0 = performance.now();
    // The 403 fails at once, the hang is still pending: not every source failed yet.
    expect(await news.fetch()).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(2500);
    await new Promise((r) => setTimeout(r, 3500));
    await expect(news.fetch()).rejects.toThrow(/all 2 news sources failed.*timed out.*HTTP 403/);
  });
});
