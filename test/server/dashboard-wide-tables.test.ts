import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { withChanges } from '../../src/core/with-changes.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { buyVerdict } from '../helpers/buy-verdict.js';

/** How far (px) the content of the panel holding `#id` reaches past its width: what the operator must scroll sideways to see. */
const hidden = (id: string) => `(() => { const p = document.getElementById('${id}').closest('.panel'); return p.scrollWidth - p.clientWidth; })()`;

/**
 * The positions and the verdicts are the cockpit's widest tables, and sat in a column of half the window or less: at
 * 1280 px the verdicts' "from" column (a review of the held position, or the source and direction of the opportunity)
 * was out of sight, cut mid-phrase, and the positions' trailing state too; at 1920 px (four columns) most of both.
 */
describe('the dashboard’s positions and verdicts on a desktop window', () => {
  it('shows every column of both tables without scrolling sideways, at 1024, 1280 and 1920 px', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { store, clock } = h.kernel;
    store.tx(() => {
      const p = { symbol: 'NOVA', qty: 1_234.567, avgPrice: 82.6477, openedAt: clock.now(), stopPrice: 80.1234, targetPrice: 91.4321, atr: null, peakPrice: 84.1234, trailingActive: true, markPrice: 83.9876 };
      store.savePosition(p, clock.now());
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash - p.qty * p.avgPrice }), clock.now());
    });
    const { page, errors, close } = await openPage(h.url, { width: 1280, height: 800 });
    try {
      await pageLive(page);
      await page.waitForLoadState('networkidle');
      const review = buyVerdict('review-wide', clock.now());
      review.opportunity = Object.assign({}, review.opportunity, { symbol: 'NOVA', kind: 'review' });
      review.verdict = { action: 'HOLD', conviction: 0.21, score: -0.43, sizeFraction: 0, reasons: [] } as VerdictEvent['verdict'];
      h.kernel.bus.emit('verdict', review);
      await expect.poll(() => page.textContent(`#verdicts tr[data-id="${review.verdictId}"] td:nth-child(7)`), { timeout: 5_000 }).toBe('review of the held position');
      await expect.poll(() => page.textContent('#positions tbody td:nth-child(8)'), { timeout: 5_000 }).toMatch(/^on, peak /);
      for (const width of [1024, 1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(100);
        expect(await page.evaluate(hidden('verdicts')), `verdicts at ${width} px`).toBeLessThanOrEqual(0);
        expect(await page.evaluate(hidden('positions')), `positions at ${width} px`).toBeLessThanOrEqual(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
