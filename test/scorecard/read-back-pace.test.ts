import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import type { Bar } from '../../src/market/market-port.js';
import { ForwardTracker } from '../../src/scorecard/forward-tracker.js';
import { MemoryForwardReturnRepository } from '../fakes/memory-forward-return-repository.js';

const DAY = 86_400_000;

/** A stock's daily bars: weekdays only, from Monday 2024-01-01. */
function weekdayBars(n: number): Bar[] {
  const bars: Bar[] = [];
  for (let t = Date.UTC(2024, 0, 1); bars.length < n; t += DAY) {
    const day = new Date(t).getUTCDay();
    if (day === 0 || day === 6) continue;
    const close = 100 + bars.length + (bars.length % 3);
    bars.push({ time: t, open: close, high: close, low: close, close, volume: 1 });
  }
  return bars;
}

/** Follows a verdict on bar `at` with horizons 1 and 60, scanning the newest 10 bars at each close, then reading back. */
async function follow(bars: readonly Bar[], at: number) {
  const lines: { msg: string; scored?: number }[] = [];
  const clock = new VirtualClock(0);
  const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
  const returns = new MemoryForwardReturnRepository();
  const tracker = new ForwardTracker(returns, logger, [1, 60]);
  let visible = 0;
  let reads = 0;
  // The market keeps every bar up to now; its bar length is a day.
  const market = {
    barMs: () => DAY,
    bars: (_symbol: string, limit: number) => {
      reads++;
      return Promise.resolve(bars.slice(Math.max(0, visible - limit), visible));
    },
  };
  tracker.onVerdict({ opportunity: { id: 'o1', symbol: 'ACME', barTime: bars[at]!.time }, outcomes: [] } as unknown as VerdictEvent);
  // Each bar close: a scan of the newest 10 bars, then the read-back, as the daemon's model scanner loop does.
  for (visible = at + 1; visible <= bars.length; visible++) {
    tracker.observe('ACME', bars.slice(Math.max(0, visible - 10), visible), bars[visible - 1]!.time + DAY);
    await tracker.catchUp(market, bars[visible - 1]!.time + DAY);
  }
  const said = lines.filter((l) => l.msg.startsWith('scorecards: discussed bars that left')).map((l) => l.scored);
  return { returns: returns.forwardReturnsOf('o1'), reads, said, waiting: tracker.size };
}

describe('a discussed bar whose horizon lies past the scan window, on a market closed at weekends', () => {
  // Before, its read-back was due its horizon × the gap between the window's last two bars after it: three times late
  // when that gap was a weekend (bar 5, a Monday, was scored some 70 bars late), and early by the weekends otherwise
  // (bar 6, a Tuesday, was then read back 11 times, logged each time, 10 of them with nothing scored).
  it.each([5, 6, 7, 9])('(bar %i) is read back a few times, scored once its horizon closes, and right', async (at) => {
    const bars = weekdayBars(200);
    const seen = await follow(bars, at);
    const closeOf = (k: number) => bars[k]!.time + DAY;
    expect(seen.returns.map((r) => [r.horizonBars, r.forwardReturn])).toEqual([
      [1, bars[at + 1]!.close / bars[at]!.close - 1],
      [60, bars[at + 60]!.close / bars[at]!.close - 1],
    ]);
    // Known at the close of its 60th bar, or within two bars of it.
    expect(seen.returns[1]!.knownAt).toBeGreaterThanOrEqual(closeOf(at + 60));
    expect(seen.returns[1]!.knownAt).toBeLessThanOrEqual(closeOf(at + 62));
    expect(seen.waiting).toBe(0);
    expect(seen.reads).toBeLessThanOrEqual(3);
    expect(seen.said).toEqual([1]);
  });
});
