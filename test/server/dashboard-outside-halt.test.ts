import { describe, expect, it } from 'vitest';
import { haltFile } from '../../src/kernel/kernel-paths.js';
import { KillSwitch } from '../../src/trading/kill-switch.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/**
 * A halt made outside the page (`conclave halt`, `touch data/HALT`, a colleague's terminal) reaches an open page with
 * the next health line. Before, the page's HALTED badge changed only with a snapshot or a fill: a halted daemon
 * makes no fills, so the page said it was trading until it was reloaded (and kept saying HALTED after a resume).
 */
describe('the dashboard and a halt from outside the page', () => {
  it('shows HALTED with the next health line, and clears it after a resume', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      expect(await page.isHidden('#halted')).toBe(true);
      const outside = new KillSwitch({ file: haltFile(h.config) });
      outside.halt('broker maintenance: the exchange migrates its matching engine tonight');
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.isVisible('#halted'), { timeout: 5_000 }).toBe(true);
      // Its reason beside it, not only in a tooltip (a phone has none).
      await expect.poll(() => page.textContent('#halt-reason'), { timeout: 5_000 }).toMatch(/^broker maintenance: the exchange migrates its matching engine tonight \(since 2026-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$/);
      expect(await page.isVisible('#halt-reason')).toBe(true);
      // Wrapped, never cut: the time since when is its end (it was cut at 40 characters, "(since" out of sight).
      expect(await page.$eval('#halt-reason', (e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      outside.resume();
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.isHidden('#halted'), { timeout: 5_000 }).toBe(true);
      expect(await page.isHidden('#halt-reason')).toBe(true);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);

  it('shows an account limit that stops every entry (the daily loss limit), and clears it when the line no longer has one', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      expect(await page.isHidden('#limit')).toBe(true);
      // The trader's daily loss limit, tripped: the health lines and the status snapshots carry it from here on.
      const since = h.clock.now();
      const trader = h.kernel.trader as unknown as { limitTripped: () => unknown };
      const real = trader.limitTripped.bind(trader);
      trader.limitTripped = () => ({ rule: 'daily_loss_limit', reason: "today's loss 5.2 % reached the daily limit 5 %", since });
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.textContent('#limit'), { timeout: 5_000 }).toBe('ENTRIES PAUSED: daily loss limit');
      expect(await page.getAttribute('#limit', 'title')).toMatch(/^today's loss 5\.2 % reached the daily limit 5 % \(since 2026-/);
      trader.limitTripped = real;
      await runFor(h.clock, 10_000, 5_000);
      await expect.poll(() => page.isHidden('#limit'), { timeout: 5_000 }).toBe(true);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);
});
