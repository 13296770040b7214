import { afterEach, describe, expect, it } from 'vitest';
import type { AgentContext } from '../../src/agents/agent-port.js';
import { barSeries } from '../../src/agents/bar-series.js';
import { clearFeatures, featuresOf } from '../../src/agents/feature-state.js';
import { bollinger, bollingerTail, cci, cciTail, cmf, cmfTail, sma, smaTail, stochastic, stochasticTail } from '../../src/agents/indicators.js';
import { setSharedComputation } from '../../src/agents/shared-computation.js';
import { bollingerColumn, cciColumn, smaColumn, stochasticColumn } from '../../src/agents/window-indicators.js';
import { cmfColumn } from '../../src/agents/recursive-indicators.js';
import type { Bar } from '../../src/market/market-port.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { ORCL } from '../backtest/helpers.js';

const DAY = 86_400_000;

afterEach(() => {
  setSharedComputation(true);
  clearFeatures();
});

function contextAt(bars: readonly Bar[], k: number, window = 250): AgentContext {
  const last = bars[k]!;
  return {
    opportunity: { id: `o-${k}`, symbol: 'ORCL', source: 'model', direction: 'long', score: 2, price: last.close, reason: 'test', createdAt: last.time },
    now: last.time + DAY,
    barMs: DAY,
    // As the market hands them out: the window, and (a leak the guard must drop) the bars after it.
    bars: bars.slice(Math.max(0, k - window + 1), k + 4),
    symbolNews: [],
    marketNews: [],
    position: null,
    portfolio: { cash: 100_000, equity: 100_000, openPositions: 0 },
  };
}

/** Every window indicator of one context, from the feature state and from scratch over the context's closed bars. */
function both(context: AgentContext) {
  const s = barSeries(context);
  const fromState = [sma(s.closes, 20), sma(s.closes, 50), bollinger(s.closes, 20, 2), stochastic(s, 14, 3, 3), cci(s, 20), cmf(s, 20)];
  const closes = s.bars.map((b) => b.close);
  const scratch = [smaColumn(closes, 20), smaColumn(closes, 50), bollingerColumn(closes, 20, 2), stochasticColumn(s.bars, 14, 3, 3), cciColumn(s.bars, 20), cmfColumn(s.bars, 20)];
  return { s, fromState, scratch };
}

describe('per-symbol feature state', () => {
  it('gives every bar of the shared ORCL file the window indicators computed from scratch over its closed bars', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    for (let k = 0; k < bars.length - 4; k++) {
      const { s, fromState, scratch } = both(contextAt(bars, k));
      expect(s.future).toBe(3);
      expect(s.bars.at(-1)).toEqual(bars[k]);
      // Cheap check at every bar (the last values), all of every column at some.
      expect(fromState.map((c) => c.at(-1))).toEqual(scratch.map((c) => c.at(-1)));
      if (k % 50 === 0) expect(fromState).toEqual(scratch);
    }
  });

  it('gives the last entries alone, read at sparse bars, as the columns computed from scratch end', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    // Every 37th bar (values between discussions never computed), then back to an earlier bar, then a revised one.
    const at = [...Array.from({ length: 130 }, (_, i) => 10 + 37 * i), 2000, 1990];
    for (const [i, k] of at.entries()) {
      const source = i === at.length - 1 ? bars.map((b, j) => (j === 1985 ? { ...b, close: b.close * 1.3, high: b.high * 1.3 } : b)) : bars;
      const s = barSeries(contextAt(source, k));
      const tails = [smaTail(s.closes, 20, 1), smaTail(s.closes, 50, 11), smaTail(s.closes, 200, 1), bollingerTail(s.closes, 20, 2, 5), stochasticTail(s, 14, 3, 3, 1), cciTail(s, 20, 1), cmfTail(s, 20, 1)];
      const closes = s.bars.map((b) => b.close);
      const scratch = [smaColumn(closes, 20).slice(-1), smaColumn(closes, 50).slice(-11), smaColumn(closes, 200).slice(-1), bollingerColumn(closes, 20, 2).slice(-5), stochasticColumn(s.bars, 14, 3, 3).slice(-1), cciColumn(s.bars, 20).slice(-1), cmfColumn(s.bars, 20).slice(-1)];
      expect(tails, `bar ${k}`).toEqual(scratch);
    }
  });

  it('never holds a bar after the reading context’s now, even read after a later one', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    const state = () => featuresOf('ORCL', DAY);
    both(contextAt(bars, 3000));
    expect(state().bars.at(-1)!.time).toBe(bars[3000]!.time);
    // An earlier discussion read later (a live daemon's slow discussion): the state goes back to its bars.
    const earlier = contextAt(bars, 2500);
    const { fromState, scratch } = both(earlier);
    expect(fromState).toEqual(scratch);
    expect(state().bars.every((b) => b.time + DAY <= earlier.now)).toBe(true);
    expect(state().bars.at(-1)!.time).toBe(bars[2500]!.time);
  });

  it('drops what it computed on a bar that was revised', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    both(contextAt(bars, 1000));
    const revised = bars.slice();
    revised[990] = { ...bars[990]!, close: bars[990]!.close * 1.5, high: bars[990]!.high * 1.5 };
    const { fromState, scratch } = both(contextAt(revised, 1001));
    expect(fromState).toEqual(scratch);
  });

  it('holds at most four windows of a symbol’s bars, however long the daemon reads it (400 symbols of minute bars)', () => {
    const MIN = 60_000;
    const bars: Bar[] = Array.from({ length: 3_000 }, (_, i) => ({ time: i * MIN, open: 100, high: 101, low: 99, close: 100 + Math.sin(i), volume: 10 }));
    const state = featuresOf('C000/USDT', MIN);
    let most = 0;
    // A discussion every bar, each reading the last 250 closed bars, as the daemon's do.
    for (let k = 250; k <= bars.length; k++) {
      state.sync(bars.slice(k - 250, k));
      most = Math.max(most, state.bars.length, state.fields.close.length);
    }
    // Before, 2,048 bars (and their columns) per symbol: 400 symbols held about 300 MB more heap after 30 hours.
    expect(most).toBeLessThanOrEqual(1_000);
    expect(state.bars.at(-1)).toBe(bars.at(-1));
  });

  it('is not used when sharing is off (the from-scratch baseline)', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    setSharedComputation(false);
    both(contextAt(bars, 400));
    expect(featuresOf('ORCL', DAY).bars).toHaveLength(0);
  });
});
