import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 4, 10);

describe("Coinone's chart answer ({\"result\": \"success\", \"chart\": [...]})", () => {
  it('reads its candles, target_volume (the coin) as the volume, not as Yahoo\'s chart answer', () => {
    // Newest first, prices as strings, as Coinone's /public/v2/chart answers.
    const chart = [1, 0].map((i) => ({ timestamp: T0 + i * HOUR, open: String(5000 + i), high: String(5010 + i), low: String(4990 + i), close: String(5005 + i), target_volume: `1.${i + 2}`, quote_volume: '6100' }));
    const r = parseOhlcv(JSON.stringify({ result: 'success', error_code: '0', is_last: false, chart }), 'coinone-BTC-1h.json', NOW);
    // It was refused as "Yahoo's chart answer without data".
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 5000, 5010, 4990, 5005, 1.2],
      [T0 + HOUR, 5001, 5011, 4991, 5006, 1.3],
    ]);
  });

  it("still says Yahoo's chart answer without data as such", () => {
    const yahoo = JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
    expect(() => parseOhlcv(yahoo, 'X.json', NOW)).toThrow(/Yahoo's chart answer without data \("No data found/);
  });
});
