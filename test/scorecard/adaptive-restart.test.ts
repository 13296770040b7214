import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdaptiveWeights } from '../../src/agents/adaptive-weights.js';
import { DEFAULT_CHIEF_OPTIONS } from '../../src/agents/chief.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import type { Bar } from '../../src/market/market-port.js';
import { ForwardTracker } from '../../src/scorecard/forward-tracker.js';
import { resumeScorecards } from '../../src/scorecard/resume-scorecards.js';
import { openStore, type Store } from '../../src/store/store.js';
import { tempDir } from '../backtest/helpers.js';

const DAY = 86_400_000;
const ROLES = ['bull', 'bear', 'analyst', 'scout', 'riskDoctor'] as const;
const OPTIONS = { horizonBars: 3, window: 40, minScored: 5, strength: 2, floor: 0.25, cap: 2 };

function walk(n: number, seed: number): Bar[] {
  const r = seededRandom(seed);
  let close = 100;
  return Array.from({ length: n }, (_, i) => {
    close *= Math.exp((r() - 0.5) * 0.04);
    return { time: i * DAY, open: close, high: close, low: close, close, volume: 1 };
  });
}

/** The discussion of bar `k`, stored as the consumer stores it (one role abstains now and then). */
function discuss(store: Store, bars: readonly Bar[], k: number, r: () => number): VerdictEvent {
  const bar = bars[k]!;
  const opportunity = { id: `o${k}`, symbol: 'ACME', source: 'model' as const, direction: 'long' as const, score: 0.5, price: bar.close, reason: 'test', createdAt: bar.time + DAY, barTime: bar.time, kind: 'momentum' as const };
  const outcomes = ROLES.map((role) =>
    k % 7 === 3 && role === 'bear'
      ? { role, status: 'timeout' as const, latencyMs: 0, error: 'deadline' }
      : { role, status: 'ok' as const, latencyMs: 0, signal: { stance: r() * 2 - 1, confidence: 0.5, rationale: [], metrics: {} } },
  );
  const event = { verdictId: `v${k}`, opportunity, verdict: { action: 'HOLD', conviction: 0, score: 0, sizeFraction: 0, reasons: [] }, outcomes, decidedAt: bar.time + DAY } as unknown as VerdictEvent;
  store.insertOpportunity(opportunity);
  store.insertDiscussion(event, 0);
  return event;
}

describe('adaptive weights across a restart of the daemon', () => {
  it('are those of an uninterrupted run: what they had learned is read back from the store, and the bars left waiting are learned from', () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'conclave-paper.db'));
    const clock = new VirtualClock(0);
    const logger = createLogger({ level: 'silent', clock });
    const bars = walk(140, 11);
    const r = seededRandom(5);
    // One run throughout, and one stopped at bar 70 and started again on the same store.
    const uninterrupted = new AdaptiveWeights(DEFAULT_CHIEF_OPTIONS.weights, OPTIONS);
    const first = new ForwardTracker(store, logger, [1, 3], 1000, uninterrupted);
    let restarted: { weights: AdaptiveWeights; tracker: ForwardTracker } | undefined;
    for (let k = 0; k < bars.length; k++) {
      const now = bars[k]!.time + DAY;
      if (k === 70) {
        const weights = new AdaptiveWeights(DEFAULT_CHIEF_OPTIONS.weights, OPTIONS);
        restarted = { weights, tracker: new ForwardTracker(store, logger, [1, 3], 1000, weights) };
        resumeScorecards(store, restarted.tracker, logger, now);
        // The first run had learned weights away from the base ones: the restart starts from them, not from the base.
        expect(uninterrupted.weights()).not.toEqual(DEFAULT_CHIEF_OPTIONS.weights);
      }
      for (const tracker of [first, restarted?.tracker]) tracker?.observe('ACME', bars.slice(0, k + 1), now);
      if (restarted) expect(restarted.weights.weights()).toEqual(uninterrupted.weights());
      const event = discuss(store, bars, k, r);
      for (const tracker of [first, restarted?.tracker]) tracker?.onVerdict(event);
    }
    store.db.close();
  });
});
