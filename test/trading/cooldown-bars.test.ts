import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar } from '../../src/market/market-port.js';
import { barsSince } from '../../src/trading/entry-inputs.js';

const MINUTE = 60_000;
const bar = (i: number): Bar => ({ time: i * MINUTE, open: 100, high: 101, low: 99, close: 100, volume: 1 });

/** A market of minute bars 0..399 that answers at most its last `keeps` of them, as the simulated one keeps 250. */
const market = (keeps: number) => ({
  bars: async (_symbol: string, limit: number) => Array.from({ length: 400 }, (_, i) => bar(i)).slice(-Math.min(limit, keeps)),
  barMs: () => MINUTE,
});
const logger = createLogger({ level: 'silent', clock: new VirtualClock(0) });

describe('the re-entry cooldown in bars', () => {
  it('counts the bars since an exit older than the bars the market keeps: a cooldown longer than those ends', async () => {
    // Exit at bar 50: 350 bars have closed since. Counted among the 250 kept only, a cooldown of 300 bars never ended.
    expect(await barsSince(market(250), 'ACME', 50 * MINUTE, 300, logger)).toBeGreaterThanOrEqual(300);
    // Exit at bar 300: 100 bars since, all among those kept.
    expect(await barsSince(market(250), 'ACME', 300 * MINUTE, 300, logger)).toBe(100);
    expect(await barsSince(market(1_000), 'ACME', 300 * MINUTE, 300, logger)).toBe(100);
  });
});
