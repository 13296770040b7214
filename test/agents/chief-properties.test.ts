import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Chief, DEFAULT_CHIEF_OPTIONS } from '../../src/agents/chief.js';
import { AGENT_ROLES } from '../../src/agents/agent-port.js';
import type { AgentOutcome } from '../../src/domain/verdict.js';
import { contextOf, uptrend } from './series.js';

const context = contextOf(uptrend(60));
const price = context.opportunity.price;

const outcomeArb = (role: (typeof AGENT_ROLES)[number]) =>
  fc.oneof(
    fc.record({
      stance: fc.double({ min: -1, max: 1, noNaN: true }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      veto: fc.boolean(),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      stopDistance: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
    }).map(({ stance, confidence, veto, fraction, stopDistance }): AgentOutcome => ({
      role,
      status: 'ok',
      latencyMs: 1,
      signal: { stance, confidence, rationale: ['x'], metrics: {}, ...(role === 'riskDoctor' ? { risk: { veto, fraction, stopDistance } } : {}) },
    })),
    fc.constantFrom<AgentOutcome['status']>('error', 'timeout', 'invalid').map((status): AgentOutcome => ({ role, status, error: status, latencyMs: 1 })),
  );

const panelArb = fc.tuple(...AGENT_ROLES.map(outcomeArb));

describe('Chief properties', () => {
  it('keeps every verdict inside its contract', () => {
    const chief = new Chief();
    fc.assert(
      fc.property(panelArb, (outcomes) => {
        const v = chief.decide(outcomes, context);
        expect(v.score).toBeGreaterThanOrEqual(-1);
        expect(v.score).toBeLessThanOrEqual(1);
        expect(v.conviction).toBeGreaterThanOrEqual(0);
        expect(v.conviction).toBeLessThanOrEqual(1);
        expect(v.reasons.length).toBeGreaterThan(0);
        const ok = outcomes.filter((o) => o.status === 'ok');
        if (ok.length < DEFAULT_CHIEF_OPTIONS.quorum) expect(v.action).toBe('HOLD');
        if (v.action === 'BUY') {
          const doctor = outcomes[4]!;
          expect(doctor.status).toBe('ok');
          expect(doctor.signal!.risk!.veto).toBe(false);
          expect(v.score).toBeGreaterThanOrEqual(DEFAULT_CHIEF_OPTIONS.buyThreshold);
          expect(v.sizeFraction).toBeGreaterThan(0);
          expect(v.sizeFraction).toBeLessThanOrEqual(DEFAULT_CHIEF_OPTIONS.maxSizeFraction);
          expect(v.stop!).toBeLessThan(price);
          // No target by default (chief.takeProfit off): a trend is held until the review or a stop exits it.
          expect(v.target).toBeUndefined();
        } else {
          expect(v.sizeFraction).toBe(0);
          expect(v.stop).toBeUndefined();
        }
        if (v.action === 'SELL') expect(v.score).toBeLessThanOrEqual(-DEFAULT_CHIEF_OPTIONS.sellThreshold);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('does not depend on the order the outcomes arrive in', () => {
    const chief = new Chief();
    fc.assert(
      fc.property(panelArb, fc.func(fc.integer()), (outcomes, key) => {
        const shuffled = [...outcomes].sort((a, b) => key(a.role) - key(b.role));
        expect(chief.decide(shuffled, context)).toEqual(chief.decide(outcomes, context));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('never lets more confidence in a stance move the score away from that stance', () => {
    const chief = new Chief();
    fc.assert(
      fc.property(panelArb, fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (outcomes, i, extra) => {
        const target = outcomes[i]!;
        fc.pre(target.status === 'ok' && target.signal!.confidence < 1);
        const before = chief.decide(outcomes, context).score;
        const bumped = outcomes.map((o, j) =>
          j === i ? { ...o, signal: { ...o.signal!, confidence: Math.min(1, o.signal!.confidence + extra) } } : o,
        );
        const after = chief.decide(bumped, context).score;
        if (outcomes.filter((o) => o.status === 'ok').length < DEFAULT_CHIEF_OPTIONS.quorum) return;
        // Weighted mean: adding mass at s moves the mean toward s (or leaves it).
        expect(Math.abs(after - target.signal!.stance)).toBeLessThanOrEqual(Math.abs(before - target.signal!.stance) + 1e-9);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
