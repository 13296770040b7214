/**
 * Per-symbol feature state: the window indicators (SMA, Bollinger bands, stochastic, CCI, CMF) computed once per bar
 * and symbol and kept across discussions, instead of over the whole window (~250 bars × the period) in every one.
 *
 * Each value is a function of the last `period` bars only, computed by the same code in the same order as over a
 * window (window-indicators.ts), so a window's column is the state's column over the window's bars, with the window's
 * own warm-up left null: the agents' answers are bit for bit what they were (tests hold it on real bars).
 *
 * Point in time: the state is synchronised with the bars a discussion's series holds (closed at its `now`, clean)
 * before every read. Bars the state holds that differ from them (a revised bar) are dropped with everything after, and
 * so are bars after the series' last one: the state never holds a bar after the reading context's `now`, and a column
 * read for a window depends on that window's bars only.
 *
 * Bounded: at most MAX_SYMBOLS symbols (the least recently read dropped first) and, per symbol, the last
 * max(MIN_KEEP, 2 × window) bars.
 */
import type { Bar } from '../market/market-port.js';

export type Field = 'open' | 'high' | 'low' | 'close' | 'volume';

const MAX_SYMBOLS = 512;
/**
 * Bars kept per symbol at least (up to twice that before the oldest are cut): 1024 held up to 2,048 minute bars and
 * their columns per symbol, about 300 MB of heap for 400 symbols after a day and a half, for windows of 250.
 */
const MIN_KEEP = 256;

export class SymbolFeatures {
  // Replaced, not emptied, when a window shares nothing with what is held (see sync); read them afresh on each use.
  bars: Readonly<Bar>[] = [];
  fields: Record<Field, number[]> = { open: [], high: [], low: [], close: [], volume: [] };
  private readonly columns = new Map<string, unknown[]>();
  /** Changes on every change of the bars, so a series that synchronised at this version need not compare again. */
  version = 0;

  /**
   * Makes the state hold exactly `window`'s bars at its end (keeping what came before when it matches) and returns
   * where the window starts in `bars`, or -1 when the window cannot be placed (times not strictly increasing).
   */
  sync(window: readonly Readonly<Bar>[]): number {
    if (window.length === 0) return -1;
    for (let j = 1; j < window.length; j++) if (!(window[j]!.time > window[j - 1]!.time)) return -1;
    let start = this.indexOf(window[0]!.time);
    if (start < 0) {
      this.replace(window);
      start = 0;
    }
    for (let j = 0; j < window.length; j++) {
      const i = start + j;
      if (i < this.bars.length) {
        if (sameBar(this.bars[i]!, window[j]!)) continue;
        this.truncate(i);
      }
      this.append(window[j]!);
    }
    if (this.bars.length > start + window.length) this.truncate(start + window.length);
    const keep = Math.max(MIN_KEEP, 2 * window.length);
    if (this.bars.length > 2 * keep) {
      const drop = this.bars.length - keep;
      this.bars.splice(0, drop);
      for (const f of Object.values(this.fields)) f.splice(0, drop);
      for (const c of this.columns.values()) c.splice(0, Math.min(drop, c.length));
      start -= drop;
      this.version++;
    }
    return start;
  }

  /**
   * A column of numbers, null kept as NaN: V8 then stores it as raw doubles, not a heap object per value that the
   * young-generation collector must copy to the old one (the state lives long). For the intermediate columns the
   * window columns are computed from (their warm-up is never read): columns a window reads are made by `column`,
   * whose values a window's copy shares instead of boxing each again.
   */
  numbers(key: string, warm: number, at: (i: number) => number | null): readonly number[] {
    let c = this.columns.get(key) as number[] | undefined;
    if (!c || c.length === 0) {
      // A whole column at once: allocated at its size instead of grown push by push (a window that shares nothing
      // with the state, as sparse discussions of minute bars do, recomputes every column).
      const n = this.bars.length;
      this.columns.set(key, (c = new Array<number>(n)));
      for (let i = 0; i < n; i++) c[i] = (i >= warm ? at(i) : null) ?? NaN;
      return c;
    }
    for (let i = c.length; i < this.bars.length; i++) c.push((i >= warm ? at(i) : null) ?? NaN);
    return c;
  }

  /** The column `key` over every held bar: value i = at(i), computed once per bar (null before `warm` is reached). */
  column<T>(key: string, warm: number, at: (i: number) => T | null): readonly (T | null)[] {
    let c = this.columns.get(key) as (T | null)[] | undefined;
    if (!c) this.columns.set(key, (c = []));
    for (let i = c.length; i < this.bars.length; i++) {
      const v = i >= warm ? at(i) : null;
      c.push(v !== null && typeof v === 'object' ? Object.freeze(v) : v);
    }
    return c;
  }

  /**
   * Values [from, to) of column `key`, each computed on its first read (null before `warm`): a discussion that reads a
   * column's last values only computes none for the bars between discussions (sparse discussions of minute bars).
   * Not computed yet is `undefined`; a column read this way is read this way only (its own key).
   */
  range<T>(key: string, warm: number, from: number, to: number, at: (i: number) => T | null): (T | null)[] {
    let c = this.columns.get(key) as (T | null | undefined)[] | undefined;
    if (!c) this.columns.set(key, (c = []));
    while (c.length < to) c.push(undefined);
    const out = new Array<T | null>(to - from);
    for (let i = from; i < to; i++) {
      let v = c[i];
      if (v === undefined) {
        const computed = i >= warm ? at(i) : null;
        c[i] = v = computed !== null && typeof computed === 'object' ? Object.freeze(computed) : computed;
      }
      out[i - from] = v;
    }
    return out;
  }

  private indexOf(time: number): number {
    let lo = 0;
    let hi = this.bars.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.bars[mid]!.time;
      if (t === time) return mid;
      if (t < time) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private append(b: Readonly<Bar>): void {
    this.bars.push(b);
    this.fields.open.push(b.open);
    this.fields.high.push(b.high);
    this.fields.low.push(b.low);
    this.fields.close.push(b.close);
    this.fields.volume.push(b.volume);
    this.version++;
  }

  /** Holds exactly `window` (nothing of what was held is kept): new arrays at their size, every column to recompute. */
  private replace(window: readonly Readonly<Bar>[]): void {
    this.bars = window.slice();
    this.fields = {
      open: window.map((b) => b.open),
      high: window.map((b) => b.high),
      low: window.map((b) => b.low),
      close: window.map((b) => b.close),
      volume: window.map((b) => b.volume),
    };
    for (const c of this.columns.values()) c.length = 0;
    this.version++;
  }

  private truncate(length: number): void {
    this.bars.length = length;
    for (const f of Object.values(this.fields)) f.length = length;
    for (const c of this.columns.values()) if (c.length > length) c.length = length;
    this.version++;
  }
}

const sameBar = (a: Readonly<Bar>, b: Readonly<Bar>): boolean =>
  a === b || (a.time === b.time && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume);

const states = new Map<string, SymbolFeatures>();

/** The feature state of one symbol at one bar length (made on first use; the least recently used goes beyond the bound). */
export function featuresOf(symbol: string, barMs: number | undefined): SymbolFeatures {
  const key = `${symbol}\u0000${barMs ?? ''}`;
  let s = states.get(key);
  if (s) {
    states.delete(key);
  } else {
    s = new SymbolFeatures();
    if (states.size >= MAX_SYMBOLS) states.delete(states.keys().next().value!);
  }
  states.set(key, s);
  return s;
}

/** Forgets every symbol's state (tests; a backtest starting over needs nothing of it, as the state resynchronises). */
export function clearFeatures(): void {
  states.clear();
}
