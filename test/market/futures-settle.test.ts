import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// Quandl's (Nasdaq Data Link's) futures, CHRIS/CME_CL1 and the like: newest first, Last empty on most rows, Settle set.
describe('futures with a Last and a Settle column', () => {
  it('read the Settle as the close, on every row, whether Last is empty or not', () => {
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume], i) => {
      // Last, where written, is a trade before the settlement: not the close the day is settled at.
      const lastTrade = i % 10 === 0 ? (Number(close) * 0.999).toFixed(6) : '';
      return `${date},${open},${high},${low},${lastTrade},,${close},${volume}.0,1000.0`;
    });
    const loaded = parseOhlcv(['Date,Open,High,Low,Last,Change,Settle,Volume,Previous Day Open Interest', ...lines].join('\n'), 'CHRIS-CME_CL1.csv', NOW);
    // Last was taken for the close: 'close is empty' refused 9 rows in 10, and the rest mixed trades with settlements.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a Close column stays the close when a Settle column comes with it', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},${(Number(close) * 1.001).toFixed(6)},${volume}`);
    expect(parseOhlcv(['Date,Open,High,Low,Close,Settle,Volume', ...lines].join('\n'), 'fut.csv', NOW).bars).toEqual(original);
  });
});
