import { describe, expect, it } from 'vitest';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import type { VirtualClock } from '../../src/core/clock.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

/** An exchange that answers every request, with minute bars up to `frozenAt` once that is set: its newest bar stops moving. */
function freezingMarket(clockOf: () => VirtualClock): { market: MarketData; freeze: (at: number | null) => void } {
  let frozenAt: number | null = null;
  const bars = (limit: number): Bar[] => {
    const end = Math.floor((frozenAt ?? clockOf().now()) / MIN) * MIN - MIN;
    return Array.from({ length: limit }, (_, i) => {
      const time = end - (limit - 1 - i) * MIN;
      const close = 100 + Math.sin(time / (7 * MIN));
      return { time, open: close, high: close + 0.2, low: close - 0.2, close, volume: 10 };
    });
  };
  const market: MarketData = {
    name: 'frozen-exchange',
    symbols: () => ['NOVA', 'HELX'],
    bars: async (_symbol, limit) => bars(limit),
    price: async () => bars(1)[0]!.close,
  };
  return { market, freeze: (at) => void (frozenAt = at) };
}

describe('an exchange whose newest bar stops moving while it answers', () => {
  it('is said in the log once, with what it means and what to do, and again when bars advance', async () => {
    const held: { clock?: VirtualClock } = {};
    const { market, freeze } = freezingMarket(() => held.clock!);
    const { kernel, logs, clock } = await virtualKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000' }, { market });
    held.clock = clock;
    await kernel.start();
    await runFor(clock, 10 * MIN);
    expect(kernel.stalled()).toEqual([]);
    freeze(clock.now());
    await runFor(clock, 15 * MIN);
    expect(kernel.stalled()).toEqual(['market']);
    const said = logs.filter((l) => l.level === 'warn' && typeof l.msg === 'string' && /no new bar/.test(l.msg));
    expect(said).toHaveLength(1);
    expect(said[0]!.msg).toMatch(/frozen-exchange/);
    expect(said[0]!.msg).toMatch(/held positions are judged on the last price/);
    expect(said[0]!.msg).toMatch(/check the exchange's status/);
    freeze(null);
    await runFor(clock, 3 * MIN);
    await kernel.stop();
    expect(logs.filter((l) => l.level === 'info' && typeof l.msg === 'string' && /market data advances again/.test(l.msg))).toHaveLength(1);
  });
});
