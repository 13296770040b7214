import type { Bar, MarketData } from './market-port.js';

/**
 * The market for one round of checks (one position-monitor pass): each symbol's bars are fetched once and shared by
 * every rule that reads them (the paper broker's next price, the stop judged on a bar's range, the time stop), where
 * each asked on its own before (an exchange request each with ccxt). A request for more bars than already held
 * fetches again. Lives for one round only, so it is bounded by the symbols checked and never serves stale bars.
 */
export class BarsRound implements MarketData {
  readonly name: string;
  private readonly held = new Map<string, { limit: number; bars: Promise<Bar[]> }>();
  /** Requests that reached the market (for the health line and tests). */
  fetched = 0;

  /** `minLimit`: every request asks at least this many bars, so the rules that ask fewer share it. */
  constructor(
    private readonly market: MarketData,
    private readonly minLimit = 1,
  ) {
    this.name = market.name;
  }

  symbols(): readonly string[] {
    return this.market.symbols();
  }

  bars(symbol: string, limit: number, signal?: AbortSignal): Promise<Bar[]> {
    const known = this.held.get(symbol);
    if (known && known.limit >= limit) return known.bars.then((bars) => bars.slice(Math.max(0, bars.length - limit)));
    this.fetched++;
    const asked = Math.max(limit, this.minLimit);
    const all = this.market.bars(symbol, asked, signal);
    const entry = { limit: asked, bars: all };
    this.held.set(symbol, entry);
    // A failed fetch is not remembered: the next rule that asks tries again.
    all.catch(() => {
      if (this.held.get(symbol) === entry) this.held.delete(symbol);
    });
    return all.then((bars) => bars.slice(Math.max(0, bars.length - limit)));
  }

  price(symbol: string, signal?: AbortSignal): Promise<number> {
    return this.market.price(symbol, signal);
  }

  /** Passed on: without it the paper broker's orders in flight could not see a halt (it filled them during one). */
  halted(symbol: string, signal?: AbortSignal): Promise<boolean> {
    return this.market.halted ? this.market.halted(symbol, signal) : Promise.resolve(false);
  }

  barMs(symbol: string): number | undefined {
    return this.market.barMs?.(symbol);
  }

  marketNow(symbol: string): number | undefined {
    return this.market.marketNow?.(symbol);
  }
}
