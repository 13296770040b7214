import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { RefusedRequestError } from '../../src/core/errors.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { ModelScanner } from '../../src/scanners/model-scanner.js';

/** A source that is down: every fetch fails, as a circuit breaker that is open answers. */
function deadMarket(symbols: string[]): MarketData {
  return {
    name: 'ccxt:binance',
    symbols: () => symbols,
    bars: (): Promise<Bar[]> => Promise.reject(new Error('source ccxt:binance is unavailable (circuit open after repeated failures)')),
    price: () => Promise.reject(new Error('down')),
  };
}

describe('model scanner with its source down', () => {
  it('says so once a scan at most, and then at most once a minute, not once per symbol per scan', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    const symbols = Array.from({ length: 20 }, (_, i) => `S${i}`);
    const scanner = new ModelScanner({
      clock, logger, market: deadMarket(symbols), concurrency: 4, bars: 120, threshold: 1.5, cooldownMs: 0,
      publish: () => Promise.resolve(),
    });
    const signal = new AbortController().signal;
    for (let i = 0; i < 10; i++) {
      await expect(scanner.scan(signal)).rejects.toThrow(/every one of 20 fetches from ccxt:binance failed/);
      await clock.advance(30_000);
    }
    const warnings = lines.filter((l) => l.level === 'warn');
    // Scans at 0 s, 30 s, ... 270 s: warned at 0, 60, 120, 180 and 240 s.
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatchObject({ source: 'ccxt:binance', failed: 20, of: 20, err: expect.stringMatching(/circuit open/) as unknown });
    expect((warnings[0]!.symbols as string[]).slice(0, 3)).toEqual(['S0', 'S1', 'S2']);
    expect(warnings[1]).toMatchObject({ sinceLastWarning: 2 });
  });
});

describe('model scanner with a symbol the exchange no longer lists', () => {
  it('says it hourly, not at every scan for as long as it stays in the universe', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    const flat = (limit: number): Bar[] => Array.from({ length: limit }, (_, i) => ({ time: i * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
    const market: MarketData = {
      name: 'ccxt:binance',
      symbols: () => ['BTC/USDT', 'LUNA/USDT'],
      bars: (symbol, limit) =>
        symbol === 'LUNA/USDT' ? Promise.reject(new RefusedRequestError('ccxt:binance fetchOHLCV LUNA/USDT 1m: binance {"code":-1121,"msg":"Invalid symbol."}: the exchange does not list LUNA/USDT')) : Promise.resolve(flat(limit)),
      price: () => Promise.resolve(1),
    };
    const scanner = new ModelScanner({ clock, logger, market, concurrency: 4, bars: 120, threshold: 1.5, cooldownMs: 0, publish: () => Promise.resolve() });
    // Three hours of scans every 3 minutes: it was said at each of the 60.
    for (let i = 0; i < 60; i++) {
      await scanner.scan(new AbortController().signal);
      await clock.advance(180_000);
    }
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.msg)).toEqual(Array(3).fill('model scan: the exchange does not list these symbols (delisted or renamed?); they are skipped at every scan (said again hourly)'));
    expect(warnings[0]).toMatchObject({ symbols: ['LUNA/USDT'], failed: 1, of: 2 });
  });
});
