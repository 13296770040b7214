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
  it("its newer quote download (quoted headers with trailing spaces, a series column, lakh and crore grouping) reads as the same bars", () => {
    // "1,32,23,177" is 13,223,177 as India groups digits: a last group of three after groups of two.
    const indian = (n: number) => {
      const [whole, frac] = String(n).split('.');
      const last = whole!.slice(-3);
      const rest = whole!.slice(0, -3).replace(/\B(?=(\d{2})+$)/g, ',');
      return (rest ? `${rest},${last}` : last) + (frac ? `.${frac}` : '');
    };
    const q = (x: string) => `"${x}"`;
    const header = ['Date ', 'series ', 'OPEN ', 'HIGH ', 'LOW ', 'PREV. CLOSE ', 'ltp ', 'close ', 'vwap ', 'VOLUME ', 'VALUE ', 'No of trades '].map(q).join(',');
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume]) => {
      const v = Number(volume);
      return [nseDate(date), 'EQ', open!, high!, low!, close!, close!, close!, close!, indian(v), indian(v * 10 + 0.25), indian(v % 1000 + 100000)].map(q).join(',');
    });
    expect(indian(13223177)).toBe('1,32,23,177');
    const loaded = parseOhlcv([header, ...lines].join('\n'), 'Quote-Equity-ORCL-EQ-01-01-1995-to-31-12-1995.csv', NOW);
    // Every row was refused: 'volume "57,77,575" is not a number'.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });
});
