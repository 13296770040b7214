import { describe, expect, it } from 'vitest';
import type { AgentContext } from '../../src/agents/agent-port.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { hypothesisOf } from '../../src/agents/hypothesis.js';
import { contextOf, uptrend } from './series.js';

const long = contextOf(uptrend(200));
const as = (changes: Partial<AgentContext['opportunity']>): AgentContext => ({ ...long, opportunity: { ...long.opportunity, ...changes } });
const short = as({ direction: 'short', score: -1.9, kind: 'mean-reversion' });

describe('each agent reads its evidence against the hypothesis', () => {
  for (const agent of createDefaultAgents()) {
    it(`${agent.role}: keeps its long-convention stance, and says whether it supports or contradicts the hypothesis`, async () => {
      const signal = new AbortController().signal;
      const forLong = await agent.analyze(as({ kind: 'momentum', score: 1.7 }), signal);
      const forShort = await agent.analyze(short, signal);
      expect(forShort.stance).toBe(forLong.stance);
      expect(forLong.metrics.support).toBeCloseTo(forLong.stance, 4);
      expect(forShort.metrics.support).toBeCloseTo(-forShort.stance, 4);
      expect(forLong.rationale[1]).toMatch(/^hypothesis ACME long \(momentum, score \+1\.70\): my evidence (supports|contradicts|neither supports nor contradicts) it/);
      expect(forShort.rationale[1]).toMatch(/^hypothesis ACME short \(mean-reversion, score -1\.90\)/);
      if (Math.abs(forLong.stance) >= 0.2) {
        const reading = (s: number) => (s > 0 ? 'supports' : 'contradicts');
        expect(forLong.rationale[1]).toContain(`evidence ${reading(forLong.stance)} it`);
        expect(forShort.rationale[1]).toContain(`evidence ${reading(-forShort.stance)} it`);
      }
    });
  }

  it('the bull, on a clear uptrend, supports a long hypothesis and contradicts a short one', async () => {
    const bull = createDefaultAgents()[0]!;
    const signal = new AbortController().signal;
    expect((await bull.analyze(long, signal)).metrics.support).toBeGreaterThan(0.2);
    expect((await bull.analyze(short, signal)).metrics.support).toBeLessThan(-0.2);
  });

  it('a review asks whether to keep the long position', () => {
    const h = hypothesisOf({ ...long.opportunity, kind: 'review', direction: 'short', score: -2 });
    expect(h).toMatchObject({ question: 'review', direction: 'long', sign: 1, score: 0, label: 'ACME: keep the open long position' });
    expect(hypothesisOf({ ...long.opportunity, source: 'news', direction: 'short', score: -0.6 })).toMatchObject({ kind: 'news', sign: -1 });
  });
});
