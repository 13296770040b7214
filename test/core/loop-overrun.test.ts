import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { Loop } from '../../src/core/loop.js';
import { loadConfig } from '../../src/config/config.js';
import { configWarnings, scanOverrunHint } from '../../src/kernel/config-warnings.js';

const MIN = 60_000;

describe('a loop slower than its interval', () => {
  it('says so at once and then hourly, with how long it took and what to do, and counts each late run', async () => {
    const clock = new VirtualClock(0);
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
    // A scan of 400 symbols at 5 reads a second: 80 s, every minute.
    const loop = new Loop({
      name: 'modelScanner', intervalMs: MIN, clock, logger, overrunHint: () => 'raise sourceRatePerSecond',
      task: (signal) => clock.sleep(80_000, signal),
    });
    loop.start();
    await clock.advance(90 * MIN);
    const stats = loop.stats();
    await loop.stop();
    const said = lines.filter((l) => l.level === 'warn');
    expect(said.map((l) => l.msg)).toEqual([
      'modelScanner: a run took 80 s, longer than its interval of 60 s, so it runs every 120 s, not every 60 s: raise sourceRatePerSecond (said again at most hourly)',
      expect.stringContaining('modelScanner: a run took 80 s'),
    ]);
    // Runs start every 2 minutes (80 s, then the tick at 120 s): 45 in 90 minutes, all late.
    expect(said[1]).toMatchObject({ durationMs: 80_000, intervalMs: MIN, overruns: 31, sinceLastWarning: 30 });
    expect(stats).toMatchObject({ lastDurationMs: 80_000, overruns: 45 });
  });

  it('tells the user of an exchange what bounds a scan and how far the rate may go', () => {
    const universe = JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ symbol: `C${i}/USDT`, name: `Coin ${i}` })));
    const config = loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: universe } });
    // At start, before the first late scan, with the same advice; not when the rate lets the scan fit in the interval.
    const scanWarning = (env: Record<string, string>) =>
      configWarnings(loadConfig({ env: Object.assign({ CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: universe }, env) }), { run: 'daemon' }).find((w) => w.keys.includes('sourceRatePerSecond'))?.message;
    expect(scanWarning({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000' })).toBe(`modelScanIntervalMs 60000 (1m) is shorter than a scan can be: ${scanOverrunHint(config)}`);
    expect(scanWarning({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000', CONCLAVE_SOURCE_RATE_PER_SECOND: '10' })).toBeUndefined();
    expect(scanWarning({})).toBeUndefined();
    expect(scanOverrunHint(config)).toBe(
      'a scan reads 400 symbols, which sourceRatePerSecond 5 spreads over at least 80 s, and bars that close during a late scan are never scored. Raise sourceRatePerSecond, within Binance’s 6000 weight a minute: a read of candles weighs 2, so 50 a second at most, less the other reads, or scanConcurrency, trim the universe, or raise modelScanIntervalMs to what a scan takes'.replace('’', "'"),
    );
  });
});
