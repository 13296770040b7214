import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const HEADER = 'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol';

describe('Databento’s OHLCV CSV', () => {
  it('dates each bar by its ts_event (the bar’s open), ISO with nanoseconds', () => {
    // As Databento writes VOO's daily bars with pretty timestamps and prices: every such file was refused for having no date column.
    const text = [
      HEADER,
      '2020-06-29T00:00:00.000000000Z,35,2,8447,277.030000000,281.000000000,274.730000000,280.590000000,442934,VOO',
      '2020-06-30T00:00:00.000000000Z,35,2,8445,279.410000000,284.950000000,278.660000000,283.160000000,455272,VOO',
    ].join('\n');
    const r = parseOhlcv(text, 'VOO-20200628-20250627.ohlcv-1d.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2020, 5, 29), 277.03, 281, 274.73, 280.59, 442_934],
      [Date.UTC(2020, 5, 30), 279.41, 284.95, 278.66, 283.16, 455_272],
    ]);
  });

  it('reads its fixed-point prices (written without pretty_px) in billionths, and its nanosecond ts_event', () => {
    // Read as they stand, VOO traded at 277,030,000,000.
    const text = [HEADER, '1593388800000000000,35,2,8447,277030000000,281000000000,274730000000,280590000000,442934,VOO', '1593475200000000000,35,2,8445,279410000000,284950000000,278660000000,283160000000,455272,VOO'].join('\n');
    const r = parseOhlcv(text, 'VOO.csv', NOW);
    expect(r.databentoFixedPrices).toBe(true);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2020, 5, 29), 277.03, 281, 274.73, 280.59, 442_934],
      [Date.UTC(2020, 5, 30), 279.41, 284.95, 278.66, 283.16, 455_272],
    ]);
    // Its pretty prices (a decimal point always) and whole-number prices under another header are as written.
    expect(parseOhlcv(`${HEADER}\n2020-06-29T00:00:00.000000000Z,35,2,8447,277.030000000,281.000000000,274.730000000,280.590000000,442934,VOO\n`, 'VOO.csv', NOW).databentoFixedPrices).toBeUndefined();
    expect(parseOhlcv('Date,Open,High,Low,Close,Volume\n2024-01-02,138000,139500,136000,137500,3000000\n', 'hynix.csv', NOW).bars[0]!.close).toBe(137500);
  });

  it('refuses one symbol’s bars of several venues (DBEQ.BASIC), not read as the first venue of each date', () => {
    // META cut from a DBEQ.BASIC file as the one-symbol refusal says: four publishers a date, the first of them with a
    // twentieth of the volume, were read as the market and the others refused as "two downloads joined".
    const text = [
      HEADER,
      '2023-03-28T00:00:00.000000000Z,35,40,10451,201.160000000,201.160000000,198.060000000,200.710000000,22344,META',
      '2023-03-28T00:00:00.000000000Z,35,41,10451,201.840000000,202.050000000,197.940000000,200.650000000,419760,META',
      '2023-03-29T00:00:00.000000000Z,35,40,10451,202.190000000,205.640000000,202.160000000,205.060000000,10558,META',
    ].join('\n');
    expect(() => parseOhlcv(text, 'META.csv', NOW)).toThrow("holds the bars of more than one venue for 2023-03-28T00:00:00.000000000Z in its publisher_id column (40 on row 2, 41 on row 3): Databento's multi-venue datasets write a bar per venue (publisher), each of that venue's trades alone; one series per file: keep one publisher's rows (e.g. awk -F, 'NR==1 || $3==41' META.csv)");
  });
});
