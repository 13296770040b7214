/**
 * The moves of resting protective stops up to the daemon's stop level (exchangeStop, protective-stops.ts): run by the
 * position monitor once a check has stored each position's new peak, so a stop moves at the check that sees the peak.
 * A move is a cancel and a new order (two orders when refused and placed back): the moves of one window are capped, the
 * stops that lag their level most moved first, the others at the next checks.
 * Called under the trader's lock.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { InstrumentRules } from '../domain/order.js';
import type { MarketData } from '../market/market-port.js';
import type { OrderRow, PositionRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { marketHalted } from './entry-inputs.js';
import type { ExitRules } from './exit-rules.js';
import type { OrderExecutor, PendingOrder } from './order-executor.js';
import { protectiveOrder, restingTrigger } from './protective-stop-order.js';
import { raiseTo } from './protective-stop-raise.js';

/**
 * Moves sent within any MOVE_WINDOW_MS, all positions together: each places an order (two when refused and placed back),
 * so 20 stay at 40 of the 50 new orders Binance spot takes per 10 s, leaving the rest to entries, exits and new stops.
 */
export const MOVES_PER_WINDOW = 20;
export const MOVE_WINDOW_MS = 10_000;

export interface StopMovesOptions {
  clock: Clock;
  logger: Logger;
  store: { position(symbol: string): PositionRow | null; order(clientOrderId: string): OrderRow | null };
  broker: Broker;
  executor: Pick<OrderExecutor, 'protectiveStops' | 'hasPending'>;
  market?: Pick<MarketData, 'halted'>;
  rules: ExitRules;
  /** Whether `resting` covers what `position` holds (a stop that covers less is replaced by protect(), not moved). */
  covers(position: PositionRow, resting: PendingOrder): boolean;
  /** Cancels a protective stop and applies the exchange's answer; true once it no longer rests. */
  lift(p: PendingOrder, why: string): Promise<boolean>;
  /** Places the position's stop (`back`: at that level; `quiet`: a refusal is the caller's); true once one rests. */
  placeStop(position: PositionRow, how: { back?: number; quiet?: boolean }): Promise<boolean>;
}

export class StopMoves {
  /** When each move of the last MOVE_WINDOW_MS was sent. */
  private sent: number[] = [];

  constructor(private readonly options: StopMovesOptions) {}

  /**
   * Moves the resting stops of `symbols` (the positions a check judged and found no exit for) that lag the daemon's
   * stop level by a step, up to the window's budget, those lagging most first.
   */
  async follow(symbols: readonly string[]): Promise<void> {
    const { store, executor, clock } = this.options;
    const candidates: { position: PositionRow; resting: PendingOrder; lag: number }[] = [];
    for (const symbol of symbols) {
      const position = store.position(symbol);
      const resting = executor.protectiveStops(symbol)[0];
      if (!position || !resting || !this.options.covers(position, resting)) continue;
      const rise = this.rise(position, resting, undefined);
      if (rise !== null) candidates.push({ position, resting, lag: (rise.to - rise.trigger) / rise.to });
    }
    candidates.sort((a, b) => b.lag - a.lag);
    for (const [i, { position, resting }] of candidates.entries()) {
      this.sent = this.sent.filter((at) => at > clock.now() - MOVE_WINDOW_MS);
      if (this.sent.length >= MOVES_PER_WINDOW) {
        const waiting = candidates.length - i;
        this.options.logger.info({ waiting, movesPerWindow: MOVES_PER_WINDOW }, `${waiting} protective stops wait for a later position check to move up: ${MOVES_PER_WINDOW} moves at most per ${MOVE_WINDOW_MS / 1000} s, under the exchange's order rate limit`);
        return;
      }
      if (await this.raise(position, resting)) this.sent.push(clock.now());
    }
  }

  /** The resting stop's trigger and the level to move it to under `tick`, or null to leave it where it rests. */
  private rise(position: PositionRow, resting: PendingOrder, tick: number | undefined): { trigger: number; to: number } | null {
    const { store, executor, clock, rules } = this.options;
    // An exit in flight ends the position; a stop whose placement is not known yet is asked about first.
    if (resting.unknownSince !== undefined || executor.hasPending(position.symbol, 'sell')) return null;
    const row = store.order(resting.request.clientOrderId);
    const trigger = restingTrigger(resting.request, row?.reason);
    const level = protectiveOrder(position, rules, clock.now())?.stop?.trigger;
    const to = raiseTo({ trigger, level, mark: position.markPrice, tick, placedAt: row?.createdAt ?? clock.now(), now: clock.now() });
    return to === null || trigger === null ? null : { trigger, to };
  }

  /**
   * Moves a resting stop up to the daemon's stop level once that rose a step above it (raiseTo): cancelled as an exit
   * cancels it (one that filled meanwhile is the exit, and nothing is placed), then placed at the new level. Refused
   * there, it goes back at once to the level the exchange took before; refused again, the position is without one,
   * placed again as any refused placement is. True when a new stop was sent (the move counts against the window).
   */
  private async raise(position: PositionRow, resting: PendingOrder): Promise<boolean> {
    const { store, logger, market } = this.options;
    const { symbol } = position;
    // A halted market refuses the new stop: the one resting stays, rather than a cancel leaving the position bare. A
    // status that cannot be read counts as halted: the move waits for the next check.
    if (market && (await marketHalted(market, symbol, undefined)) !== false) return false;
    const rise = this.rise(position, resting, (await this.instrument(symbol))?.priceTick);
    if (rise === null) return false;
    const { trigger, to } = rise;
    if (!(await this.options.lift(resting, `moved up to ${to}, the daemon's stop level`))) return false;
    const held = store.position(symbol);
    if (!held || held.openedAt !== position.openedAt) return false;
    logger.info({ symbol, from: trigger, to }, `the protective stop of ${symbol} follows the daemon's stop up: from ${trigger} to ${to}`);
    if (await this.options.placeStop(held, { quiet: true })) return true;
    // Refused at the new level (a price that fell under it meanwhile, a price filter): bare until the refusal's retry
    // otherwise, the position is covered at once by the level the exchange took before.
    logger.warn({ symbol, from: to, to: trigger }, `the protective stop of ${symbol} moved up to ${to} was refused: placed back at ${trigger}`);
    await this.options.placeStop(held, { back: trigger });
    return true;
  }

  /** The exchange's rules for `symbol` (its price step), undefined when it does not say. */
  private async instrument(symbol: string): Promise<InstrumentRules | undefined> {
    try {
      return (await this.options.broker.instrument?.(symbol)) ?? undefined;
    } catch {
      return undefined; // the 0.5 % step alone: on a coin priced in a few ticks, a move may round to where it was
    }
  }
}
