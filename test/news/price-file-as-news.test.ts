import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const FREQTRADE = path.resolve(process.cwd(), '../shared/data/ohlcv/freqtrade__ADA_BTC-5m.json');
const quiet = { warn: () => undefined, info: () => undefined } as unknown as Logger;
const clock = new VirtualClock(Date.UTC(2024, 0, 1));

function file(name: string, text: string): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'price-news-')), name);
  writeFileSync(f, text);
  return f;
}

async function refusal(f: string): Promise<string> {
  const error = await loadRecordedNews(f, clock, quiet).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('a price file given as --news', () => {
  it('is named as price bars, with where it goes: a CSV table and a JSON array of bars (real files)', async () => {
    const csv = await refusal(ORCL);
    expect(csv).toContain('holds price bars, not news: its first line is "Date,Open,High,Low,Close,Adj Close,Volume"');
    expect(csv).toContain('FILE argument (SYMBOL=path)');
    const json = await refusal(FREQTRADE);
    expect(json).toContain('holds price bars, not news: its first element is [');
    expect(json).not.toContain('not a JSON object');
  });

  it('is named so as bar objects, and a table of headlines is still told to be written as JSON Lines', async () => {
    const bars = file('bars.json', JSON.stringify([{ time: 1, o: 1, h: 2, l: 0.5, c: 1.5, v: 10 }, { time: 2, o: 1.5, h: 2, l: 1, c: 1.8, v: 12 }]));
    expect(await refusal(bars)).toContain('holds price bars, not news');
    const headlines = file('headlines.csv', 'title,date,stock\nACME opens a plant,2024-01-02,ACME\n');
    const said = await refusal(headlines);
    expect(said).toContain('looks like CSV');
    expect(said).not.toContain('price bars');
  });

  it('leaves news alone, even a headline about a market\'s open and close', async () => {
    const news = file('news.jsonl', [
      JSON.stringify({ publishedAt: '2024-01-02T14:30:00Z', title: 'Stocks open high, close low', open: 1, high: 2, low: 0, close: 1 }),
      JSON.stringify({ publishedAt: '2024-01-02T15:30:00Z', title: 'ACME beats estimates' }),
    ].join('\n'));
    const source = await loadRecordedNews(news, clock, quiet);
    expect(source.stats().items).toBe(2);
  });
});
