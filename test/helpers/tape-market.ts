import type { VerdictEvent } from '../../src/domain/events.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';

const MIN = 60_000;

/** A market of 1-minute bars whose closed bars the test appends, as an exchange reports them; counts the bar requests per symbol. */
export class TapeMarket implements MarketData {
  readonly name = 'tape';
  readonly series = new Map<string, Bar[]>();
  readonly requests = new Map<string, number>();
  constructor(symbols: string[]) {
    for (const s of symbols) this.series.set(s, []);
  }
  add(symbol: string, time: number, open: number, high: number, low: number, close: number): Bar {
    const bar = { time, open, high, low, close, volume: 1_000_000 };
    this.series.get(symbol)!.push(bar);
    return bar;
  }
  symbols(): readonly string[] {
    return [...this.series.keys()];
  }
  async bars(symbol: string, limit: number): Promise<Bar[]> {
    this.requests.set(symbol, (this.requests.get(symbol) ?? 0) + 1);
    return this.series.get(symbol)!.slice(-limit);
  }
  async price(symbol: string): Promise<number> {
    return this.series.get(symbol)!.at(-1)!.close;
  }
  barMs(): number {
    return MIN;
  }
  /** A replay's time, when the tape replays old bars. */
  replayTime: (() => number) | undefined = undefined;
  marketNow(): number | undefined {
    return this.replayTime?.();
  }
}

/** A model BUY of `symbol` at `price`, sized at the whole fraction the risk gate allows (ids from `n`), with an optional stop. */
export function tapeBuy(decidedAt: number, symbol: string, price: number, n: number, stop?: number): VerdictEvent {
  return {
    verdictId: `v-${n}`,
    opportunity: { id: `opp-${n}`, symbol, source: 'model', direction: 'long', score: 2, price, reason: 'test', createdAt: 0 },
    verdict: { action: 'BUY', conviction: 1, score: 1, sizeFraction: 1, reasons: [], ...(stop !== undefined ? { stop } : {}) },
    outcomes: [],
    decidedAt,
  };
}
