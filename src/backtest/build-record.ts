import type { VerdictEvent } from '../domain/events.js';
import type { Config } from '../config/config.js';
import type { AccountRepository } from '../store/account-repository.js';
import type { Fill } from '../domain/order.js';
import type { BacktestMarket } from './backtest-market.js';
import type { BacktestFill, BacktestRecord, BacktestSignal, DecisionRecord, EquityRow, LiquidityRecord } from './backtest-record.js';
import type { LoadedSeries } from './load-series.js';
import { questionOf } from '../domain/opportunity.js';

export interface RecordInputs {
  name: string;
  config: Config;
  series: readonly LoadedSeries[];
  market: BacktestMarket;
  /** The positions still open at the end. */
  store: Pick<AccountRepository, 'positions'>;
  equity: EquityRow[];
  /** Every fill, in the order the run saw them. */
  fills: readonly Fill[];
  /** Every verdict's signals (see signalsOf), in the order their opportunities were published. */
  signals: BacktestSignal[];
  verdictOfOrder: ReadonlyMap<string, string | null>;
  decisions: DecisionRecord;
  liquidity?: LiquidityRecord;
}

/** A verdict as the record keeps it: each agent's stance (null when it abstained) and the chief's score. */
export function signalsOf(e: VerdictEvent): BacktestSignal[] {
  const question = questionOf(e.opportunity);
  const rows: BacktestSignal[] = e.outcomes.map((o) => ({
    time: e.decidedAt,
    symbol: e.opportunity.symbol,
    role: o.role,
    stance: o.status === 'ok' && o.signal ? o.signal.stance : null,
    confidence: o.status === 'ok' && o.signal ? o.signal.confidence : 0,
    verdictId: e.verdictId,
    question,
  }));
  rows.push({ time: e.decidedAt, symbol: e.opportunity.symbol, role: 'chief', stance: e.verdict.score, confidence: e.verdict.conviction, verdictId: e.verdictId, question });
  return rows;
}

/** What the run hands to its report (src/backtest/backtest-record.ts), from what the run saw. */
export function buildRecord(input: RecordInputs): BacktestRecord {
  const { config, series, market, store } = input;
  const fills: BacktestFill[] = input.fills.map((f) => ({
    time: f.time,
    symbol: f.symbol,
    side: f.side,
    qty: f.qty,
    price: f.price,
    fee: f.fee,
    reason: f.reason ?? (f.side === 'buy' ? 'entry' : 'signal'),
    clientOrderId: f.clientOrderId,
    verdictId: input.verdictOfOrder.get(f.clientOrderId) ?? null,
  }));
  // In the time order of their bars (stable, so each symbol keeps its own order). A fill inside a longer bar, a daily
  // stop, is dated at its bar's open but happens when the bar has closed, after the shorter bars' fills of that day.
  fills.sort((a, b) => a.time - b.time);
  const signals = input.signals;
  const openPositions = store.positions().map((p) => {
    const last = market.lastBar(p.symbol);
    const lastClose = last?.close ?? p.avgPrice;
    const lastCloseAt = last ? last.time + market.barMs(p.symbol) : p.openedAt;
    return { symbol: p.symbol, qty: p.qty, avgPrice: p.avgPrice, openedAt: p.openedAt, lastClose, lastCloseAt, unrealizedPnl: p.qty * (lastClose - p.avgPrice) };
  });
  return {
    name: input.name,
    startingCash: config.startingCash,
    feeBps: config.feeBps,
    slippageBps: config.slippageBps,
    lotStep: config.lotStep,
    scorecardHorizonBars: config.scorecardHorizonBars,
    maxDrawdownLimit: config.maxDrawdown,
    symbols: series.map((s) => ({
      symbol: s.symbol,
      file: s.file,
      ...(s.timesIn !== undefined ? { timesIn: s.timesIn } : {}),
      ...(s.zonelessTimes ? { zonelessTimes: s.zonelessTimes } : {}),
      ...(s.offsetAheadMs && s.timesIn === undefined ? { offsetAheadMs: s.offsetAheadMs } : {}),
      barMs: s.barMs,
      bars: s.bars.slice(s.first, s.end),
      historyBars: s.first,
      rejected: s.rejected,
      quarantined: s.quarantined,
      ...(s.quarantinedTail ? { quarantinedTail: s.quarantinedTail } : {}),
    })),
    equity: input.equity,
    fills,
    signals,
    openPositions,
    decisions: input.decisions,
    ...(input.liquidity ? { liquidity: input.liquidity } : {}),
  };
}
