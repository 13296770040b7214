import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { ModelScanner } from '../../src/scanners/model-scanner.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import { buildBars } from '../agents/series.js';

/** A market showing the first `visible` bars of one series. */
function marketOf(bars: Bar[]) {
  const m = {
    visible: 80,
    name: 'fake',
    symbols: () => ['ACME'],
    bars: async (_s: string, limit: number) => bars.slice(Math.max(0, m.visible - limit), m.visible),
    price: async () => bars[m.visible - 1]!.close,
  };
  return m as typeof m & MarketData;
}

// A steady climb: strong momentum, so the model publishes an entry on the first scan.
const bars = buildBars(Array.from({ length: 120 }, () => ({ drift: 0.01, noise: 0.002, volume: 1e6 })));

function scanner(market: MarketData, held: () => boolean, reviewEveryBars: number, cooldownBars = 5) {
  const published: Opportunity[] = [];
  const clock = new VirtualClock(0);
  const s = new ModelScanner({
    clock, logger: createLogger({ level: 'silent', clock }), market, concurrency: 1, bars: 60, threshold: 1.5,
    cooldownMs: 0, cooldownBars, held, reviewEveryBars,
    publish: async (o) => void published.push({ ...o }),
  });
  return { s, published };
}

describe('review of open positions', () => {
  it('puts a held position back to the panel at each new bar (hold or exit), never twice for one bar', async () => {
    const market = marketOf(bars);
    let holding = false;
    const { s, published } = scanner(market, () => holding, 1);
    const signal = new AbortController().signal;
    await s.scan(signal);
    expect(published.map((o) => o.kind)).toEqual(['momentum']);
    holding = true;
    await s.scan(signal); // the same bar: nothing new to review
    expect(published).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      market.visible++;
      await s.scan(signal);
    }
    const reviews = published.slice(1);
    expect(reviews.map((o) => o.kind)).toEqual(['review', 'review', 'review']);
    expect(reviews.every((o) => o.direction === 'long' && o.id.startsWith('opp-r-'))).toBe(true);
    expect(reviews.map((o) => o.barTime)).toEqual([bars[80]!.time, bars[81]!.time, bars[82]!.time]);
    expect(reviews[0]!.reason).toMatch(/^review of the open position: hold or exit\? \(model momentum score/);
    // Flat again: the cooldown after the last discussion holds new entries back for 5 bars.
    holding = false;
    market.visible++;
    await s.scan(signal);
    expect(published).toHaveLength(4);
  });

  it('reviews every N bars when configured so, and never with 0', async () => {
    const every3 = marketOf(bars);
    const a = scanner(every3, () => true, 3);
    const never = marketOf(bars);
    const b = scanner(never, () => true, 0);
    const signal = new AbortController().signal;
    for (let i = 0; i < 7; i++) {
      await a.s.scan(signal);
      await b.s.scan(signal);
      every3.visible++;
      never.visible++;
    }
    // The first scan reviews (nothing published yet), then every third bar.
    expect(a.published.map((o) => o.barTime)).toEqual([bars[79]!.time, bars[82]!.time, bars[85]!.time]);
    // With reviews off, a held symbol is scanned like any other (entries, with their cooldown).
    expect(b.published.every((o) => o.kind !== 'review')).toBe(true);
  });

  it('reviews, and publishes again after a cooldown, every N bars when N is more than the bars a scan reads', async () => {
    // A scan reads 60 bars. Counted among them only, 70 were never reached: after its first review the position was
    // never reviewed again, and after its first opportunity the symbol never published again.
    const long = buildBars(Array.from({ length: 400 }, () => ({ drift: 0.01, noise: 0.002, volume: 1e6 })));
    const reviewed = marketOf(long);
    const a = scanner(reviewed, () => true, 70);
    const cooled = marketOf(long);
    const b = scanner(cooled, () => false, 0, 70);
    const signal = new AbortController().signal;
    for (let i = 0; i < 150; i++) {
      await a.s.scan(signal);
      await b.s.scan(signal);
      reviewed.visible++;
      cooled.visible++;
    }
    expect(a.published.map((o) => o.barTime)).toEqual([long[79]!.time, long[149]!.time, long[219]!.time]);
    expect(b.published.map((o) => o.barTime)).toEqual([long[79]!.time, long[149]!.time, long[219]!.time]);
  });
});
