import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { Jump } from '../../src/market/sim-market.js';
import { SimNews } from '../../src/news/sim-news.js';

describe('simulated news', () => {
  it('shows a jump\'s news only once its publishing time has come, never dated ahead of the fetch', async () => {
    const clock = new VirtualClock();
    const jumps: Jump[] = [];
    // Each jump's news comes up to two minutes after the jump: the jump just before a fetch is reported after it.
    for (let i = 0; i < 20; i++) jumps.push({ symbol: 'NOVA', time: clock.now() + i * 600_000 + 599_000, size: i % 2 ? 0.05 : -0.05 });
    const market = { jumpsBetween: async (from: number, to: number) => jumps.filter((j) => j.time > from && j.time <= to) };
    const news = new SimNews({ clock, seed: 7, market, universe: [{ symbol: 'NOVA', name: 'Nova Corp' }], perHour: 0 });
    const seen = new Map<string, number>();
    for (let scan = 0; scan < 130; scan++) {
      await clock.advance(100_000);
      for (const item of await news.fetch()) {
        expect(item.publishedAt).toBeLessThanOrEqual(clock.now());
        if (!seen.has(item.id)) seen.set(item.id, item.publishedAt);
      }
    }
    // None is lost: every jump made its item, dated at or after the jump.
    expect(seen.size).toBe(20);
    const times = [...seen.values()].sort((a, b) => a - b);
    times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(jumps[i]!.time));
  });
});
