import { describe, expect, it } from 'vitest';
import type { OrderEvent, RiskEvent, VerdictEvent } from '../../src/domain/events.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';
import { buyVerdict } from '../helpers/buy-verdict.js';

/**
 * The verdict list said BUY in green whether or not anything was bought: under a halt, a BUY the kill switch refused
 * looked like a trade. Each row now says what became of its verdict, live and after a reload.
 */
describe('the dashboard: what became of each verdict', () => {
  it('strikes through a BUY the kill switch refused and says so, and shows the order of one that went through', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '60000' });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      const buys: VerdictEvent[] = [];
      const risks: RiskEvent[] = [];
      const orders: OrderEvent[] = [];
      h.kernel.bus.on('verdict', (e) => void (e.verdict.action === 'BUY' && buys.push(e)));
      h.kernel.bus.on('risk', (e) => void risks.push(e));
      h.kernel.bus.on('order', (e) => void orders.push(e));
      const nextBuy = async (accept: (e: VerdictEvent) => boolean) => {
        for (let i = 0; i < 96; i++) {
          const found = buys.find(accept);
          if (found) return found;
          await runFor(h.clock, 600_000);
        }
        throw new Error('no BUY verdict in 16 hours of the simulated market');
      };

      const placed = await nextBuy((e) => orders.some((o) => o.verdictId === e.verdictId));
      const order = orders.filter((o) => o.verdictId === placed.verdictId).at(-1)!;
      const placedRow = `#verdicts tr[data-id="${placed.verdictId}"]`;
      await expect.poll(() => page.textContent(`${placedRow} td:nth-child(4)`), { timeout: 5_000 }).toBe(order.status.replace(/_/g, ' '));
      expect(await page.getAttribute(`${placedRow} td:nth-child(3)`, 'class')).toBe('BUY');

      // A held position put back to the panel is shown as the review it is, not as a new long opportunity.
      const reviews: VerdictEvent[] = [];
      h.kernel.bus.on('verdict', (e) => void (e.opportunity.kind === 'review' && reviews.push(e)));
      for (let i = 0; i < 12 && reviews.length === 0; i++) await runFor(h.clock, 600_000);
      expect(reviews.length).toBeGreaterThan(0);
      await expect.poll(() => page.textContent(`#verdicts tr[data-id="${reviews[0]!.verdictId}"] td:nth-child(7)`), { timeout: 5_000 }).toBe('review of the held position');

      h.kernel.killSwitch.halt('checking the page');
      const refused = await nextBuy((e) => risks.some((r) => r.verdictId === e.verdictId && r.rule === 'kill_switch'));
      const refusedRow = `#verdicts tr[data-id="${refused.verdictId}"]`;
      await expect.poll(() => page.textContent(`${refusedRow} td:nth-child(4)`), { timeout: 5_000 }).toBe('refused: kill switch');
      expect(await page.getAttribute(`${refusedRow} td:nth-child(3)`, 'class')).toBe('BUY unplaced');

      // The same from the store, after a reload.
      await page.reload();
      await pageLive(page);
      await page.waitForSelector(refusedRow, { timeout: 5_000 });
      expect(await page.textContent(`${refusedRow} td:nth-child(4)`)).toBe('refused: kill switch');
      expect(await page.getAttribute(`${refusedRow} td:nth-child(3)`, 'class')).toBe('BUY unplaced');
      const stored = orders.filter((o) => o.verdictId === placed.verdictId).at(-1)!;
      expect(await page.textContent(`${placedRow} td:nth-child(4)`)).toBe(stored.status.replace(/_/g, ' '));
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 120_000);

  it('says of an entry cancelled after a part filled (a thin book under the price cap) that it was partly filled, as it comes', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '60000' });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      // The list the socket's opening reads from the store replaces the rows: a row added before it came was lost.
      await page.waitForLoadState('networkidle');
      // A verdict the trader leaves alone (a HOLD), then the order events a capped entry's end brings, as the socket sends them.
      const v = Object.assign(buyVerdict('thin-page', h.clock.now()), { verdict: { action: 'HOLD', conviction: 0.1, score: 0, sizeFraction: 0, reasons: [] } }) as VerdictEvent;
      h.kernel.bus.emit('verdict', v);
      const row = `#verdicts tr[data-id="${v.verdictId}"]`;
      await page.waitForSelector(row, { timeout: 5_000 });
      const order = { clientOrderId: 'co-thin-page', symbol: 'BTC/USDT', side: 'buy', qty: 0.04, verdictId: v.verdictId } as const;
      h.kernel.bus.emit('order', Object.assign({ status: 'cancelled', filledQty: 0.01, reason: 'partly filled: the book offered no more' }, order) as OrderEvent);
      // Before, "cancelled": read as nothing bought, while the position was open.
      await expect.poll(() => page.textContent(`${row} td:nth-child(4)`), { timeout: 5_000 }).toBe('partly filled, rest cancelled');
      h.kernel.bus.emit('order', Object.assign({ status: 'cancelled', filledQty: 0, reason: 'not filled: the book offered nothing' }, order) as OrderEvent);
      await expect.poll(() => page.textContent(`${row} td:nth-child(4)`), { timeout: 5_000 }).toBe('cancelled');
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
