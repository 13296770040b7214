import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import type { Logger } from '../../src/core/logger.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';
import { defaultConfig, GOOG, iso, ORCL, tempDir } from './helpers.js';

const silent = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined, child: () => silent } as unknown as Logger;

/** Headlines naming ORCL and GOOG in turn, good and bad news, every 37 hours (so they fall at any time of day). */
function newsFile(): string {
  const file = join(tempDir(), 'news.jsonl');
  const start = Date.UTC(2005, 0, 5, 14, 30);
  const lines = Array.from({ length: 400 }, (_, i) => {
    const symbol = i % 2 === 0 ? 'ORCL' : 'GOOG';
    const what = Math.floor(i / 2) % 2 === 0 ? 'surge on strong earnings beat' : 'plunge after weak guidance, downgrade';
    return JSON.stringify({ publishedAt: new Date(start + i * 37 * 3_600_000).toISOString(), title: `${symbol} shares ${what}` });
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('backtest determinism with recorded news', () => {
  it('gives the same record with consumerConcurrency 1 and 8 (the scout read a step\'s news or not by how many discussions ran)', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }];
    const series = await loadSeries(files, { from: iso('2005-01-01'), to: iso('2007-12-31T23:59:59.999Z') });
    const news = newsFile();
    const run = (consumerConcurrency: number) => runLoadedBacktest(series, {
      config: defaultConfig({ consumerConcurrency }), files, outDir: tempDir(),
      news: (clock, lookbackMs) => loadRecordedNews(news, clock, silent, { lookbackMs }),
    });
    const [one, eight] = [await run(1), await run(8)];
    expect(one.news?.mapped).toBeGreaterThan(100);
    const scout = one.record.signals.filter((s) => s.role === 'scout' && s.stance !== 0);
    expect(scout.length).toBeGreaterThan(50);
    expect(JSON.stringify(eight.record)).toBe(JSON.stringify(one.record));
  }, 120_000);
});
