import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// Barchart.com's price history download: newest first, the close named "Latest", a footer line after the bars.
describe("Barchart's price history download", () => {
  it('reads its Latest column as the close and leaves its footer out', () => {
    const lines = [...rows].reverse().map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},0.01,+0.01%,${volume}`);
    const text = ['Time,Open,High,Low,Latest,Change,%Change,Volume', ...lines, '"Downloaded from Barchart.com as of 05-05-2026 08:09am CDT"'].join('\n');
    const loaded = parseOhlcv(text, 'orcl_price-history-05-05-2026.csv', NOW);
    // It was refused whole: 'header "Time,Open,High,Low,Latest,..." has no close column'.
    expect(loaded.bars).toEqual(original);
    expect(loaded.rejected.map((r) => r.code)).toEqual(['malformed-row']);
  });

  it('a file with a Close column keeps it, a Latest beside it being something else', () => {
    const text = ['Date,Open,High,Low,Close,Latest', '2024-01-02,10,11,9,10.5,99', '2024-01-03,10.5,12,10,11.5,99'].join('\n');
    expect(parseOhlcv(text, 'x.csv', NOW).bars.map((b) => b.close)).toEqual([10.5, 11.5]);
  });
});
