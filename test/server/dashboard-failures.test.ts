import { describe, expect, it } from 'vitest';
import { flakyAnalyst } from '../helpers/flaky-analyst.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel } from '../helpers/dashboard-kernel.js';
import { freePort } from '../helpers/daemon-process.js';
import { runFor, runSettled } from '../helpers/kernel-harness.js';
import { withChanges } from '../../src/core/with-changes.js';

/**
 * Notices not delivered (the operator's alerts: a webhook down) and agents failing were in the health line and the log
 * only: the cockpit's health panel showed loops, queue, delay and memory, all fine, while no alert could reach anyone.
 */
describe('the cockpit with notifications failing', () => {
  it('says how many were not delivered and why, in the warning colour, beside the discussions and agent failures', async () => {
    // Nothing listens on this loopback port: every send is refused (ECONNREFUSED), retried, then counted failed.
    const port = await freePort();
    const h = await dashboardKernel({
      CONCLAVE_NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      CONCLAVE_NOTIFY_EVENTS: '["entry","exit","halt"]',
      CONCLAVE_MODEL_THRESHOLD: '0.3',
      CONCLAVE_HEALTH_INTERVAL_MS: '5000',
    });
    try {
      await expect
        .poll(
          async () => {
            // Each step's loop runs end before the clock moves on; the webhook's retries sleep on the virtual clock
            // (runSettled would hang on them), so their refusals are polled for, each poll moving the clock again.
            await runSettled(h.kernel, h.clock, 10, 10_000, ['positionMonitor', 'modelScanner', 'health']);
            return (h.kernel.status() as { health?: { notify?: { failed: number } } }).health?.notify?.failed ?? 0;
          },
          { timeout: 30_000, interval: 10 },
        )
        .toBeGreaterThan(0);
      const { page, close } = await openPage(h.url);
      try {
        const line = page.locator('#health div', { hasText: 'notifications sent' });
        await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(/^notifications sent 0 · failed [1-9]\d* · dropped 0 \(last error: webhook \(json\): network error \(ECONNREFUSED\) reaching 127\.0\.0\.1:\d+/);
        expect(await line.getAttribute('class')).toBe('warn');
        expect(await page.locator('#health div', { hasText: 'discussions' }).textContent()).toMatch(/^discussions \d+ · p50 \d+ ms · p95 \d+ ms · agent failures 0 \(0 in the last hour\)$/);
        // The webhook's URL is a secret: the error shown names the host and port, never the path.
        expect(await page.textContent('#health')).not.toContain('/hook');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 90_000);

  it('colours agent failures by the last hour, not by the total since the start (one early failure coloured it for days)', async () => {
    const flaky = flakyAnalyst();
    const h = await dashboardKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000', CONCLAVE_HEALTH_INTERVAL_MS: '60000' }, { overrides: { agents: [flaky.agent] } });
    flaky.failUntil(h.clock.now() + 20 * 60_000);
    try {
      const { page, close } = await openPage(h.url);
      try {
        const line = page.locator('#health div', { hasText: 'agent failures' });
        await runFor(h.clock, 30 * 60_000, 60_000);
        await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(/agent failures ([1-9]\d*) \(\1 in the last hour\)$/);
        expect(await line.getAttribute('class')).toBe('warn');
        await runFor(h.clock, 90 * 60_000, 60_000);
        await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(/agent failures [1-9]\d* \(0 in the last hour\)$/);
        expect(await line.getAttribute('class')).toBe('');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 90_000);

  it('says a broken ledger in red, as conclave status does', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '5000' });
    try {
      // Money that appeared from nowhere: the health line's ledger says ok false, and the cockpit said nothing.
      const { store } = h.kernel;
      store.saveAccount(withChanges(store.account(), { cash: store.account().cash + 12.5 }), h.clock.now());
      await runFor(h.clock, 20_000, 5_000);
      const { page, close } = await openPage(h.url);
      try {
        const line = page.locator('#health div', { hasText: 'LEDGER BROKEN' });
        await expect.poll(() => line.textContent(), { timeout: 10_000 }).toMatch(/^LEDGER BROKEN \(difference -?12\.5\): cash plus the cost of open positions no longer equals/);
        expect(await line.getAttribute('class')).toBe('neg');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 60_000);
});
