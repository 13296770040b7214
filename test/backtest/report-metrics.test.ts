import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawdown } from '../../src/backtest/report/drawdown.js';
import { YEAR_MS, cagr, periodsPerYear, returnStats } from '../../src/backtest/report/return-stats.js';
import { tradeStats } from '../../src/backtest/report/trade-stats.js';
import { roundTrips, type RoundTrip } from '../../src/backtest/report/round-trips.js';
import { averageRanks, spearman } from '../../src/core/spearman.js';
import type { BacktestFill } from '../../src/backtest/backtest-record.js';

describe('drawdown', () => {
  it('measures each row against the running peak, the start included', () => {
    const dd = drawdown(100, [110, 99, 120, 90, 90, 130]);
    expect(dd.series.map((x) => Number(x.toFixed(10)))).toEqual([0, -0.1, 0, -0.25, -0.25, 0]);
    expect(dd.max).toBeCloseTo(-0.25, 12);
    expect(dd.longestRows).toBe(2);
  });

  it('counts a loss on the first row as a drawdown from the start equity', () => {
    const dd = drawdown(100, [90, 95, 100, 99]);
    expect(dd.max).toBeCloseTo(-0.1, 12);
    expect(dd.longestRows).toBe(2);
  });

  it('is 0 for a curve that never falls', () => {
    expect(drawdown(100, [100, 101, 105])).toEqual({ series: [0, 0, 0], max: 0, longestRows: 0 });
  });

  it('property: every value is in [-1, 0], the max is the minimum, and equity recovers the peak exactly where it is 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { maxLength: 200 }), (equity) => {
        const dd = drawdown(1000, equity);
        let peak = 1000;
        equity.forEach((e, i) => {
          peak = Math.max(peak, e);
          expect(dd.series[i]).toBeLessThanOrEqual(0);
          expect(dd.series[i]).toBeGreaterThanOrEqual(-1);
          expect(dd.series[i] === 0).toBe(e >= peak);
        });
        expect(dd.max).toBe(Math.min(0, ...dd.series));
        expect(dd.longestRows).toBeLessThanOrEqual(equity.length);
      }),
    );
  });
});

describe('return statistics', () => {
  // Five rows a quarter of a year apart: (5 − 1) steps / 1 year = 4 periods a year.
  const times = [0, 1, 2, 3, 4].map((i) => (i * YEAR_MS) / 4);
  // Step returns from the start: +10 %, −10 %, +10 %, +10 %, 0.
  const equity = [110, 99, 108.9, 119.79, 119.79];

  it('annualises with periods per year measured from the rows timestamps', () => {
    expect(periodsPerYear(times)).toBeCloseTo(4, 12);
    const days = Array.from({ length: 253 }, (_, i) => i * (YEAR_MS / 252));
    expect(periodsPerYear(days)).toBeCloseTo(252, 9);
    expect(periodsPerYear([5])).toBeNull();
    expect(periodsPerYear([5, 5])).toBeNull();
  });

  it('Sharpe: mean step return over its sample standard deviation, times sqrt(periods per year), risk-free 0', () => {
    const s = returnStats(100, times, equity);
    // mean 0.04; deviations .06 −.14 .06 .06 −.04; Σ² = .032; sample variance .008.
    expect(s.volatility).toBeCloseTo(Math.sqrt(0.008) * 2, 12);
    expect(s.sharpe).toBeCloseTo(0.8944271909999159, 12);
  });

  it('Sortino: mean over the downside deviation sqrt(Σ min(r, 0)² / n), times sqrt(periods per year)', () => {
    const s = returnStats(100, times, equity);
    // downside: only −0.1; sqrt(0.01 / 5).
    expect(s.sortino).toBeCloseTo(1.7888543819998317, 12);
  });

  it('CAGR over n step returns / periods per year (the start counts as one step before the first row)', () => {
    const s = returnStats(100, times, equity);
    expect(s.years).toBeCloseTo(1.25, 12);
    expect(s.cagr).toBeCloseTo(Math.pow(1.1979, 0.8) - 1, 12);
    expect(s.cagr).toBeCloseTo(0.15541087772521012, 12);
  });

  it('has no CAGR for a run shorter than a year, where it is an extrapolation', () => {
    // Ten days of minute bars up 66 % made a CAGR of 12 billion %; the same rows over 1.25 years keep theirs (above).
    const days = (n: number) => Array.from({ length: n }, (_, i) => i * 86_400_000);
    const short = returnStats(100, days(10), [101, 105, 110, 120, 130, 140, 150, 155, 160, 166]);
    expect(short.cagr).toBeNull();
    expect(short.sharpe).not.toBeNull();
    const year = returnStats(100, days(367), Array.from({ length: 367 }, (_, i) => 100 + i / 10));
    expect(year.years).toBeGreaterThan(1);
    expect(year.cagr).toBeCloseTo(Math.pow(136.6 / 100, 1 / year.years!) - 1, 12);
  });

  it('CAGR by hand: 100 to 121 in two years is 10 % a year; a wiped-out account is −100 %', () => {
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 12);
    expect(cagr(100, 0, 2)).toBe(-1);
    expect(cagr(100, 121, 0)).toBeNull();
    expect(cagr(100, 121, null)).toBeNull();
  });

  it('has no Sharpe, Sortino or volatility where they are undefined', () => {
    const flat = returnStats(100, times, [100, 100, 100, 100, 100]);
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
    expect(flat.volatility).toBe(0);
    const rising = returnStats(100, times, [101, 102, 103, 104, 105]);
    expect(rising.sortino).toBeNull();
    expect(rising.sharpe).toBeGreaterThan(0);
    const one = returnStats(100, [0], [101]);
    expect(one).toEqual({ periodsPerYear: null, years: null, cagr: null, volatility: null, sharpe: null, sortino: null });
  });

  it('property: Sharpe does not change when the curve is scaled', () => {
    // Returns in steps of 0.1 % with at least two different values: a curve whose returns differ only by float noise
    // has no meaningful Sharpe to compare.
    const ret = fc.integer({ min: -50, max: 50 }).map((x) => x / 1000);
    fc.assert(
      fc.property(fc.array(ret, { minLength: 3, maxLength: 50 }), fc.double({ min: 0.01, max: 1000, noNaN: true }), (rets, k) => {
        fc.pre(new Set(rets).size > 1);
        const ts = rets.map((_, i) => i * 86_400_000);
        let e = 100;
        const curve = rets.map((r) => (e *= 1 + r));
        const a = returnStats(100, ts, curve);
        const b = returnStats(100 * k, ts, curve.map((x) => x * k));
        expect(a.sharpe).not.toBeNull();
        expect(b.sharpe!).toBeCloseTo(a.sharpe!, 6);
      }),
    );
  });
});

describe('trade statistics', () => {
  const trip = (pnl: number | null): RoundTrip => ({
    symbol: 'X', entryTime: 0, entryPrice: 1, exitTime: pnl === null ? null : 1, exitPrice: pnl === null ? null : 1, qty: 1, pnl, fees: 0, exitReason: pnl === null ? null : 'signal',
  });

  it('profit factor is gross wins over gross losses; a break-even trade counts in the win rate denominator only', () => {
    const s = tradeStats([trip(100), trip(-50), trip(0), trip(30), trip(-25), trip(null)]);
    expect(s.trades).toBe(5);
    expect(s.winRate).toBeCloseTo(2 / 5, 12);
    expect(s.profitFactor).toBeCloseTo(130 / 75, 12);
    expect(s.avgWin).toBeCloseTo(65, 12);
    expect(s.avgLoss).toBeCloseTo(-37.5, 12);
    expect(s.pnl).toBeCloseTo(55, 12);
  });

  it('has no profit factor without a loss, and no figures without a trade', () => {
    expect(tradeStats([trip(10)]).profitFactor).toBeNull();
    expect(tradeStats([])).toEqual({ trades: 0, winRate: null, profitFactor: null, avgWin: null, avgLoss: null, feesToGross: null, pnl: 0 });
  });

  it('weighs the closed round trips’ fees against their PnL before fees, and has none when that is no profit', () => {
    const paid = (pnl: number | null, fees: number): RoundTrip => Object.assign(trip(pnl), { fees });
    // Before fees: (90 + 10) + (-45 + 5) = 60; 15 of fees, a quarter. The open trip's fee is in no round trip yet.
    expect(tradeStats([paid(90, 10), paid(-45, 5), paid(null, 3)]).feesToGross).toBe(0.25);
    expect(tradeStats([paid(-5, 5), paid(-1, 1)]).feesToGross).toBeNull();
  });
});

const fill = (time: number, side: 'buy' | 'sell', qty: number, price: number, fee: number, reason: BacktestFill['reason'] = side === 'buy' ? 'entry' : 'signal', symbol = 'X'): BacktestFill => ({
  time, symbol, side, qty, price, fee, reason, clientOrderId: `c${time}`, verdictId: null,
});

describe('round trips (FIFO)', () => {
  it('splits a partial exit across the oldest lots and shares fees pro rata', () => {
    const trips = roundTrips([
      fill(1, 'buy', 10, 100, 1),
      fill(2, 'buy', 10, 110, 1.1),
      fill(3, 'sell', 15, 120, 1.8, 'target'),
      fill(4, 'sell', 5, 90, 0.45, 'stop'),
      fill(5, 'buy', 3, 95, 0.3),
    ]);
    expect(trips).toHaveLength(4);
    const [a, b, c, open] = trips as [RoundTrip, RoundTrip, RoundTrip, RoundTrip];
    // Lot 1 (10 @ 100) closed whole at 120: its fee 1 and 10/15 of the exit fee.
    expect(a).toMatchObject({ entryTime: 1, entryPrice: 100, exitTime: 3, exitPrice: 120, qty: 10, exitReason: 'target' });
    expect(a.fees).toBeCloseTo(2.2, 12);
    expect(a.pnl).toBeCloseTo(197.8, 12);
    // Half of lot 2 (5 @ 110) closed at 120: half its fee and 5/15 of the exit fee.
    expect(b).toMatchObject({ entryTime: 2, entryPrice: 110, exitTime: 3, qty: 5, exitReason: 'target' });
    expect(b.fees).toBeCloseTo(1.15, 12);
    expect(b.pnl).toBeCloseTo(48.85, 12);
    // The other half stopped at 90.
    expect(c).toMatchObject({ entryTime: 2, exitTime: 4, exitPrice: 90, qty: 5, exitReason: 'stop' });
    expect(c.fees).toBeCloseTo(1, 12);
    expect(c.pnl).toBeCloseTo(-101, 12);
    // Still open: empty exit, the entry fee carried.
    expect(open).toMatchObject({ entryTime: 5, entryPrice: 95, exitTime: null, exitPrice: null, qty: 3, pnl: null, exitReason: null });
    expect(open.fees).toBeCloseTo(0.3, 12);
  });

  it('keeps symbols apart and lists open trips after closed ones, by entry time', () => {
    const trips = roundTrips([fill(1, 'buy', 1, 10, 0, 'entry', 'B'), fill(2, 'buy', 2, 20, 0, 'entry', 'A'), fill(3, 'sell', 1, 12, 0, 'time', 'B'), fill(4, 'buy', 1, 11, 0, 'entry', 'B')]);
    expect(trips.map((t) => [t.symbol, t.entryTime, t.exitTime])).toEqual([['B', 1, 3], ['A', 2, null], ['B', 4, null]]);
  });

  it('accounts for a sell with nothing to close as a short lot', () => {
    const trips = roundTrips([fill(1, 'sell', 2, 50, 0), fill(2, 'buy', 2, 40, 0)]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ qty: -2, entryPrice: 50, exitPrice: 40 });
    expect(trips[0]!.pnl).toBeCloseTo(20, 12);
  });

  it('property (long only): quantities and fees are conserved, and PnL is proceeds minus FIFO cost minus fees', () => {
    const step = fc.record({ buy: fc.boolean(), qty: fc.integer({ min: 1, max: 50 }), price: fc.integer({ min: 1, max: 500 }), fee: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const fills: BacktestFill[] = [];
        let held = 0;
        steps.forEach((s, i) => {
          const qty = s.buy ? s.qty / 4 : Math.min(held, s.qty / 4);
          if (qty <= 0) return;
          held += s.buy ? qty : -qty;
          fills.push(fill(i, s.buy ? 'buy' : 'sell', qty, s.price / 8, s.fee / 16));
        });
        const trips = roundTrips(fills);
        const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
        const closed = trips.filter((t) => t.exitTime !== null);
        const open = trips.filter((t) => t.exitTime === null);
        expect(sum(closed.map((t) => t.qty))).toBeCloseTo(sum(fills.filter((f) => f.side === 'sell').map((f) => f.qty)), 9);
        expect(sum(open.map((t) => t.qty))).toBeCloseTo(held, 9);
        expect(sum(trips.map((t) => t.fees))).toBeCloseTo(sum(fills.map((f) => f.fee)), 9);
        const proceeds = sum(fills.filter((f) => f.side === 'sell').map((f) => f.qty * f.price));
        const cost = sum(closed.map((t) => t.qty * t.entryPrice));
        const closedFees = sum(closed.map((t) => t.fees));
        expect(sum(closed.map((t) => t.pnl!))).toBeCloseTo(proceeds - cost - closedFees, 6);
        for (const t of trips) expect(t.qty).toBeGreaterThan(0);
      }),
    );
  });
});

describe('Spearman rank correlation', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(averageRanks([3, 1, 2, 2])).toEqual([4, 1, 2.5, 2.5]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
  });

  it('computes a hand-checked case with ties', () => {
    // ranks x: 1 2.5 2.5 4; ranks y: 1 3 2 4 -> Σdxdy 4.5, Σdx² 4.5, Σdy² 5.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('is null for constant input or fewer than two pairs', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
    expect(spearman([], [])).toBeNull();
  });

  it('property: 1 for any increasing transform, −1 for a decreasing one, symmetric, within [−1, 1]', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 40 }), fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 40, maxLength: 40 }), (xs, noise) => {
        expect(spearman(xs, xs.map((x) => x * x * x + 7))).toBeCloseTo(1, 12);
        expect(spearman(xs, xs.map((x) => -2 * x))).toBeCloseTo(-1, 12);
        const ys = xs.map((_, i) => noise[i]!);
        const r = spearman(xs, ys);
        if (r === null) return;
        expect(spearman(ys, xs)).toBeCloseTo(r, 12);
        expect(Math.abs(r)).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });
});
