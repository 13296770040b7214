import { describe, expect, it } from 'vitest';
import { withChanges } from '../../src/core/with-changes.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

/**
 * Quantities at both ends: a few hundred-thousandths of a dear coin, and billions of a sub-penny one. The positions
 * table showed four fixed decimals (0.00004321 read 0.0000). (A verdict's orders and fills, which showed eight
 * significant digits, 8,100,000,065.61 as 8100000100, use the same formatter now.)
 */
describe('the dashboard’s quantities', () => {
  it('shows a tiny quantity and a huge one with their digits', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { store, clock } = h.kernel;
    store.tx(() => {
      for (const [symbol, qty, price] of [['NOVA', 0.00004321, 95_000], ['HELX', 8_100_000_065.61, 0.00000123456789]] as const) {
        store.savePosition({ symbol, qty, avgPrice: price, openedAt: clock.now(), stopPrice: null, targetPrice: null, atr: null, peakPrice: price, trailingActive: false, markPrice: price }, clock.now());
        store.saveAccount(withChanges(store.account(), { cash: store.account().cash - qty * price }), clock.now());
      }
    });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      const qty = (symbol: string) => page.textContent(`#positions tbody tr:has(td:text-is("${symbol}")) td:nth-child(2)`);
      await expect.poll(() => qty('NOVA'), { timeout: 5_000 }).toBe('0.00004321');
      expect(await qty('HELX')).toBe('8,100,000,065.61');
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
