import { describe, expect, it } from 'vitest';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel } from '../helpers/dashboard-kernel.js';
import { runFor } from '../helpers/kernel-harness.js';

/**
 * The page judges the loops as the daemon does. An idle consumer is ok as of each health line (there is nothing to
 * wait for): a page opened between two lines measured that snapshot's ages from the time it loaded, and showed the
 * consumer stale (red) until the next line. And the first line, taken while the loops' first runs are under way,
 * showed every loop "never ok" in red for a whole health interval after a start.
 */
describe('the loop table of the dashboard', () => {
  it('judges the loops at the time of their snapshot: an idle consumer is not shown stale', async () => {
    const h = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '30000' });
    try {
      await runFor(h.clock, 30_000, 1_000);
      const snapshotAt = (h.kernel.status() as { healthAt: number }).healthAt;
      // Idle at the snapshot, and 25 s later, past three of the consumer's intervals, before the next line.
      expect(h.kernel.queue.depth).toBe(0);
      await runFor(h.clock, 25_000, 1_000);
      const consumer = (h.kernel.status() as { health: { loops: Record<string, { intervalMs: number }> } }).health.loops.consumer!;
      expect(h.clock.now() - snapshotAt).toBeGreaterThan(3 * consumer.intervalMs);
      expect((h.kernel.status() as { healthAt: number }).healthAt).toBe(snapshotAt);
      const { page, close } = await openPage(h.url);
      try {
        const cell = page.locator('#health tr:has(td:text-is("consumer")) td:nth-child(4)');
        await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toMatch(/^ok \d+ s ago$/);
        expect(await cell.getAttribute('class')).toBe('pos');
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 60_000);

  it('shows loops whose first run is under way as starting, not as failing', async () => {
    const h = await dashboardKernel();
    try {
      const loops = (h.kernel.status() as { health: { loops: Record<string, { lastOkAt: number | null }> } }).health.loops;
      const starting = Object.keys(loops).filter((name) => loops[name]!.lastOkAt === null);
      expect(starting).toContain('modelScanner');
      const { page, close } = await openPage(h.url);
      try {
        for (const name of starting) {
          const cell = page.locator(`#health tr:has(td:text-is("${name}")) td:nth-child(4)`);
          await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toMatch(/^starting \(\d+ s ago\)$/);
          expect(await cell.getAttribute('class')).toBe('dim');
        }
      } finally {
        await close();
      }
    } finally {
      await h.kernel.stop();
    }
  }, 60_000);
});
