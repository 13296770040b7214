import type { Bar } from '../market/market-port.js';
import { nthSmallest } from '../core/nth-smallest.js';

export interface MarketProgressState {
  /** Open time of the newest bar seen of any symbol (epoch ms), null before the first. */
  newestBarAt: number | null;
  /** The bars' typical length (the shortest median spacing of the recent series measured), ms. */
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
 * Both measures follow recent history, so one bad episode does not weaken the check for the rest of the run (a run of
 * timestamps in seconds had made the bar 60 ms for good, a 38-minute outage the limit 38 minutes): the bar length is
 * the shortest median spacing of the last BAR_MEASURES series measured, and a pause counts for PAUSE_MEMORY times its
 * own length of market time after it was last seen. A night, seen again every morning, and a weekend, every Monday, so
 * stay known; an outage of a feed that trades around the clock is forgotten hours later.
 */
/** How often (in series observed) the bar length and the longest pause are measured again; they change slowly. */
const MEASURE_EVERY = 32;
/** Measurements the bar length is taken from (the shortest of their medians: a universe may mix bar sizes). */
const BAR_MEASURES = 64;
/** Distinct pauses remembered at once (the briefest to expire goes first). */
const PAUSE_SLOTS = 8;
/**
 * How long a pause counts after it was last seen, in multiples of its length, on the bars' own clock (which stands
 * still while a market is closed): a weekend seen on Monday is still known on Saturday, even after a week without it.
 */
const PAUSE_MEMORY = 8;
/** Symbols followed one by one at most (a universe is smaller): past it the longest unseen is forgotten. */
const MAX_SYMBOLS = 10_000;

/**
 * A symbol's own progress changed: its bars stopped advancing while the market's go on, or they advance again.
 * `noBars`: the market answered no bars at all for it (`sinceBarAt` is null when none was ever seen).
 */
export type SymbolProgress = { symbol: string; lagging: true; sinceBarAt: number | null; forMs: number; noBars?: true } | { symbol: string; lagging: false };

export class MarketProgress {
  private newestBarAt: number | null = null;
  private barMs: number | null = null;
  private longestPauseMs: number | null = null;
  private observedAt: number | null = null;
  private advancedAt: number | null = null;
  private stalledSince: number | null = null;
  /** Series seen since the last measurement (measuring sorts a window of gaps). */
  private sinceMeasured = Infinity;
  /** The medians of the last measurements (a ring), and how many it holds. */
  private readonly medians = new Float64Array(BAR_MEASURES);
  private medianCount = 0;
  private medianNext = 0;
  /** Pauses remembered, and the newest bar time until which each counts (-Infinity: a free slot). */
  private readonly pauses = new Float64Array(PAUSE_SLOTS);
  private readonly pauseUntil = new Float64Array(PAUSE_SLOTS).fill(-Infinity);
  /** The gaps of the series measured (reused: it grows to the longest series). */
  private gaps = new Float64Array(0);
  private readonly symbols = new Map<string, { newest: number; advancedAt: number; lagging: boolean }>();

  /**
   * Notes a series fetched (of `symbol`, when named); returns the symbol's change of progress, if any: one symbol's
   * bars frozen while the others advance (a held position would be judged on a frozen price) is no market stall.
   */
  observe(series: readonly Bar[], now: number, symbol?: string): SymbolProgress | undefined {
    // No bars for one symbol (an exchange answering an empty list for a halted or delisted pair) says nothing of the
    // market, but that symbol does not advance: ignored, a held position went hours with no word and no time stop.
    if (series.length === 0) return symbol === undefined ? undefined : this.followSymbol(symbol, null, now);
    const last = series.at(-1)!.time;
    // Advanced after now: the wall clock stepped back since. Judged from then, data that stopped with the step looked
    // fresh until the clock caught up again; it counts from now.
    if (this.advancedAt !== null && this.advancedAt > now) this.advancedAt = now;
    if (this.newestBarAt === null || last > this.newestBarAt) {
      this.newestBarAt = last;
      this.advancedAt = now;
    }
    if (series.length >= 3 && ++this.sinceMeasured >= MEASURE_EVERY) {
      this.sinceMeasured = 0;
      this.measure(series, last);
    }
    this.observedAt = now;
    this.stalledSince = this.isStalledAt(now) ? (this.stalledSince ?? now) : null;
    return symbol === undefined ? undefined : this.followSymbol(symbol, last, now);
  }

  /** The bar length and the longest pause, from this series and the recent measurements before it. */
  private measure(series: readonly Bar[], last: number): void {
    const n = series.length - 1;
    if (this.gaps.length < n) this.gaps = new Float64Array(Math.max(n, 2 * this.gaps.length));
    const gaps = this.gaps.subarray(0, n);
    let longest = -Infinity;
    for (let i = 0; i < n; i++) {
      gaps[i] = series[i + 1]!.time - series[i]!.time;
      if (gaps[i]! > longest) longest = gaps[i]!;
    }
    // The median by selection, not a sort with a comparator call per pair.
    const median = nthSmallest(gaps, n >> 1);
    if (median > 0) {
      this.medians[this.medianNext] = median;
      this.medianNext = (this.medianNext + 1) % BAR_MEASURES;
      this.medianCount = Math.min(this.medianCount + 1, BAR_MEASURES);
      let shortest = Infinity;
      for (let i = 0; i < this.medianCount; i++) shortest = Math.min(shortest, this.medians[i]!);
      this.barMs = shortest;
    }
    if (longest > 0) this.rememberPause(longest, last);
    let pause = 0;
    for (let i = 0; i < PAUSE_SLOTS; i++) if (this.pauseUntil[i]! > this.newestBarAt!) pause = Math.max(pause, this.pauses[i]!);
    this.longestPauseMs = pause;
  }

  /** Notes a pause seen in a series ending at `at`; one within 10 % of a pause remembered is that pause seen again. */
  private rememberPause(pause: number, at: number): void {
    let slot = -1;
    let weakest = 0;
    for (let i = 0; i < PAUSE_SLOTS && slot < 0; i++) {
      const known = this.pauses[i]!;
      if (this.pauseUntil[i]! > -Infinity && Math.abs(known - pause) <= 0.1 * Math.max(known, pause)) slot = i;
      else if (this.pauseUntil[i]! < this.pauseUntil[weakest]!) weakest = i;
    }
    if (slot < 0) {
      slot = weakest;
      this.pauses[slot] = pause;
      this.pauseUntil[slot] = -Infinity;
    }
    this.pauses[slot] = Math.max(this.pauses[slot]!, pause);
    this.pauseUntil[slot] = Math.max(this.pauseUntil[slot]!, at + PAUSE_MEMORY * pause);
  }

  /** `last`: the open time of the series' newest bar, null when the market answered none. */
  private followSymbol(symbol: string, last: number | null, now: number): SymbolProgress | undefined {
    let s = this.symbols.get(symbol);
    if (!s) {
      if (this.symbols.size >= MAX_SYMBOLS) this.symbols.delete(this.symbols.keys().next().value!);
      this.symbols.set(symbol, (s = { newest: last ?? -Infinity, advancedAt: now, lagging: false }));
    }
    if (s.advancedAt > now) s.advancedAt = now;
    if (last !== null && last > s.newest) {
      s.newest = last;
      s.advancedAt = now;
      if (!s.lagging) return undefined;
      s.lagging = false;
      return { symbol, lagging: false };
    }
    // Behind by more than the market's own limit while the market is not stalled (then it is said once, as a whole).
    if (s.lagging || this.barMs === null || this.stalledSince !== null || now - s.advancedAt <= this.limitMs(this.barMs)) return undefined;
    s.lagging = true;
    return Object.assign({ symbol, lagging: true as const, sinceBarAt: Number.isFinite(s.newest) ? s.newest : null, forMs: now - s.advancedAt }, last === null ? { noBars: true as const } : {});
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
