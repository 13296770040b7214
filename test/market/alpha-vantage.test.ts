import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

/** The ORCL rows as Alpha Vantage answers them: keyed by time, newest first, numbered fields as strings. */
function answer(key: string, zone: string, timeOf: (date: string) => string, adjusted = false): string {
  const series = Object.fromEntries(
    [...rows].reverse().map(([date, open, high, low, close, adj, volume]) => [
      timeOf(date!),
      adjusted
        ? { '1. open': open, '2. high': high, '3. low': low, '4. close': close, '5. adjusted close': adj, '6. volume': volume, '7. dividend amount': '0.0000', '8. split coefficient': '1.0' }
        : { '1. open': open, '2. high': high, '3. low': low, '4. close': close, '5. volume': volume },
    ]),
  );
  const meta = { '1. Information': 'Daily Prices', '2. Symbol': 'ORCL', '3. Last Refreshed': rows.at(-1)![0], '4. Output Size': 'Full size', '5. Time Zone': zone };
  return JSON.stringify({ 'Meta Data': meta, [key]: series }, null, 4);
}

describe("Alpha Vantage's JSON answer", () => {
  it('"Time Series (Daily)" (TIME_SERIES_DAILY_ADJUSTED, newest first) reads as the same bars', () => {
    // It was refused: "expected a JSON array of [ts_ms, open, high, low, close, volume]...".
    const loaded = parseOhlcv(answer('Time Series (Daily)', 'US/Eastern', (d) => d, true), 'av.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.descending).toBe(true);
    expect(loaded.bars.map((b) => b.time)).toEqual(original.map((b) => b.time));
    // On the adjusted close's scale (adjusted-close.test.ts): each price as "5. adjusted close" / "4. close".
    loaded.bars.forEach((b, i) => {
      const k = Number(rows[i]![5]) / original[i]!.close;
      for (const key of ['open', 'high', 'low', 'close'] as const) expect(b[key]).toBeCloseTo(original[i]![key] * k, 9);
    });
  });

  it('intraday times are the wall clock of its "Time Zone" (US/Eastern), daylight saving included', () => {
    const loaded = parseOhlcv(answer('Time Series (60min)', 'US/Eastern', (d) => `${d} 10:00:00`), 'av-60.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => b.close)).toEqual(original.map((b) => b.close));
    const at = (date: string) => loaded.bars.find((b) => b.time === Date.parse(`${date}T${/-0[4-9]-|-10-/.test(date) ? '14' : '15'}:00:00Z`));
    expect(at('1995-01-03')).toBeDefined(); // winter: 10:00 EST is 15:00 UTC
    expect(at('1995-07-05')).toBeDefined(); // summer: 10:00 EDT is 14:00 UTC
    expect(loaded.bars[0]!.time).toBe(Date.parse('1995-01-03T15:00:00Z'));
  });

  it('its rate-limit answer is said as a failed download, and a series of prices without bars is refused by name', () => {
    const limit = JSON.stringify({ Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day.' });
    expect(() => parseOhlcv(limit, 'av.json', NOW)).toThrow(/error answer, not bars \("Thank you for using Alpha Vantage/);
    const prices = JSON.stringify({ 'Meta Data': { '8. Time Zone': 'UTC' }, 'Time Series (Digital Currency Intraday)': { '2017-12-20 19:30:00': { '1a. price (CNY)': '1', '2. volume': '1' } } });
    expect(() => parseOhlcv(prices, 'av.json', NOW)).toThrow(/prices without open, high and low, not bars/);
  });

  it('its series saved alone, without the answer around it, reads as the same bars (intraday times said to have no zone)', () => {
    // json.dump(answer["Time Series (Daily)"]): refused as "expected a JSON array".
    const series = (timeOf: (date: string) => string) => JSON.stringify(Object.values(JSON.parse(answer('Time Series (Daily)', 'US/Eastern', timeOf)) as object)[1]);
    const daily = parseOhlcv(series((d) => d), 'av-series.json', NOW);
    expect(daily.rejected).toEqual([]);
    expect(daily.bars).toEqual(original);
    // Without its Meta Data the zone is unknown: kept as written, and the reader says so, rather than read as UTC silently.
    const intraday = parseOhlcv(series((d) => `${d} 10:00:00`), 'av-series-60.json', NOW);
    expect(intraday.bars[0]!.time).toBe(Date.parse('1995-01-03T10:00:00Z'));
    expect(intraday.zonelessClock).toBe(true);
  });
});
