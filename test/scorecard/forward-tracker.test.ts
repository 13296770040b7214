import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import { ForwardTracker, type ReturnLearner } from '../../src/scorecard/forward-tracker.js';
import { buildBars } from '../agents/series.js';
import { MemoryForwardReturnRepository } from '../fakes/memory-forward-return-repository.js';

const logger = createLogger({ level: 'silent', clock: new VirtualClock(0) });

const verdictOn = (id: string, barTime?: number): VerdictEvent =>
  ({
    opportunity: { id, symbol: 'ACME', ...(barTime !== undefined ? { barTime } : {}) },
    outcomes: [
      { role: 'bull', status: 'ok', latencyMs: 1, signal: { stance: 0.5, confidence: 1, rationale: [], metrics: {} } },
      { role: 'bear', status: 'timeout', latencyMs: 1 },
    ],
  }) as unknown as VerdictEvent;

describe('the forward tracker (on the in-memory forward returns)', () => {
  it('records the configured horizons and teaches the learner at its own, which is not recorded', () => {
    const returns = new MemoryForwardReturnRepository();
    const learned: [string, number, number][] = [];
    const learner: ReturnLearner = { options: { horizonBars: 2 }, record: (role, stance, forward) => void learned.push([role, stance, forward]) };
    const tracker = new ForwardTracker(returns, logger, [1], 100, learner);
    const bars = buildBars(Array.from({ length: 6 }, () => ({ drift: 0.01, noise: 0.01, volume: 1 })));
    tracker.onVerdict(verdictOn('o1', bars[1]!.time));
    tracker.onVerdict(verdictOn('o1', bars[1]!.time)); // the same bar again: followed once
    tracker.observe('ACME', bars.slice(0, 4), 7);
    expect(returns.forwardReturnsOf('o1')).toEqual([{ horizonBars: 1, forwardReturn: bars[2]!.close / bars[1]!.close - 1, knownAt: 7 }]);
    expect(learned).toEqual([['bull', 0.5, bars[3]!.close / bars[1]!.close - 1]]);
    expect(tracker.size).toBe(0);
  });

  it('follows no news opportunity (no bar), and keeps a bar that fell out of the window for its read-back', () => {
    const returns = new MemoryForwardReturnRepository();
    const tracker = new ForwardTracker(returns, logger, [5]);
    const bars = buildBars(Array.from({ length: 10 }, () => ({ drift: 0.01, noise: 0.01, volume: 1 })));
    tracker.onVerdict(verdictOn('news'));
    expect(tracker.size).toBe(0);
    tracker.onVerdict(verdictOn('o1', bars[0]!.time));
    tracker.observe('ACME', bars.slice(2, 6), 1);
    expect(tracker.size).toBe(1);
    expect(returns.forwardReturnsOf('o1')).toEqual([]);
  });
});
