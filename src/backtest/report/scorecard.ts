import type { BacktestRecord, BacktestSignal, BacktestSymbol } from '../backtest-record.js';
import type { AgentScorecard } from './report-types.js';
import { lastClosedIndex } from './bar-index.js';
import { spearman } from './spearman.js';

/**
 * Each role's stances against what the market did next. A signal decided at the close of bar i of its symbol is
 * scored against that symbol's forward return close(i + h) / close(i) − 1, h = scorecardHorizonBars, counted in the
 * symbol's own bars (so a daily and a minute file are each scored on their own clock). When bar i + h is beyond the
 * symbol's last bar the outcome is not known at the end: the signal is pending, counted, and left out.
 *
 * Hit rate: a call is a stance with a sign; it hits when the forward return has the same sign. A flat forward return
 * (exactly 0) is a miss for any call: neither direction paid. A stance of exactly 0 makes no call, so it is scored
 * for the rank correlation but left out of the hit rate. Abstentions (no stance) are counted and left out.
 */
export function scorecards(record: BacktestRecord): AgentScorecard[] {
  const symbols = new Map<string, BacktestSymbol>();
  for (const s of record.symbols) symbols.set(s.symbol, s);
  const byRole = new Map<string, BacktestSignal[]>();
  for (const signal of record.signals) {
    let list = byRole.get(signal.role);
    if (!list) {
      list = [];
      byRole.set(signal.role, list);
    }
    list.push(signal);
  }
  // Agents by name, the chief (the verdict) last.
  const roles = [...byRole.keys()].sort((a, b) => (a === 'chief' ? 1 : b === 'chief' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return roles.map((role) => scoreRole(role, byRole.get(role)!, symbols, record.scorecardHorizonBars));
}

export function forwardReturn(symbol: BacktestSymbol | undefined, time: number, horizon: number): number | null {
  if (!symbol) return null;
  const i = lastClosedIndex(symbol.bars, symbol.barMs, time);
  if (i < 0 || i + horizon >= symbol.bars.length) return null;
  const base = symbol.bars[i]!.close;
  return base > 0 ? symbol.bars[i + horizon]!.close / base - 1 : null;
}

function scoreRole(role: string, signals: readonly BacktestSignal[], symbols: Map<string, BacktestSymbol>, horizon: number): AgentScorecard {
  return scoreStances(
    role,
    signals.map((s) => ({ stance: s.stance, forward: s.stance === null ? null : forwardReturn(symbols.get(s.symbol), s.time, horizon) })),
  );
}

/**
 * One role's scorecard from its stances and their forward returns (null: not known yet, the stance is pending; a null
 * stance is an abstention). The backtest report and `conclave scorecard` both score with it.
 */
export function scoreStances(role: string, items: readonly { stance: number | null; forward: number | null }[]): AgentScorecard {
  let abstentions = 0;
  let pending = 0;
  let calls = 0;
  let hits = 0;
  let ups = 0;
  let stanceSum = 0;
  let stanced = 0;
  const stances: number[] = [];
  const forwards: number[] = [];
  for (const s of items) {
    if (s.stance === null || !Number.isFinite(s.stance)) {
      abstentions++;
      continue;
    }
    stanceSum += s.stance;
    stanced++;
    const fwd = s.forward;
    if (fwd === null) {
      pending++;
      continue;
    }
    stances.push(s.stance);
    forwards.push(fwd);
    if (fwd > 0) ups++;
    if (s.stance !== 0) {
      calls++;
      if (Math.sign(s.stance) === Math.sign(fwd)) hits++;
    }
  }
  const scored = stances.length;
  return {
    role,
    signals: items.length,
    abstentions,
    pending,
    scored,
    calls,
    hits,
    hitRate: calls > 0 ? hits / calls : null,
    upShare: scored > 0 ? ups / scored : null,
    spearman: spearman(stances, forwards),
    meanStance: stanced > 0 ? stanceSum / stanced : null,
  };
}
