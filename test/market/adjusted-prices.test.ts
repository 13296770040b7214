import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// ORCL as it traded before a 2:1 split on its 200th row: the raw prices of the rows before it are twice the adjusted.
const SPLIT = 200;
const raw = (i: number, x: string | undefined) => (i < SPLIT ? (Number(x) * 2).toFixed(6) : x);
const rawVolume = (i: number, v: string | undefined) => (i < SPLIT ? String(Number(v) / 2) : v);

describe('a file with a complete set of adjusted prices beside its raw ones', () => {
  it("Quandl's WIKI (…,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume) reads the adjusted bars", () => {
    const lines = [...rows.entries()].reverse().map(([i, [date, open, high, low, close, , volume]]) =>
      [date, raw(i, open), raw(i, high), raw(i, low), raw(i, close), rawVolume(i, volume), '0.0', i === SPLIT ? '2.0' : '1.0', open, high, low, close, volume].join(','),
    );
    const header = 'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume';
    const loaded = parseOhlcv([header, ...lines].join('\n'), 'WIKI-ORCL.csv', NOW);
    // The raw prices were read: the split quarantined every row after it ('unadjusted-split').
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("Tiingo's JSON bars (adjOpen, adjHigh, adjLow, adjClose, adjVolume) read the adjusted bars", () => {
    const bars = rows.map(([date, open, high, low, close, , volume], i) => ({
      date: `${date}T00:00:00.000Z`, close: Number(raw(i, close)), high: Number(raw(i, high)), low: Number(raw(i, low)), open: Number(raw(i, open)), volume: Number(rawVolume(i, volume)),
      adjClose: Number(close), adjHigh: Number(high), adjLow: Number(low), adjOpen: Number(open), adjVolume: Number(volume), divCash: 0, splitFactor: i === SPLIT ? 2 : 1,
    }));
    const loaded = parseOhlcv(JSON.stringify(bars), 'tiingo.json', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("Yahoo's lone Adj Close adjusts no bar: the raw prices stay", () => {
    const loaded = parseOhlcv(['Date,Open,High,Low,Close,Adj Close,Volume', ...rows.map((r) => r.join(','))].join('\n'), 'yahoo.csv', NOW);
    expect(loaded.bars.map((b) => b.close)).toEqual(rows.map((r) => Number(r[4])));
  });
});
