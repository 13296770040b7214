import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { DirectorySource } from '../../src/news/directory-source.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';
import { readPublishedAt, readRecordedObject } from '../../src/news/recorded-item.js';
import { ResilientNewsSource } from '../../src/news/resilient-news.js';

const FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');
const HOUR = 3_600_000;
const T = Date.UTC(2024, 2, 1, 14, 30);

function captureLogger() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => lines.push({ level, obj, msg });
  return { lines, logger: { warn: at('warn'), info: at('info') } as unknown as Logger };
}

function jsonl(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'recorded-')), 'news.jsonl');
  writeFileSync(file, lines.join('\n'));
  return file;
}

const GOOD_AND_BAD = [
  JSON.stringify({ publishedAt: new Date(T).toISOString(), title: 'ACME beats estimates', summary: '<p>Record <b>quarter</b></p>', url: 'https://example.com/a', source: 'Wire' }),
  JSON.stringify({ publishedAt: T + HOUR, title: 'ACME raises guidance', id: 'acme-2' }),
  '',
  '{"publishedAt": "2024-03-01T17:30:00", "title": "no zone: read as UTC"}',
  '{not json',
  JSON.stringify({ title: 'an undated rumour' }),
  JSON.stringify({ publishedAt: Math.floor(T / 1000), title: 'epoch seconds' }),
  JSON.stringify({ publishedAt: T + 2 * HOUR, summary: 'no title' }),
  JSON.stringify({ publishedAt: T + 5 * HOUR, title: 'ACME raises guidance again', id: 'acme-2' }),
  JSON.stringify({ publishedAt: 'next tuesday', title: 'bad date' }),
  JSON.stringify({ publishedAt: String(T - HOUR), title: 'epoch ms as a string' }),
];

describe('loadRecordedNews from JSON Lines', () => {
  it('places a month alone at its end, and refuses one wild epoch or a date without dashes as that line alone', async () => {
    const news = await loadRecordedNews(
      jsonl([
        JSON.stringify({ publishedAt: '2024-02', title: 'a month alone' }),
        JSON.stringify({ publishedAt: 1e17, title: 'an epoch past any date' }),
        JSON.stringify({ publishedAt: '20240301', title: 'a date without dashes' }),
        JSON.stringify({ publishedAt: T, title: 'fine' }),
        JSON.stringify({ publishedAt: 'Fri, 01 Mar 2024 09:30:00 AZOST', title: 'a zone not known' }),
      ]),
      new VirtualClock(T + HOUR),
      captureLogger().logger,
    );
    // The month was read as its first day, seen a month before it could have come out; the epoch failed the whole file.
    expect(news.stats()).toMatchObject({ items: 2, first: new Date(Date.UTC(2024, 2, 1) - 1).toISOString() });
    expect(news.issues().map((i) => [i.line, i.reason])).toEqual([[2, 'bad-date'], [3, 'bad-date'], [5, 'bad-date']]);
    expect(news.issues()[0]!.message).toMatch(/after the year 2200/);
    expect(news.issues()[1]!.message).toMatch(/a date without dashes\? Write ISO 8601/);
    // It was read as UTC, with nothing said.
    expect(news.issues()[2]!.message).toMatch(/names a time zone not known here \(AZOST\): write ISO 8601 with its offset/);
  });

  it('keeps dated items, rejects the rest with counted, logged reasons and line numbers', async () => {
    const { lines, logger } = captureLogger();
    const news = await loadRecordedNews(jsonl(GOOD_AND_BAD), new VirtualClock(T - 10 * HOUR), logger);
    expect(news.stats()).toMatchObject({
      format: 'jsonl', items: 4, visible: 0,
      rejected: { 'bad-json': 1, 'no-date': 1, 'bad-date': 2, 'no-title': 1, duplicate: 1, 'cut-off': 0, 'bad-file': 0, 'over-limit': 0 },
      first: new Date(T - HOUR).toISOString(), last: new Date(T + 3 * HOUR).toISOString(),
    });
    expect(news.issues().map((i) => [i.line, i.reason])).toEqual([
      [5, 'bad-json'], [6, 'no-date'], [7, 'bad-date'], [8, 'no-title'], [9, 'duplicate'], [10, 'bad-date'],
    ]);
    expect(news.issues()[1]!.message).toMatch(/cannot be placed on a calendar/);
    expect(news.issues()[2]!.message).toMatch(/looks like epoch seconds/);
    const warned = lines.filter((l) => l.level === 'warn');
    expect(warned).toHaveLength(6);
    expect(warned[0]).toMatchObject({ obj: { line: 5, reason: 'bad-json' } });
    expect(lines.find((l) => l.msg === 'recorded news loaded')!.obj).toMatchObject({ items: 4 });
  });

  it('shows each item from its published time on the clock, and only within the look-back', async () => {
    const clock = new VirtualClock(T - 2 * HOUR);
    const news = await loadRecordedNews(jsonl(GOOD_AND_BAD), clock, captureLogger().logger, { lookbackMs: 2 * HOUR });
    const titles = async () => (await news.fetch()).map((i) => i.title);
    expect(await titles()).toEqual([]);
    await clock.advance(HOUR - 1);
    expect(await titles()).toEqual([]);
    await clock.advance(1); // T - 1h: the first item's published instant
    expect(await titles()).toEqual(['epoch ms as a string']);
    await clock.advance(HOUR);
    const [, first] = await news.fetch();
    expect(first).toMatchObject({ title: 'ACME beats estimates', summary: 'Record quarter', link: 'https://example.com/a', source: 'Wire', publishedAt: T });
    await clock.advance(3 * HOUR); // T + 3h: T - 1h and T have left the 2-hour look-back
    expect(await titles()).toEqual(['ACME raises guidance', 'no zone: read as UTC']);
    expect(news.stats().visible).toBe(4);
  });

  it('reads a title as a feed\'s title is read: tags stripped, entities decoded, its id as written', () => {
    const read = (title: string) => readRecordedObject({ publishedAt: T, title }, 'file');
    const html = read('Oracle <b>soars</b> &amp; rallies');
    expect(html).toMatchObject({ item: { title: 'Oracle soars & rallies' } });
    expect(read('AT&T up 3% on Q1 <2% guidance cut')).toMatchObject({ item: { title: 'AT&T up 3% on Q1 <2% guidance cut' } });
    // A placeholder number is no time, not "epoch seconds".
    for (const n of [-1, 0, 42]) expect(readPublishedAt(n)).toEqual({ reason: 'bad-date', message: `publishedAt ${n} is no time (a placeholder?); give epoch milliseconds or ISO 8601` });
    expect(readPublishedAt(1332277200)).toMatchObject({ message: expect.stringMatching(/looks like epoch seconds/) });
    // The id stays the one a run before this read gave it.
    expect((html as { item: { id: string } }).item.id).not.toBe((read('Oracle soars & rallies') as { item: { id: string } }).item.id);
  });

  it('two runs see the same items at the same instants, however the clock is driven', async () => {
    const file = jsonl(Array.from({ length: 500 }, (_, i) => JSON.stringify({ publishedAt: T + ((i * 7919) % 500) * 60_000, title: `item ${i}` })));
    const run = async () => {
      const clock = new VirtualClock(T - HOUR);
      const news = new ResilientNewsSource(await loadRecordedNews(file, clock, captureLogger().logger), clock, { timeoutMs: 1000, retry: { retries: 0 } });
      const seen: string[] = [];
      for (let i = 0; i < 40; i++) {
        const pending = news.fetch();
        await clock.advance(15 * 60_000); // the clock runs on while the fetch is in flight
        seen.push(`${clock.now()}:${(await pending).map((n) => n.id).join(',')}`);
      }
      return { seen, timeouts: news.stats().timeouts };
    };
    const a = await run();
    expect(a.timeouts).toBe(0);
    expect(a.seen.some((s) => s.split(',').length > 100)).toBe(true);
    expect(await run()).toEqual(a);
  });

  it('refuses what cannot be recorded news, naming --news', async () => {
    const { logger } = captureLogger();
    const clock = new VirtualClock();
    const missing = await loadRecordedNews('/nope/news.jsonl', clock, logger).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as ConfigError).key).toBe('--news');
    expect((missing as Error).message).toMatch(/--news \/nope\/news\.jsonl: cannot read recorded news .*JSON Lines file or a folder of saved feeds/);
    await expect(loadRecordedNews(jsonl(['{"title":"x"}', 'oops']), clock, logger)).rejects.toThrow(/no usable news item, 2 rejected \(news\.jsonl:1 no publishedAt/);
    await expect(loadRecordedNews(path.join(FEEDS, 'rss-parser__heise.atom'), clock, logger)).rejects.toThrow(/looks like a saved feed/);
    expect((await loadRecordedNews(jsonl(['']), clock, logger)).stats().items).toBe(0);
  });
});

describe('loadRecordedNews from a folder of saved feeds', () => {
  it('reads the shared feeds with the directory reader, keeping only dated items, oldest first', async () => {
    const clock = new VirtualClock(Date.UTC(2030, 0, 1));
    const { lines, logger } = captureLogger();
    const news = await loadRecordedNews(FEEDS, clock, logger, { lookbackMs: 100 * 365 * 24 * HOUR });
    const stats = news.stats();
    expect(stats.format).toBe('feeds');
    expect(stats.rejected['bad-file']).toBe(2);
    expect(stats.rejected['no-date']).toBeGreaterThan(0);
    const items = await news.fetch();
    expect(items).toHaveLength(stats.items);
    expect(items.every((i, k) => !i.dateFallback && (k === 0 || items[k - 1]!.publishedAt <= i.publishedAt))).toBe(true);
    // The same items the directory source reads, less the undated ones (and repeated ids).
    const direct = await new DirectorySource({ dir: FEEDS, clock }).fetch();
    const dated = new Map(direct.filter((i) => !i.dateFallback).map((i) => [i.id, i] as const));
    expect(stats.items).toBe(dated.size);
    expect(items.map((i) => i.id).sort()).toEqual([...dated.keys()].sort());
    expect(lines.some((l) => l.obj.reason === 'no-date' && /cannot be placed on a calendar/.test(l.msg))).toBe(true);
    // Before the first item's time, nothing.
    const early = await loadRecordedNews(FEEDS, new VirtualClock(Date.parse(stats.first!) - 1), logger);
    expect(await early.fetch()).toEqual([]);
  });
});
