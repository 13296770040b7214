import { describe, expect, it } from 'vitest';
import { runAnswered, virtualKernel } from '../helpers/kernel-harness.js';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';

const MIN = 60_000;

describe('an exchange in maintenance for hours, a position held', () => {
  it('keeps pinging the systemd watchdog (a restart cannot bring the exchange back) while /healthz says what is stale', async () => {
    const state: BinanceState = { klines: new Map(), lastPrice: new Map([['BTCUSDT', '50000.00']]), faults: [] };
    const server = await startBinance(state);
    const sent: string[] = [];
    process.env.WATCHDOG_USEC = '90000000';
    const { kernel, clock, logs } = await virtualKernel(
      {
        CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_API_BASE_URL: server.url, CONCLAVE_UNIVERSE: JSON.stringify([{ symbol: 'BTC/USDT', name: 'Bitcoin' }]),
        CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000', CONCLAVE_CCXT_TIMEOUT_MS: '60000',
        // The Docker image's stall exit follows the same rule: no exit while only the exchange fails.
        CONCLAVE_STALL_EXIT_MS: '120000',
      },
      { sdNotify: async (s: string) => void sent.push(s) },
    );
    delete process.env.WATCHDOG_USEC;
    // Minute candles up to the clock, the last one still forming, as the exchange serves them.
    const candles = () => {
      const end = Math.floor(clock.now() / MIN);
      state.klines.set('BTCUSDT', Array.from({ length: 300 }, (_, i): Kline => [(end - 299 + i) * MIN, '50000.00', '50010.00', '49990.00', '50000.00', '1.0']));
    };
    // Each virtual minute waits for the real answers of the loopback exchange, and the retries' sleeps move on.
    const minutes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        candles();
        await runAnswered(clock, MIN);
      }
    };
    try {
      candles();
      await kernel.start();
      kernel.store.savePosition({ symbol: 'BTC/USDT', qty: 0.01, avgPrice: 50_000, openedAt: clock.now(), stopPrice: 45_000, targetPrice: null, atr: null, peakPrice: 50_000, trailingActive: false, markPrice: 50_000 }, clock.now());
      await minutes(5);
      expect(kernel.liveness().ok).toBe(true);
      state.maintenance = true;
      const pingsBefore = sent.filter((s) => s === 'WATCHDOG=1').length;
      await minutes(15);
      // /healthz and the health line say the position is not being managed...
      expect(kernel.liveness()).toMatchObject({ ok: false, stale: ['positionMonitor'] });
      // ...but systemd is not asked to restart the daemon: a live start is refused until the exchange answers, and
      // restarts every few seconds end at the unit's start limit, the daemon down when the exchange comes back.
      // A ping every 45 s (half of WATCHDOG_USEC) all through the 15 minutes: 20.
      expect(sent.filter((s) => s === 'WATCHDOG=1').length).toBe(pingsBefore + 20);
      expect(logs.some((l) => String(l.msg).startsWith('not pinging the systemd watchdog'))).toBe(false);
      expect(kernel.fatal.raised).toBeNull();
      expect(logs.filter((l) => l.component === 'watchdog').map((l) => l.msg)).toEqual([
        'the exchange is unavailable: /healthz shows what waits on it as stale, but the systemd watchdog is pinged on, since a restart cannot bring the exchange back',
      ]);
      state.maintenance = false;
      await minutes(5);
      expect(kernel.liveness().ok).toBe(true);
    } finally {
      await kernel.stop();
      await server.close();
    }
  }, 60_000);
});
