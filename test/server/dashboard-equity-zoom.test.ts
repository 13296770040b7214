import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/** The equity chart is read again every minute and after each fill: each read used to fit it again, undoing a zoom. */
describe('the dashboard equity chart', () => {
  it('keeps where the operator zoomed when the curve is read again', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '60000' });
    await runFor(h.clock, 3 * 3_600_000, 60_000);
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await expect.poll(() => page.evaluate('equitySeries.data().length'), { timeout: 5_000 }).toBeGreaterThan(100);
      // Laid out first: a zoom set on a chart still 0 px wide (a loaded machine lays the page out late) is not kept.
      await expect.poll(() => page.evaluate('equityChart.timeScale().width()'), { timeout: 5_000 }).toBeGreaterThan(0);
      await page.evaluate('equityChart.timeScale().setVisibleLogicalRange({ from: 10, to: 40 })');
      await expect.poll(() => page.evaluate('Math.round(equityChart.timeScale().getVisibleLogicalRange().from)'), { timeout: 5_000 }).toBe(10);
      await page.evaluate('loadEquity()');
      const range = (await page.evaluate('equityChart.timeScale().getVisibleLogicalRange()')) as { from: number; to: number };
      expect(range.from).toBeCloseTo(10, 0);
      expect(range.to).toBeCloseTo(40, 0);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
