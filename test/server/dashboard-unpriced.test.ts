import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { delistingExchange } from '../helpers/delisting-exchange.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

const MIN = 60_000;

/**
 * A held symbol the exchange no longer lists is in the health line (positions.unpriced) and `conclave health`, but the
 * cockpit said nothing: its row showed the last mark and a stop level as if the position were still managed.
 */
describe('the cockpit with a held symbol the exchange refuses', () => {
  it('says the position is unpriced, in red, as conclave health does', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const exchange = delistingExchange(clock, (symbol) => symbol === 'ETH/USDT', () => 50_000);
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const market = new CcxtMarket(exchange, { symbols, clock });
    const h = await dashboardKernel({ CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))) }, { overrides: { clock, market } });
    try {
      const { store } = h.kernel;
      store.tx(() => {
        store.savePosition({ symbol: 'ETH/USDT', qty: 0.1, avgPrice: 2_000, openedAt: clock.now(), stopPrice: 1_800, targetPrice: null, atr: null, peakPrice: 2_000, trailingActive: false, markPrice: 2_000 }, clock.now());
        store.saveAccount(withChanges(store.account(), { cash: store.account().cash - 200 }), clock.now());
      });
      await runFor(clock, 3 * MIN, 10_000);
      expect((h.kernel.status() as { health: { positions: unknown } }).health.positions).toEqual({ open: 1, unpriced: ['ETH/USDT'] });
      const { page, close } = await openPage(h.url);
      try {
        const said = 'UNPRICED: ETH/USDT: the market refuses the symbol (delisted?), so no stop, target or exit runs for the position; the log says why';
        await expect.poll(() => page.textContent('#health'), { timeout: 10_000 }).toContain(said);
        expect(await page.locator(`#health div:text-is("${said}")`).getAttribute('class')).toBe('neg');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 60_000);
});
