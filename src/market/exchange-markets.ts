/**
 * An exchange's markets (symbols, steps, limits), loaded once and shared by every call that needs them. After a failed
 * load, or once told they may be stale, the next use loads them again with ccxt's `reload`: ccxt keeps a failed load
 * and answers it to every later call otherwise (a daemon started during the exchange's maintenance read no price and
 * sent no order for as long as it ran).
 */
export class ExchangeMarkets {
  private loading: Promise<unknown> | null = null;
  private reload = false;
  /** The last load that succeeded. */
  private loaded: Promise<unknown> | null = null;

  constructor(private readonly exchange: { loadMarkets(reload?: boolean): Promise<unknown>; marketsLoading?: Promise<unknown> }) {}

  /** The markets, loaded now if they never were, failed to load, or were marked stale. */
  load(): Promise<unknown> {
    if (this.loading && !this.reload) return this.loading;
    const reload = this.reload;
    this.reload = false;
    const attempt: Promise<unknown> = this.exchange.loadMarkets(reload).then(
      (markets) => {
        this.loaded = attempt;
        return markets;
      },
      (error: unknown) => {
        const before = this.loaded;
        if (reload && before) {
          // A re-read that failed (the markets' status, asked each minute while paper orders wait): the list read before
          // stands, for ccxt's own calls too, which took its failed promise and refused every bar and price read, stops
          // included, until a re-read succeeded. The next re-read is asked for as before (stale).
          this.exchange.marketsLoading = before;
          this.loading = before;
        } else {
          this.loading = null;
          this.reload = true;
        }
        throw error;
      },
    );
    this.loading = attempt;
    return attempt;
  }

  /** The rules may have changed (the exchange refused an order as invalid): they are read again at the next use. */
  stale(): void {
    this.reload = true;
  }
}
