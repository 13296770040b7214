/**
 * The account limit stopping entries now (daily loss, drawdown), for the health line's `limit`, said once when it
 * starts. Learned from the risk gate's refusals, and for the daily loss limit read from the account as well: after a
 * restart, or while held positions fall with no entry tried, the limit already stops entries and the health line
 * must say so before a verdict is refused.
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { AccountRow } from '../store/store.js';
import { dailyLossBreach, drawdownBreach } from './risk-gate.js';

export interface AccountLimitWatchOptions {
  clock: Clock;
  logger: Logger;
  store: { account(): AccountRow };
  portfolio: { day(): string; equity(): number; restartPeak(): void };
  dailyLossLimit: number;
  /** Named in the daily loss limit's reason (its midnight turns the day). */
  marketTimezone?: string | undefined;
  /** The daemon's kill switch, which takes a drawdown halt over (see handDrawdownToOperator); none in a backtest. */
  haltForDrawdown?: ((reason: string) => void) | undefined;
  /** The drawdown limit, watched at each position check when the kill switch can take it over. */
  maxDrawdown?: number | undefined;
  /**
   * Whether entries are halted, by any cause (entry-halt.ts): a halt in place (an operator's, the limit's own, a fatal
   * condition, a damaged store) is not replaced; the limit is judged again once it lifts.
   */
  halted?: (() => boolean | string) | undefined;
}

export class AccountLimitWatch {
  /** The limit stopping entries since it tripped; null once an entry passes again. */
  private tripped: { rule: string; reason: string; since: number; day: string } | null = null;
  /** The market day the daily loss limit was last said on. */
  private saidDay: string | null = null;

  constructor(private readonly options: AccountLimitWatchOptions) {}

  /** An entry passed the gate: no account limit stops entries. */
  passed(): void {
    this.tripped = null;
  }

  /**
   * The limit stopping entries now. The daily loss limit is the account's: it lifts when the market's day turns or
   * the loss shrinks back, though no entry has been tried since (it read "today's loss" all night, or all weekend).
   */
  current(): { rule: string; reason: string; since: number } | null {
    const { portfolio, store, clock } = this.options;
    if (!this.tripped || this.tripped.rule === 'daily_loss_limit') {
      const day = portfolio.day();
      const account = store.account();
      const breach = account.day === day ? dailyLossBreach(portfolio.equity(), account.dayStartEquity, this.options.dailyLossLimit, this.options.marketTimezone) : null;
      if (breach === null) {
        this.tripped = null;
        return null;
      }
      this.refused('daily_loss_limit', breach, clock.now());
    }
    if (!this.tripped) return null;
    const { rule, reason, since } = this.tripped;
    return { rule, reason, since };
  }

  /**
   * At each position check: equity past the drawdown limit halts trading now, as the setting says, not at the next
   * entry tried (days later, with nothing said and the cockpit showing no halt meanwhile).
   */
  watchDrawdown(): void {
    const { haltForDrawdown, maxDrawdown, halted, portfolio, store, clock } = this.options;
    if (!haltForDrawdown || maxDrawdown === undefined || halted?.()) return;
    const reason = drawdownBreach(portfolio.equity(), store.account().peakEquity, maxDrawdown);
    if (reason !== null) this.refused('max_drawdown', reason, clock.now());
  }

  /** The gate refused an entry by `rule`: said once when an account limit starts stopping entries (again on a new day for the daily loss limit). */
  refused(rule: string | undefined, reason: string, now: number): void {
    if (rule !== 'daily_loss_limit' && rule !== 'max_drawdown') return;
    // Tried once per trip: a kill switch that could not be engaged is not retried (and logged) at every decision.
    if (rule === 'max_drawdown' && this.options.haltForDrawdown && this.tripped?.rule !== 'max_drawdown' && this.handDrawdownToOperator(reason)) return;
    const day = this.options.portfolio.day();
    if (this.tripped?.rule === rule && (rule === 'max_drawdown' || this.tripped.day === day)) return;
    this.tripped = { rule, reason, since: now, day };
    // A loss wavering about the limit trips it again and again: said once a day.
    if (rule === 'daily_loss_limit' && this.saidDay === day) return;
    if (rule === 'daily_loss_limit') this.saidDay = day;
    this.options.logger.warn({ rule, reason }, rule === 'max_drawdown'
      ? 'drawdown limit reached: no new entries while equity stays that far below its peak (open positions keep their exits)'
      : 'daily loss limit reached: no new entries until the market\'s next day (open positions keep their exits)');
  }

  /**
   * A drawdown halt lifted only by equity regaining its peak never lifts, as no entry is made to regain it: the
   * operator had to raise maxDrawdown to trade again. The kill switch takes over instead (the health line, the
   * cockpit and `conclave status` say HALTED, with the reason) and the drawdown counts from today's equity, so
   * `conclave resume` trades again after a review. False when the kill switch cannot be engaged (its file cannot be
   * written): the limit then keeps refusing entries.
   */
  private handDrawdownToOperator(reason: string): boolean {
    const { logger } = this.options;
    try {
      this.options.haltForDrawdown!(`drawdown limit: ${reason}. Review, then \`conclave resume\` trades again, the drawdown counting from the equity at this halt`);
    } catch (error) {
      logger.error({ err: errorMessage(error), reason }, 'the drawdown limit could not engage the kill switch; the limit itself still refuses every entry');
      return false;
    }
    this.options.portfolio.restartPeak();
    this.tripped = null;
    logger.warn({ rule: 'max_drawdown', reason }, 'drawdown limit reached: trading halted by the kill switch until an operator resumes (`conclave resume`); open positions keep their exits');
    return true;
  }
}
