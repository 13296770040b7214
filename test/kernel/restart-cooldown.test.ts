import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { NewsItem, NewsSource } from '../../src/news/news-port.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/** Per source and symbol, the opportunities (reviews aside) the store recorded. */
function published(dataDir: string): Map<string, number> {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT source || ' ' || symbol AS key, COUNT(*) AS n FROM opportunities WHERE kind IS NOT 'review' GROUP BY source, symbol`).all() as { key: string; n: number }[];
    return new Map(rows.map((r) => [r.key, r.n]));
  } finally {
    db.close();
  }
}

describe('a restart within the opportunity cooldown', () => {
  it('publishes a symbol no sooner than the cooldown allows, the restart notwithstanding', async () => {
    // A cooldown of 30 minutes (opportunityCooldownMs) and a low threshold: most symbols publish at once.
    const env = {
      CONCLAVE_MODEL_THRESHOLD: '0.05', CONCLAVE_OPPORTUNITY_COOLDOWN_BARS: '0', CONCLAVE_OPPORTUNITY_COOLDOWN_MS: '1800000',
      CONCLAVE_LOG_LEVEL: 'warn',
    };
    const first = await virtualKernel(env);
    await first.kernel.start();
    await runFor(first.clock, 10 * 60_000);
    await first.kernel.stop();
    const before = published(first.dataDir);
    expect([...before.keys()].some((k) => k.startsWith('model '))).toBe(true);
    // Restarted at once (a setting edited, say), and run for 10 minutes more: still inside every symbol's 30 minutes.
    const second = await virtualKernel(env, { clock: first.clock }, first.dataDir);
    await second.kernel.start();
    await runFor(first.clock, 10 * 60_000);
    await second.kernel.stop();
    // Before, the cooldown was the scanners' memory: the restart forgot it and the symbols published again.
    const twice = [...published(first.dataDir)].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
  }, 120_000);

  it('publishes news of a symbol no sooner than its cooldown allows, the restart notwithstanding', async () => {
    // A feed that carries one strong story of Nova Dynamics, then, after the restart, another.
    const items: NewsItem[] = [];
    const news: NewsSource = { name: 'feed', fetch: async () => items.slice() };
    const story = (id: string, title: string, at: number): NewsItem => ({ id, title, summary: '', publishedAt: at, source: 'feed' });
    const env = { CONCLAVE_OPPORTUNITY_COOLDOWN_BARS: '0', CONCLAVE_OPPORTUNITY_COOLDOWN_MS: '1800000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '60000', CONCLAVE_MODEL_THRESHOLD: '1000', CONCLAVE_LOG_LEVEL: 'warn' };
    const first = await virtualKernel(env, { news });
    items.push(story('1', 'Nova Dynamics beats estimates, raises guidance', first.clock.now()));
    await first.kernel.start();
    await runFor(first.clock, 5 * 60_000);
    await first.kernel.stop();
    expect(published(first.dataDir).get('news NOVA')).toBe(1);
    items.push(story('2', 'Nova Dynamics wins record contract, shares surge', first.clock.now()));
    const second = await virtualKernel(env, { clock: first.clock, news }, first.dataDir);
    await second.kernel.start();
    await runFor(first.clock, 5 * 60_000);
    await second.kernel.stop();
    // Before, the second story was published within minutes of the first: the cooldown did not outlive the run.
    expect(published(first.dataDir).get('news NOVA')).toBe(1);
  }, 120_000);
});
