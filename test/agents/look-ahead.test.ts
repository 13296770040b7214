import { describe, expect, it } from 'vitest';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { runDiscussion } from '../../src/agents/discussion.js';
import { Chief } from '../../src/agents/chief.js';
import type { AgentContext } from '../../src/agents/agent-port.js';
import type { Bar } from '../../src/market/market-port.js';
import { VirtualClock } from '../../src/core/clock.js';
import { blowOffTop, contextOf, news } from './series.js';

const HOUR = 3_600_000;
const bars = blowOffTop();
const agents = createDefaultAgents();

/** Every bar after k changed beyond recognition: prices tripled and jittered, volumes scrambled. */
function futureChanged(k: number): Bar[] {
  return bars.map((b, i) =>
    i <= k ? b : { ...b, open: b.open * 3.1, high: b.high * 3.5, low: b.low * 2.9, close: b.close * (i % 2 ? 3.3 : 2.95), volume: b.volume * 7 + i },
  );
}

function newsAt(now: number, future: boolean) {
  const past = [news({ publishedAt: now - 2 * HOUR, sentiment: 0.4, title: 'ACME ships new product' })];
  const ahead = future ? [news({ publishedAt: now + HOUR, sentiment: -1, title: 'ACME collapses' })] : [];
  return [...ahead, ...past];
}

async function everyAnswer(context: AgentContext) {
  const signal = new AbortController().signal;
  return Promise.all(agents.map((a) => a.analyze(context, signal)));
}

describe('look-ahead guard', () => {
  it.each([60, 120, 160, 170, 174])('changing every bar and news item after bar %i changes no agent output', async (k) => {
    const now = contextOf(bars, { k }).now; // the close of bar k
    const honest = contextOf(bars, { k, symbolNews: newsAt(now, false), marketNews: newsAt(now, false) });
    // The same moment, but the caller leaked the (changed) future into the context: agents must not read it.
    const leaky: AgentContext = {
      ...honest,
      bars: futureChanged(k),
      symbolNews: newsAt(now, true),
      marketNews: newsAt(now, true),
    };
    const a = await everyAnswer(honest);
    const b = await everyAnswer(leaky);
    expect(b.map((s) => s.stance)).toEqual(a.map((s) => s.stance));
    expect(b.map((s) => s.confidence)).toEqual(a.map((s) => s.confidence));
    expect(b.map((s) => s.metrics)).toEqual(a.map((s) => s.metrics));
    expect(b.map((s) => s.risk)).toEqual(a.map((s) => s.risk));
    // Only the bookkeeping line about ignored bars may differ.
    const strip = (lines: string[]) => lines.filter((l) => !l.includes('after now ignored'));
    expect(b.map((s) => strip(s.rationale))).toEqual(a.map((s) => strip(s.rationale)));
  });
});

describe('determinism', () => {
  it('the same inputs give the same outcomes and verdict, discussion after discussion', async () => {
    const context = contextOf(bars, { k: 172, symbolNews: newsAt(contextOf(bars, { k: 172 }).now, false) });
    const run = async () => {
      const clock = new VirtualClock();
      const pending = runDiscussion(createDefaultAgents(), context, { clock, deadlineMs: 1_000 });
      await clock.advance(0);
      const outcomes = await pending;
      return { outcomes, verdict: new Chief().decide(outcomes, context) };
    };
    const first = await run();
    const second = await run();
    expect(first.outcomes.every((o) => o.status === 'ok')).toBe(true);
    expect(second).toEqual(first);
  });
});

describe('the full panel on known markets', () => {
  const decide = async (context: AgentContext) => {
    const clock = new VirtualClock();
    const pending = runDiscussion(agents, context, { clock, deadlineMs: 1_000 });
    await clock.advance(0);
    return new Chief().decide(await pending, context);
  };
  it('buys the clean uptrend with a stop below the price and no target (chief.takeProfit is off by default)', async () => {
    const { uptrend } = await import('./series.js');
    const context = contextOf(uptrend());
    const v = await decide(context);
    expect(v.action).toBe('BUY');
    expect(v.stop!).toBeLessThan(context.opportunity.price);
    expect(v.target).toBeUndefined();
    expect(v.sizeFraction).toBeGreaterThan(0);
  });
  it('does not buy the blow-off top once it has turned', async () => {
    expect((await decide(contextOf(bars))).action).not.toBe('BUY');
  });
  it('sells a held position in the crash when it is reviewed, and does not sell what it does not hold', async () => {
    const { crash } = await import('./series.js');
    const flat = contextOf(crash());
    expect((await decide(flat)).action).toBe('HOLD');
    const held = contextOf(crash(), { position: { symbol: 'ACME', qty: 10, avgPrice: 100, openedAt: flat.now - 1 } });
    expect((await decide({ ...held, opportunity: { ...held.opportunity, kind: 'review' } })).action).toBe('SELL');
  });
  it('holds in flat noise', async () => {
    const { flatNoise } = await import('./series.js');
    expect((await decide(contextOf(flatNoise()))).action).toBe('HOLD');
  });
});
