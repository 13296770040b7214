import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import { implementations } from './repository-implementations.js';

const opportunity = (id: string, extra: Partial<Opportunity> = {}): Opportunity =>
  Object.assign({ id, symbol: 'A', source: 'model' as const, direction: 'long' as const, score: 0.8, price: 10, reason: 'momentum', createdAt: 1 }, extra);

const discussed = (verdictId: string, o: Opportunity, decidedAt: number): VerdictEvent => ({
  verdictId,
  opportunity: o,
  decidedAt,
  verdict: { action: 'BUY', conviction: 0.7, score: 0.5, sizeFraction: 0.1, stop: 9, target: 12, reasons: ['bulls agree'] },
  outcomes: [
    { role: 'bull', status: 'ok', latencyMs: 3, signal: { stance: 0.6, confidence: 0.8, rationale: ['trend'], metrics: { rsi: 61 } } },
    { role: 'riskDoctor', status: 'ok', latencyMs: 4, signal: { stance: 0, confidence: 0.5, rationale: [], metrics: {}, risk: { veto: false, fraction: 0.05, stopDistance: 0.03 } } },
    { role: 'scout', status: 'timeout', latencyMs: 500, error: 'deadline' },
  ],
});

describe.each(implementations)('the audit repository (%s)', (_name, make) => {
  it('records a discussion and gives it back as it was decided', () => {
    const { audit } = make();
    const o = opportunity('o-1', { barTime: 0 });
    audit.insertOpportunity(o);
    audit.insertDiscussion(discussed('v-1', o, 5), 42);
    expect(audit.discussion('v-1')).toEqual({
      verdictId: 'v-1',
      decidedAt: 5,
      durationMs: 42,
      opportunity: o,
      verdict: discussed('v-1', o, 5).verdict,
      outcomes: discussed('v-1', o, 5).outcomes,
    });
    expect(audit.discussion('v-2')).toBeNull();
  });

  it('refuses a discussion of an opportunity never recorded, and records none of it', () => {
    const { audit } = make();
    expect(() => audit.insertDiscussion(discussed('v-1', opportunity('o-9'), 5), 1)).toThrow();
    expect(audit.discussion('v-1')).toBeNull();
  });

  it('lists the latest verdicts, newest first', () => {
    const { audit } = make();
    for (const [i, decidedAt] of [3, 1, 3, 2].entries()) {
      const o = opportunity(`o-${i}`);
      audit.insertOpportunity(o);
      audit.insertDiscussion(discussed(`v-${i}`, o, decidedAt), 1);
    }
    expect(audit.recentVerdicts(3)).toEqual([
      { id: 'v-2', symbol: 'A', action: 'BUY', conviction: 0.7, decidedAt: 3 },
      { id: 'v-0', symbol: 'A', action: 'BUY', conviction: 0.7, decidedAt: 3 },
      { id: 'v-3', symbol: 'A', action: 'BUY', conviction: 0.7, decidedAt: 2 },
    ]);
  });

  it('expires the opportunities a previous run left queued, and only those', () => {
    const { audit } = make();
    for (const id of ['o-1', 'o-2', 'o-3']) audit.insertOpportunity(opportunity(id));
    audit.insertOpportunity(opportunity('o-1', { price: 99 })); // recorded once: the second is ignored
    audit.setOpportunityStatus('o-2', 'dropped');
    audit.insertDiscussion(discussed('v-3', opportunity('o-3'), 2), 1);
    expect(audit.expireQueuedOpportunities()).toBe(1);
    expect(audit.expireQueuedOpportunities()).toBe(0);
    expect(audit.discussion('v-3')!.opportunity.price).toBe(10);
  });

  it('gives each symbol the newest bar a model opportunity of it was discussed on, and no bar only queued or from news', () => {
    const { audit } = make();
    const rows: [string, Partial<Opportunity>, boolean][] = [
      ['o-1', { symbol: 'A', barTime: 100 }, true],
      ['o-2', { symbol: 'A', barTime: 300, kind: 'review' }, true],
      ['o-3', { symbol: 'A', barTime: 400 }, false], // queued when the run stopped: never discussed
      ['o-4', { symbol: 'B', barTime: 200, source: 'news' }, true],
      ['o-5', { symbol: 'C', barTime: 50 }, true],
    ];
    for (const [id, extra, talked] of rows) {
      const o = opportunity(id, extra);
      audit.insertOpportunity(o);
      if (talked) audit.insertDiscussion(discussed(`v-${id}`, o, 1), 1);
    }
    expect(audit.lastDiscussedBars()).toEqual(new Map([['A', 300], ['C', 50]]));
  });

  it('records the risk gate’s decisions inside a transaction with the rest', () => {
    const { audit } = make();
    audit.insertOpportunity(opportunity('o-1'));
    expect(() =>
      audit.tx(() => {
        audit.insertRiskDecision({ verdictId: 'v-1', symbol: 'A', outcome: 'approved', reason: 'within limits', requestedQty: 2, approvedQty: 2, time: 3 });
        audit.insertDiscussion(discussed('v-1', opportunity('o-1'), 3), 1);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(audit.discussion('v-1')).toBeNull();
    // Still queued: the rolled-back discussion did not mark it discussed.
    expect(audit.expireQueuedOpportunities()).toBe(1);
  });
});
