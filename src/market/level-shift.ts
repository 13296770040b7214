import type { RawBar } from './bar-validator.js';

/**
 * Level shifts: a bar whose prices sit on another scale than the bar before it. Three kinds:
 * - unit: ~100x or ~1000x (pence vs pounds, cents vs dollars, milli-units);
 * - split: the ratio of a stock split (2:1, 5:1, 1:10 reverse...), i.e. history not adjusted for it;
 * - spike: any other jump of `spikeFactor` or more in one bar.
 * On bars longer than a day a close carries more than a day's market move, so an undeclared split is only matched by
 * the open (the gap a split makes at the session it takes effect), and the spike factor grows with the bar's length.
 * `factor` is the nominal price factor of the shift (new/old): 0.01 for a 100x fall, 0.5 for a 2:1 split, the raw
 * close ratio for a spike. Nominal, so two shifts that undo each other multiply to exactly 1.
 */
export type ShiftKind = 'unit' | 'split' | 'spike';

export interface LevelShift {
  kind: ShiftKind;
  factor: number;
  /** What moved and by how much, for messages. */
  text: string;
  /** What it means, when not what its kind usually means. */
  why?: string;
}

/** |log10(ratio)| near 2 or 3: the nominal factor (10^±d), else undefined. */
function unitFactor(ratio: number): number | undefined {
  const decades = Math.log10(ratio);
  for (const d of [2, 3]) if (Math.abs(Math.abs(decades) - d) < 0.25) return decades > 0 ? 10 ** d : 10 ** -d;
  return undefined;
}

const SPLIT_RATIOS = [2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 40, 50];

/**
 * The split ratio n that `gap` (new/old price) matches: n for a split (gap ≈ 1/n), -n for a reverse split. Ratios an
 * ordinary day's move could also make (3:2, 4:3, 5:2) are read only as the ratio the file declares: any of them trusted
 * on a row declaring another took UVXY's +18 % day, its 1:4 reverse split already adjusted in yfinance's prices, for a
 * 1:1.333 reverse split, and quarantined the eight years after it.
 */
function splitRatio(gap: number, declared: number | undefined): number | undefined {
  const tolerance = declared ? 0.12 : 0.03;
  const candidates = declared ? [declared, ...SPLIT_RATIOS] : SPLIT_RATIOS;
  for (const n of candidates) {
    if (Math.abs(gap * n - 1) < tolerance) return n;
    if (Math.abs(gap / n - 1) < tolerance) return -n;
  }
  return undefined;
}

/** True when a close `ratio` (close / the last valid close) sits nearer the old scale than split `n`'s new one. */
function closeStays(ratio: number, n: number): boolean {
  const shifted = Math.log(n > 0 ? 1 / n : -n);
  return Math.abs(Math.log(ratio)) < Math.abs(Math.log(ratio) - shifted);
}

const DAY_MS = 86_400_000;
/** Rows further apart than this have a hole between them long enough for the market itself to move a split's ratio. */
const HOLE_DAYS = 30;

/** Said of a split's jump across a hole in the file (SunPower's hours: $67 in 2008, $8.60 in 2011, no row between). */
function holeNote(ref: RawBar, b: RawBar): string {
  const days = (b.time - ref.time) / DAY_MS;
  return days > HOLE_DAYS ? `, ${Math.round(days)} days after it with no row between (the price may have moved that far by itself)` : '';
}

export const ratioText = (n: number): string => (n > 0 ? `${n}:1 split` : `1:${-n} reverse split`);

/**
 * A declared split ratio that prices can show: one within 25 % of 1 (yfinance writes a spin-off as a "split" of
 * 1.054) moves a price no more than an ordinary day, so it cannot tell adjusted history from unadjusted, and matched
 * loosely it took a 3 % rise for the split and quarantined the five years after it. Such a row is judged as any other.
 */
export function visibleSplit(ratio: number | undefined): number | undefined {
  return ratio && Math.abs(Math.log(ratio)) >= Math.log(1.25) ? ratio : undefined;
}

/** A split stretch's scale as people write it: `1/2` after a 2:1 split, `4x` after a 1:4 reverse split. */
export function scaleText(factor: number): string {
  return factor < 1 ? `1/${Number((1 / factor).toPrecision(4))}` : `${Number(factor.toPrecision(4))}x`;
}
const fmt = (x: number) => String(Number(x.toPrecision(6)));

/**
 * A price under this many ticks is quoted too coarsely to show a split or a spike: rounding alone moves it by 2.5 % or
 * more, nearly the 3 % within which a ratio is matched, and a move of one tick can double it (bitcoin's 2010 at 0.1).
 */
const COARSE_TICKS = 20;

/**
 * The shift from `ref` (its close) to `b`, or undefined when `b` continues `ref`'s scale. `declared` is a split
 * ratio the file states on this row or the one before (a looser match is then trusted). `tick` is the finest price
 * step the rows so far were quoted to (0.1 for prices written with one decimal), 0 when unknown.
 */
export function levelShift(ref: RawBar, b: RawBar, declared: number | undefined, limits: ShiftLimits, tick = 0): LevelShift | undefined {
  for (const field of ['low', 'high', 'close', 'open'] as const) {
    const factor = unitFactor(b[field] / ref.close);
    if (factor !== undefined) {
      const times = factor > 1 ? factor : 1 / factor;
      return { kind: 'unit', factor, text: `${field} ${fmt(b[field])} is ~${times}x off the close ${fmt(ref.close)} of row ${ref.row}` };
    }
  }
  // A unit error (100x) shows at any quoting; a split or a spike cannot be told from a tick or two at coarse prices.
  if (!declared && ref.close < COARSE_TICKS * tick) return undefined;
  // A market trading every day of the week (crypto) has no splits: only a declared one is read as such.
  if (!declared && !limits.splits) return spikeOf(ref, b, limits);
  const byOpen = splitRatio(b.open / ref.close, declared);
  if (byOpen !== undefined && !declared && closeStays(b.close / ref.close, byOpen)) {
    // A split moves the whole bar to the new scale. An open alone there, with the close still on the old one, is a bad
    // print of the open (IBM 2002-12-23: open 159.58 after a close of 79.82, close 80.46): only this row is suspect.
    return {
      kind: 'spike',
      factor: b.close / ref.close,
      text: `open ${fmt(b.open)} after the close ${fmt(ref.close)} of row ${ref.row} is the jump of a ${ratioText(byOpen)}, but its close ${fmt(b.close)} stays on the scale before it`,
      why: ': a bad print of the open; only this row is set aside',
    };
  }
  let n = byOpen ?? (limits.splitByClose || declared ? splitRatio(b.close / ref.close, declared) : undefined);
  // A split takes effect before trading, so its first price is already on the new scale. A close at a split's ratio
  // after an open on the old scale is a move within the bar (a 50 % crash of a market that trades round the clock,
  // whose open is the last close): it was quarantined as an unadjusted split for as long as prices stayed there.
  if (byOpen === undefined && n !== undefined && !declared && closeStays(b.open / ref.close, n)) n = undefined;
  if (n !== undefined) {
    const field = byOpen !== undefined ? 'open' : 'close';
    const note = declared ? `; the file declares a split of ${declared}` : holeNote(ref, b);
    return {
      kind: 'split',
      factor: n > 0 ? 1 / n : -n,
      text: `${field} ${fmt(b[field])} after the close ${fmt(ref.close)} of row ${ref.row} is the jump of a ${ratioText(n)}${note}`,
    };
  }
  return declared ? undefined : spikeOf(ref, b, limits);
}

/** A close `spikeFactor` times (or 1/that of) the reference close, or undefined. */
function spikeOf(ref: RawBar, b: RawBar, limits: ShiftLimits): LevelShift | undefined {
  const jump = b.close / ref.close;
  if (jump < limits.spikeFactor && jump > 1 / limits.spikeFactor) return undefined;
  return { kind: 'spike', factor: jump, text: `close ${fmt(b.close)} jumps ${jump.toFixed(3)}x from the close ${fmt(ref.close)} of row ${ref.row}` };
}

/** How far one bar may move before it is suspect (see barLimits). */
export interface ShiftLimits {
  /** A close this many times (or 1/this of) the reference close is a spike. */
  spikeFactor: number;
  /** Whether a close alone may reveal an undeclared split (bars of a day or less). */
  splitByClose: boolean;
  /** Whether a jump of a split's ratio may be read as a split: not where the market trades every day (every-day-trading.ts). */
  splits: boolean;
}

/**
 * The limits for bars `barMs` long: the daily spike factor on bars of a day or less, and on longer bars that factor
 * raised to the square root of their length in days (a market's log move grows with the square root of time: 4x a
 * day is about 39x a week and far more a month, so a real month of a young market is not taken for a bad print).
 */
export function barLimits(spikeFactor: number, barMs: number | undefined, everyDay = false): ShiftLimits {
  const days = barMs !== undefined && Number.isFinite(barMs) ? barMs / DAY_MS : 1;
  if (!(days > 1)) return { spikeFactor, splitByClose: true, splits: !everyDay };
  return { spikeFactor: spikeFactor ** Math.sqrt(days), splitByClose: false, splits: !everyDay };
}

/**
 * A high or low `spikeFactor` times or more beyond the bar's own open and close (the same factor as a close's spike): a
 * bad print of the wick, or undefined. A stop judged on such a low sold at a tenth of the price. Coarse prices (under
 * COARSE_TICKS ticks) show none, as a tick or two moves them that much.
 */
export function wickSpike(b: RawBar, limits: ShiftLimits, tick = 0): string | undefined {
  const bottom = Math.min(b.open, b.close);
  const top = Math.max(b.open, b.close);
  if (bottom < COARSE_TICKS * tick) return undefined;
  if (b.low * limits.spikeFactor <= bottom) return `low ${fmt(b.low)} is ${(bottom / b.low).toFixed(3)}x below the bar's open and close`;
  if (b.high >= top * limits.spikeFactor) return `high ${fmt(b.high)} is ${(b.high / top).toFixed(3)}x above the bar's open and close`;
  return undefined;
}

/** True when nominal factors multiply back to 1 (within float error). */
export const undone = (factor: number): boolean => Math.abs(Math.log(factor)) < 1e-9;

/** The decimals a price is written with (0.1: 1, 41903.5: 1, 9132.227539: 6), at least `known`, at most 9. */
export function decimalsOf(x: number, known: number): number {
  for (let d = known; d < 9; d++) {
    const scaled = x * 10 ** d;
    // Relative to the scaled value: 0.1 * 10 is 1.0000000000000002 in binary floating point.
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-12 * Math.max(1, scaled)) return d;
  }
  return 9;
}
