import { afterEach, describe, expect, it } from 'vitest';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';
import { parsePrometheusText, total } from '../helpers/prom-text.js';

const MIN = 60_000;
const START = Date.UTC(2026, 0, 5);

/**
 * This machine's clock 5 s ahead of the exchange's: the log warns, `conclave health` says CLOCK, and so must the
 * cockpit, in red, where an operator looks; /metrics serves the measure for an alert.
 */
describe('the cockpit with a machine clock off from the exchange’s', () => {
  let server: LoopbackServer | undefined;
  afterEach(() => server?.close());

  it('says the clocks disagree, in red, with what to do', async () => {
    const klines: Kline[] = Array.from({ length: 300 }, (_, i) => {
      const p = (50_000 + 20 * Math.sin(i / 7)).toFixed(2);
      return [START - (300 - i) * MIN, p, p, p, p, '1.5'];
    });
    let now = () => START;
    const state: BinanceState = { klines: new Map([['BTCUSDT', klines]]), lastPrice: new Map([['BTCUSDT', '50000.00']]), faults: [], clock: () => now() - 5000 };
    server = await startBinance(state);
    const h = await dashboardKernel({
      CONCLAVE_MARKET_SOURCE: 'ccxt',
      CONCLAVE_CCXT_API_BASE_URL: server.url,
      CONCLAVE_UNIVERSE: JSON.stringify([{ symbol: 'BTC/USDT', name: 'Bitcoin' }]),
    });
    now = () => h.clock.now();
    try {
      await runFor(h.clock, 2 * MIN, 10_000);
      expect(h.logs.some((l) => /^this machine's clock is at least \d\.\d s ahead of binance's/.test(String(l['msg'])))).toBe(true);
      // The measure for an alert, in /metrics: 5 s ahead, within the uncertainty served beside it.
      const metrics = parsePrometheusText((await h.kernel.metrics.render()).body);
      const [offset, uncertainty] = ['offset', 'uncertainty'].map((stat) => total(metrics, 'conclave_exchange_clock_offset_seconds', { stat }));
      expect(Math.abs(offset - 5)).toBeLessThanOrEqual(uncertainty);
      const { page, close } = await openPage(h.url);
      try {
        await expect.poll(() => page.textContent('#health'), { timeout: 10_000 }).toMatch(/CLOCK: this machine's clock is \d\.\d s ahead of the exchange's \(± \d+ ms\): sync it/);
        expect(await page.locator('#health div', { hasText: 'CLOCK:' }).getAttribute('class')).toBe('neg');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 60_000);
});
