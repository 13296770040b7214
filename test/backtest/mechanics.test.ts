import { describe, expect, it } from 'vitest';
import type { BacktestRun } from '../../src/backtest/run-backtest.js';
import { backtest, barsByTime, GOOG, MINUTE, ORCL, READY_PANEL } from './helpers.js';
import { decisionTally } from '../../src/backtest/report/decision-tally.js';
import { buildReport } from '../../src/backtest/report/build-report.js';

const SLIP = 5 / 10_000;
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Every fill against the bars of its own file: dated at a bar's open, priced as the rules say. */
function checkFills(run: BacktestRun): Record<string, number> {
  const counts: Record<string, number> = {};
  const bars = new Map(run.record.symbols.map((s) => [s.symbol, barsByTime(run, s.symbol)]));
  const decidedAt = new Map(run.record.signals.filter((s) => s.role === 'chief').map((s) => [s.verdictId, s.time]));
  for (const f of run.record.fills) {
    counts[f.reason] = (counts[f.reason] ?? 0) + 1;
    const bar = bars.get(f.symbol)!.get(f.time);
    expect(bar, `${f.symbol} fill at ${new Date(f.time).toISOString()} is not at a bar of its file`).toBeDefined();
    if (!bar) continue;
    // Whatever the reason, a fill's price is one its bar traded at.
    expect(f.price).toBeLessThanOrEqual(bar.high * (1 + 1e-12));
    expect(f.price).toBeGreaterThanOrEqual(bar.low * (1 - 1e-12));
    if (f.reason === 'entry' || f.reason === 'signal' || f.reason === 'time') {
      // A market order: the open of the bar after the decision, with slippage capped at the bar's high or low.
      expect(close(f.price, f.side === 'buy' ? Math.min(bar.open * (1 + SLIP), bar.high) : Math.max(bar.open * (1 - SLIP), bar.low))).toBe(true);
      if (f.verdictId) {
        const decided = decidedAt.get(f.verdictId)!;
        expect(f.time).toBeGreaterThanOrEqual(decided);
        // ... and the first bar of the symbol that opens at or after the decision.
        const earlier = [...bars.get(f.symbol)!.keys()].filter((t) => t >= decided && t < f.time);
        expect(earlier).toEqual([]);
      }
    } else if (f.reason === 'target') {
      expect(f.price).toBeGreaterThanOrEqual(bar.open * (1 - 1e-12));
      expect(f.price).toBeLessThanOrEqual(bar.high * (1 + 1e-12));
      if (!close(f.price, bar.open)) expect(bar.high).toBeGreaterThanOrEqual(f.price * (1 - 1e-12));
    } else {
      // A stop: at its level inside the bar's range, or at the open when the bar opened beyond it.
      expect(f.price).toBeLessThanOrEqual(bar.open * (1 + 1e-12));
      expect(f.price).toBeGreaterThanOrEqual(bar.low * (1 - 1e-12));
    }
  }
  return counts;
}

function checkCalendar(run: BacktestRun): void {
  const times = run.record.equity.map((r) => r.time);
  for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
  // Every step is a bar close of some file.
  const closes = new Set<number>();
  for (const s of run.record.symbols) for (const b of s.bars) closes.add(b.time + s.barMs);
  for (const t of times) expect(closes.has(t) || run.record.symbols.some((s) => s.bars.some((b) => b.time === t))).toBe(true);
}

describe('backtest mechanics on real files', () => {
  it('fills ORCL entries and signal exits at the next open, stops at their level or the gapping open, never outside its bars', async () => {
    // A readier chief than the default (which enters rarely on ORCL), so that the mechanics have entries and exits to check.
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }], {}, READY_PANEL);
    const counts = checkFills(run);
    expect(counts.entry).toBeGreaterThan(5);
    expect((counts.stop ?? 0) + (counts.trailing ?? 0)).toBeGreaterThan(0);
    checkCalendar(run);
    // One bar, one discussion: no bar of ORCL is discussed twice.
    const decisions = run.record.signals.filter((s) => s.role === 'chief').map((s) => s.time);
    expect(new Set(decisions).size).toBe(decisions.length);
    // Decisions only at ORCL's closes (no weekend or holiday steps).
    const orclCloses = new Set(run.record.symbols[0]!.bars.map((b, i, all) => Math.min(b.time + 86_400_000, all[i + 1]?.time ?? Infinity)));
    for (const t of decisions) expect(orclCloses.has(t)).toBe(true);
    // The decision tally accounts for every verdict, and for every entry that filled.
    const tally = decisionTally(run.record.decisions!);
    expect(tally.verdicts).toBe(decisions.length);
    expect(tally.rules.reduce((sum, r) => sum + r.count, 0)).toBe(decisions.length);
    expect(tally.rules.find((r) => r.rule === 'buy')?.count).toBe(tally.buy);
    const entries = new Set(run.record.fills.filter((f) => f.reason === 'entry').map((f) => f.verdictId));
    expect(entries.size).toBeLessThanOrEqual(tally.riskGate.accepted + tally.riskGate.clamped);
    expect(tally.riskGate.judged).toBeLessThanOrEqual(tally.buy);
  }, 60_000);

  it('interleaves ORCL daily and GOOG daily on one calendar', async () => {
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }], { from: '2003-06-01', to: '2006-12-31' });
    checkFills(run);
    checkCalendar(run);
    const goog = run.record.symbols.find((s) => s.symbol === 'GOOG')!;
    const googFirst = goog.bars[0]!.time;
    // GOOG listed in August 2004: nothing about it before, while ORCL trades on.
    expect(new Date(googFirst).toISOString().slice(0, 10)).toBe('2004-08-19');
    for (const s of run.record.signals.filter((x) => x.symbol === 'GOOG')) expect(s.time).toBeGreaterThan(googFirst);
    expect(run.record.fills.some((f) => f.symbol === 'GOOG')).toBe(true);
    expect(run.record.signals.some((s) => s.symbol === 'ORCL' && s.time < googFirst)).toBe(true);
  }, 60_000);

  it("reports open PnL net of the open lot's entry fee: the symbols' PnL and open PnL add up to the equity's change", async () => {
    const run = await backtest([{ file: GOOG, symbol: 'GOOG' }], { from: '2011-01-01' });
    const report = buildReport(run.record);
    expect(report.openPositions.length, 'GOOG ends the run holding a position').toBe(1);
    const open = report.openPositions[0]!;
    const entryFees = run.record.fills.filter((f) => f.side === 'buy' && f.time >= Date.parse(open.openedAt)).reduce((sum, f) => sum + f.fee, 0);
    expect(entryFees).toBeGreaterThan(0);
    expect(open.unrealizedPnl).toBeCloseTo(open.qty * (open.lastClose - open.avgPrice) - entryFees, 6);
    const goog = report.symbols[0]!;
    expect(goog.unrealizedPnl).toBeCloseTo(open.unrealizedPnl, 6);
    expect(goog.pnl + goog.unrealizedPnl).toBeCloseTo(report.summary.endEquity - report.summary.startEquity, 6);
  }, 60_000);

  it('interleaves a daily file and a minute file', async () => {
    const run = await backtest([{ file: ORCL, symbol: 'ORCL' }, { file: MINUTE, symbol: 'FUT' }], { from: '2006-01-02', to: '2006-01-13' });
    checkFills(run);
    checkCalendar(run);
    const orclDecisions = run.record.signals.filter((s) => s.symbol === 'ORCL' && s.role === 'chief').map((s) => s.time);
    // ORCL decides only at midnight UTC (its daily closes), between the minute symbol's steps.
    for (const t of orclDecisions) expect(t % 86_400_000).toBe(0);
    const minuteDecisions = run.record.signals.filter((s) => s.symbol === 'FUT' && s.role === 'chief');
    expect(minuteDecisions.length).toBeGreaterThan(0);
    const orclSteps = run.record.equity.filter((r) => r.time % 86_400_000 === 0).length;
    expect(orclSteps).toBeGreaterThan(5);
    expect(run.record.equity.length).toBeGreaterThan(1000);
  }, 120_000);
});
