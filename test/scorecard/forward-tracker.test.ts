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

  it('scores each symbol’s bars from its own series, after the oldest waiting bar was dropped and a symbol had none left', () => {
    const returns = new MemoryForwardReturnRepository();
    const tracker = new ForwardTracker(returns, logger, [1], 2);
    const bars = buildBars(Array.from({ length: 6 }, () => ({ drift: 0.01, noise: 0.01, volume: 1 })));
    const on = (id: string, symbol: string, at: number) => Object.assign(verdictOn(id, bars[at]!.time), { opportunity: { id, symbol, barTime: bars[at]!.time } });
    const forward = (at: number) => [{ horizonBars: 1, forwardReturn: bars[at + 1]!.close / bars[at]!.close - 1, knownAt: 9 }];
    tracker.onVerdict(on('a1', 'A', 1));
    tracker.onVerdict(on('b1', 'B', 1));
    tracker.onVerdict(on('a2', 'A', 2)); // three waiting, at most two: a1 is dropped
    tracker.observe('B', bars.slice(0, 3), 9);
    tracker.observe('A', bars.slice(0, 4), 9);
    tracker.onVerdict(on('b2', 'B', 3)); // B waits again after it had none
    tracker.observe('B', bars.slice(0, 5), 9);
    expect([returns.forwardReturnsOf('a1'), returns.forwardReturnsOf('a2'), returns.forwardReturnsOf('b1'), returns.forwardReturnsOf('b2')]).toEqual([[], forward(2), forward(1), forward(3)]);
    expect([tracker.size, tracker.dropped]).toEqual([0, 1]);
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

  it('scores news decided within a bar from that bar’s close, and news decided at a bar’s close from that one', () => {
    const returns = new MemoryForwardReturnRepository();
    const tracker = new ForwardTracker(returns, logger, [1]);
    const bars = buildBars(Array.from({ length: 6 }, () => ({ drift: 0.01, noise: 0.01, volume: 1 })));
    const spacing = bars[1]!.time - bars[0]!.time;
    // Each saw bar 1 as its newest closed bar: one decided within bar 2, one at the instant bar 1 closed.
    const news = (id: string, decidedAt: number) => Object.assign(verdictOn(id), { basisBarTime: bars[1]!.time, decidedAt });
    tracker.onVerdict(news('within', bars[2]!.time + spacing / 2));
    tracker.onVerdict(news('at-close', bars[2]!.time));
    tracker.observe('ACME', bars.slice(0, 3), 5);
    expect(returns.forwardReturnsOf('within')).toEqual([]); // bar 3 has not closed
    expect(returns.forwardReturnsOf('at-close')).toEqual([{ horizonBars: 1, forwardReturn: bars[2]!.close / bars[1]!.close - 1, knownAt: 5 }]);
    tracker.observe('ACME', bars.slice(0, 4), 6);
    expect(returns.forwardReturnsOf('within')).toEqual([{ horizonBars: 1, forwardReturn: bars[3]!.close / bars[2]!.close - 1, knownAt: 6 }]);
    expect(tracker.size).toBe(0);
  });
});
