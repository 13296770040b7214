import { describe, expect, it } from 'vitest';
import { findGaps } from '../../src/market/bar-gaps.js';
import type { Bar } from '../../src/market/market-port.js';

const DAY = 86_400_000;
const bar = (iso: string): Bar => ({ time: Date.parse(`${iso}T00:00:00Z`), open: 1, high: 1, low: 1, close: 1, volume: 0 });

describe('bars missing in a gap of daily bars', () => {
  it('counts the weekdays a market that never trades at weekends missed, not the calendar days', () => {
    // The shared ORCL file's 9/11 closure: Monday 2001-09-10 to Monday 2001-09-17 is four sessions (Tuesday to
    // Friday); check-data said "6 bars missing (7d)", counting the weekend as missing bars.
    const bars = ['2001-09-05', '2001-09-06', '2001-09-07', '2001-09-10', '2001-09-17', '2001-09-18'].map(bar);
    expect(findGaps(bars, DAY).filter((g) => g.kind === 'gap')).toEqual([
      { from: Date.parse('2001-09-10T00:00:00Z'), to: Date.parse('2001-09-17T00:00:00Z'), missingBars: 4, kind: 'gap' },
    ]);
  });

  it('counts every calendar day for a market that trades at weekends (crypto)', () => {
    const bars = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08', '2024-01-15', '2024-01-16'].map(bar);
    expect(findGaps(bars, DAY)).toEqual([
      { from: Date.parse('2024-01-08T00:00:00Z'), to: Date.parse('2024-01-15T00:00:00Z'), missingBars: 6, kind: 'gap' },
    ]);
  });

  it("calls a crypto market's missing weekend days a gap, not a weekend: it trades then", () => {
    // Kraken's daily file: a Friday-to-Monday hole was counted as 'weekend' gaps by check-data.
    const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10));
    const bars = [...days('2024-01-01', 5), ...days('2024-01-08', 14)].map(bar);
    expect(findGaps(bars, DAY)).toEqual([
      { from: Date.parse('2024-01-05T00:00:00Z'), to: Date.parse('2024-01-08T00:00:00Z'), missingBars: 2, kind: 'gap' },
    ]);
    // A stock's weekend stays one.
    const stock = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'].map(bar);
    expect(findGaps(stock, DAY).map((g) => g.kind)).toEqual(['weekend']);
  });
});
