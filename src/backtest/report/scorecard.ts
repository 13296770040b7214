import type { BacktestRecord, BacktestSignal, BacktestSymbol } from '../backtest-record.js';
import { QUESTIONS, type Question } from '../../domain/opportunity.js';
import { closeTime, lastClosedIndex } from './bar-index.js';
import { scoreStances, type AgentScorecard } from '../../scorecard/score-stances.js';

/**
 * Each role's stances against what the market did next. A signal decided at the close of bar i of its symbol (or
 * within bar i, see forwardReturn) is scored against that symbol's forward return close(i + h) / close(i) − 1, h = scorecardHorizonBars, counted in the
 * symbol's own bars (so a daily and a minute file are each scored on their own clock). When bar i + h is beyond the
 * symbol's last bar the outcome is not known at the end: the signal is pending, counted, and left out.
 *
 * Hit rate: a call is a stance with a sign; it hits when the forward return has the same sign. A flat forward return
 * (exactly 0) is a miss for any call: neither direction paid. A stance of exactly 0 makes no call, so it is scored
 * for the rank correlation but left out of the hit rate. Abstentions (no stance) are counted and left out.
 */
export function scorecards(record: BacktestRecord, signals: readonly BacktestSignal[] = record.signals): AgentScorecard[] {
  const symbols = new Map<string, BacktestSymbol>();
  for (const s of record.symbols) symbols.set(s.symbol, s);
  const byRole = new Map<string, BacktestSignal[]>();
  for (const signal of signals) {
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

/**
 * The same scorecards for each question the panel was asked (a long entry, a short entry, a review of a held
 * position), those asked at least once: a panel can read one question well and another not at all, or the wrong way
 * round, which the scorecards over all questions average away.
 */
export function scorecardsByQuestion(record: BacktestRecord): { question: Question; agents: AgentScorecard[] }[] {
  return QUESTIONS.map((question) => ({ question, signals: record.signals.filter((s) => s.question === question) }))
    .filter((q) => q.signals.length > 0)
    .map((q) => ({ question: q.question, agents: scorecards(record, q.signals) }));
}

/**
 * From the first close at or after the decision: the bar it was made at the close of (a model opportunity's), or, for
 * a decision within a bar (news at 14:00 on a daily bar), the bar then forming. From the last close before it, a
 * day's move the panel never saw, made before it spoke, was scored as its call.
 */
export function forwardReturn(symbol: BacktestSymbol | undefined, time: number, horizon: number): number | null {
  if (!symbol) return null;
  let i = lastClosedIndex(symbol.bars, symbol.barMs, time);
  if (i < 0 || closeTime(symbol.bars, i, symbol.barMs) < time) i++;
  if (i + horizon >= symbol.bars.length) return null;
  const base = symbol.bars[i]!.close;
  return base > 0 ? symbol.bars[i + horizon]!.close / base - 1 : null;
}

function scoreRole(role: string, signals: readonly BacktestSignal[], symbols: Map<string, BacktestSymbol>, horizon: number): AgentScorecard {
  return scoreStances(
    role,
    signals.map((s) => ({ stance: s.stance, forward: s.stance === null ? null : forwardReturn(symbols.get(s.symbol), s.time, horizon) })),
  );
}
