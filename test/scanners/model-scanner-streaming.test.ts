import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { ModelScanner } from '../../src/scanners/model-scanner.js';

const MIN = 60_000;
const SYMBOLS = Array.from({ length: 40 }, (_, i) => `C${i}/USDT`);
/** A steady climb of minute bars: every symbol scores far above the threshold. */
const series: Bar[] = Array.from({ length: 120 }, (_, i) => {
  const close = 100 * Math.exp(0.01 * i + 0.002 * Math.sin(i));
  return { time: Date.UTC(2026, 0, 5) + i * MIN, open: close, high: close * 1.001, low: close * 0.999, close, volume: 1000 };
});

/** An exchange whose every read of bars takes 200 ms of the virtual clock. */
function paced(): { clock: VirtualClock; market: MarketData } {
  const clock = new VirtualClock(series.at(-1)!.time + MIN);
  const market: MarketData = {
    name: 'paced', symbols: () => SYMBOLS,
    bars: async (_symbol, _limit, signal) => {
      await clock.sleep(200, signal);
      return series;
    },
    price: async () => series.at(-1)!.close,
  };
  return { clock, market };
}

describe('a model scan over an exchange paced by its rate limit', () => {
  it('publishes each symbol’s opportunity as soon as the symbols before it are read, not once the whole universe is', async () => {
    // Each read takes 200 ms, two at a time: the scan of 40 symbols takes 4 s, as 400 take 80 s at 5 requests a second.
    const { clock, market } = paced();
    const publishedAt = new Map<string, number>();
    const scanner = new ModelScanner({
      clock, logger: createLogger({ level: 'silent', clock }), market, concurrency: 2, bars: 120, threshold: 1.5,
      cooldownMs: 0, publish: async (o) => void publishedAt.set(o.symbol, clock.now()),
    });
    const start = clock.now();
    const scan = scanner.scan(new AbortController().signal);
    await clock.advance(4_000);
    const result = await scan;
    expect(result).toEqual({ scanned: 40, failed: 0, published: 40 });
    // Universe order, each published when read: the first after 200 ms (it waited the whole 4 s before).
    expect([...publishedAt.keys()]).toEqual(SYMBOLS);
    expect(publishedAt.get(SYMBOLS[0]!)! - start).toBe(200);
    expect(publishedAt.get(SYMBOLS[20]!)! - start).toBe(2_200);
    expect(publishedAt.get(SYMBOLS[39]!)! - start).toBe(4_000);
  });

  it('publishes nothing more once a publication fails (the daemon stopping), and the scan says why', async () => {
    const { clock, market } = paced();
    const published: string[] = [];
    const scanner = new ModelScanner({
      clock, logger: createLogger({ level: 'silent', clock }), market, concurrency: 2, bars: 120, threshold: 1.5, cooldownMs: 0,
      publish: async (o) => {
        if (published.length === 3) throw new Error('the queue is closed: the daemon is shutting down');
        published.push(o.symbol);
      },
    });
    const scan = scanner.scan(new AbortController().signal);
    const settled = scan.then(() => 'resolved', (error: unknown) => String(error));
    await clock.advance(4_000);
    expect(await settled).toBe('Error: the queue is closed: the daemon is shutting down');
    expect(published).toEqual(SYMBOLS.slice(0, 3));
  });
});
