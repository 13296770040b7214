import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { barLengthOf, type Bar, type MarketData } from '../market/market-port.js';
import { duration } from '../market/live-bar-time.js';
import type { PositionRow } from '../store/store.js';
import { countSince } from './entry-inputs.js';

/** Bars a position has been held; `byClock` when the market answered no bars and the clock counted them. */
export interface HeldBars {
  held: number;
  byClock: boolean;
}

/**
 * Counts the time stop in bars (maxHoldBars) of each held position. When the market answers no bars for a held symbol
 * whose ticker it still serves (a pair halted for candles, or being delisted), no bar closes: counted in bars alone the
 * time stop never fired (a 30-bar stop still held 180 bars on, measured). Then it goes on by the clock at the symbol's
 * bar length, from the last count its bars gave (from the entry when none did this run), and that is said once per
 * position. Bars that come again count again.
 */
export class BarTimeStop {
  /** Per symbol: the position's last count from bars and when it was made; `said` once the clock counted for it. */
  private readonly counts = new Map<string, { openedAt: number; held: number; at: number; said: boolean }>();

  constructor(private readonly options: { clock: Clock; logger: Logger; maxHoldBars: number }) {}

  /** The bars `position` has been held, or null when they cannot be counted now (said). */
  async held(position: PositionRow, market: MarketData, signal?: AbortSignal): Promise<HeldBars | null> {
    const { maxHoldBars, clock, logger } = this.options;
    const { symbol, openedAt } = position;
    let bars: Bar[];
    try {
      bars = await market.bars(symbol, maxHoldBars + 1, signal);
    } catch (error) {
      logger.warn({ symbol, err: errorMessage(error) }, 'bars unavailable for the time stop; checked again next time');
      return null;
    }
    const barMs = barLengthOf(market, symbol, bars);
    const now = clock.now();
    const known = this.counts.get(symbol);
    const same = known?.openedAt === openedAt ? known : undefined;
    if (bars.length > 0) {
      const held = countSince(bars, openedAt, maxHoldBars, barMs);
      this.counts.set(symbol, { openedAt, held, at: now, said: same?.said ?? false });
      return { held, byClock: false };
    }
    const base = same ?? { openedAt, held: 0, at: openedAt, said: false };
    this.counts.set(symbol, base);
    if (!(barMs > 0)) {
      if (!base.said) logger.warn({ symbol, maxHoldBars }, `${symbol}: the market answers no bars for it and does not say its bar length, so its time stop in bars cannot count: the position is held until a stop on its ticker fires or its bars come again; sell it on the exchange if it must not be held longer`);
      base.said = true;
      return null;
    }
    const held = base.held + Math.max(0, Math.floor((now - base.at) / barMs));
    if (!base.said) {
      logger.warn(
        { symbol, held, maxHoldBars, barMs },
        `${symbol}: the market answers no bars for it (trading halted, or the pair being delisted?): its time stop in bars goes on by the clock, a bar every ${duration(barMs)}, ${held} of ${maxHoldBars} so far; at ${maxHoldBars} it is sold at its ticker`,
      );
      base.said = true;
    }
    return { held, byClock: true };
  }

  /** Forgets the symbols no longer held. */
  retain(held: (symbol: string) => boolean): void {
    for (const symbol of this.counts.keys()) if (!held(symbol)) this.counts.delete(symbol);
  }
}
