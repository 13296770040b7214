import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');
const NOW = { now: Date.UTC(2024, 0, 1) };
const text = readFileSync(ORCL, 'utf8').trim();
const rows = text.split('\n').slice(1, 400).map((r) => r.split(','));
const original = parseOhlcv(['Date,Open,High,Low,Close,Adj Close,Volume', ...rows.map((r) => r.join(','))].join('\n'), 'orcl.csv', NOW).bars;

describe("TradeStation's intraday export", () => {
  it('("Date","Time","Open","High","Low","Close","Up","Down", MM/DD/YYYY) reads the volume as Up plus Down', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => {
      const [y, m, d] = date!.split('-');
      const up = Math.floor(Number(volume) / 3);
      return `${m}/${d}/${y},00:00,${open},${high},${low},${close},${up},${Number(volume) - up}`;
    });
    const loaded = parseOhlcv(['"Date","Time","Open","High","Low","Close","Up","Down"', ...lines].join('\r\n'), 'ORCL.txt', NOW);
    // The volume was 0 on every bar: the file has no column named volume.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a volume column, when there is one, stays the volume', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},${volume},1,2`);
    expect(parseOhlcv(['Date,Open,High,Low,Close,Volume,Up,Down', ...lines].join('\n'), 'v.csv', NOW).bars).toEqual(original);
  });
});
