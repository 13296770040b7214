import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

/** 5-minute bars as NinjaTrader exports them: no header, the date month first with a 12-hour time. */
const ninja = (day: number, hours: number[]) =>
  hours.flatMap((h) => [5, 10].map((m) => `3/${day}/2026 ${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')}:00 ${h < 12 ? 'AM' : 'PM'},1.1787,1.1796,1.1786,1.17935,844`));

describe('a file without a header whose dates have slashes (NinjaTrader, Excel in a US locale)', () => {
  it('reads its first line as a bar, month first when a date says so', () => {
    const text = [...ninja(12, [15, 16]), ...ninja(13, [9])].join('\n');
    const r = parseOhlcv(text, '6e.csv', NOW);
    // Taken for a header, the first bar was quoted as one "with no date, open, high, low, close column" and the file refused.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => new Date(b.time).toISOString())).toEqual([
      '2026-03-12T15:05:00.000Z', '2026-03-12T15:10:00.000Z', '2026-03-12T16:05:00.000Z', '2026-03-12T16:10:00.000Z',
      '2026-03-13T09:05:00.000Z', '2026-03-13T09:10:00.000Z',
    ]);
    expect(r.bars[0]).toMatchObject({ open: 1.1787, high: 1.1796, low: 1.1786, close: 1.17935, volume: 844 });
  });

  it('reads a time of day in a field of its own whose seconds carry a fraction (09:30:00.000)', () => {
    const rows = (day: number) => [0, 1].map((m) => `01/${day}/2009,09:3${m}:00.000,${50 + m}.25,${50 + m}.75,${49 + m}.9,${50 + m}.5,${300 + m}`);
    const text = [...rows(13), ...rows(14)].join('\n');
    const r = parseOhlcv(text, 'es-1min.txt', NOW);
    // Read as the open, the time put every price a column off: each row refused as an open "09:30:00.000" not a number.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [new Date(b.time).toISOString(), b.open, b.high, b.low, b.close, b.volume])).toEqual([
      ['2009-01-13T09:30:00.000Z', 50.25, 50.75, 49.9, 50.5, 300],
      ['2009-01-13T09:31:00.000Z', 51.25, 51.75, 50.9, 51.5, 301],
      ['2009-01-14T09:30:00.000Z', 50.25, 50.75, 49.9, 50.5, 300],
      ['2009-01-14T09:31:00.000Z', 51.25, 51.75, 50.9, 51.5, 301],
    ]);
  });

  it('refuses each row, saying to rewrite the dates, when no date of the file tells the order', () => {
    const r = parseOhlcv([...ninja(1, [16]), ...ninja(2, [9])].join('\n'), '6e.csv', NOW);
    expect(r.bars).toEqual([]);
    expect(r.rejected).toHaveLength(4);
    expect(r.rejected[0]!.message).toMatch(/no date of the file has a number above 12.*rewrite them as YYYY-MM-DD/);
  });
});
