import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

/** How often an exit waiting on a halted market is said again while it lasts. */
const REPEAT_MS = 3_600_000;

/**
 * Exits not sent because the exchange lists the market as not trading (a halt, or a delisting under way: Binance's
 * status BREAK, ccxt's active false). Sent, each was refused ("Market is closed."), recorded as a rejected order and
 * warned of, at every check for as long as the halt lasted: 30 of each in 30 minutes of a halt --flatten. Now none is
 * sent; the position stays held, the wait is said at once and then hourly, and the exit goes once the market trades.
 */
export class HaltedSales {
  private readonly waiting = new Map<string, { since: number; saidAt: number; asked: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Paper trading holds nothing on the exchange: its advice is the store's write-off alone, not a sale by hand. */
    private readonly paper = false,
  ) {}

  has(symbol: string): boolean {
    return this.waiting.has(symbol);
  }

  /** Whether the exit of `symbol` (for `reason`) waits because its market is `halted`; a reopened market is said once. */
  waits(symbol: string, halted: boolean, reason: string): boolean {
    const now = this.clock.now();
    const known = this.waiting.get(symbol);
    if (!halted) {
      if (known) this.logger.info({ symbol, askedWhileHalted: known.asked }, `${symbol} trades again: its exit is sent`);
      this.waiting.delete(symbol);
      return false;
    }
    const state = known ?? { since: now, saidAt: -Infinity, asked: 0 };
    state.asked++;
    this.waiting.set(symbol, state);
    if (now - state.saidAt < REPEAT_MS && now >= state.saidAt) return true;
    state.saidAt = now;
    this.logger.warn(
      { symbol, reason, since: new Date(state.since).toISOString(), asked: state.asked },
      `exit of ${symbol} not sent: the exchange lists ${symbol} as not trading (trading halted, or the pair being delisted), and would refuse the sale. ` +
        `The position stays held; its exit is asked again at each check and sent once the market trades (said again hourly while it lasts). ` +
        (this.paper
          ? `Paper trading: nothing is held on the exchange. If it will not trade again, stop the daemon and close the paper position in the store: conclave write-off ${symbol} --reason TEXT (--price what it would fetch, default 0)`
          : `If it will not trade again, sell it on the exchange if it allows, then stop the daemon and close it in the store: conclave write-off ${symbol} --reason TEXT`),
    );
    return true;
  }
}
