import { describe, expect, it } from 'vitest';
import { formatDiscussion, type DiscussionRecord } from '../../src/agents/explain.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { runDiscussion } from '../../src/agents/discussion.js';
import { Chief } from '../../src/agents/chief.js';
import { VirtualClock } from '../../src/core/clock.js';
import { contextOf, uptrend } from './series.js';
import { failed, ok, SAFE } from './fakes.js';

async function recordOf(): Promise<DiscussionRecord> {
  const context = contextOf(uptrend());
  const clock = new VirtualClock(context.now);
  const pending = runDiscussion(createDefaultAgents(), context, { clock, deadlineMs: 1_000 });
  await clock.advance(0);
  const outcomes = await pending;
  outcomes[outcomes.findIndex((o) => o.role === 'scout')] = { role: 'scout', status: 'timeout', error: 'no answer within the 1000 ms deadline', latencyMs: 1000 };
  return { verdictId: 'v-42', decidedAt: context.now, opportunity: context.opportunity, outcomes, verdict: new Chief().decide(outcomes, context), durationMs: 1003 };
}

describe('formatDiscussion', () => {
  it('tells the whole discussion in order: opportunity, agents, metrics, chief, action', async () => {
    const text = formatDiscussion(await recordOf());
    const n = createDefaultAgents().length;
    const order = ['Verdict v-42: BUY ACME', 'Opportunity', `Panel: ${n - 1} of ${n} agents answered`, 'Key metrics', 'Chief', 'Action'];
    let at = -1;
    for (const heading of order) {
      const next = text.indexOf(heading);
      expect(next, heading).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain('in 1003 ms');
    // The bar it was about, dated as the market dates it (a replay's clock is not the bar's time).
    const record = await recordOf();
    record.opportunity = { ...record.opportunity, barTime: Date.UTC(1998, 10, 20) };
    expect(formatDiscussion(record)).toMatch(/found [\dT:.Z-]+, about the bar of 1998-11-20T00:00:00\.000Z\n/);
    expect(text).toMatch(/ {2}bull {8}ok {7}stance \+0\.\d\d {2}conf 0\.\d\d {2}0 ms/);
    expect(text).toContain('trend and momentum up');
    expect(text).toMatch(/scout +timeout +abstained/);
    expect(text).toContain('no answer within the 1000 ms deadline');
    expect(text).toMatch(/advice: entries allowed, fraction [\d.]+ %, stop distance [\d.]+ %/);
    expect(text).toContain('score = Σ w·c·s / Σ w·c');
    // No target by default (chief.takeProfit off).
    expect(text).toMatch(/BUY ACME: at most [\d.]+ % of equity near [\d.]+ \(the trader sizes the position to risk riskPerTrade over the stop\), stop [\d.]+ \(-[\d.]+ %\), ATR [\d.]+ % of price \(for the ATR stop\);/);
  });

  it('states HOLD and SELL plainly and strips control characters from agent text', () => {
    const context = contextOf(uptrend(60));
    const outcomes = [ok('bull', -0.9, 0.9), ok('bear', -0.9, 0.9), ok('analyst', -0.9, 0.9), failed('scout'), ok('riskDoctor', -1, 0.8, { ...SAFE, veto: true })];
    outcomes[0]!.signal!.rationale = ['evil \u001b[31mred\u001b[0m text'];
    // A review of a held position that the panel turned against: the SELL the issue keeps.
    const held = { ...context, position: { symbol: 'ACME', qty: 5, avgPrice: 100, openedAt: context.now - 1 }, opportunity: { ...context.opportunity, kind: 'review' as const } };
    const verdict = new Chief().decide(outcomes, held);
    const text = formatDiscussion({ verdictId: 'v-1', decidedAt: context.now, opportunity: held.opportunity, outcomes, verdict });
    expect(text).toContain('SELL ACME: exit the open position if there is one');
    // Said as the question it was, not as a new long opportunity of the model scanner.
    expect(text).toMatch(/: review of the open ACME position \(hold or exit\?\), price/);
    expect(text).not.toContain('from the model scanner');
    expect(text).toContain('advice: VETO entries');
    expect(text).not.toContain('\u001b');
    const hold = formatDiscussion({ verdictId: 'v-2', decidedAt: context.now, opportunity: context.opportunity, outcomes: [], verdict: new Chief().decide([], context) });
    expect(hold).toContain('HOLD ACME: no order');
    expect(hold).toContain('quorum not met');
  });
});
