import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { NewsItem } from '../../src/news/news-port.js';
import { SymbolMapper } from '../../src/news/symbol-map.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { NewsScanner } from '../../src/scanners/news-scanner.js';
import { newsWindow } from '../../src/scanners/news-window.js';
import { openStore } from '../../src/store/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A news scan over a real store, with the market's bar length given: what it keeps of items 20 hours and 8 days old. */
async function scanWith(barMs: number | null, lookbackBars: number) {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-news-window-'));
  dirs.push(dir);
  const store = openStore(join(dir, 'store.db'));
  const clock = new VirtualClock(Date.UTC(2026, 0, 10));
  const item = (id: string, ageMs: number): NewsItem => ({ id, title: `ACME beats estimates ${id}`, summary: '', publishedAt: clock.now() - ageMs, source: 'test' });
  const window = newsWindow(6 * HOUR, lookbackBars, () => barMs);
  const book = new NewsBook(100, window);
  const scanner = new NewsScanner({
    clock,
    logger: createLogger({ level: 'silent', clock }),
    source: { name: 'test', fetch: async () => [item('fresh', HOUR), item('day-old', 20 * HOUR), item('week-old', 8 * DAY)] },
    mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
    seen: store,
    book,
    lookbackMs: window,
    minSentiment: 2,
    cooldownMs: 0,
    priceOf: async () => 100,
    publish: async () => undefined,
  });
  const result = await scanner.scan(new AbortController().signal);
  const kept = book.recent(clock.now()).map((i) => i.id).sort();
  store.close();
  return { fresh: result.fresh, kept };
}

describe('the news look-back in bars', () => {
  it('is the longer of the duration and the bars: daily bars keep a trading week, minute bars the duration', async () => {
    expect(await scanWith(DAY, 5)).toEqual({ fresh: 2, kept: ['day-old', 'fresh'] });
    expect(await scanWith(60_000, 5)).toEqual({ fresh: 1, kept: ['fresh'] });
    // 0 bars, or a bar length not known yet: the duration alone.
    expect(await scanWith(DAY, 0)).toEqual({ fresh: 1, kept: ['fresh'] });
    expect(await scanWith(null, 5)).toEqual({ fresh: 1, kept: ['fresh'] });
  });
});

describe('the news cooldown in bars', () => {
  /** Three scans ten minutes apart, each with a fresh strong item on ACME: how many opportunities each publishes. */
  async function publishedPerScan(barMs: number | undefined | (() => number), cooldownBars: number): Promise<number[]> {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-news-cooldown-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const clock = new VirtualClock(Date.UTC(2026, 0, 10));
    let n = 0;
    const scanner = new NewsScanner({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      source: { name: 'test', fetch: async () => [{ id: `item-${++n}`, title: `ACME beats estimates, raises guidance (update ${n})`, summary: '', publishedAt: clock.now(), source: 'test' }] },
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      seen: store,
      book: new NewsBook(100, 6 * HOUR),
      lookbackMs: 6 * HOUR,
      minSentiment: 0.1,
      cooldownMs: 30 * 60_000,
      cooldownBars,
      barMsOf: () => (typeof barMs === 'function' ? barMs() : barMs),
      priceOf: async () => 100,
      publish: async () => undefined,
    });
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      out.push((await scanner.scan(new AbortController().signal)).published);
      await clock.advance(10 * 60_000);
    }
    store.close();
    return out;
  }

  it('holds a daily symbol for its bars, a minute symbol for the duration, and falls back to the duration', async () => {
    expect(await publishedPerScan(DAY, 5)).toEqual([1, 0, 0]);
    // Five minute bars (5 minutes) replace the half hour: an item ten minutes later is published.
    expect(await publishedPerScan(60_000, 5)).toEqual([1, 1, 1]);
    // The bar length not known, or no bars configured: the half hour.
    expect(await publishedPerScan(undefined, 5)).toEqual([1, 0, 0]);
    expect(await publishedPerScan(DAY, 0)).toEqual([1, 0, 0]);
    // A symbol the market does not know (its bar length throws, as a replay's does): the half hour, no failed scan.
    expect(await publishedPerScan(() => { throw new Error('replay has no symbol ACME'); }, 5)).toEqual([1, 0, 0]);
  });
});

describe('a news source whose every item is outside the look-back', () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 10));
  const old: NewsItem = { id: 'old', title: 'ACME beats estimates', summary: '', publishedAt: Date.UTC(2015, 0, 2), source: 'test' };
  const ahead: NewsItem = { id: 'ahead', title: 'ACME beats estimates again', summary: '', publishedAt: Date.UTC(2027, 0, 2), source: 'test' };
  async function warningsOf(items: NewsItem[], scans: number) {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-news-outside-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
    const logger = createLogger({ level: 'silent', clock });
    logger.warn = ((obj: Record<string, unknown>, msg: string) => warnings.push({ obj, msg })) as unknown as typeof logger.warn;
    const scanner = new NewsScanner({
      clock, logger, seen: store, book: new NewsBook(100, 6 * HOUR), lookbackMs: 6 * HOUR, minSentiment: 2, cooldownMs: 0,
      source: { name: 'test', fetch: async () => items },
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      priceOf: async () => 100,
      publish: async () => undefined,
    });
    for (let i = 0; i < scans; i++) await scanner.scan(new AbortController().signal);
    store.close();
    return warnings;
  }

  it('says so once (a folder of old feeds, a replay of old bars: news is judged on the clock)', async () => {
    const warnings = await warningsOf([old, ahead], 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.obj).toMatchObject({ older: 1, ahead: 1 });
    expect(warnings[0]!.msg).toMatch(/every item fetched is outside newsLookbackMs .* use `conclave backtest --news`/);
  });

  it('says nothing when an item is fresh', async () => {
    const fresh: NewsItem = { id: 'fresh', title: 'ACME news', summary: '', publishedAt: clock.now() - HOUR, source: 'test' };
    expect(await warningsOf([old, ahead, fresh], 1)).toEqual([]);
  });
});

describe('a news source that repeats its items', () => {
  /** Scans an hour apart over a real store, each fetching `items()` at the scan's time: what each publishes. */
  async function publishedPerScan(items: (now: number) => NewsItem[], scans: number) {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-news-repeat-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const clock = new VirtualClock(Date.UTC(2026, 0, 10));
    const warnings: string[] = [];
    const logger = createLogger({ level: 'silent', clock });
    logger.warn = ((_obj: unknown, msg: string) => warnings.push(msg)) as unknown as typeof logger.warn;
    const scanner = new NewsScanner({
      clock, logger, seen: store, book: new NewsBook(100, 6 * HOUR), lookbackMs: 6 * HOUR, minSentiment: 0.1, cooldownMs: 0,
      source: { name: 'test', fetch: async () => items(clock.now()) },
      mapper: new SymbolMapper([{ symbol: 'ACME', names: ['Acme'] }]),
      priceOf: async () => 100,
      publish: async () => undefined,
    });
    const out: number[] = [];
    for (let i = 0; i < scans; i++) {
      out.push((await scanner.scan(new AbortController().signal)).published);
      await clock.advance(HOUR);
    }
    store.close();
    return { out, warnings };
  }

  it('publishes an undated item once, however long its feed carries it (each fetch dates it anew)', async () => {
    const undated = (now: number): NewsItem[] => [{ id: 'undated', title: 'ACME beats estimates, raises guidance', summary: '', publishedAt: now, dateFallback: true, source: 'test' }];
    const { out } = await publishedPerScan(undated, 20);
    expect(out.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('counts one headline repeated under many ids (one feed flooding the book) once', async () => {
    let scan = 0;
    const flood = (now: number): NewsItem[] => {
      scan++;
      return Array.from({ length: 50 }, (_, k) => ({ id: `${scan}-${k}`, title: k % 2 ? 'ACME beats, raises guidance!' : 'Acme beats, raises  guidance', summary: '', publishedAt: now - k, source: 'test' }));
    };
    const { out } = await publishedPerScan(flood, 3);
    expect(out).toEqual([1, 0, 0]);
    const distinct = (now: number): NewsItem[] => ['ACME beats estimates', 'ACME raises guidance'].map((title, k) => ({ id: `d${k}-${now}`, title, summary: '', publishedAt: now, source: 'test' }));
    expect((await publishedPerScan(distinct, 1)).out).toEqual([2]);
  });

  it('does not say every item is outside the look-back when the fresh ones were seen already', async () => {
    const start = Date.UTC(2026, 0, 10);
    const items = (): NewsItem[] => [
      { id: 'fresh', title: 'ACME beats estimates', summary: '', publishedAt: start - HOUR, source: 'test' },
      { id: 'old', title: 'ACME news', summary: '', publishedAt: Date.UTC(2015, 0, 2), source: 'test' },
    ];
    const { warnings } = await publishedPerScan(items, 2);
    expect(warnings.filter((w) => w.includes('outside newsLookbackMs'))).toEqual([]);
  });
});
