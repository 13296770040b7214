import type { Clock } from '../core/clock.js';
import { marketHalted } from './entry-inputs.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import type { InFlightPaperOrder } from './paper-broker.js';

/** What a halt does to a paper order in flight: an entry is cancelled (with why), an exit held until the market trades. */
export type HaltAnswer = { cancel: string } | 'hold' | null;

/**
 * Paper orders already in flight when the exchange lists their market as not trading (a halt, a delisting under way:
 * ccxt's active false). The entry planner and the trader's exit path stop new orders then, but one sent a moment before
 * filled at the next bar or price of the halt, at a price no one could trade. Now an entry is cancelled, as a stale one
 * is (adopt, skipped-entry.ts): the next verdict decides afresh once it trades. An exit is held, said once, and fills at
 * the first price after the market was last seen halted (its wait for a price counts from then too).
 */
export class PaperHalts {
  /** Exits held, by client order id: said once when held, once when their market trades again. */
  private readonly held = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger | undefined,
    private readonly marketNow: ((symbol: string) => number | undefined) | undefined,
  ) {}

  /** A status that cannot be read is logged and taken as trading, as entries and exits take it (entry-inputs.ts). */
  async check(id: string, order: InFlightPaperOrder, market: Pick<MarketData, 'halted'>, signal?: AbortSignal): Promise<HaltAnswer> {
    const { symbol, side } = order.request;
    const halted = await marketHalted(market, symbol, this.logger, signal, id);
    if (halted === undefined) return null;
    if (!halted) {
      if (this.held.delete(id)) this.logger?.info({ clientOrderId: id, symbol }, `${symbol} trades again: the paper sale held during its halt fills at its first price from now`);
      return null;
    }
    if (side === 'buy') {
      return { cancel: `entry for ${symbol} cancelled: the exchange lists ${symbol} as not trading (trading halted, or the pair being delisted) since it was sent, and fills nothing there; the next verdict decides afresh once it trades` };
    }
    const now = this.clock.now();
    // Its fill must come from after the halt: the newest bar is read again, and the price is one from after now.
    order.after = null;
    order.marketAt = this.marketNow?.(symbol) ?? now;
    order.waitFrom = now;
    if (!this.held.has(id)) {
      this.held.add(id);
      this.logger?.warn(
        { clientOrderId: id, symbol },
        `paper sale of ${symbol} held: the exchange lists ${symbol} as not trading (trading halted, or the pair being delisted) since it was sent, so nothing fills at its frozen price. It fills at the first price once the market trades again`,
      );
    }
    return 'hold';
  }

  forget(id: string): void {
    this.held.delete(id);
  }
}
