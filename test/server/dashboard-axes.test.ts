import { describe, expect, it } from 'vitest';
import { openPage, recordCanvasTexts } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

/** The equity axis wrote 100000.00 beside cards that say 100,000.00. */
describe('the dashboard equity chart', () => {
  it('writes its amounts as the cards do, with thousands separators', async () => {
    const h = await dashboardKernel();
    const { page, close, errors } = await openPage(h.url);
    try {
      await page.addInitScript(recordCanvasTexts('#equity-chart'));
      await page.reload({ waitUntil: 'load' });
      await pageLive(page);
      const texts = async () => (await page.evaluate('window.__canvasTexts')) as string[];
      await expect.poll(async () => (await texts()).filter((t) => /^[\d,]+\.\d{2}$/.test(t)).length, { timeout: 10_000 }).toBeGreaterThan(2);
      const amounts = await texts();
      expect(amounts).toContain('100,000.00');
      expect(amounts.filter((t) => /^\d{6,}\.\d+$/.test(t))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);

  // A fresh daemon's equity is flat: the library stretched a range of cents over the whole axis (99,999.94 to 100,000.06).
  it('keeps a flat equity’s axis at a readable range, not a few cents', async () => {
    const h = await dashboardKernel();
    const { page, close, errors } = await openPage(h.url);
    try {
      await pageLive(page);
      const span = async () => (await page.evaluate("(() => { const r = equityChart.priceScale('right').getVisibleRange(); return r ? r.to - r.from : 0; })()")) as number;
      await expect.poll(span, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await span()).toBeGreaterThanOrEqual(200);
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
