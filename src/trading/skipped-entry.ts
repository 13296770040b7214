import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RiskEvent, VerdictEvent } from '../domain/events.js';
import type { RiskRecord } from './entry-planner.js';

/**
 * Why a BUY verdict places no order before the risk gate sizes it: the symbol is held, an entry is on its way, a sale
 * of it is still in flight with nothing held, the daemon is stopping, or the verdict rests on bars read too long ago.
 */
export type SkippedEntryRule = 'already_held' | 'entry_in_flight' | 'exit_in_flight' | 'stopping' | 'stale_verdict';

const WHY: Record<SkippedEntryRule, string> = {
  already_held: 'the symbol is already held: one position per symbol, and a BUY does not add to it',
  entry_in_flight: 'an entry order for the symbol is still in flight: one position per symbol',
  exit_in_flight:
    'a sale of the symbol is still in flight with no position held (a protective stop of a position closed since, not yet cancelled): it would sell from a new position',
  stopping: 'the daemon is stopping: no new position once a stop is asked for',
  stale_verdict: 'the verdict rests on bars read too long ago (the process was suspended or stalled): the next bar is discussed afresh',
};

const LOG: Record<SkippedEntryRule, string> = {
  already_held: 'BUY verdict places no order: the symbol is held or being bought',
  entry_in_flight: 'BUY verdict places no order: the symbol is held or being bought',
  exit_in_flight: 'BUY verdict places no order: a sale of the symbol is still in flight',
  stopping: 'BUY verdict places no order: the daemon is stopping',
  stale_verdict: 'BUY verdict places no order: its discussion read the bars too long ago (a suspend, a stall); the market has moved on',
};

/**
 * How long ago, in ms, the discussion behind a verdict began reading its bars, when that is longer than `maxAgeMs`.
 * A discussion is bounded by its deadlines (the bars' fetch, then the agents'), so a verdict much older than they allow
 * was held up by something outside it: a laptop or VM suspended mid-discussion resumes with its timers where they were,
 * the agents' deadline fires at once, and the BUY would be sent at today's price on the bars of hours ago.
 */
export function verdictAge(event: Pick<VerdictEvent, 'decidedAt' | 'durationMs'>, now: number, maxAgeMs: number): number | undefined {
  const age = now - (event.decidedAt - (event.durationMs ?? 0));
  return age > maxAgeMs ? age : undefined;
}

/** How old the verdict's bars are, when too old to enter on: beyond the discussion's bound, and beyond a bar of its symbol. */
export function staleVerdictAge(event: VerdictEvent, options: { verdictMaxAgeMs?: number | undefined; clock: Clock; market: { barMs?(symbol: string): number | undefined } }): number | undefined {
  const { verdictMaxAgeMs, market, clock } = options;
  if (verdictMaxAgeMs === undefined) return undefined;
  return verdictAge(event, clock.now(), Math.max(verdictMaxAgeMs, market.barMs?.(event.opportunity.symbol) ?? 0));
}

/**
 * The risk gate's record of a BUY the trader does not act on. Such a verdict (a news opportunity on a symbol held
 * since an earlier bar, two opportunities on one bar) used to leave no risk decision, order or log line, so a backtest
 * counted it as a BUY and `conclave explain` found nothing after it.
 */
export function skippedEntry(symbol: string, verdictId: string, rule: SkippedEntryRule, now: number): { risk: RiskEvent; record: RiskRecord } {
  const reason = WHY[rule];
  return {
    risk: { symbol, outcome: 'rejected', reason, rule, verdictId },
    record: { verdictId, symbol, outcome: 'rejected', rule, reason, requestedQty: 0, approvedQty: 0, time: now },
  };
}

/** Records such a BUY as the gate's rejection, not lost: the bus's risk event, the stored decision and a log line. */
export function recordSkippedEntry(
  deps: { store: { insertRiskDecision(record: RiskRecord): void }; bus: Pick<EventBus, 'emit'>; clock: Clock; logger: Logger },
  symbol: string,
  verdictId: string,
  rule: SkippedEntryRule,
  ageMs?: number,
): void {
  const skipped = skippedEntry(symbol, verdictId, rule, deps.clock.now());
  if (ageMs !== undefined) {
    const age = `its discussion began reading bars ${Math.round(ageMs / 1000)} s ago: `;
    skipped.risk.reason = age + skipped.risk.reason;
    skipped.record.reason = age + skipped.record.reason;
  }
  deps.bus.emit('risk', skipped.risk);
  deps.store.insertRiskDecision(skipped.record);
  const fields = ageMs === undefined ? { symbol, verdictId, rule } : { symbol, verdictId, rule, ageS: Math.round(ageMs / 1000) };
  if (rule === 'stale_verdict') deps.logger.warn(fields, LOG[rule]);
  else deps.logger.info(fields, LOG[rule]);
}
