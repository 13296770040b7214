import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

/**
 * Prices with their digits and no trailing zeros past two decimals, in plain decimals: from 1 to 100 four fixed
 * decimals wrote 85 as "85.0000" (on the price axis among others), and a price under 1e-6 came in exponent form,
 * "1.235e-7".
 */
describe('the dashboard’s prices', () => {
  it('writes each price with its digits, not padded past two decimals, never in exponent form', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { store, clock } = h.kernel;
    const prices = [['NOVA', 95_000.5], ['HELX', 85], ['ORBT', 3.2], ['KSTL', 83.30303], ['QNTM', 0.05123], ['VRDA', 0.0000001235]] as const;
    store.tx(() => {
      for (const [symbol, price] of prices) {
        store.savePosition({ symbol, qty: 1, avgPrice: price, openedAt: clock.now(), stopPrice: null, targetPrice: null, atr: null, peakPrice: price, trailingActive: false, markPrice: price }, clock.now());
      }
    });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      const avg = (symbol: string) => page.textContent(`#positions tbody tr:has(td:text-is("${symbol}")) td:nth-child(3)`);
      await expect.poll(() => avg('NOVA'), { timeout: 5_000 }).toBe('95,000.50');
      expect(await avg('HELX')).toBe('85.00');
      expect(await avg('ORBT')).toBe('3.20');
      expect(await avg('KSTL')).toBe('83.303');
      expect(await avg('QNTM')).toBe('0.05123');
      expect(await avg('VRDA')).toBe('0.0000001235');
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
