import type { Clock } from '../core/clock.js';
import { errorMessage, RefusedRequestError } from '../core/errors.js';
import { UnpricedPositions } from './unpriced-positions.js';
import type { Logger } from '../core/logger.js';
import { barLengthOf, type Bar, type MarketData } from '../market/market-port.js';
import type { AccountRepository } from '../store/account-repository.js';
import type { PositionRow } from '../store/store.js';
import { BarsRound } from '../market/bars-round.js';
import { windowBlocks } from '../market/locked-bar.js';
import { evaluateExit, exitPositionOf, judgedState, type ExitDecision, type ExitRules, type ExitState } from './exit-rules.js';
import { evaluateBarExit, exitFillPrice, FILL_REASON_OF } from './bar-exit.js';
import type { KillSwitch } from './kill-switch.js';
import { Flattener, type FlattenOptions } from './flatten.js';
import type { Trader } from './trader.js';
import { TurnBudget } from '../core/turn-budget.js';
import { withChanges } from '../core/with-changes.js';
import { counted } from '../core/plural.js';
import { QuoteDoubts } from './price-band.js';
import { BarTimeStop } from './bar-time-stop.js';

export interface PositionMonitorOptions extends Pick<FlattenOptions, 'onFlatten'> {
  clock: Clock;
  logger: Logger;
  /** The open positions and their exit-rule state. */
  store: Pick<AccountRepository, 'positions' | 'position' | 'saveExitState'>;
  market: MarketData;
  trader: Trader;
  rules: ExitRules;
  /** The kill switch: when it asks to flatten, every open position is closed and the request is marked done. */
  killSwitch: Pick<KillSwitch, 'state' | 'flattened'>;
  /** What a touched stop pays as the market exit it becomes (the brokers' slippage); absent: 0. */
  slippageBps?: number;
  /** Time stop in bars of the position's symbol (0 or absent: `rules.maxHoldMs` applies). */
  maxHoldBars?: number;
  /** Runs first in each check, with its market (bars fetched once per symbol): the paper broker fills its orders there, judged in the same check. */
  settleInFlight?: (market: MarketData, signal: AbortSignal) => Promise<void>;
}

/** Bars every check asks for at least, so the rules reading bars share one request per symbol. */
const MIN_CHECK_BARS = 10;
/**
 * Bars a check reads back at most to judge what closed since the last one (after a restart, or checks slower than the
 * bars): two days and more of minute bars. Past it, the bars not read are said, not silently skipped.
 */
export const MAX_CATCH_UP_BARS = 5_000;

/**
 * One check of every open position: marks it, runs the exit rules, persists the rules' state (peak price, trailing
 * activation) so a restart continues where it stopped, and asks the trader to exit when a rule fires.
 * A symbol whose price cannot be read is skipped this tick and reported; the others are still checked.
 */
export class PositionMonitor {
  /** Per open position (by symbol): the close of the last bar judged and the state after it, without quotes since; bounded. */
  private readonly judged = new Map<string, { openedAt: number; until: number; state: ExitState }>();
  /** Positions already open at the first check (left by a previous run), by symbol and opening time. */
  private inherited: Set<string> | null = null;
  /** Symbols whose quote is out of band (see price-band.ts). */
  private readonly doubts: QuoteDoubts;
  lastCheckFetches = 0; // bar requests the last check made to the market (one per symbol at most)
  private readonly flattener: Flattener;
  readonly unpriced: UnpricedPositions; // positions whose symbol the market refuses for good: the health line's positions.unpriced
  private readonly barTimeStop: BarTimeStop | null; // the time stop in bars, when maxHoldBars is set

  constructor(private readonly options: PositionMonitorOptions) {
    this.doubts = new QuoteDoubts(options.logger);
    this.unpriced = new UnpricedPositions(options.clock, options.logger);
    this.barTimeStop = options.maxHoldBars && options.maxHoldBars > 0 ? new BarTimeStop({ clock: options.clock, logger: options.logger, maxHoldBars: options.maxHoldBars }) : null;
    this.flattener = new Flattener(Object.assign({ cannotSell: (symbol: string) => this.unpriced.has(symbol) }, options));
  }

  async check(signal: AbortSignal): Promise<void> {
    const { store, trader, clock } = this.options;
    const market = new BarsRound(this.options.market, this.checkBars);
    this.inherited ??= new Set(store.positions().map((p) => `${p.symbol}@${p.openedAt}`));
    const failures: string[] = [];
    let settleError: unknown = null;
    const halt = this.options.killSwitch.state();
    // Before the paper fills: an entry still waiting for its price under a halt is cancelled, not filled after it.
    if (halt.halted) await trader.cancelEntries(`kill switch: ${halt.reason ?? 'halted by the operator'}`);
    try {
      await this.options.settleInFlight?.(market, signal);
    } catch (error) {
      settleError = error; // the positions are still checked (their stops matter more); reported at the check's end
    }
    if (halt.halted && halt.flatten) await this.flattener.step(halt.reason); else this.flattener.idle();
    const budget = new TurnBudget(clock);
    const steady: string[] = []; // judged, no exit decided: their protective stops may follow the peak just stored
    for (const listed of store.positions()) {
      await budget.spend();
      if (signal.aborted) return;
      let price: number;
      try {
        price = await market.price(listed.symbol, signal);
      } catch (error) {
        if (error instanceof RefusedRequestError) this.unpriced.refused(listed.symbol, error);
        else failures.push(`${listed.symbol}: ${errorMessage(error)}`);
        continue;
      }
      this.unpriced.priced(listed.symbol);
      const doubt = await this.doubt(listed.symbol, price, market, signal);
      if (!doubt) trader.mark(listed.symbol, price);
      // The trader may have closed, reduced or reopened the position while this check waited (for the price, or for
      // the trader behind an earlier exit): judge and store what is held now, never the copy listed before.
      const position = store.position(listed.symbol);
      if (!position || position.openedAt !== listed.openedAt) continue;
      // The bars closed since the last check first: a level their range reached fills at the level (or at the open
      // that gapped beyond it), as a stop resting at the broker would have, a stop less its slippage.
      const ranged = await this.judgeNewBars(position, market, signal);
      if (ranged === 'exited') continue;
      const now = clock.now();
      const held: ExitState = { peakPrice: Math.max(ranged.peakPrice, position.peakPrice), trailingActive: ranged.trailingActive || position.trailingActive };
      // The price now is judged with the stored peak of the quotes before it too. A bad print neither moves the peak nor
      // fires a rule: only the bars' judgement is stored, marked at their close.
      const decision: ExitDecision = doubt ? { state: held, exit: null } : evaluateExit(exitPositionOf(position), held, price, now, this.priceRules);
      const judged = this.judged.get(position.symbol);
      store.saveExitState(
        position.symbol,
        position.openedAt,
        withChanges({ peakPrice: decision.state.peakPrice, trailingActive: decision.state.trailingActive, markPrice: doubt?.reference ?? price }, judged && Number.isFinite(judged.until) ? judgedState(judged.until, judged.state) : {}),
        now,
      );
      if (decision.exit) {
        this.fired({ symbol: position.symbol, price, reason: decision.exit.reason, detail: decision.exit.detail });
        // Seen only on the latest price: the price moved beyond the level since the last bar, a gap; it fills there, a
        // stop less its slippage (as in evaluateBarExit).
        const { reason } = decision.exit;
        const atPrice = reason === 'time_stop' ? undefined : exitFillPrice(reason, price, this.options.slippageBps ?? 0, 0);
        await trader.exit(position.symbol, `${decision.exit.reason}: ${decision.exit.detail}`, FILL_REASON_OF[decision.exit.reason], atPrice);
      } else if (!(await this.timeStop(position, price, signal, market))) steady.push(position.symbol);
    }
    await trader.followStops(steady);
    const held = new Set(store.positions().map((p) => p.symbol));
    for (const symbol of this.judged.keys()) if (!held.has(symbol)) this.judged.delete(symbol);
    this.doubts.retain((symbol) => held.has(symbol));
    this.unpriced.retain((symbol) => held.has(symbol));
    this.barTimeStop?.retain((symbol) => held.has(symbol));
    this.lastCheckFetches = market.fetched;
    trader.refreshEquityMarks();
    if (halt.halted && halt.flatten) this.flattener.cannotSellYet(halt.reason, failures); // its source down: told once
    if (settleError) throw new Error(`settling the orders in flight failed: ${errorMessage(settleError)}${failures.length > 0 ? `; no price for ${counted(failures.length, 'open position')}: ${failures.join('; ')}` : ''}`);
    if (failures.length > 0) throw new Error(`no price for ${counted(failures.length, 'open position')}: ${failures.join('; ')}`);
  }

  /**
   * Says that a rule fired, once per exit: while its exit order waits for its fill, or its market to trade again (a
   * halt: HaltedSales says it hourly), the rule fires again at each check but places nothing, said at debug only.
   */
  private fired(fields: { symbol: string } & Record<string, unknown>): void {
    const { trader, logger } = this.options;
    const waits = trader.exitPending(fields.symbol) ? 'its exit order is still waiting for a fill' : trader.saleHalted?.(fields.symbol) ? 'its market is not trading (said hourly)' : null;
    logger[waits ? 'debug' : 'info'](fields, waits ? `exit rule fired again; ${waits}` : 'exit rule fired');
  }

  /** Whether the quote is out of band against the symbol's closed bars (see QuoteDoubts); bars unreadable: trusted. */
  private async doubt(symbol: string, price: number, market: MarketData, signal: AbortSignal) {
    let bars: Bar[] = [];
    try {
      bars = await market.bars(symbol, this.checkBars, signal);
    } catch {
      // No bars to measure it by: the quote is trusted, as before the band (judgeNewBars says the bars are unavailable).
    }
    return this.doubts.judge(symbol, bars, price, barLengthOf(market, symbol, bars), this.options.clock.now());
  }

  /** Bars each check fetches per symbol (once): enough for the time stop, and at least MIN_CHECK_BARS of new ranges. */
  private get checkBars(): number {
    return Math.max(MIN_CHECK_BARS, (this.options.maxHoldBars ?? 0) + 1);
  }

  /** The rules without the time stop when it is counted in bars (timeStop does that). */
  private get priceRules(): ExitRules {
    const { rules, maxHoldBars } = this.options;
    return maxHoldBars && maxHoldBars > 0 ? withChanges(rules, { maxHoldMs: 0 }) : rules;
  }

  /** The time stop in bars (BarTimeStop; by the clock while the market answers none, sold at `price`, its ticker): true when an exit was asked for. */
  private async timeStop(position: PositionRow, price: number, signal?: AbortSignal, market: MarketData = this.options.market): Promise<boolean> {
    const { maxHoldBars, trader } = this.options;
    if (!this.barTimeStop || !maxHoldBars) return false;
    const count = await this.barTimeStop.held(position, market, signal);
    if (!count || count.held < maxHoldBars) return false;
    this.fired(Object.assign({ symbol: position.symbol, held: count.held, maxHoldBars }, count.byClock ? { byClock: true } : {}));
    // No bar to fill a paper exit at: the ticker, less the slippage, as a stop seen on the latest price alone.
    const atPrice = count.byClock ? exitFillPrice('time_stop', price, this.options.slippageBps ?? 0, 0) : undefined;
    await trader.exit(position.symbol, `time_stop: held ${count.held} bars${count.byClock ? ' by the clock (the market answers no bars for it)' : ''}, the maximum is ${maxHoldBars}`, 'time', atPrice);
    return true;
  }

  /**
   * Judges the ranges of the position's bars closed since the last check (from its entry when it opened in this run;
   * from the bars after the first check's when it was already open at start), in order, with the backtest's rules. Returns the exit
   * state after them, or 'exited' when a level was reached and the exit was asked for at its price. Bars that cannot
   * be read are judged next time.
   */
  private async judgeNewBars(position: PositionRow, market: MarketData, signal: AbortSignal): Promise<ExitState | 'exited'> {
    const { store, trader, clock, logger } = this.options;
    const known = this.judged.get(position.symbol);
    // From the bars' state, not the stored one: a quote's peak from inside a bar, judged against its earlier open, sold rallies.
    // After a restart, the bars' state stored with the last bar judged (none in a store from before it was kept).
    const stored = position.judgedPeak !== undefined ? { peakPrice: position.judgedPeak, trailingActive: position.judgedTrailing ?? false } : null;
    let state: ExitState = known?.openedAt === position.openedAt ? known.state : (stored ?? { peakPrice: position.peakPrice, trailingActive: position.trailingActive });
    let bars: Bar[];
    try {
      bars = await market.bars(position.symbol, this.checkBars, signal);
    } catch (error) {
      logger.warn({ symbol: position.symbol, err: errorMessage(error) }, 'bars unavailable for the stops on bar ranges; judged next time');
      return state;
    }
    const barMs = barLengthOf(market, position.symbol, bars);
    const newestClose = bars.length > 0 ? bars.at(-1)!.time + barMs : -Infinity;
    // A position left by a previous run resumes from the last bar that run judged (stored with the position), so a
    // level reached while the daemon was down still fills at the level; a store from before that was kept judges
    // from the bars that close from now on (bar time, not the clock: a replay's bars are old).
    const inherited = this.inherited!.has(`${position.symbol}@${position.openedAt}`);
    const since = known && known.openedAt === position.openedAt ? known.until : (position.judgedUntil ?? (inherited ? newestClose : -Infinity));
    if (!known && inherited && position.judgedUntil !== undefined && newestClose > position.judgedUntil) {
      logger.info({ symbol: position.symbol, since: position.judgedUntil }, 'position left by a previous run: judging the bars closed since its last check');
    }
    bars = await this.readBack(position, market, bars, barMs, since, signal);
    let until = since;
    const blocks = windowBlocks(bars, barMs);
    for (const [i, bar] of bars.entries()) {
      const close = bar.time + barMs;
      const noSale = blocks[i] === 'all' || blocks[i] === 'sell'; // as checkBar's
      if (bar.time < position.openedAt || close <= since) continue;
      until = Math.max(until, close);
      if (noSale) continue;
      // A bar begun before the last one judged (bars grew at a restart): its range may predate the peak, only its close is new.
      const range = bar.time < since ? { open: bar.close, high: bar.close, low: bar.close, close: bar.close } : bar;
      const decision = evaluateBarExit(exitPositionOf(position), state, range, this.priceRules, this.options.slippageBps);
      state = decision.state;
      if (decision.exit) {
        this.judged.set(position.symbol, { openedAt: position.openedAt, until, state });
        store.saveExitState(position.symbol, position.openedAt, Object.assign({ peakPrice: state.peakPrice, trailingActive: state.trailingActive, markPrice: bar.close }, judgedState(until, state)), clock.now());
        this.fired({ symbol: position.symbol, price: decision.exit.price, reason: decision.exit.reason, detail: decision.exit.detail });
        await trader.exit(position.symbol, `${decision.exit.reason}: ${decision.exit.detail}`, FILL_REASON_OF[decision.exit.reason], decision.exit.price, bar.time);
        return 'exited';
      }
    }
    this.judged.set(position.symbol, { openedAt: position.openedAt, until: Number.isFinite(until) ? until : since, state });
    return state;
  }

  /**
   * The bars back to the first one not judged yet (opening at `since`, or at the entry for a position not judged yet),
   * when the check's bars start after it: a restart after an outage, or checks slower than the bars. A stop those bars
   * reached was judged only on the last MIN_CHECK_BARS, and filled late at a worse price or not at all. Bars that
   * cannot be read back (more than MAX_CATCH_UP_BARS, or history the market no longer has) are said.
   */
  private async readBack(position: PositionRow, market: MarketData, bars: Bar[], barMs: number, since: number, signal: AbortSignal): Promise<Bar[]> {
    const from = Number.isFinite(since) ? since : position.openedAt;
    if (bars.length === 0 || bars[0]!.time <= from || !(barMs > 0)) return bars;
    const wanted = Math.min(MAX_CATCH_UP_BARS, Math.ceil((bars.at(-1)!.time - from) / barMs) + 1);
    let read = bars;
    if (wanted > bars.length) {
      try {
        read = await market.bars(position.symbol, wanted, signal);
      } catch (error) {
        this.options.logger.warn({ symbol: position.symbol, err: errorMessage(error) }, 'bars since the last check could not be read back; judging the latest only');
        return bars;
      }
    }
    if (read.length > 0 && read[0]!.time > from) {
      this.options.logger.warn(
        { symbol: position.symbol, since: from, judgedFrom: read[0]!.time, bars: read.length },
        'some bars since the last check cannot be read: a stop or target they reached is not filled at its level',
      );
    }
    return read;
  }

  /**
   * A bar of `symbol` has closed (a backtest's calendar): its price rules are judged against its range (a stop at its
   * level, or at the open beyond it; stop before target), its state stored, then the time stop. Orders in flight for the
   * symbol are settled before this. A bar no sale could fill in (`noSale`: nobody traded in it, its price the last
   * trade's; or locked at a limit down) fires no price rule: a stop it reaches fills at a later bar, as a resting stop would.
   */
  async checkBar(symbol: string, bar: Readonly<Bar>, signal?: AbortSignal, noSale = false): Promise<void> {
    const { store, trader, clock } = this.options;
    const position = store.position(symbol);
    if (!position) return;
    const state = { peakPrice: position.peakPrice, trailingActive: position.trailingActive };
    const decision = noSale ? { exit: null, state } : evaluateBarExit(exitPositionOf(position), state, bar, this.options.rules, this.options.slippageBps);
    trader.mark(symbol, bar.close);
    store.saveExitState(symbol, position.openedAt, { peakPrice: decision.state.peakPrice, trailingActive: decision.state.trailingActive, markPrice: bar.close }, clock.now());
    if (decision.exit) {
      this.fired({ symbol, price: decision.exit.price, reason: decision.exit.reason, detail: decision.exit.detail });
      await trader.exit(symbol, `${decision.exit.reason}: ${decision.exit.detail}`, FILL_REASON_OF[decision.exit.reason], decision.exit.price, bar.time);
      return;
    }
    if (await this.timeStop(position, bar.close, signal)) return;
    const { maxHoldMs } = this.priceRules;
    if (maxHoldMs && maxHoldMs > 0 && clock.now() - position.openedAt >= maxHoldMs) {
      await trader.exit(symbol, `time_stop: held ${clock.now() - position.openedAt} ms, the maximum is ${maxHoldMs} ms`, 'time');
    }
  }
}
