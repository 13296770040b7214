import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// Columns separated by vertical bars (a database's or a shell tool's export; nautilus_trader's Binance 1-minute sample).
describe('a file whose columns are separated by vertical bars', () => {
  it('with a header, reads as the same bars', () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => [date, open, high, low, close, volume].join('|'));
    const loaded = parseOhlcv(['Date|Open|High|Low|Close|Volume', ...lines].join('\n'), 'orcl.psv', NOW);
    // It was refused: 'header "Date|Open|High|Low|Close|Volume" has no date, open, high, low, close column'.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("without a header (Binance's klines: open time in ms, ..., close time, quote volume, trades...), reads as the same bars", () => {
    const lines = rows.map(([date, open, high, low, close, , volume]) => {
      const ms = Date.parse(`${date}T00:00:00Z`);
      return [ms, open, high, low, close, volume, ms + 86_399_999, '1.0', '79', '0', '0', '0'].join('|');
    });
    const loaded = parseOhlcv(lines.join('\n'), 'orcl-klines.psv', NOW);
    // Its first three rows were taken for banner lines and the fourth for a header without a date column.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });
});
