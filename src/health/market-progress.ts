import type { Bar } from '../market/market-port.js';
import { nthSmallest } from '../core/nth-smallest.js';

export interface MarketProgressState {
  /** Open time of the newest bar seen of any symbol (epoch ms), null before the first. */
  newestBarAt: number | null;
  /** The bars' typical length (median spacing), ms. */
  barMs: number | null;
  /** Longest pause between two bars in the recent history seen: a closed market's night or weekend is not a stall. */
  longestPauseMs: number | null;
  /** When the last observation was made. */
  observedAt: number | null;
}

/**
 * Whether market data still advances. The model scanner reports every series it fetched; the data is stalled when
 * no newer bar has appeared for three bar lengths of clock time, or for the longest pause the recent history itself
 * shows, whichever is longer. So a crypto feed (bars around the clock) stalls after three bars, while an exchange's
 * night or weekend, already seen in the history, does not count as one. Progress is judged by when the newest bar
 * last changed, not by the bars' own timestamps, so a replay of old history is judged the same way.
 */
/** How often (in series observed) the bar length and the longest pause are measured again; they change slowly. */
const MEASURE_EVERY = 32;
/** Symbols followed one by one at most (a universe is smaller): past it the longest unseen is forgotten. */
const MAX_SYMBOLS = 10_000;

/** A symbol's own progress changed: its bars stopped advancing while the market's go on, or they advance again. */
export type SymbolProgress = { symbol: string; lagging: true; sinceBarAt: number; forMs: number } | { symbol: string; lagging: false };

export class MarketProgress {
  private newestBarAt: number | null = null;
  private barMs: number | null = null;
  private longestPauseMs: number | null = null;
  private observedAt: number | null = null;
  private advancedAt: number | null = null;
  private stalledSince: number | null = null;
  /** Series seen since the last measurement (measuring sorts a window of gaps). */
  private sinceMeasured = Infinity;
  private readonly symbols = new Map<string, { newest: number; advancedAt: number; lagging: boolean }>();

  /**
   * Notes a series fetched (of `symbol`, when named); returns the symbol's change of progress, if any: one symbol's
   * bars frozen while the others advance (a held position would be judged on a frozen price) is no market stall.
   */
  observe(series: readonly Bar[], now: number, symbol?: string): SymbolProgress | undefined {
    if (series.length === 0) return undefined;
    const last = series.at(-1)!.time;
    if (this.newestBarAt === null || last > this.newestBarAt) {
      this.newestBarAt = last;
      this.advancedAt = now;
    }
    if (series.length >= 3 && ++this.sinceMeasured >= MEASURE_EVERY) {
      this.sinceMeasured = 0;
      const gaps = new Float64Array(series.length - 1);
      let longest = -Infinity;
      for (let i = 1; i < series.length; i++) {
        gaps[i - 1] = series[i]!.time - series[i - 1]!.time;
        longest = Math.max(longest, gaps[i - 1]!);
      }
      // The median by selection, not a sort with a comparator call per pair.
      const median = nthSmallest(gaps, gaps.length >> 1);
      if (median > 0) this.barMs = this.barMs === null ? median : Math.min(this.barMs, median);
      this.longestPauseMs = Math.max(this.longestPauseMs ?? 0, longest);
    }
    this.observedAt = now;
    this.stalledSince = this.isStalledAt(now) ? (this.stalledSince ?? now) : null;
    return symbol === undefined ? undefined : this.followSymbol(symbol, last, now);
  }

  private followSymbol(symbol: string, last: number, now: number): SymbolProgress | undefined {
    let s = this.symbols.get(symbol);
    if (!s) {
      if (this.symbols.size >= MAX_SYMBOLS) this.symbols.delete(this.symbols.keys().next().value!);
      this.symbols.set(symbol, (s = { newest: last, advancedAt: now, lagging: false }));
    }
    if (last > s.newest) {
      s.newest = last;
      s.advancedAt = now;
      if (!s.lagging) return undefined;
      s.lagging = false;
      return { symbol, lagging: false };
    }
    // Behind by more than the market's own limit while the market is not stalled (then it is said once, as a whole).
    if (s.lagging || this.barMs === null || this.stalledSince !== null || now - s.advancedAt <= this.limitMs(this.barMs)) return undefined;
    s.lagging = true;
    return { symbol, lagging: true, sinceBarAt: s.newest, forMs: now - s.advancedAt };
  }

  private isStalledAt(now: number): boolean {
    if (this.advancedAt === null || this.barMs === null) return false;
    return now - this.advancedAt > this.limitMs(this.barMs);
  }

  private limitMs(barMs: number): number {
    return Math.max(3 * barMs, this.longestPauseMs ?? 0);
  }

  /** A description of the stall, or null while data advances (or too little has been seen to tell). */
  stall(): { sinceBarAt: number; stalledSince: number; limitMs: number } | null {
    if (this.stalledSince === null || this.newestBarAt === null || this.barMs === null) return null;
    return { sinceBarAt: this.newestBarAt, stalledSince: this.stalledSince, limitMs: this.limitMs(this.barMs) };
  }

  state(): MarketProgressState {
    return { newestBarAt: this.newestBarAt, barMs: this.barMs, longestPauseMs: this.longestPauseMs, observedAt: this.observedAt };
  }
}
