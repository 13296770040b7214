import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RiskEvent } from '../domain/events.js';
import type { RiskRecord } from './entry-planner.js';

/** Why a BUY verdict places no order before the risk gate sizes it: the symbol is held, or an entry is on its way. */
export type SkippedEntryRule = 'already_held' | 'entry_in_flight' | 'stopping';

const WHY: Record<SkippedEntryRule, string> = {
  already_held: 'the symbol is already held: one position per symbol, and a BUY does not add to it',
  entry_in_flight: 'an entry order for the symbol is still in flight: one position per symbol',
  stopping: 'the daemon is stopping: no new position once a stop is asked for',
};

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
): void {
  const skipped = skippedEntry(symbol, verdictId, rule, deps.clock.now());
  deps.bus.emit('risk', skipped.risk);
  deps.store.insertRiskDecision(skipped.record);
  deps.logger.info({ symbol, verdictId, rule }, rule === 'stopping' ? 'BUY verdict places no order: the daemon is stopping' : 'BUY verdict places no order: the symbol is held or being bought');
}
