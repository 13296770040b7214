import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CircuitOpenError } from '../../src/core/circuit-breaker.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

describe('discussions while the market’s circuit is open', () => {
  it('say their failure once a minute with the count, not in a line per opportunity', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const symbols = Array.from({ length: 40 }, (_, i) => `C${i}/USDT`);
    const climb = (limit: number): Bar[] => {
      const end = Math.floor(clock.now() / MIN);
      return Array.from({ length: limit }, (_, i) => {
        const bar = end - limit + i;
        const p = 100 * Math.exp(0.002 * (bar % 100_000) + 0.0005 * Math.sin(bar));
        return { time: bar * MIN, open: p, high: p * 1.001, low: p * 0.999, close: p, volume: 10 };
      });
    };
    // The scan's reads got through; then a 429 opened the exchange's circuit, and the discussions' reads are refused.
    const market: MarketData = {
      name: 'ccxt:binance', symbols: () => symbols, barMs: () => MIN,
      bars: async (_symbol, limit) => {
        if (limit >= 250) throw new CircuitOpenError('ccxt:binance', clock.now() + MIN, clock.now());
        return climb(limit);
      },
      price: async () => 100,
    };
    const { kernel, logs } = await virtualKernel(
      { CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))), CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000' },
      { clock, market },
    );
    await kernel.start();
    await runFor(clock, 30_000, 1_000);
    await kernel.stop();
    expect(kernel.consumer.stats().failed).toBeGreaterThanOrEqual(20);
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ failures: 1, msg: expect.stringContaining('discussions failed: the market source is failing or unavailable (a transient error, or its circuit open)') });
  }, 60_000);
});
