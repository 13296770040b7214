import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const nseDate = (date: string | undefined) => {
  const [y, m, d] = date!.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
};

// The National Stock Exchange of India's history downloads, newest first.
describe("NSE's (India) history exports", () => {
  it('an index (Date,Open,High,Low,Close,Shares Traded,Turnover (₹ Cr)) reads its volume', () => {
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume]) => `${nseDate(date)},${open},${high},${low},${close},${volume},1234.5`);
    const loaded = parseOhlcv(['Date,Open,High,Low,Close,Shares Traded,Turnover (₹ Cr)', ...lines].join('\n'), 'NIFTY 50.csv', NOW);
    // The volume was 0 on every bar: "Shares Traded" was not taken for the volume.
    expect(loaded.bars).toEqual(original);
  });

  it("a stock (…,Last Price,Close Price,Average Price,Total Traded Quantity,…) closes at its Close Price, not its Last Price", () => {
    const header = 'Symbol,Series,Date,Prev Close,Open Price,High Price,Low Price,Last Price,Close Price,Average Price,Total Traded Quantity,Turnover,No. of Trades';
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume]) => {
      const last = ((Number(high) + Number(low)) / 2).toFixed(6);
      return `ORCL,EQ,${nseDate(date)},1,${open},${high},${low},${last},${close},${close},${volume},1,1`;
    });
    const loaded = parseOhlcv([header, ...lines].join('\n'), 'ORCL-EQ.csv', NOW);
    // The Last Price (the day's last trade) was read as the close, and the volume as 0.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });
});
