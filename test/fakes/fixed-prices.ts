import type { Bar, MarketData } from '../../src/market/market-port.js';

/** A market of set prices and no bars (the stops judge the price alone); a test moves a price by assigning it. */
export class FixedPrices implements MarketData {
  readonly name = 'fixed';
  constructor(readonly prices: Record<string, number>) {}
  symbols(): readonly string[] {
    return Object.keys(this.prices);
  }
  async bars(): Promise<Bar[]> {
    return [];
  }
  async price(symbol: string): Promise<number> {
    return this.prices[symbol]!;
  }
  barMs?: (symbol: string) => number;
}
