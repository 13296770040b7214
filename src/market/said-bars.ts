/**
 * Which bad bars of each symbol have been said already. A live source fetches its last N bars at every scan, so a bad
 * bar comes back until it leaves the window: it is logged and counted the first time, and again only when it changes
 * (its prices, or the verdict on it). Bounded: the keys of bars older than the window are forgotten, and at most
 * `maxPerSymbol` are kept per symbol (the oldest go first).
 */
export class SaidBars {
  /** Per symbol, key → the bar's time, in the order said. */
  private readonly bySymbol = new Map<string, Map<string, number>>();

  constructor(private readonly maxPerSymbol = 4096) {}

  /** True the first time `key` of `symbol` is seen while remembered; it is remembered from then on. */
  first(symbol: string, key: string, time: number): boolean {
    let said = this.bySymbol.get(symbol);
    if (!said) this.bySymbol.set(symbol, (said = new Map()));
    if (said.has(key)) return false;
    said.set(key, time);
    if (said.size > this.maxPerSymbol) said.delete(said.keys().next().value!);
    return true;
  }

  /** Whether `key` of `symbol` is remembered (without remembering it). */
  has(symbol: string, key: string): boolean {
    return this.bySymbol.get(symbol)?.has(key) ?? false;
  }

  /** Forgets the bars of `symbol` before `time`: they have left the fetched window and do not come back. */
  forgetBefore(symbol: string, time: number): void {
    const said = this.bySymbol.get(symbol);
    if (!said) return;
    for (const [key, t] of said) if (t < time) said.delete(key);
  }

  /** How many bars of `symbol` are remembered (for tests). */
  size(symbol: string): number {
    return this.bySymbol.get(symbol)?.size ?? 0;
  }
}
