import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, fillDialog, pageLive } from '../helpers/dashboard-kernel.js';

/**
 * The operator clicks Halt and the daemon cannot do it (its data dir refuses the halt file). The page said nothing:
 * the error went to a tooltip and the console, and the operator could walk away thinking trading had stopped.
 */
describe('a kill-switch action the daemon refuses', () => {
  it('is said on the page, with the daemon reason', async () => {
    const h = await dashboardKernel();
    const { page, close } = await openPage(h.url);
    // A folder where the halt file goes: the daemon cannot write it (as on a read-only data dir).
    const halt = join(h.dataDir, 'HALT');
    mkdirSync(join(halt, 'in-the-way'), { recursive: true });
    try {
      await pageLive(page);
      await fillDialog(page, '#btn-halt', 'ops', 'test');
      await page.click('#confirm-ok');
      await expect.poll(() => page.isVisible('#action-error'), { timeout: 5_000 }).toBe(true);
      expect(await page.textContent('#action-error')).toMatch(/Halt trading failed: cannot write halt file .*HALT/);
    } finally {
      rmdirSync(join(halt, 'in-the-way'));
      rmdirSync(halt);
      await close();
      await h.kernel.stop();
    }
  }, 60_000);

  it('says when an action changed nothing (a resume of a daemon not halted)', async () => {
    const h = await dashboardKernel();
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await page.clock.install();
      await fillDialog(page, '#btn-resume', 'ops', 'test');
      await page.click('#confirm-ok');
      await expect.poll(() => page.isVisible('#action-error'), { timeout: 5_000 }).toBe(true);
      expect(await page.textContent('#action-error')).toBe('Resume trading: not halted: entries were already allowed; nothing changed');
      // News for a moment, not a state: it stayed in the header until the next action.
      await page.clock.runFor(20_000);
      await expect.poll(() => page.isHidden('#action-error'), { timeout: 5_000 }).toBe(true);
    } finally {
      await close();
      await h.kernel.stop();
    }
  }, 60_000);

  it('says how to halt without the page when the daemon does not answer', async () => {
    const h = await dashboardKernel();
    const { page, close } = await openPage(h.url);
    try {
      await pageLive(page);
      await h.kernel.stop();
      await fillDialog(page, '#btn-halt', 'ops', 'the daemon is gone');
      await page.click('#confirm-ok');
      await expect.poll(() => page.isVisible('#action-error'), { timeout: 5_000 }).toBe(true);
      // It said "Halt trading failed: Failed to fetch".
      expect(await page.textContent('#action-error')).toBe(
        'Halt trading failed: the daemon did not answer (stopped, or out of reach); on its machine, `conclave halt` (or a file named HALT in its data dir) halts it without the page',
      );
    } finally {
      await close();
    }
  }, 60_000);
});
