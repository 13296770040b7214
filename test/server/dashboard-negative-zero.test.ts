import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { buyVerdict } from '../helpers/buy-verdict.js';

/**
 * A figure that rounds to zero is 0.00, whichever side of zero it came from: the verdicts listed a score of -0.001
 * (a panel all but undecided) as "-0.00", a sign that said nothing but noise.
 */
describe('the dashboard’s figures rounding to zero', () => {
  it('shows a score of -0.001 as 0.00, and -0.5 as -0.50', async () => {
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000' });
    const { page, errors, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await page.waitForLoadState('networkidle');
      const hold = (id: string, score: number) =>
        Object.assign(buyVerdict(id, h.clock.now()), { verdict: { action: 'HOLD', conviction: 0.001, score, sizeFraction: 0, reasons: [] } }) as VerdictEvent;
      const [tiny, half] = [hold('tiny', -0.001), hold('half', -0.5)];
      h.kernel.bus.emit('verdict', tiny);
      h.kernel.bus.emit('verdict', half);
      const score = (v: VerdictEvent) => page.textContent(`#verdicts tr[data-id="${v.verdictId}"] td:nth-child(6)`);
      await expect.poll(() => score(half), { timeout: 5_000 }).toBe('-0.50');
      expect(await score(tiny)).toBe('0.00');
      expect(errors).toEqual([]);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
