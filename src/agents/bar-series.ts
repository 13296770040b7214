import type { Bar } from '../market/market-port.js';
import type { AgentContext } from './agent-port.js';
import { barLength, closedBars } from './closed-bars.js';
import { nthSmallest } from '../core/nth-smallest.js';
import { registerSeries } from './feature-columns.js';
import { shared, sharedComputation } from './shared-computation.js';

/** Bars as the agents read them: point-in-time, clean, and split into columns. */
export interface BarSeries {
  bars: readonly Bar[];
  opens: number[];
  highs: number[];
  lows: number[];
  closes: number[];
  volumes: number[];
  /** Bars not closed at `now` that a caller leaked in: ignored, without any other effect on the answer. */
  future: number;
  /** Malformed bars skipped. */
  malformed: number;
  /** Intervals longer than 5× the median interval: missing bars (a daily weekend or holiday weekend is not one). */
  gaps: number;
}

// Written out field by field: an array per bar here was a good part of what a discussion allocated.
const wellFormed = (b: Readonly<Bar>): boolean =>
  Number.isFinite(b.time) && Number.isFinite(b.open) && Number.isFinite(b.high) && Number.isFinite(b.low) &&
  Number.isFinite(b.close) && Number.isFinite(b.volume) &&
  b.low > 0 && b.high >= b.low && b.close > 0 && b.open > 0 && b.volume >= 0;

/**
 * Defends the look-ahead rule a second time (bars not closed at `now` are dropped even if a caller passed them) and skips
 * malformed bars instead of failing, so one bad bar costs confidence, not the whole signal.
 */
export function barSeries(context: AgentContext): BarSeries {
  return shared(context.bars, `series@${context.now}:${context.barMs ?? ''}`, () => buildSeries(context));
}

function buildSeries(context: AgentContext): BarSeries {
  const source = context.bars;
  const now = context.now;
  const length = barLength(source, now, context.barMs);
  // Fast path: the market and the consumer already hand over closed, clean bars, and the discussion's snapshot is
  // frozen: one scan proves it, and the bars are shared instead of filtered twice into new arrays.
  let clean = true;
  for (let i = 0; i < source.length; i++) {
    const b = source[i]!;
    if (!(b.time + length <= now) || !wellFormed(b)) {
      clean = false;
      break;
    }
  }
  const past = clean ? source : closedBars(source, now, context.barMs);
  const bars = clean ? (Object.isFrozen(source) ? source : Object.freeze(source.slice())) : Object.freeze(past.every(wellFormed) ? past : past.filter(wellFormed));
  const n = bars.length;
  // The columns in one pass, each allocated at its size (a callback per bar and column was most of building a series).
  const opens = new Array<number>(n);
  const highs = new Array<number>(n);
  const lows = new Array<number>(n);
  const closes = new Array<number>(n);
  const volumes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    opens[i] = b.open;
    highs[i] = b.high;
    lows[i] = b.low;
    closes[i] = b.close;
    volumes[i] = b.volume;
  }
  const gaps = gapCount(bars);
  // Shared by every agent of the discussion: frozen, so none can change what another reads.
  const series: BarSeries = {
    bars,
    opens: Object.freeze(opens) as number[],
    highs: Object.freeze(highs) as number[],
    lows: Object.freeze(lows) as number[],
    closes: Object.freeze(closes) as number[],
    volumes: Object.freeze(volumes) as number[],
    future: source.length - past.length,
    malformed: past.length - n,
    gaps,
  };
  // Its window indicators then come from the symbol's feature state, synchronised with exactly these (closed) bars.
  const symbol = (context.opportunity as { symbol?: unknown } | undefined)?.symbol;
  if (sharedComputation() && typeof symbol === 'string') registerSeries(series, symbol, context.barMs);
  return series;
}

// Scratch for the intervals and their median, kept between calls: a typed array per discussion (two, with the copy
// the selection reorders) was a third of building a series. Reallocated only when the window's length changes.
let intervals = new Float64Array(0);
let reordered = new Float64Array(0);

/** Intervals longer than 5× the median interval (see BarSeries.gaps). */
function gapCount(bars: readonly Readonly<Bar>[]): number {
  const m = bars.length - 1;
  if (m <= 0) return 0;
  if (intervals.length !== m) {
    intervals = new Float64Array(m);
    reordered = new Float64Array(m);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < m; i++) {
    const d = bars[i + 1]!.time - bars[i]!.time;
    intervals[i] = d;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  // The median is at least the smallest interval: when even the longest is within 5× of that, none is a gap (daily
  // bars with their weekends and holidays), and the median is not needed.
  if (min > 0 && max <= 5 * min) return 0;
  reordered.set(intervals);
  const median = nthSmallest(reordered, Math.floor(m / 2));
  // 5× so weekends and holiday weekends of daily bars (3-4 days) are not gaps.
  let gaps = 0;
  if (median > 0) for (let i = 0; i < m; i++) if (intervals[i]! > 5 * median) gaps++;
  return gaps;
}

/**
 * How much of a full-confidence history is present, in [0, 1], and the rationale line that says so when short.
 * Gaps and dropped bars cost a little too.
 */
export function sufficiency(series: BarSeries, wanted: number): { factor: number; notes: string[] } {
  const notes: string[] = [];
  let factor = Math.min(1, series.bars.length / wanted);
  if (series.bars.length < wanted) notes.push(`only ${series.bars.length} bars (${wanted} wanted for full confidence)`);
  if (series.gaps > 0) {
    // Mild: session breaks of intraday data look like gaps too, and the indicators still work across them.
    factor *= Math.max(0.8, 1 - 0.02 * series.gaps);
    notes.push(`${series.gaps} gap(s) in the bar history`);
  }
  if (series.malformed > 0) {
    factor *= Math.max(0.5, 1 - 0.05 * series.malformed);
    notes.push(`${series.malformed} malformed bar(s) ignored`);
  }
  if (series.future > 0) notes.push(`${series.future} bar(s) still open or after now ignored (look-ahead guard)`);
  return { factor, notes };
}
