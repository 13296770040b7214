import { describe, expect, it } from 'vitest';
import { TurningClock } from '../helpers/turning-clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { ModelScanner } from '../../src/scanners/model-scanner.js';
import { turnsDuring } from '../helpers/turns.js';

const SYMBOLS = Array.from({ length: 4000 }, (_, i) => `S${i}`);
const DAY = 86_400_000;
const series: Bar[] = Array.from({ length: 120 }, (_, i) => {
  const close = 100 * Math.exp(0.01 * i);
  return { time: Date.UTC(2020, 0, 1) + i * DAY, open: close, high: close * 1.001, low: close * 0.999, close, volume: 1000 };
});

/** Bars held in memory, as the simulated market serves them: each fetch resolves without waiting on anything. */
const memoryMarket: MarketData = { name: 'memory', symbols: () => SYMBOLS, bars: async () => series, price: async () => series.at(-1)!.close };

describe('a model scan over a large universe', () => {
  it('gives the event loop turns while it scores thousands of symbols held in memory', async () => {
    const clock = new TurningClock(Date.UTC(2021, 0, 1));
    const published: string[] = [];
    const scanner = new ModelScanner({
      clock, logger: createLogger({ level: 'silent', clock }), market: memoryMarket, concurrency: 8, bars: 120, threshold: 1.5,
      cooldownMs: 0, publish: async (o) => void published.push(o.symbol),
    });
    const { turns } = await turnsDuring(() => scanner.scanSymbols(SYMBOLS, new AbortController().signal));
    // Every symbol scored and published in universe order, whatever the turns did to the order of the work.
    expect(published).toEqual(SYMBOLS);
    // Turns while it works (a turn per 2 ms of it, and 4,000 symbols take tens of ms; a slower machine gives more):
    // without them the scan was one task, and with each concurrent fetch opening its own budget, two or three.
    expect(turns).toBeGreaterThanOrEqual(5);
  });
});
