import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar } from '../../src/market/market-port.js';
import { BacktestMarket } from '../../src/backtest/backtest-market.js';
import { ModelScanner } from '../../src/scanners/model-scanner.js';
import type { Opportunity } from '../../src/domain/opportunity.js';

/** A steady climb: the momentum score stays far above the threshold on every bar. */
const bars: Bar[] = Array.from({ length: 200 }, (_, i) => {
  const close = 100 * Math.exp(0.01 * i + 0.002 * Math.sin(i));
  return { time: Date.UTC(2020, 0, 1) + i * 86_400_000, open: close, high: close * 1.001, low: close * 0.999, close, volume: 1000 };
});

function scanner(cooldownBars: number) {
  const clock = new VirtualClock(Date.UTC(2021, 0, 1));
  const market = new BacktestMarket([{ symbol: 'UP', bars, barMs: 86_400_000 }]);
  market.showFirst('UP', 100);
  const published: Opportunity[] = [];
  const s = new ModelScanner({
    clock, logger: createLogger({ level: 'silent', clock }), market, concurrency: 2, bars: 120, threshold: 1.5,
    cooldownMs: 0, cooldownBars, publish: async (o) => void published.push({ ...o }),
  });
  return { s, market, published, clock };
}

describe('model scanner, one bar at a time', () => {
  it('never publishes the same bar twice, however often it scans, and carries the bar on the opportunity', async () => {
    const { s, market, published } = scanner(0);
    const signal = new AbortController().signal;
    await s.scan(signal);
    await s.scan(signal);
    expect(published).toHaveLength(1);
    expect(published[0]!.barTime).toBe(bars[99]!.time);
    market.reveal('UP');
    await s.scan(signal);
    await s.scan(signal);
    expect(published.map((o) => o.barTime)).toEqual([bars[99]!.time, bars[100]!.time]);
  });

  it('counts its cooldown in bars of the symbol', async () => {
    const { s, market, published } = scanner(5);
    const signal = new AbortController().signal;
    for (let i = 0; i < 12; i++) {
      await s.scanSymbols(['UP'], signal);
      market.reveal('UP');
    }
    expect(published.map((o) => (o.barTime! - bars[99]!.time) / 86_400_000)).toEqual([0, 5, 10]);
  });
});
