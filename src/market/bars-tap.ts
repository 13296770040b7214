import type { Bar, BarsRead, MarketData } from './market-port.js';

/**
 * The kernel's market, seen through a tap that remembers each symbol's newest bar that any part has read (scanners,
 * discussions, the position monitor). The paper broker reads it when an order is placed: the decision saw that bar,
 * so the order fills at a later one. One entry per symbol of the universe, so it stays bounded.
 */
export class BarsTap implements MarketData {
  readonly name: string;
  private readonly newestBar = new Map<string, number>();
  /** Per symbol, the longest series read that ends on its newest bar (bars are immutable; one array per symbol). */
  private readonly latest = new Map<string, { bars: readonly Bar[]; asked: number }>();

  constructor(
    /** The market under the tap. */
    readonly source: MarketData,
    /** Every series read, for the market's time (the daily loss limit's day). */
    private readonly onBars?: (symbol: string, bars: readonly Bar[]) => void,
  ) {
    this.name = source.name;
  }

  symbols(): readonly string[] {
    return this.source.symbols();
  }

  async bars(symbol: string, limit: number, signal?: AbortSignal, read?: BarsRead): Promise<Bar[]> {
    const bars = await this.source.bars(symbol, limit, signal, read);
    const last = bars.at(-1);
    if (last) {
      const newest = this.newestBar.get(symbol);
      if (newest === undefined || last.time > newest) {
        this.newestBar.set(symbol, last.time);
        this.latest.set(symbol, { bars, asked: limit });
      } else if (last.time === newest && limit > (this.latest.get(symbol)?.asked ?? 0)) this.latest.set(symbol, { bars, asked: limit });
    }
    this.onBars?.(symbol, bars);
    return bars;
  }

  price(symbol: string, signal?: AbortSignal): Promise<number> {
    return this.source.price(symbol, signal);
  }

  halted(symbol: string, signal?: AbortSignal): Promise<boolean> {
    return this.source.halted ? this.source.halted(symbol, signal) : Promise.resolve(false);
  }

  barMs(symbol: string): number | undefined {
    return this.source.barMs?.(symbol);
  }

  marketNow(symbol: string): number | undefined {
    return this.source.marketNow?.(symbol);
  }

  ended(): boolean {
    return this.source.ended?.() === true;
  }

  /**
   * The last `limit` bars of `symbol` as last read (ending on the newest bar seen), when that read asked for as many:
   * what a rule needs right after a discussion read them, without asking the market again. Undefined otherwise.
   */
  recent(symbol: string, limit: number): readonly Bar[] | undefined {
    const read = this.latest.get(symbol);
    if (!read || read.asked < limit) return undefined;
    return read.bars.length > limit ? read.bars.slice(read.bars.length - limit) : read.bars;
  }

  /** Open time of the newest bar of `symbol` read so far, or undefined before any. */
  newest(symbol: string): number | undefined {
    return this.newestBar.get(symbol);
  }
}
