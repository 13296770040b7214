import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barSeries } from '../../src/agents/bar-series.js';
import { contextOf, DAY, uptrend } from './series.js';

/** The definition: intervals longer than 5× the median interval (the median of the sorted intervals). */
function gapsByDefinition(times: number[]): number {
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  if (intervals.length === 0) return 0;
  const median = intervals.slice().sort((a, b) => a - b)[Math.floor(intervals.length / 2)]!;
  return median > 0 ? intervals.filter((d) => d > 5 * median).length : 0;
}

describe('bar series', () => {
  it('counts gaps as the median definition does, whether or not the median must be computed', () => {
    // Mostly 1-day steps, some of 2-4 days (weekends, holidays), now and then a long break; windows of varying length.
    const step = fc.oneof(
      { arbitrary: fc.constant(1), weight: 10 },
      { arbitrary: fc.integer({ min: 2, max: 4 }), weight: 3 },
      { arbitrary: fc.integer({ min: 5, max: 40 }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 0, maxLength: 300 }), (steps) => {
        const base = uptrend(steps.length + 1);
        let time = base[0]!.time;
        const bars = base.map((b, i) => {
          if (i > 0) time += steps[i - 1]! * DAY;
          return { ...b, time };
        });
        const series = barSeries(contextOf(bars));
        expect(series.gaps).toBe(gapsByDefinition(bars.map((b) => b.time)));
      }),
      { numRuns: 300 },
    );
  });
});
