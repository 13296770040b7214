import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// The shared ORCL rows as the saved JSON answers of brokers' and data vendors' APIs, each in its own shape.
describe('JSON answers of data APIs, saved as they came', () => {
  it("T-Bank's (Tinkoff's) Invest API candles: each price a Quotation of units and billionths", () => {
    // {"units": 124, "nano": 740000000} is 124.74; every candle was refused as having no open.
    const quotation = (text: string) => {
      const [units, fraction = ''] = text.split('.');
      return { units: Number(units), nano: Number(fraction.padEnd(9, '0').slice(0, 9)) };
    };
    const candles = rows.map(([date, open, high, low, close, , volume]) => ({
      open: quotation(open!), high: quotation(high!), low: quotation(low!), close: quotation(close!),
      volume: Number(volume), time: `${date}T00:00:00.000Z`, isComplete: true,
    }));
    const loaded = parseOhlcv(JSON.stringify(candles, null, 2), 'tinkoff-ORCL.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
    // Negative quotations are negative in both parts (-1.5 is units -1, nano -500000000): refused as negative, not misread.
    const negative = [{ ...candles[0]!, low: { units: -1, nano: -500000000 } }, ...candles.slice(1)];
    expect(parseOhlcv(JSON.stringify(negative), 'neg.json', NOW).rejected[0]?.message).toMatch(/-1\.5/);
  });
});
