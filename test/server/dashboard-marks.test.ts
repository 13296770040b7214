import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/**
 * The open positions' marks and P&L, and the account's cards, follow the market on an open page. They were read only
 * at load, on a reconnection and after a fill: in a quiet hour with positions open, the page kept the marks and the
 * unrealised P&L of the last fill while the position monitor marked them every minute.
 */
describe('the dashboard while positions are held and nothing fills', () => {
  it('shows the marks of the latest health interval', async () => {
    // A target far away (never reached here): the page shows the level the monitor judges against, not the position's own (none).
    const h = await dashboardKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0', CONCLAVE_TAKE_PROFIT_PCT: '5' });
    for (let i = 0; i < 24 && h.kernel.store.positions().length === 0; i++) await runFor(h.clock, 3600_000);
    const symbol = h.kernel.store.positions()[0]!.symbol;
    // No new entries from here on, so nothing fills but an exit.
    h.kernel.killSwitch.halt('quiet hour');
    await runFor(h.clock, 5 * 60_000);
    const { page, requests, close } = await openPage(h.url);
    try {
      await pageLive(page);
      const candleReads = () => requests.filter((u) => u.includes('/api/bars/')).length;
      const readAtLoad = candleReads();
      const markCell = () => page.textContent(`#positions tbody tr:has(td:text-is("${symbol}")) td:nth-child(4)`);
      const shownAtLoad = await markCell();
      const fills = () => (h.kernel.store.db.prepare('SELECT COUNT(*) n FROM fills').get() as { n: number }).n;
      const fillsBefore = fills();
      let moved = false;
      for (let i = 0; i < 30 && !moved; i++) {
        await runFor(h.clock, 60_000);
        const stored = h.kernel.status() as { positions: { symbol: string; markPrice: number }[] };
        const now = stored.positions.find((p) => p.symbol === symbol)?.markPrice;
        moved = now !== undefined && Math.abs(now - Number((shownAtLoad ?? '').replace(/,/g, ''))) / now > 0.001;
      }
      expect(moved).toBe(true);
      expect(fills()).toBe(fillsBefore);
      await runFor(h.clock, 30_000);
      const stored = h.kernel.status() as { positions: { symbol: string; markPrice: number }[] };
      const expected = stored.positions.find((p) => p.symbol === symbol)!.markPrice;
      await expect.poll(async () => Number(((await markCell()) ?? '').replace(/,/g, '')), { timeout: 5_000 }).toBeCloseTo(expected, 1);
      // The candles follow too (they were read at load, on a fill and on a symbol change only).
      expect(candleReads()).toBeGreaterThanOrEqual(readAtLoad + 3);
      // Stop and target: the levels the position monitor acts on, with the rule that sets the stop.
      const held = (h.kernel.status() as { positions: { symbol: string; avgPrice: number; stopLevel: number; targetLevel: number }[] }).positions.find((p) => p.symbol === symbol)!;
      expect(held.targetLevel).toBeCloseTo(held.avgPrice * 6, 6);
      const cell = async (n: number) => (await page.textContent(`#positions tbody tr:has(td:text-is("${symbol}")) td:nth-child(${n})`)) ?? '';
      const stopCell = await cell(6);
      expect(stopCell).toMatch(/^[\d,.]+ \(stop loss\)$/);
      expect(Number(stopCell.split(' ')[0]!.replace(/,/g, ''))).toBeCloseTo(held.stopLevel, 1);
      expect(Number((await cell(7)).replace(/,/g, ''))).toBeCloseTo(held.targetLevel, 1);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 90_000);
});
