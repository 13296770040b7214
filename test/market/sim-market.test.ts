import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { TurningClock } from '../helpers/turning-clock.js';
import { SimMarket } from '../../src/market/sim-market.js';
import { FIELDS } from '../../src/config/config-schema.js';
import type { Bar } from '../../src/market/market-port.js';
import { turnsDuring } from '../helpers/turns.js';

const BAR_MS = 60_000;
const HOUR = 3_600_000;
// 20:00 UTC: a day of minute bars later is past the simulation's window boundary (WINDOW_BARS minutes from midnight).
const T0 = Date.UTC(2026, 0, 5, 20);

async function barsOver(start: number, runMs: number, seed = 7): Promise<Bar[]> {
  const clock = new VirtualClock(start);
  const market = new SimMarket({ clock, seed, symbols: ['NOVA', 'HELX'], barMs: BAR_MS, maxBars: 100_000 });
  await clock.advance(runMs);
  return market.bars('NOVA', 100_000);
}

describe('SimMarket', () => {
  it('shows a daemon restarted later, past the midnight of its windows, the very bars it saw before', async () => {
    const first = await barsOver(T0, 10 * HOUR);
    // Restarted at 04:00 the next day: its history (300 bars) and the bars since are the first run's.
    const restarted = await barsOver(T0 + 8 * HOUR, 2 * HOUR);
    const byTime = new Map(first.map((b) => [b.time, b]));
    const overlap = restarted.filter((b) => byTime.has(b.time));
    expect(overlap.length).toBe(300 + 120);
    for (const bar of overlap) expect(bar).toEqual(byTime.get(bar.time));
  });

  it('has no gap where one window of its path ends and the next begins', async () => {
    const bars = await barsOver(T0, 10 * HOUR);
    const midnight = bars.findIndex((b) => b.time === Date.UTC(2026, 0, 6));
    expect(midnight).toBeGreaterThan(0);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.open / bars[i - 1]!.close).toBeCloseTo(1, 12);
  });

  it('gives the event loop turns while it brings a large universe into a new window for the news', async () => {
    const clock = new TurningClock(T0);
    const symbols = Array.from({ length: 300 }, (_, i) => `S${i}`);
    const market = new SimMarket({ clock, seed: 7, symbols, barMs: BAR_MS, historyBars: 10, maxBars: 10 });
    await clock.advance(5 * HOUR); // past midnight: every symbol enters its next window (about 0.6 ms each)
    const { result: jumps, turns } = await turnsDuring(() => market.jumpsBetween(T0, clock.now()));
    expect(turns).toBeGreaterThan(1);
    expect(jumps.length).toBeGreaterThan(0);
  });

  it('keeps prices in a sane range over a year, and a seed of its own gives another path', async () => {
    const clock = new VirtualClock(T0);
    const market = new SimMarket({ clock, seed: 3, symbols: ['NOVA'], barMs: BAR_MS, maxBars: 10 });
    const levels: number[] = [];
    for (let day = 0; day < 365; day += 7) {
      await clock.advance(7 * 24 * HOUR);
      levels.push(await market.price('NOVA'));
    }
    const ratio = Math.max(...levels) / Math.min(...levels);
    expect(ratio).toBeGreaterThan(1.05);
    expect(ratio).toBeLessThan(20);
    const other = await barsOver(T0, HOUR, 8);
    const same = await barsOver(T0, HOUR, 7);
    expect(other.at(-1)!.close).not.toBe(same.at(-1)!.close);
  });

  it('prices stay finite and positive up to the longest bar simBarMs allows (1 h), and do not at a week', async () => {
    const symbols = Array.from({ length: 20 }, (_, i) => `S${i}`);
    const broken = async (barMs: number) => {
      const market = new SimMarket({ clock: new VirtualClock(Date.UTC(2026, 0, 5)), seed: 42, symbols, barMs, maxBars: 2000, historyBars: 2000 });
      let bad = 0;
      for (const symbol of symbols) for (const b of await market.bars(symbol, 2000)) if (![b.open, b.high, b.low, b.close].every((p) => Number.isFinite(p) && p > 0)) bad++;
      return bad;
    };
    expect(FIELDS.simBarMs.schema.safeParse(3_600_000).success).toBe(true);
    expect(await broken(3_600_000)).toBe(0);
    expect(await broken(7 * 86_400_000)).toBeGreaterThan(0);
  });
});
