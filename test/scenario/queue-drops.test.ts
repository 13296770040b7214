import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent-port.js';
import { VirtualClock } from '../../src/core/clock.js';
import { CcxtMarket, type CcxtExchangeLike } from '../../src/market/ccxt-market.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

describe('an opportunity queue that drops the oldest', () => {
  it('says the drops in the log, at once and then once a minute with their count, beside the health line’s counter', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const symbols = Array.from({ length: 40 }, (_, i) => `C${i}/USDT`);
    // Minute candles up to the clock, every symbol climbing: each scores far above the threshold once per cooldown.
    const exchange: CcxtExchangeLike = {
      id: 'binance', urls: {},
      loadMarkets: async () => ({}),
      fetchOHLCV: async (_symbol, _timeframe, _since, limit = 100) => {
        const end = Math.floor(clock.now() / MIN);
        return Array.from({ length: limit }, (_, i) => {
          const bar = end - limit + 1 + i;
          const p = 100 * Math.exp(0.002 * (bar % 100_000) + 0.0005 * Math.sin(bar));
          return [bar * MIN, p, p * 1.001, p * 0.999, p, 10];
        });
      },
      fetchTicker: async () => ({ last: 100 }),
    };
    // A slow panel: one discussion a second, one at a time, while a scan publishes 40 at once.
    const slow: Agent = { role: 'bull', analyze: async (_context, signal) => {
      await clock.sleep(1_000, signal);
      return { role: 'bull', stance: 0, confidence: 0.5, rationale: ['slow'], metrics: {} };
    } };
    const { kernel, logs } = await virtualKernel(
      {
        CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))),
        CONCLAVE_QUEUE_CAPACITY: '5', CONCLAVE_QUEUE_OVERFLOW: 'drop-oldest', CONCLAVE_CONSUMER_CONCURRENCY: '1',
        CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000', CONCLAVE_HEALTH_INTERVAL_MS: '60000',
      },
      { clock, market: new CcxtMarket(exchange, { symbols, clock }), agents: [slow] },
    );
    await kernel.start();
    await runFor(clock, 7 * MIN, 1_000);
    await kernel.stop();
    const said = logs.filter((l) => String(l.msg).startsWith('opportunity queue full'));
    const dropped = (logs.filter((l) => l.msg === 'health').at(-1)!.queue as { dropped: number }).dropped;
    // Two bursts (the cooldown is 5 bars): each said once, not once per opportunity dropped.
    expect(dropped).toBeGreaterThanOrEqual(60);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatchObject({ level: 'warn', failures: 1, symbol: 'C0/USDT' });
    expect(said[0]!.msg).toContain('the oldest queued opportunities are dropped undiscussed');
    expect(said[1]!.failures).toBeGreaterThanOrEqual(30);
    expect(said[1]!.sinceLastWarning).toBe((said[1]!.failures as number) - 1);
  }, 60_000);
});
