import { afterEach, describe, expect, it } from 'vitest';
import type { AgentContext } from '../../src/agents/agent-port.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { setSharedComputation, sharedScope, withSharedScope } from '../../src/agents/shared-computation.js';
import { barSeries } from '../../src/agents/bar-series.js';
import { sma } from '../../src/agents/indicators.js';
import { frozenCopy } from '../../src/core/freeze.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { backtest, ORCL } from '../backtest/helpers.js';

afterEach(() => setSharedComputation(true));

/** Every agent's answer on one frozen snapshot, as all agents of a discussion get it. */
async function answers(context: AgentContext): Promise<unknown[]> {
  const snapshot = frozenCopy(context);
  const signal = new AbortController().signal;
  return Promise.all(createDefaultAgents({}).map((a) => a.analyze(snapshot, signal)));
}

describe('shared computation', () => {
  it('gives every agent exactly the answer it computes from scratch', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    const contexts: AgentContext[] = [];
    for (let k = 30; k < bars.length; k += 97) {
      const last = bars[k]!;
      contexts.push({
        opportunity: { id: `o-${k}`, symbol: 'ORCL', source: 'model', direction: 'long', score: 2, price: last.close, reason: 'test', createdAt: last.time },
        now: last.time + 86_400_000,
        bars: bars.slice(Math.max(0, k - 249), k + 1),
        symbolNews: [],
        marketNews: [],
        position: null,
        portfolio: { cash: 100_000, equity: 100_000, openPositions: 0 },
      });
    }
    expect(contexts.length).toBeGreaterThan(40);
    for (const context of contexts) {
      setSharedComputation(false);
      const scratch = await answers(context);
      setSharedComputation(true);
      const sharedAnswers = await answers(context);
      expect(sharedAnswers).toEqual(scratch);
    }
  });

  it("keeps a discussion's entries in the discussion's scope, not beyond it", async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    const last = bars[400]!;
    const context = frozenCopy<AgentContext>({
      opportunity: { id: 'o-1', symbol: 'ORCL', source: 'model', direction: 'long', score: 2, price: last.close, reason: 'test', createdAt: last.time },
      now: last.time + 86_400_000,
      bars: bars.slice(151, 401),
      symbolNews: [],
      marketNews: [],
      position: null,
      portfolio: { cash: 100_000, equity: 100_000, openPositions: 0 },
    });
    const memo = sharedScope();
    const first = withSharedScope(memo, () => barSeries(context));
    const ma = withSharedScope(memo, () => sma(first.closes, 20));
    // A second agent of the same discussion gets the same objects.
    expect(withSharedScope(memo, () => barSeries(context))).toBe(first);
    expect(withSharedScope(memo, () => sma(barSeries(context).closes, 20))).toBe(ma);
    expect(memo.size).toBeGreaterThanOrEqual(2);
    // Outside the scope nothing of it is found: computed again, to the same values.
    const outside = barSeries(context);
    expect(outside).not.toBe(first);
    expect(outside).toEqual(first);
    expect(sma(outside.closes, 20)).toEqual(ma);
  });

  it('leaves a backtest byte-identical', async () => {
    const span = { from: '2008-01-01', to: '2009-12-31' };
    setSharedComputation(false);
    const scratch = await backtest([{ file: ORCL, symbol: 'ORCL' }], span);
    setSharedComputation(true);
    const withSharing = await backtest([{ file: ORCL, symbol: 'ORCL' }], span);
    expect(scratch.record.signals.length).toBeGreaterThan(20);
    expect(JSON.stringify(withSharing.record)).toBe(JSON.stringify(scratch.record));
  }, 60_000);
});

describe('hand-written window indicators', () => {
  it('equal trading-signals bit for bit on real bars', async () => {
    const { BollingerBands, CCI, SMA, StochasticOscillator } = await import('trading-signals');
    const { bollingerColumn, cciColumn, smaColumn, stochasticColumn } = await import('../../src/agents/window-indicators.js');
    const { bars } = await loadOhlcvFile(ORCL);
    const closes = bars.map((b) => b.close);
    for (const n of [2, 14, 20, 50, 200]) {
      const sma = new SMA(n);
      const expected = closes.map((c) => {
        const r = sma.add(c);
        return sma.isStable && r !== null ? r : null;
      });
      expect(smaColumn(closes, n)).toEqual(expected);
      const bands = new BollingerBands(n, 2);
      const expectedBands = closes.map((c) => {
        const r = bands.add(c);
        return bands.isStable && r !== null ? r : null;
      });
      expect(bollingerColumn(closes, n, 2)).toEqual(expectedBands);
      const cci = new CCI(n);
      const expectedCci = bars.map((b) => {
        const r = cci.add(b);
        return cci.isStable && r !== null && Number.isFinite(r) ? r : null;
      });
      expect(cciColumn(bars, n)).toEqual(expectedCci);
    }
    for (const [k, slow, d] of [[14, 3, 3], [5, 1, 1], [20, 5, 4]] as const) {
      const st = new StochasticOscillator({ kPeriod: k, kSlowingPeriod: slow, dPeriod: d });
      const expected = bars.map((b) => {
        const r = st.add(b);
        return st.isStable && r !== null ? r : null;
      });
      expect(stochasticColumn(bars, k, slow, d)).toEqual(expected);
    }
  });
});
