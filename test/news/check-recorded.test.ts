import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkFeed } from '../../src/news/check-feed.js';

const FEEDS = path.resolve(process.cwd(), '../shared/data/feeds');

async function check(target: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await checkFeed(target, (l) => lines.push(l));
  return { code, lines };
}

describe('conclave check-feed on recorded news for backtests', () => {
  it('reads a JSON Lines file as backtest --news does (it was "JSON feed is not valid JSON")', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-recorded-')), 'news.jsonl');
    writeFileSync(file, ['{"publishedAt":"2012-03-20T21:00:00Z","title":"Oracle beats estimates"}', '{"title":"no date"}', '{"publishedAt":1332277200000,"title":"Oracle raises guidance"}'].join('\n'));
    const { code, lines } = await check(file);
    expect(code).toBe(0);
    expect(lines.slice(0, 4)).toEqual([
      `recorded news: ${file} (JSON Lines), as backtest --news reads it`,
      'items: 2, published 2012-03-20T21:00:00.000Z to 2012-03-20T21:00:00.000Z',
      'not used: 1 no-date',
      `  ${file}:2 [no-date] no publishedAt: a news item without a time cannot be placed on a calendar`,
    ]);
    expect(lines).toContain('- 2012-03-20T21:00:00Z  Oracle beats estimates');
    expect(lines.at(-1)).toBe('result: OK');
  });

  it('reads a gzipped JSON Lines file as backtest --news does (it was "JSON feed is not valid JSON")', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-recorded-')), 'wire.jsonl.gz');
    writeFileSync(file, gzipSync('{"publishedAt":"2012-03-20T21:00:00Z","title":"Oracle beats estimates"}\n'));
    const { code, lines } = await check(file);
    expect(code).toBe(0);
    expect(lines[1]).toBe('items: 1, published 2012-03-20T21:00:00.000Z to 2012-03-20T21:00:00.000Z');
    expect(lines).toContain('- 2012-03-20T21:00:00Z  Oracle beats estimates');
  });

  it('reads a .json array of items or NewsAPI’s answer as backtest --news does (it was "not a feed"), and a JSON Feed as a feed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-recorded-'));
    const item = { publishedAt: '2012-03-20T21:00:00Z', title: 'Oracle beats estimates' };
    for (const [name, body] of [['items.json', [item]], ['newsapi.json', { status: 'ok', totalResults: 1, articles: [item] }]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(body, null, 2));
      const { code, lines } = await check(file);
      expect(code).toBe(0);
      expect(lines[0]).toBe(`recorded news: ${file} (JSON), as backtest --news reads it`);
      expect(lines).toContain('- 2012-03-20T21:00:00Z  Oracle beats estimates');
    }
    const feed = path.join(dir, 'feed.json');
    writeFileSync(feed, JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Wire', items: [{ id: '1', title: item.title, date_published: item.publishedAt }] }));
    const { code, lines } = await check(feed);
    expect(code).toBe(0);
    expect(lines[1]).toBe('format: json 1.1, charset utf-8, title "Wire"');
  });

  it('says of a CSV table of headlines what backtest --news says: CSV, and what to write (it was "neither XML nor JSON")', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-recorded-')), 'ratings.csv');
    writeFileSync(file, ',title,date,stock\n0,Stocks That Hit 52-Week Highs On Friday,2020-06-05 10:30:00-04:00,A\n');
    const { code, lines } = await check(file);
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('looks like CSV (its first line: ",title,date,stock"), not JSON Lines: write each row as {"publishedAt": …, "title": …} on a line of its own');
  });

  it('reads a folder of saved feeds, the shared ones, counting what it cannot use (it said "is not a file")', async () => {
    const { code, lines } = await check(FEEDS);
    expect(code).toBe(0);
    expect(lines[0]).toBe(`recorded news: ${FEEDS} (a folder of saved feeds), as backtest --news reads it`);
    expect(lines[1]).toMatch(/^items: \d{3}, published 2014-/);
    // What a parser says of a file as a whole is said for a folder too (it was said for the file alone only).
    expect(lines.slice(2, 5)).toEqual([
      'note: feed-rs__rss_2.0_nbcny.xml: item dates give a clock time without a time zone: read as UTC, hours off if the publisher wrote its local time (item 1: "Sat, Dec 16 2023 02:02:33 PM")',
      "note: feedjira__InvalidDateFormat.xml: not well-formed XML (line 1: Unclosed tag 'rss'.); parsed leniently",
      'note: rss-parser__uolNoticias.rss: no charset declared, and the bytes are not UTF-8: read as windows-1252 (Latin-1), as such feeds nearly always are',
    ]);
    expect(lines[5]).toBe('not used: 18 no-date, 1 no-title, 2 bad-file');
    expect(lines).toContain(`  ${path.join(FEEDS, 'feedparser__rss_incomplete_cdata.xml')} [bad-file] feed is truncated (cut off before its end) (line 1): CDATA is not closed.`);
    // 21 not used, 20 listed.
    expect(lines).toContain('  ... and 1 more');
  });

  it('fails (exit 1) with the reason when nothing can be used', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'check-recorded-')), 'news.ndjson');
    writeFileSync(file, '{"publishedAt":1332277200,"title":"epoch seconds"}\n');
    const { code, lines } = await check(file);
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/^error: --news .*: no usable news item, 1 rejected \(news\.ndjson:1 publishedAt 1332277200 looks like epoch seconds/);
  });
});
