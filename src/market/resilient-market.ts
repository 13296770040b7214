import type { Clock } from '../core/clock.js';
import { ResilientSource, type ResilienceOptions, type SourceStats } from '../core/resilient-source.js';
import type { Bar, BarsRead, MarketData } from './market-port.js';

/** A market-data adapter behind a timeout, retries for transient errors, a circuit breaker and a rate limit. */
export class ResilientMarketData implements MarketData {
  readonly name: string;
  private readonly guard: ResilientSource;

  constructor(
    private readonly inner: MarketData,
    clock: Clock,
    options: ResilienceOptions = {},
  ) {
    this.name = inner.name;
    this.guard = new ResilientSource(inner.name, clock, options);
  }

  symbols(): readonly string[] {
    return this.inner.symbols();
  }

  bars(symbol: string, limit: number, signal?: AbortSignal, read?: BarsRead): Promise<Bar[]> {
    return this.guard.call(`bars ${symbol}`, (s) => this.inner.bars(symbol, limit, s), signal, read?.bulk === true);
  }

  barMs(symbol: string): number | undefined {
    return this.inner.barMs?.(symbol);
  }

  marketNow(symbol: string): number | undefined {
    return this.inner.marketNow?.(symbol);
  }

  price(symbol: string, signal?: AbortSignal): Promise<number> {
    return this.guard.call(`price ${symbol}`, (s) => this.inner.price(symbol, s), signal);
  }

  halted(symbol: string, signal?: AbortSignal): Promise<boolean> {
    const inner = this.inner;
    if (!inner.halted) return Promise.resolve(false);
    return this.guard.call(`status ${symbol}`, (s) => inner.halted!(symbol, s), signal);
  }

  stats(): SourceStats {
    return this.guard.stats();
  }
}
