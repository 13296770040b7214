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

  it('counts weekdays for a weekday market with a few weekend sessions, and calls a missing crypto bar across midnight a gap', () => {
    // NSE's NIFTY file holds some Saturday sessions: 1996-12-26 (Thu) to 1996-12-31 (Tue) misses two weekdays, not four.
    const weekdays = (from: string, n: number) => Array.from({ length: n }, (_, i) => Date.parse(`${from}T00:00:00Z`) + i * DAY).filter((t) => ![0, 6].includes(new Date(t).getUTCDay()));
    const times = [...weekdays('1996-11-01', 56), Date.parse('1996-11-16T00:00:00Z')].sort((a, b) => a - b).filter((t) => t <= Date.parse('1996-12-26T00:00:00Z'));
    const nifty = [...times, Date.parse('1996-12-31T00:00:00Z')].map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 }));
    expect(findGaps(nifty, DAY).filter((g) => g.kind === 'gap')).toEqual([
      { from: Date.parse('1996-12-26T00:00:00Z'), to: Date.parse('1996-12-31T00:00:00Z'), missingBars: 2, kind: 'gap' },
    ]);
    // Binance's 4-hour BTC bars, one missing over midnight (2020-02-19): an outage, not a night.
    const H4 = 4 * 3_600_000;
    const start = Date.parse('2020-02-15T00:00:00Z');
    const btc = Array.from({ length: 60 }, (_, i) => start + i * H4).filter((t) => t !== Date.parse('2020-02-20T00:00:00Z')).map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 }));
    expect(findGaps(btc, H4)).toEqual([{ from: Date.parse('2020-02-19T20:00:00Z'), to: Date.parse('2020-02-20T04:00:00Z'), missingBars: 1, kind: 'gap' }]);
  });
});

describe('the days of the week a market rests on, from its bars', () => {
  // Egypt's exchange (EGX) trades Sunday to Thursday: check-data listed every Friday and Saturday as a gap of two
  // missing bars (Mubasher's export of COMI: "gaps: 7 (7 gap)" in seven weeks).
  it('reads a Sunday-to-Thursday week: its Fridays and Saturdays are weekends, and a gap misses its trading days only', () => {
    const days = Array.from({ length: 70 }, (_, i) => Date.parse('2026-07-05T00:00:00Z') + i * DAY).filter((t) => ![5, 6].includes(new Date(t).getUTCDay()));
    // A Tuesday holiday, and a closure from Wednesday 2026-08-05 to Sunday 2026-08-16 (six trading days: 6, 9-13).
    const holiday = Date.parse('2026-07-21T00:00:00Z');
    const closed = (t: number) => t > Date.parse('2026-08-05T00:00:00Z') && t < Date.parse('2026-08-16T00:00:00Z');
    const bars = days.filter((t) => t !== holiday && !closed(t)).map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 }));
    const gaps = findGaps(bars, DAY);
    expect(gaps.filter((g) => g.kind === 'gap').map((g) => [new Date(g.from).toISOString().slice(0, 10), g.missingBars])).toEqual([
      ['2026-07-20', 1],
      ['2026-08-05', 6],
    ]);
    expect(gaps.filter((g) => g.kind === 'weekend').every((g) => new Date(g.from).getUTCDay() === 4 && new Date(g.to).getUTCDay() === 0)).toBe(true);
    expect(gaps.filter((g) => g.kind === 'weekend').length).toBeGreaterThan(5);
  });

  // Yahoo's days of a Tokyo stock, dated at midnight in Tokyo (15:00 UTC the day before): its weekends fall on Friday
  // and Saturday in UTC. A file of two weeks was told its weekends were gaps of two missing bars.
  it("tells a short file's weekend by the days that came twice without a bar", () => {
    const days = Array.from({ length: 14 }, (_, i) => Date.parse('2023-03-13T15:00:00Z') + i * DAY).filter((t) => ![5, 6].includes(new Date(t).getUTCDay()));
    const gaps = findGaps(days.map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 0 })), DAY);
    expect(gaps.map((g) => g.kind)).toEqual(['weekend', 'weekend']);
  });
});

describe('daily breaks in intraday bars', () => {
  const MIN = 60_000;
  /** Weekdays of 5-minute bars from `open` to `close` (UTC hours), without the minutes in `skip` (UTC, of each day). */
  const sessions = (days: number, open: number, close: number, skip: (day: number, minute: number) => boolean): Bar[] => {
    const out: Bar[] = [];
    for (let d = 0; d < days; d++) {
      const day = Date.UTC(2026, 1, 2) + d * DAY; // from Monday 2 February
      if ([0, 6].includes(new Date(day).getUTCDay())) continue;
      for (let m = open * 60; m < close * 60; m += 5) if (!skip(d, m)) out.push({ time: day + m * MIN, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    }
    return out;
  };

  it('calls a break at the same time every day a break, listing only the other gaps, a daylight-time change included', () => {
    // Hong Kong's lunch, 04:00-05:00 UTC, for 40 days; from day 30 an hour earlier (as a daylight-time change moves a
    // New York break); and one real hole on Thursday the 12th.
    const bars = sessions(40, 1, 8, (d, m) => (d < 30 ? m >= 240 && m < 300 : m >= 180 && m < 240) || (d === 10 && m >= 400 && m < 430));
    const gaps = findGaps(bars, 5 * MIN);
    const kinds = (k: string) => gaps.filter((g) => g.kind === k).length;
    // It was 'gap' for every lunch, the hole among them.
    expect(kinds('break')).toBe(30);
    expect(gaps.filter((g) => g.kind === 'gap')).toEqual([{ from: Date.UTC(2026, 1, 12, 6, 35), to: Date.UTC(2026, 1, 12, 7, 10), missingBars: 6, kind: 'gap' }]);
  });

  it('leaves missing minutes that recur by chance, and a break on too few days, as gaps', () => {
    // A bar missing at 03:00 every day (10 minutes between two bars): under a quarter of an hour, no market's break.
    const short = findGaps(sessions(20, 1, 8, (_, m) => m === 180), 5 * MIN);
    expect(short.length).toBeGreaterThan(10);
    expect(short.every((g) => g.kind !== 'break')).toBe(true);
    // A half hour missing at 03:00 on 4 days of 20: not a third of the days.
    const rare = findGaps(sessions(28, 1, 8, (d, m) => d % 7 === 1 && m >= 180 && m < 210), 5 * MIN);
    expect(rare.filter((g) => g.kind === 'gap')).toHaveLength(4);
  });
});
