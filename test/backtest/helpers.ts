import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { withChanges } from '../../src/core/with-changes.js';
import { immutable } from '../../src/core/freeze.js';
import { seededRandom } from '../../src/core/random.js';
import { loadSeries, type LoadedSeries, type SeriesSpec } from '../../src/backtest/load-series.js';
import { runLoadedBacktest, type BacktestRun, type BacktestOptions } from '../../src/backtest/run-backtest.js';
import type { Logger } from '../../src/core/logger.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';

export const OHLCV = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'ohlcv');
export const ORCL = join(OHLCV, 'backtrader__orcl-1995-2014.txt');
export const GOOG = join(OHLCV, 'backtesting.py__GOOG.csv');
export const MINUTE = join(OHLCV, 'backtrader__2006-01-02-volume-min-001.txt');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-backtest-'));
  dirs.push(dir);
  return dir;
}

export function defaultConfig(changes: Partial<Config> = {}): Config {
  return withChanges(loadConfig({ env: {} }), changes);
}

/** A readier panel than the default (which rarely enters on ORCL): enough fills for the mechanics and look-ahead tests. */
export const READY_PANEL = { modelThreshold: 0.5, chief: { buyThreshold: 0.1, sellThreshold: 0.1, minConviction: 0.02, costMultiple: 0 } } as Partial<Config>;

export const iso = (text: string) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);

/** Loads the files and runs them in-process, in a fresh output folder. */
export async function backtest(
  files: SeriesSpec[],
  span: { from?: string; to?: string } = {},
  config: Partial<Config> = {},
  edit?: (series: LoadedSeries[]) => LoadedSeries[],
): Promise<BacktestRun> {
  const from = span.from ? iso(span.from) : undefined;
  const to = span.to ? iso(span.to) : undefined;
  let series = await loadSeries(files, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  if (edit) series = edit(series);
  return runLoadedBacktest(series, { config: defaultConfig(config), files, outDir: tempDir() });
}

/** The bars of `symbol` in a run's record, by open time. */
export function barsByTime(run: BacktestRun, symbol: string) {
  const s = run.record.symbols.find((x) => x.symbol === symbol)!;
  return new Map(s.bars.map((b) => [b.time, b]));
}

const silent = { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined, child: () => silent } as unknown as Logger;

/** A backtest's recorded news: headlines naming ORCL and GOOG in turn, good and bad, every 37 hours from 2005 (any time of day). */
export function recordedNews(): NonNullable<BacktestOptions['news']> {
  const file = join(tempDir(), 'news.jsonl');
  const start = Date.UTC(2005, 0, 5, 14, 30);
  const lines = Array.from({ length: 400 }, (_, i) => {
    const symbol = i % 2 === 0 ? 'ORCL' : 'GOOG';
    const what = Math.floor(i / 2) % 2 === 0 ? 'surge on strong earnings beat' : 'plunge after weak guidance, downgrade';
    return JSON.stringify({ publishedAt: new Date(start + i * 37 * 3_600_000).toISOString(), title: `${symbol} shares ${what}` });
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return (clock, lookbackMs) => loadRecordedNews(file, clock, silent, { lookbackMs });
}

/** Recorded news of the given items, as `--news` gives a run. */
export function newsOf(items: { publishedAt: string; title: string }[]): NonNullable<BacktestOptions['news']> {
  const file = join(tempDir(), 'news.jsonl');
  writeFileSync(file, items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  return (clock, lookbackMs) => loadRecordedNews(file, clock, silent, { lookbackMs });
}

/** When each news opportunity of a run's store was published (ISO 8601). */
export function newsOpportunities(store: string): string[] {
  const db = new Database(store, { readonly: true });
  const rows = db.prepare(`SELECT created_at t FROM opportunities WHERE source = 'news' ORDER BY created_at`).all() as { t: number }[];
  db.close();
  return rows.map((r) => new Date(r.t).toISOString());
}

/**
 * Every bar of every file opening after `cutoff` replaced by a seeded random walk: same times, valid bars, another
 * future. `seed` gives file k's seed; `step` the spread of a bar's return, `wick` of its high and low beyond the body.
 */
export function poisonAfter(cutoff: number, { seed, step, wick }: { seed: (k: number) => number; step: number; wick: number }) {
  return (series: LoadedSeries[]): LoadedSeries[] =>
    series.map((s, k) => {
      const random = seededRandom(seed(k));
      let price = 0;
      const bars = s.bars.map((b) => {
        if (b.time <= cutoff) return b;
        price ||= b.open;
        const open = price;
        const close = open * Math.exp((random() - 0.5) * step);
        price = close;
        return immutable({ time: b.time, open, high: Math.max(open, close) * (1 + random() * wick), low: Math.min(open, close) * (1 - random() * wick), close, volume: 1000 + Math.floor(random() * 1e6) });
      });
      return Object.assign({}, s, { bars });
    });
}
