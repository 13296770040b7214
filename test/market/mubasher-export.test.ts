import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
// Mubasher's history of an Egyptian (EGX) stock as exported, newest first, its previous close a placeholder (-1).
const TEXT = [
  'Symbol,Date Range,Open,High,Low,Closed,% Change,Change,Prev. Closed,Volume,Turnover',
  'COMI,2026-09-07,142.8,142.8,140.06,140.06,-1.37,-1.94,-1,3867177,547648064',
  'COMI,2026-09-06,142.5,142.5,140.01,142,0.71,1,-1,2556530,362486400',
  'COMI,2026-09-03,141,141,138.81,141,1.45,2.02,-1,3102402,434202880',
].join('\n');

describe("Mubasher's export (Date Range, Closed)", () => {
  it('reads Date Range as the date and Closed as the close', () => {
    // It was refused whole: 'header "Symbol,Date Range,...,Closed,..." has no date, close column'.
    const r = parseOhlcv(TEXT, 'COMI.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [new Date(b.time).toISOString().slice(0, 10), b.open, b.high, b.low, b.close, b.volume])).toEqual([
      ['2026-09-03', 141, 141, 138.81, 141, 3102402],
      ['2026-09-06', 142.5, 142.5, 140.01, 142, 2556530],
      ['2026-09-07', 142.8, 142.8, 140.06, 140.06, 3867177],
    ]);
  });

  it('keeps a column named close as the close beside a closed one', () => {
    // Gate's candles saved by pandas carry `closed`, whether the candle had finished, after the close.
    const gate = ['date,open,high,low,close,volume,closed', '2024-01-02,10,12,9,11,100,true', '2024-01-03,11,13,10,12,100,true'].join('\n');
    expect(parseOhlcv(gate, 'gate.csv', NOW).bars.map((b) => b.close)).toEqual([11, 12]);
  });
});
