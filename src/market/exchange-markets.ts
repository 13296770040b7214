/**
 * An exchange's markets (symbols, steps, limits), loaded once and shared by every call that needs them. After a failed
 * load, or once told they may be stale, the next use loads them again with ccxt's `reload`: ccxt keeps a failed load
 * and answers it to every later call otherwise (a daemon started during the exchange's maintenance read no price and
 * sent no order for as long as it ran).
 */
export class ExchangeMarkets {
  private loading: Promise<unknown> | null = null;
  private reload = false;

  constructor(private readonly exchange: { loadMarkets(reload?: boolean): Promise<unknown> }) {}

  /** The markets, loaded now if they never were, failed to load, or were marked stale. */
  load(): Promise<unknown> {
    if (this.loading && !this.reload) return this.loading;
    const reload = this.reload;
    this.reload = false;
    this.loading = this.exchange.loadMarkets(reload).catch((error: unknown) => {
      this.loading = null;
      this.reload = true;
      throw error;
    });
    return this.loading;
  }

  /** The rules may have changed (the exchange refused an order as invalid): they are read again at the next use. */
  stale(): void {
    this.reload = true;
  }
}
