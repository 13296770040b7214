import { OperationalError } from '../core/errors.js';
import type { Bar, MarketData } from '../market/market-port.js';
import { barLengthsSoFar } from './bar-lengths.js';

/** One symbol's validated bars and its bar length, as the backtest loaded them. */
export interface SeriesInput {
  symbol: string;
  bars: readonly Readonly<Bar>[];
  barMs: number;
  /** Open time of the bar after `bars` (a walk-forward fold's slice): its last bar closes no later. */
  nextOpen?: number;
}

interface Shown {
  bars: readonly Readonly<Bar>[];
  /** The file's bar length at each bar, from the bars up to it (bar-lengths.ts). */
  lengths: Float64Array;
  nextOpen: number | undefined;
  /** The shortest step from a revealed bar to the next open (shorten). */
  minStep: number;
  visible: number;
}

/**
 * The market a backtest's parts read: each symbol shows its bars up to the last one the calendar has revealed (a bar
 * is revealed once it has closed), never one after. The driver moves the cursors; nothing here reads a clock, so no
 * timer can race it. Bars are immutable and handed out as slices (discussions share them without copying).
 */
export class BacktestMarket implements MarketData {
  readonly name = 'backtest';
  private readonly series = new Map<string, Shown>();
  private readonly universe: string[];

  constructor(inputs: readonly SeriesInput[]) {
    for (const s of inputs) this.series.set(s.symbol, { bars: s.bars, lengths: barLengthsSoFar(s.bars, s.barMs), nextOpen: s.nextOpen, minStep: Infinity, visible: 0 });
    this.universe = inputs.map((s) => s.symbol);
  }

  symbols(): readonly string[] {
    return this.universe;
  }

  private of(symbol: string) {
    const s = this.series.get(symbol);
    if (!s) throw new OperationalError(`the backtest has no symbol ${symbol}; its files give ${this.universe.join(', ')}`);
    return s;
  }

  /**
   * The file's bar length so far, or its shortest bar revealed so far when shorter, so that the agents' look-ahead guard (open time + length
   * <= now) passes every bar the calendar has revealed, and only those (revealed bars are closed, the rest are never
   * handed out). With the file's median length a month of 28 or 30 days, which the calendar closes when the next
   * month opens, stayed hidden from the panel that discussed it: the agents saw the month before. Equal to the
   * file's bar length for daily and intraday files, whose bars never open within one length of each other.
   */
  barMs(symbol: string): number {
    const s = this.of(symbol);
    const length = lengthNow(s);
    return Math.max(Math.min(length, s.minStep), length / 2);
  }

  /** The file's bar length as known at its last revealed bar: how long an order waits for its next bar (2 of them at least). */
  fileBarMs(symbol: string): number {
    return lengthNow(this.of(symbol));
  }

  /** Makes the first `count` bars of `symbol` visible (its history before the run's span). */
  showFirst(symbol: string, count: number): void {
    const s = this.of(symbol);
    s.visible = count;
    for (let k = 0; k < count; k++) shorten(s, k);
  }

  /** Reveals the next bar of `symbol` (it has just closed); returns it. */
  reveal(symbol: string): Readonly<Bar> {
    const s = this.of(symbol);
    const bar = s.bars[s.visible];
    if (!bar) throw new OperationalError(`${symbol} has no bar after its last one`);
    shorten(s, s.visible);
    s.visible++;
    return bar;
  }

  /** The last revealed bar, or undefined before the first. */
  lastBar(symbol: string): Readonly<Bar> | undefined {
    const s = this.of(symbol);
    return s.bars[s.visible - 1];
  }

  async bars(symbol: string, limit: number, signal?: AbortSignal): Promise<Bar[]> {
    signal?.throwIfAborted();
    return this.barsAtHand(symbol, limit);
  }

  barsAtHand(symbol: string, limit: number): Bar[] {
    // A new slice per read, even for the scan of every symbol at every bar: the copy is a memory move into the young
    // generation, which frees it almost for nothing. A list lent and refilled in place measured slower (each store into
    // a long-lived list pays the write barrier), and left a list a reader could keep while it changed.
    const s = this.of(symbol);
    return s.bars.slice(Math.max(0, s.visible - Math.max(0, limit)), s.visible) as Bar[];
  }

  async price(symbol: string, signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const last = this.lastBar(symbol);
    if (!last) throw new OperationalError(`${symbol} has no closed bar yet`);
    return last.close;
  }
}

const lengthNow = (s: Shown): number => s.lengths[Math.max(0, s.visible - 1)]!;

/**
 * Notes the length the calendar gives bar `k` on its reveal (its close): its length so far, or less where the next bar
 * opens sooner (calendar.ts). barMs floors it at half the bar length, so one stray row minutes after another does not
 * make a daily file's bars (and the durations counted in them: news windows, cooldowns) minutes long. Kept as the
 * shortest so far, from the bars revealed only: over the whole file, one row 12 hours after another in 2016 made the
 * scout's news window of a daily file 156 hours instead of 168 from 2013 on, a later row changing earlier decisions.
 */
function shorten(s: Shown, k: number): void {
  const next = s.bars[k + 1]?.time ?? (k + 1 === s.bars.length ? s.nextOpen : undefined);
  if (next !== undefined) s.minStep = Math.min(s.minStep, next - s.bars[k]!.time);
}
