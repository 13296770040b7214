import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (CI installs it: .ci/run), driven by playwright-core; a fresh profile per launch. */
export const CHROMIUM = process.env.CONCLAVE_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as they happened. */
  errors: string[];
  /** Every URL the page asked for, the page's own included. */
  requests: string[];
  close(): Promise<void>;
}

export interface Browser {
  /** Opens a file (a path) or a URL in a new page (one profile for the browser's life, so its start-up is paid once per test file). */
  open(target: string, viewport?: { width: number; height: number }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  // playwright-core downloads no browser: without one the page tests would fail on a bare ENOENT.
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM} for the page tests: install Debian's chromium (apt-get install chromium), or set CONCLAVE_CHROMIUM to a Chromium or Chrome binary`);
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'conclave-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    open: async (target, viewport = { width: 1280, height: 900 }) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(/^(https?|file):\/\//.test(target) ? target : `file://${target}`, { waitUntil: 'load' });
      return { page, errors, requests, close: () => page.close() };
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A browser for one page: closing the page closes the browser. */
export async function openPage(target: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  const browser = await launchBrowser();
  try {
    const opened = await browser.open(target, viewport);
    return Object.assign(opened, { close: () => browser.close() });
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export interface ChartPixels {
  id: string;
  canvases: number;
  area: number;
  colours: number;
}

// Run in the page as source text: the tests are compiled without the DOM's types, and a function's compiled text may
// carry the test runner's helpers, which the page does not have.
const CHART_PIXELS = `(() => {
  const out = [];
  for (const el of Array.from(document.querySelectorAll('.chart'))) {
    let area = 0;
    let colours = 0;
    const canvases = Array.from(el.querySelectorAll('canvas'));
    for (const canvas of canvases) {
      area += canvas.width * canvas.height;
      if (canvas.width === 0 || canvas.height === 0) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set();
      // Every 7th pixel is plenty to tell a drawn chart from a blank one.
      for (let i = 0; i < pixels.length && seen.size < 64; i += 28) {
        if (pixels[i + 3] === 0) continue;
        seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      }
      colours = Math.max(colours, seen.size);
    }
    out.push({ id: el.id, canvases: canvases.length, area, colours });
  }
  return out;
})()`;

/**
 * For each chart container: its canvases' total size and the most colours seen on one of them (a blank or
 * single-colour canvas is a chart that did not draw).
 */
export async function chartPixels(page: Page): Promise<ChartPixels[]> {
  return (await page.evaluate(CHART_PIXELS)) as ChartPixels[];
}

/**
 * An init script (page.addInitScript) that records into `window.__canvasTexts` every text drawn on a canvas inside an
 * element matching `selector` (a chart's axis labels among them): fillText is wrapped before the page runs, so what
 * the chart library drew is read back, not what it was asked for.
 */
export const recordCanvasTexts = (selector: string): string => `(() => {
  const texts = (window.__canvasTexts = []);
  const draw = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, max) {
    if (this.canvas.closest && this.canvas.closest(${JSON.stringify(selector)})) texts.push(String(text));
    return draw.call(this, text, x, y, max);
  };
})()`;

export interface TimeLabel {
  text: string;
  left: number;
  right: number;
  /** The width (px) of the canvas it was drawn on. */
  width: number;
}

/**
 * An init script that records into `window.__timeLabels` every centred label matching `tick` (a time axis' labels)
 * with its left and right edge and its canvas's width (px), as the chart library drew it.
 */
export const recordTimeLabels = (tick: RegExp): string => `(() => {
  const labels = (window.__timeLabels = []);
  const draw = CanvasRenderingContext2D.prototype.fillText;
  const tick = new RegExp(${JSON.stringify(tick.source)});
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, max) {
    if (this.textAlign === 'center' && tick.test(text)) {
      const half = this.measureText(text).width / 2;
      const scale = this.getTransform().a;
      labels.push({ text, left: x - half, right: x + half, width: this.canvas.width / scale });
    }
    return draw.call(this, text, x, y, max);
  };
})()`;

/**
 * Resolves once the page has run `frames` animation frames. The charts' library paints its canvases in animation
 * frames, a layout it redoes (a fit to the pane's size) in later ones: a wait of 300 ms gave some 18 frames on an idle
 * machine and as few as a loaded one ran in that time; counting the frames gives the same paint at any load.
 */
export function framesPass(page: Page, frames = 18): Promise<void> {
  return page.evaluate(`new Promise((resolve) => {
    let left = ${frames};
    const frame = () => (--left <= 0 ? resolve(undefined) : requestAnimationFrame(frame));
    requestAnimationFrame(frame);
  })`);
}
