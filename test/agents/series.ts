import type { Bar } from '../../src/market/market-port.js';
import type { AgentContext } from '../../src/agents/agent-port.js';
import type { ScoredNews } from '../../src/news/news-port.js';
import { seededRandom as mulberry32 } from '../../src/core/random.js';

export const DAY = 86_400_000;
export const START = Date.UTC(2024, 0, 1);

/** Standard normal from a seeded uniform (Box-Muller). */
function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

interface Step {
  /** Log return of the close. */
  drift: number;
  noise: number;
  volume: number;
  /** Upper wick as a fraction of price (rejection bars). */
  wick?: number;
}

/** Builds daily bars from per-bar steps; the open is the previous close, wicks are small and seeded. */
export function buildBars(steps: Step[], seed = 7, start = 100): Bar[] {
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const bars: Bar[] = [];
  let prev = start;
  steps.forEach((step, i) => {
    const close = prev * Math.exp(step.drift + step.noise * normal());
    const open = prev;
    const high = Math.max(open, close) * (1 + 0.002 * rand() + (step.wick ?? 0));
    const low = Math.min(open, close) * (1 - 0.002 * rand());
    const volume = Math.round(step.volume * (0.85 + 0.3 * rand()));
    bars.push({ time: START + i * DAY, open, high, low, close, volume });
    prev = close;
  });
  return bars;
}

const repeat = (n: number, step: Step): Step[] => Array.from({ length: n }, () => ({ ...step }));

export const uptrend = (n = 200, seed = 7) => buildBars(repeat(n, { drift: 0.004, noise: 0.008, volume: 1e6 }), seed);

export const flatNoise = (n = 200, seed = 11) => {
  // Mean-reverting: each step pulls back toward 100.
  const rand = mulberry32(seed);
  const normal = gaussian(rand);
  const bars: Bar[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = prev * Math.exp(0.15 * Math.log(100 / prev) + 0.006 * normal());
    const high = Math.max(prev, close) * (1 + 0.002 * rand());
    const low = Math.min(prev, close) * (1 - 0.002 * rand());
    bars.push({ time: START + i * DAY, open: prev, high, low, close, volume: Math.round(1e6 * (0.85 + 0.3 * rand())) });
    prev = close;
  }
  return bars;
};

/** A steady rise, a parabolic run on swelling volume, then heavy-volume reversal bars with long upper wicks. */
export const blowOffTop = (seed = 5) =>
  buildBars(
    [
      ...repeat(150, { drift: 0.002, noise: 0.008, volume: 1e6 }),
      ...Array.from({ length: 20 }, (_, i) => ({ drift: 0.025, noise: 0.006, volume: 1e6 * (1.5 + i * 0.15) })),
      ...repeat(5, { drift: -0.03, noise: 0.004, volume: 5e6, wick: 0.03 }),
    ],
    seed,
  );

/** Calm, then a fall of about 2.5 % a bar on heavy volume. */
export const crash = (seed = 3) =>
  buildBars([...repeat(150, { drift: 0.0005, noise: 0.008, volume: 1e6 }), ...repeat(30, { drift: -0.025, noise: 0.01, volume: 3e6 })], seed);

export function news(partial: Partial<ScoredNews> & { publishedAt: number; sentiment: number }): ScoredNews {
  const id = partial.id ?? `n-${partial.publishedAt}-${partial.title ?? ''}`;
  return { id, title: partial.title ?? `headline ${id}`, summary: '', source: 'test', symbols: ['ACME'], ...partial };
}

/** A context at the last bar of `bars` (or at bar `k`), with the given news. */
export function contextOf(
  bars: Bar[],
  options: { k?: number; symbolNews?: ScoredNews[]; marketNews?: ScoredNews[]; position?: AgentContext['position'] } = {},
): AgentContext {
  const k = options.k ?? bars.length - 1;
  // The moment bar k closes (the bars are daily): bar k is the newest bar an agent may see.
  const now = bars[k]!.time + DAY;
  return {
    opportunity: { id: 'opp-1', symbol: 'ACME', source: 'model', direction: 'long', score: 0.5, price: bars[k]!.close, reason: 'test', createdAt: now },
    now,
    bars: bars.slice(0, k + 1),
    barMs: DAY,
    symbolNews: options.symbolNews ?? [],
    marketNews: options.marketNews ?? [],
    position: options.position ?? null,
    portfolio: { cash: 100_000, equity: 100_000, openPositions: 0 },
  };
}
