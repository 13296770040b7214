import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from './chromium.js';
import { freePort } from './daemon-process.js';
import type { KernelOverrides } from '../../src/kernel/kernel.js';
import { virtualKernel, type Harness } from './kernel-harness.js';

/**
 * A daemon on the virtual clock serving the dashboard on a free loopback port, started; a restart passes the port and
 * data dir of the one before. Its WebSocket heartbeat is a day: the virtual clock races ahead of the browser's
 * real-time pongs, and no heartbeat may drop the page.
 */
export async function dashboardKernel(
  env: Record<string, string> = {},
  options: { port?: number; overrides?: KernelOverrides; dataDir?: string } = {},
): Promise<Harness & { port: number; url: string }> {
  const listen = options.port ?? (await freePort());
  const h = await virtualKernel(Object.assign({ CONCLAVE_HTTP_PORT: String(listen), CONCLAVE_WS_HEARTBEAT_MS: String(24 * 3600_000) }, env), options.overrides, options.dataDir);
  await h.kernel.start();
  return Object.assign(h, { port: listen, url: `http://127.0.0.1:${listen}/` });
}

/** Waits until the page says its WebSocket is live. */
export const pageLive = (page: Page) => expect.poll(() => page.textContent('#conn'), { timeout: 10_000 }).toBe('connected');

/** The cockpit at `url` opened at each width (and height) in turn, live, `check`ed, with no error on the page. */
export async function atWidths(browser: Browser, url: string, sizes: readonly (readonly [number, number])[], check: (page: Page, width: number) => Promise<void>): Promise<void> {
  for (const [width, height] of sizes) {
    const { page, errors, close } = await browser.open(url, { width, height });
    try {
      await pageLive(page);
      await check(page, width);
      expect(errors, `${width} px`).toEqual([]);
    } finally {
      await close();
    }
  }
}

/** Opens the kill-switch dialog with `button` and fills in who and why; the caller confirms or cancels. */
export async function fillDialog(page: Page, button: string, who: string, why: string): Promise<void> {
  await page.click(button);
  await page.fill('#confirm-who', who);
  await page.fill('#confirm-why', why);
}
