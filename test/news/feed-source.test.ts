import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClock, VirtualClock } from '../../src/core/clock.js';
import { CircuitOpenError } from '../../src/core/circuit-breaker.js';
import { createLogger } from '../../src/core/logger.js';
import { FeedSource } from '../../src/news/feed-source.js';
import { ResilientNewsSource } from '../../src/news/resilient-news.js';
import { CompositeNewsSource } from '../../src/news/composite-news-source.js';
import { FeedHttpError, FeedHttpPermanentError, FeedParseError } from '../../src/news/feed-errors.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

const DIR = path.resolve(process.cwd(), '../shared/data/feeds');
const FILES = readdirSync(DIR);
const feed = (name: string) => readFileSync(path.join(DIR, name));
const clock = new LiveClock();
const GUARDIAN = 'rss-parser__guardian.rss';
// The Guardian's items are from 2018: look-back off unless a test is about it.
const source = (url: string, extra: Partial<ConstructorParameters<typeof FeedSource>[0]> = {}) =>
  new FeedSource({ url, clock, timeoutMs: 2000, lookbackMs: 0, ...extra });

let server: LoopbackServer;
const counters = new Map<string, number>();
const hit = (key: string) => {
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return n;
};

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p.startsWith('/feeds/')) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(feed(decodeURIComponent(p.slice(7))));
    } else if (p === '/etag') {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Wed, 31 Jan 2018 08:00:00 GMT') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 31 Jan 2018 08:00:00 GMT', 'content-type': 'application/rss+xml' });
      res.end(feed(GUARDIAN));
    } else if (p === '/500') {
      hit(url.search);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    } else if (p === '/flaky') {
      const n = hit(`flaky${url.search}`);
      if (n <= 2) res.writeHead(503, { 'retry-after': '0' }).end('busy');
      else res.writeHead(200, { 'content-type': 'text/xml' }).end(feed(GUARDIAN));
    } else if (p === '/404') {
      hit('404');
      res.writeHead(404).end('gone');
    } else if (p === '/hang') {
      // never answers
    } else if (p === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = feed(GUARDIAN);
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i >= body.length) return clearInterval(timer);
        res.write(body.subarray(i, i + 20));
        i += 20;
      }, 30);
      res.on('close', () => clearInterval(timer));
    } else if (p === '/cut-socket') {
      const body = feed(GUARDIAN);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(body.length) });
      res.write(body.subarray(0, 5000));
      setTimeout(() => res.destroy(), 20);
    } else if (p === '/cut-body') {
      const body = feed(GUARDIAN).toString('utf8');
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body.slice(0, body.indexOf('</description>', 60_000) - 5));
    } else if (p === '/html-error') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><head><title>Oops</title></head><body>Service down</body></html>');
    } else if (p === '/wrong-type') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(feed('rss-parser__heise.atom'));
    } else if (p === '/big') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(3_000_000) }).end(Buffer.alloc(3_000_000, 32));
    } else if (p === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const pump = () => {
        while (sent < 50_000_000 && !res.destroyed) {
          sent += 65_536;
          if (!res.write(Buffer.alloc(65_536, 32))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    } else if (p === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/atom+xml', 'content-encoding': 'gzip' }).end(gzipSync(feed('rss-parser__heise.atom')));
    } else if (p === '/bad-gzip') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip data at all'));
    } else if (p === '/redirect') {
      res.writeHead(302, { location: `/feeds/${GUARDIAN}` }).end();
    } else if (p === '/latin1-header') {
      // No prolog declaration: only the HTTP header names the charset.
      const xml = '<rss version="2.0"><channel><title>Not\xedcias</title><item><title>A\xe7\xf5es sobem</title><pubDate>Mon, 16 Oct 2017 15:10:00 +0000</pubDate></item></channel></rss>';
      res.writeHead(200, { 'content-type': 'text/xml; charset=ISO-8859-1' }).end(Buffer.from(xml, 'latin1'));
    } else {
      res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

describe('FeedSource over loopback HTTP', () => {
  it('every shared feed yields items or a clear FeedParseError', async () => {
    // All at once, parsed on one thread: on a busy machine that takes longer than one feed's 2 s.
    const results = await Promise.allSettled(FILES.map((f) => source(`${server.url}/feeds/${encodeURIComponent(f)}`, { timeoutMs: 15_000 }).fetch()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        expect(r.reason, FILES[i]).toBeInstanceOf(FeedParseError);
        expect((r.reason as Error).message).toContain(server.url);
      }
    });
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok.length).toBeGreaterThanOrEqual(FILES.length - 2);
  });

  it('uses conditional GET: 304 yields no items', async () => {
    const s = source(`${server.url}/etag`);
    expect((await s.fetch()).length).toBe(55);
    expect(await s.fetch()).toEqual([]);
    expect(s.lastReport()).toMatchObject({ status: 304, notModified: true });
  });

  it('drops items older than the look-back window', async () => {
    const s = new FeedSource({ url: `${server.url}/feeds/${GUARDIAN}`, clock: new VirtualClock(Date.UTC(2018, 0, 31, 12)), lookbackMs: 3 * 3_600_000 });
    const items = await s.fetch();
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(55);
    expect(items.every((i) => i.publishedAt >= Date.UTC(2018, 0, 31, 9))).toBe(true);
    expect(s.lastReport()!.tooOld).toBe(55 - items.length);
  });

  it('classifies HTTP errors: 5xx transient, 404 permanent', async () => {
    await expect(source(`${server.url}/500?a`).fetch()).rejects.toBeInstanceOf(FeedHttpError);
    await expect(source(`${server.url}/404`).fetch()).rejects.toBeInstanceOf(FeedHttpPermanentError);
  });

  it('keeps a token in the feed URL out of its name (logs, metric labels) and its errors', async () => {
    const s = source(`${server.url}/404?apikey=FEEDQUERYSECRET5`);
    expect(s.name).toBe(`${server.url}/404?apikey=(not shown)`);
    const error = await s.fetch().then(() => null, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(FeedHttpPermanentError);
    expect(error!.message).toContain(`${server.url}/404?apikey=(not shown): HTTP 404`);
    expect(error!.message).not.toContain('FEEDQUERYSECRET5');
    // A timeout's message names the feed already shown: it was shown again, as "apikey=(not shown) shown)".
    const hung = await source(`${server.url}/hang?apikey=FEEDQUERYSECRET5`, { timeoutMs: 200 }).fetch().then(() => null, (e: unknown) => e as Error);
    expect(hung!.message).toBe(`feed ${server.url}/hang?apikey=(not shown) timed out after 200 ms`);
  });

  it('retries transient failures and recovers', async () => {
    const s = new ResilientNewsSource(source(`${server.url}/flaky?r`), clock, { timeoutMs: 2000, retry: { retries: 3, baseDelayMs: 5 } });
    expect(await s.fetch()).toHaveLength(55);
    expect(s.stats()).toMatchObject({ state: 'closed', successes: 1, failures: 0, retries: 2 });
  });

  it('does not retry a 404', async () => {
    const before = counters.get('404') ?? 0;
    const s = new ResilientNewsSource(source(`${server.url}/404`), clock, { retry: { retries: 3, baseDelayMs: 5 } });
    await expect(s.fetch()).rejects.toThrow(/HTTP 404.*check the feed URL/);
    expect((counters.get('404') ?? 0) - before).toBe(1);
  });

  it('opens the breaker on a dead feed and stops calling it', async () => {
    const s = new ResilientNewsSource(source(`${server.url}/500?b`), clock, { retry: { retries: 0 }, breaker: { failureThreshold: 3, cooldownMs: 60_000 } });
    for (let i = 0; i < 3; i++) await expect(s.fetch()).rejects.toThrow(/HTTP 500/);
    await expect(s.fetch()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(counters.get('?b')).toBe(3);
    expect(s.stats()).toMatchObject({ state: 'open', failures: 3, consecutiveFailures: 3, shortCircuited: 1 });
    expect(s.stats().lastError).toMatch(/HTTP 500/);
  });

  it('times out a hung server and a slow trickle without stalling other feeds', async () => {
    const hung = new ResilientNewsSource(source(`${server.url}/hang`, { name: 'hung' }), clock, { timeoutMs: 300, retry: { retries: 0 } });
    const slow = new ResilientNewsSource(source(`${server.url}/trickle`, { name: 'slow' }), clock, { timeoutMs: 300, retry: { retries: 0 } });
    const good = new ResilientNewsSource(source(`${server.url}/feeds/${GUARDIAN}`, { name: 'good' }), clock, { timeoutMs: 2000 });
    const all = new CompositeNewsSource([hung, slow, good]);
    const t0 = performance.now();
    const items = await all.fetch();
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(items).toHaveLength(55);
    const outcomes = all.lastOutcomes();
    expect(outcomes.find((o) => o.name === 'hung')!.error).toMatch(/timed out after 300 ms/);
    expect(outcomes.find((o) => o.name === 'slow')!.error).toMatch(/timed out/);
    expect(all.stats()).toMatchObject({ hung: { timeouts: 1, failures: 1 }, slow: { timeouts: 1 }, good: { successes: 1 } });
  });

  it('reports a connection cut mid-body as a transient error and a cut document as truncated', async () => {
    const cut = source(`${server.url}/cut-socket`).fetch();
    await expect(cut).rejects.toThrow(/connection lost while reading the body/);
    const reason = await cut.catch((e: unknown) => e);
    const { isTransient } = await import('../../src/core/transient.js');
    expect(isTransient(reason)).toBe(true);
    await expect(source(`${server.url}/cut-body`).fetch()).rejects.toThrow(/truncated/);
  });

  it('sniffs content whatever the Content-Type says, and names it when the body is HTML', async () => {
    expect(await source(`${server.url}/wrong-type`).fetch()).toHaveLength(15);
    await expect(source(`${server.url}/html-error`).fetch()).rejects.toThrow(/not a feed.*Content-Type text\/html/);
  });

  it('enforces the body size limit, declared or streamed', async () => {
    await expect(source(`${server.url}/big`, { maxBytes: 100_000 }).fetch()).rejects.toThrow(/exceeds the 100000-byte limit/);
    const t0 = performance.now();
    await expect(source(`${server.url}/big-chunked`, { maxBytes: 200_000 }).fetch()).rejects.toThrow(/download aborted/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('decodes gzip bodies and charsets from the header', async () => {
    expect(await source(`${server.url}/gzip`).fetch()).toHaveLength(15);
    const [item] = await source(`${server.url}/latin1-header`).fetch();
    expect(item!.title).toBe('Ações sobem');
    expect(item!.source).toBe('Notícias');
  });

  it('reports a corrupt gzip body and follows redirects', async () => {
    await expect(source(`${server.url}/bad-gzip`).fetch()).rejects.toThrow(/body is not valid gzip data \(incorrect header check\); the server's Content-Encoding is wrong/);
    expect(await source(`${server.url}/redirect`).fetch()).toHaveLength(55);
  });

  it('honours the caller abort', async () => {
    const c = new AbortController();
    const p = source(`${server.url}/hang`).fetch(c.signal);
    c.abort();
    await expect(p).rejects.toThrow();
  });
});

describe('FeedSource configuration', () => {
  it('refuses URLs it would not fetch', () => {
    expect(() => new FeedSource({ url: 'not a url', clock })).toThrow(/newsFeeds: "not a url" is not a URL/);
    expect(() => new FeedSource({ url: 'file:///etc/passwd', clock })).toThrow(/only http and https/);
  });
});

describe('what the parser forgave, in the daemon’s log', () => {
  it('says each warning of a feed once, and a new one when it appears', async () => {
    const rss = (items: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>${items}</channel></rss>`;
    const good = '<item><guid>g1</guid><title>ACME beats estimates</title><pubDate>Wed, 31 Jan 2018 08:00:00 GMT</pubDate></item>';
    let body = rss(`<item><guid>e1</guid></item>${good}`);
    const wire = await startLoopback((_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    try {
      const lines: { level: string; msg: string; warnings: string[] }[] = [];
      const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
      const feed = source(`${wire.url}/wire.rss`, { logger });
      for (let i = 0; i < 3; i++) expect((await feed.fetch()).map((item) => item.id)).toEqual(['g1']);
      expect(lines.map((l) => l.msg)).toEqual([
        `feed ${wire.url}/wire.rss: item 1 has no title, summary or link; skipped; read anyway (each said once; \`conclave check-feed ${wire.url}/wire.rss\` shows them all)`,
      ]);
      expect(lines[0]!.level).toBe('warn');
      // The feed loses its closing tags: that is new, and said; the skipped item is not said again.
      body = rss(`<item><guid>e1</guid></item>${good}`).replace('</channel></rss>', '');
      await feed.fetch();
      expect(lines).toHaveLength(2);
      expect(lines[1]!.warnings).toEqual([expect.stringMatching(/^not well-formed XML .*parsed leniently$/)]);
    } finally {
      await wire.close();
    }
  });
});
