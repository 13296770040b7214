import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';

// The relative luminance (0 black to 1 white) of a computed colour 'rgb(r, g, b)'.
const LUMINANCE = `((css) => {
  const [r, g, b] = css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map((c) => { const s = Number(c) / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
})`;

/**
 * The controls the browser draws itself on the dark page: the price chart's symbol list was a white box with black
 * text (rgb(239, 239, 239)), the one light thing on the page, and so were the scrollbars of the panels that scroll.
 */
describe('the dashboard’s own controls', () => {
  it('are drawn dark, as the page is', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await expect.poll(() => page.locator('#symbol option').count(), { timeout: 5_000 }).toBeGreaterThan(0);
      const [background, text] = (await page.evaluate(`(() => { const s = getComputedStyle(document.getElementById('symbol')); return [${LUMINANCE}(s.backgroundColor), ${LUMINANCE}(s.color)]; })()`)) as [number, number];
      expect(background).toBeLessThan(0.1);
      expect(text).toBeGreaterThan(0.7);
      expect(await page.evaluate(`getComputedStyle(document.documentElement).colorScheme`)).toBe('dark');
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
