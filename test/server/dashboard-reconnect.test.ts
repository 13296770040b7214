import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { openPage } from '../helpers/chromium.js';
import { dashboardKernel, pageLive } from '../helpers/dashboard-kernel.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/**
 * The page open across a restart of the daemon: it says it is disconnected while the daemon is down, and once it is
 * back it shows what was decided meanwhile. Before, it reconnected but its verdict list kept only what it had
 * received live: the verdicts of the gap were missing until the page was reloaded.
 */
describe('the dashboard across a restart', () => {
  it('says it is disconnected, then shows the verdicts decided while it was', async () => {
    const first = await dashboardKernel();
    const { page, close } = await openPage(first.url);
    const opacity = async (id: string) => Number(await page.evaluate(`getComputedStyle(document.getElementById('${id}')).opacity`));
    try {
      await pageLive(page);
      for (const id of ['cards', 'equity-chart', 'positions']) expect(await opacity(id), id).toBe(1);
      await first.kernel.stop();
      await expect.poll(() => page.textContent('#conn'), { timeout: 5_000 }).toMatch(/^disconnected/);
      // The loops' last word is shown as such, not as current (they stayed green "ok 2 s ago").
      expect(await page.getAttribute('#health', 'class')).toContain('stale');
      expect(await page.textContent('#health-age')).toMatch(/^as of (\d+ s ago|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC) \(disconnected\)$/);
      // Nor the account and the positions: they looked live, a grey line in the header alone saying the daemon was gone.
      for (const id of ['cards', 'equity-chart', 'positions']) expect(await opacity(id), id).toBeLessThan(0.5);
      expect(await page.evaluate(`getComputedStyle(document.getElementById('conn')).color`), 'the warning colour').toBe('rgb(240, 180, 41)');

      // The daemon runs a while without its HTTP server (as a restart's gap), on the same store, later in time.
      const gapClock = new VirtualClock(Date.UTC(2026, 0, 6, 0, 0, 0));
      const gap = await virtualKernel({ CONCLAVE_HTTP_PORT: '0' }, { clock: gapClock }, first.dataDir);
      await gap.kernel.start();
      await runFor(gapClock, 30 * 60_000);
      const newest = gap.kernel.store.db.prepare('SELECT id FROM verdicts ORDER BY decided_at DESC LIMIT 1').get() as { id: string } | undefined;
      await gap.kernel.stop();
      expect(newest).toBeDefined();

      const back = await dashboardKernel({}, { port: first.port, overrides: { clock: new VirtualClock(Date.UTC(2026, 0, 6, 1, 0, 0)) }, dataDir: first.dataDir });
      try {
        await expect.poll(() => page.textContent('#conn'), { timeout: 20_000 }).toBe('connected');
        await page.waitForSelector(`#verdicts tr[data-id="${newest!.id}"]`, { timeout: 5_000 });
        for (const id of ['cards', 'equity-chart', 'positions']) expect(await opacity(id), id).toBe(1);
      } finally {
        await back.kernel.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);

  it('says as of when the health line it shows is the one it loaded, none having come since', async () => {
    // One health line an hour: the page shows the one written at the start, from its first snapshot, and none comes
    // over the socket before the daemon stops. It said "disconnected" alone, with no word of how old the line was.
    const first = await dashboardKernel({ CONCLAVE_HEALTH_INTERVAL_MS: '3600000' });
    const { page, close } = await openPage(first.url);
    try {
      await pageLive(page);
      await page.waitForSelector('#health tr', { timeout: 5_000 });
      const written = first.kernel.clock.now();
      await first.kernel.stop();
      await expect.poll(() => page.textContent('#conn'), { timeout: 5_000 }).toMatch(/^disconnected/);
      const text = (await page.textContent('#health-age'))!;
      expect(text).toMatch(/^as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(disconnected\)$/);
      // The line's own time, by the daemon's clock: at or before the stop.
      const shownAt = Date.parse(text.slice(6, 25).replace(' ', 'T') + 'Z');
      expect(shownAt).toBeLessThanOrEqual(written);
      expect(written - shownAt).toBeLessThan(60_000);
    } finally {
      await close();
    }
  }, 60_000);

  it('lists the universe of the daemon it reconnects to, one of the same size with other names included', async () => {
    const universe = (...symbols: string[]) => JSON.stringify(symbols.map((symbol) => ({ symbol, name: `${symbol} Corp` })));
    const first = await dashboardKernel({ CONCLAVE_UNIVERSE: universe('AAA', 'BBB') });
    const { page, requests, close } = await openPage(first.url);
    const listed = () => page.$$eval('#symbol option', (options) => options.map((o) => o.getAttribute('value')));
    try {
      await pageLive(page);
      expect(await listed()).toEqual(['AAA', 'BBB']);
      await page.selectOption('#symbol', 'BBB');
      const barsOf = (symbol: string) => requests.filter((u) => u.endsWith(`/api/bars/${symbol}`)).length;
      const aaaBefore = barsOf('AAA');
      await first.kernel.stop();
      const second = await dashboardKernel({ CONCLAVE_UNIVERSE: universe('AAA', 'CCC') }, { port: first.port });
      try {
        await expect.poll(listed, { timeout: 20_000 }).toEqual(['AAA', 'CCC']);
        // BBB is gone: the chart moves to a symbol there is, and draws it.
        expect(await page.inputValue('#symbol')).toBe('AAA');
        await expect.poll(() => barsOf('AAA'), { timeout: 5_000 }).toBeGreaterThan(aaaBefore);
        await page.selectOption('#symbol', 'CCC');
        await expect.poll(() => barsOf('CCC'), { timeout: 5_000 }).toBeGreaterThan(0);
      } finally {
        await second.kernel.stop();
      }
    } finally {
      await close();
    }
  }, 60_000);
});
