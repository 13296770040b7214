import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdaptiveWeights } from '../../src/agents/adaptive-weights.js';
import { Chief, DEFAULT_CHIEF_OPTIONS } from '../../src/agents/chief.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import type { Bar } from '../../src/market/market-port.js';
import { ForwardTracker } from '../../src/scorecard/forward-tracker.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from '../backtest/helpers.js';
import { ok, SAFE } from './fakes.js';
import { contextOf, uptrend } from './series.js';

const DAY = 86_400_000;
const ROLES = ['bull', 'bear', 'analyst', 'scout', 'riskDoctor'] as const;

function walk(n: number, seed: number, start = 100): Bar[] {
  const r = seededRandom(seed);
  const bars: Bar[] = [];
  let close = start;
  for (let i = 0; i < n; i++) {
    close *= Math.exp((r() - 0.5) * 0.04);
    bars.push({ time: i * DAY, open: close, high: close, low: close, close, volume: 1 });
  }
  return bars;
}

/** The weights the chief would use at each bar close, learning from bars as they close and verdicts as they come. */
function weightsOverTime(bars: readonly Bar[], stanceSeed: number): Record<string, number>[] {
  const store = openStore(join(tempDir(), 'store.db'));
  const clock = new VirtualClock(0);
  const adaptive = new AdaptiveWeights(DEFAULT_CHIEF_OPTIONS.weights, { horizonBars: 3, window: 50, minScored: 5, strength: 2, floor: 0.25, cap: 2 });
  const tracker = new ForwardTracker(store, createLogger({ level: 'silent', clock }), [1, 3], 1000, adaptive);
  const r = seededRandom(stanceSeed);
  const seen: Record<string, number>[] = [];
  for (let k = 0; k < bars.length; k++) {
    tracker.observe('ACME', bars.slice(0, k + 1), bars[k]!.time + DAY);
    seen.push(adaptive.weights());
    const outcomes = ROLES.map((role) => ({ role, status: 'ok' as const, latencyMs: 0, signal: { stance: r() * 2 - 1, confidence: 0.5, rationale: [], metrics: {} } }));
    tracker.onVerdict({ opportunity: { id: `o${k}`, symbol: 'ACME', barTime: bars[k]!.time }, outcomes } as unknown as VerdictEvent);
  }
  store.db.close();
  return seen;
}

describe('adaptive chief weights', () => {
  it('at time t depend on no forward return realised after t (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 10, max: 70 }), (seed, stanceSeed, cut) => {
        const bars = walk(80, seed);
        const altered = [...bars.slice(0, cut + 1), ...walk(80, seed + 1, 50).slice(cut + 1).map((b) => ({ ...b }))];
        const a = weightsOverTime(bars, stanceSeed);
        const b = weightsOverTime(altered, stanceSeed);
        expect(b.slice(0, cut + 1)).toEqual(a.slice(0, cut + 1));
        // The test can see a difference: once the altered bars' returns are realised, the weights move apart.
        expect(b.slice(cut + 1)).not.toEqual(a.slice(cut + 1));
      }),
      { numRuns: 15 },
    );
  });

  it('raises a role whose stances ranked the returns well and lowers one that ranked them badly, within bounds', () => {
    const w = new AdaptiveWeights({ bull: 1, bear: 1, scout: 1 }, { horizonBars: 5, window: 100, minScored: 10, strength: 2, floor: 0.25, cap: 2 });
    for (let i = 0; i < 40; i++) {
      const fwd = (i % 7) / 100 - 0.03;
      w.record('bull', fwd * 10, fwd);
      w.record('bear', -fwd * 10, fwd);
      if (i < 5) w.record('scout', fwd, fwd);
    }
    expect(w.weights()).toEqual({ bull: 2, bear: 0.25, scout: 1 });
  });

  it('is off by default, and on, the chief decides with the learned weights and says so', () => {
    const context = contextOf(uptrend(60));
    const outcomes = [ok('bull', 0.8, 0.8), ok('bear', -0.6, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0, 0.1), ok('riskDoctor', 0.2, 0.8, SAFE)];
    const learned = () => ({ bull: 1, bear: 3, analyst: 1, scout: 1, riskDoctor: 1 });
    const off = new Chief({}, undefined, { weights: learned }).decide(outcomes, context);
    const plain = new Chief().decide(outcomes, context);
    expect(off.score).toBe(plain.score);
    const on = new Chief({ adaptive: true }, undefined, { weights: learned }).decide(outcomes, context);
    expect(on.score).toBeLessThan(plain.score);
    expect(on.reasons.join('\n')).toContain('adaptive weights from trailing scorecards: bull 1.00, bear 3.00');
  });
});
