import type { Bar } from './market-port.js';
import { findGaps, inferBarMs, type Gap } from './bar-gaps.js';
import { barLimits, decimalsOf, levelShift, scaleText, undone, visibleSplit, wickSpike, type ShiftKind, type ShiftLimits } from './level-shift.js';
import { isoTime } from '../core/iso-time.js';
import { absorbRoundingNoise, PLACEHOLDER } from './rounding-noise.js';
import { EveryDayTrading } from './every-day-trading.js';

/**
 * Validates bars before anything uses them. Two outcomes for a bad row:
 * - rejected: the row is impossible (NaN, non-positive price, high < low, duplicate time...);
 * - quarantined: the row is possible but almost certainly wrong (a 100x unit error, an unadjusted split, a spike).
 *   Quarantined rows are kept out of the valid bars too, but reported separately so an operator can tell
 *   "broken file" from "suspicious data".
 * No look-ahead: a row is judged against the rows before it only, at the moment it arrives, and the verdict is final.
 * So a later row never removes or alters an earlier one, a live feed or a backtest can validate bar by bar
 * (`BarValidator`), and validating a whole file (`validateBars`) gives exactly what feeding its rows one by one gives.
 * A shift of scale (unit error, unadjusted split) quarantines from the shifted row on, for as long as prices stay on
 * the shifted scale; a shift that is undone (a unit error that reverts) costs only the shifted rows.
 * Gaps (closed markets, outages) are reported, never errors: indicators must cope with them.
 */

export type RejectCode =
  | 'malformed-row'
  | 'invalid-time'
  | 'non-finite'
  | 'non-positive-price'
  | 'negative-volume'
  | 'high-below-low'
  | 'open-outside-range'
  | 'close-outside-range'
  | 'duplicate-time'
  | 'out-of-order'
  // A bar its source marks as still forming (Tinkoff's is_complete, OANDA's complete: false).
  | 'unfinished-bar'
  // A live source's times that cannot be true (live-bar-time.ts).
  | 'time-before-1973'
  | 'time-in-future';

export type QuarantineCode = 'unit-error' | 'unadjusted-split' | 'price-spike';

export interface BarIssue {
  file: string;
  /** 1-based line in a CSV file (the header is line 1), or 1-based element in a JSON array. */
  row: number;
  time?: number;
  code: RejectCode | QuarantineCode;
  severity: 'rejected' | 'quarantined';
  /** Human text: what is wrong and what the numbers were. */
  message: string;
  /** Quarantined rows of one shift of scale share the row and time where the shift began. */
  since?: { row: number; time: number };
  /** On a row of an unadjusted split's stretch: its prices over the valid prices before the stretch (0.5 after 2:1). */
  scale?: number;
  /** On a close-outside-range row: its close lies below its low (as an adjusted close beside raw prices does). */
  closeBelowLow?: true;
}

/** A parsed row: a bar plus where it came from and, when the file says so, the split ratio on that row. */
export interface RawBar extends Bar {
  row: number;
  /** Stock Splits column (e.g. 5 for a 5:1 split); 0 or absent when none. */
  split?: number;
  /** The previous session's close as the file gives it for this row (ex-split, ex-bonus), when it has such a column. */
  prevClose?: number;
}

export interface ValidatorOptions {
  /** Name used in every issue (a file path or "ccxt:binance:BTC/USDT"). */
  file: string;
  /** Bar size in ms; inferred from the data when absent. */
  barMs?: number;
  /** A close that moves by this factor in one daily (or shorter) bar is a spike; more on longer bars. Default 4. */
  spikeFactor?: number;
}

export interface ValidationResult {
  /** Valid bars, oldest first. */
  bars: Bar[];
  rejected: BarIssue[];
  quarantined: BarIssue[];
  gaps: Gap[];
  /** Bar size in ms (given or inferred), undefined with fewer than two bars. */
  barMs: number | undefined;
}

export type { Gap };

const possible = (b: RawBar): boolean =>
  Number.isFinite(b.open) && Number.isFinite(b.high) && Number.isFinite(b.low) && Number.isFinite(b.close) &&
  Number.isFinite(b.volume) && b.low > 0 && b.volume >= 0 && b.low <= b.high && b.high < PLACEHOLDER &&
  b.open >= b.low && b.open <= b.high && b.close >= b.low && b.close <= b.high;

/** The structural checks; undefined when the row is a possible bar. */
function structuralIssue(b: RawBar): { code: RejectCode; message: string; closeBelowLow?: true } | undefined {
  // The common case without allocation: this runs on every row of every file and feed.
  if (possible(b)) return undefined;
  const fields = { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
  for (const [name, v] of Object.entries(fields)) {
    // NaN is what a null, an empty or a text value reads as: "close is NaN" said neither which nor why.
    if (Number.isNaN(v)) return { code: 'non-finite', message: `${name} is missing, null or not a number` };
    if (typeof v !== 'number' || !Number.isFinite(v) || v >= PLACEHOLDER) return { code: 'non-finite', message: `${name} is ${String(v)}, ${v >= PLACEHOLDER ? 'the largest number a double holds: a placeholder for no price (bitcoincharts writes it on days without trades)' : 'not a finite number'}` };
  }
  for (const name of ['open', 'high', 'low', 'close'] as const) {
    if (b[name] <= 0) return { code: 'non-positive-price', message: `${name} is ${b[name]}; prices must be > 0` };
  }
  if (b.volume < 0) return { code: 'negative-volume', message: `volume is ${b.volume}; volume must be >= 0` };
  if (b.high < b.low) return { code: 'high-below-low', message: `high ${b.high} is below low ${b.low}` };
  if (b.open < b.low || b.open > b.high) return { code: 'open-outside-range', message: `open ${b.open} is outside [low ${b.low}, high ${b.high}]` };
  if (b.close < b.low || b.close > b.high) return { code: 'close-outside-range', message: `close ${b.close} is outside [low ${b.low}, high ${b.high}]`, ...(b.close < b.low ? { closeBelowLow: true as const } : {}) };
  return undefined;
}

export type BarCheck = { status: 'valid'; bar: Bar } | { status: 'rejected' | 'quarantined'; issue: BarIssue };

/** A shift of scale in progress: the rows since `first` are quarantined until it is undone. */
interface OpenShift {
  kind: ShiftKind;
  /** Nominal price factor (shifted / valid scale), the product of the shifts seen since `first`. */
  factor: number;
  first: RawBar;
  /** The latest row on the shifted scale. */
  last: RawBar;
}

/**
 * Validates one row at a time against the rows before it (bounded state: the last row, the last valid bar and the
 * shift in progress). The same object serves a file, a backtest and a live feed.
 */
export class BarValidator {
  private readonly file: string;
  private readonly spikeFactor: number;
  /** A split declared on rows refused since the last row that passed the structural checks. */
  private refusedSplit: number | undefined;
  /** Whether the last row's previous-close column gave the close of the row before it (a column to trust). */
  private prevCloseAgreed = false;
  /** The last row that passed the structural checks (for ordering). */
  private lastRow: RawBar | undefined;
  /** The last valid bar: the reference scale. */
  private ref: RawBar | undefined;
  private shift: OpenShift | undefined;
  /** The shortest time between two rows so far: the bar's length as the past shows it (limits grow on long bars). */
  private minGapMs = Infinity;
  private limits: ShiftLimits;
  /** The most decimals a price has been written with so far: the prices' tick is 10^-decimals (levelShift). */
  private decimals = 0;
  private readonly week = new EveryDayTrading();

  constructor(options: Pick<ValidatorOptions, 'file' | 'spikeFactor'>) {
    this.file = options.file;
    this.spikeFactor = options.spikeFactor ?? 4;
    this.limits = barLimits(this.spikeFactor, undefined);
  }

  /** Time of the last row that passed the structural checks (valid or quarantined), if any. */
  get lastTime(): number | undefined {
    return this.lastRow?.time;
  }

  check(row: RawBar): BarCheck {
    if (!Number.isFinite(row.time)) return this.reject(row, 'invalid-time', `time ${String(row.time)} is not a valid timestamp`);
    const b = possible(row) ? row : absorbRoundingNoise(row);
    // Time first: a second download appended in another column order had its rows refused as 'high and low swapped'.
    const prev = this.lastRow;
    if (prev && b.time === prev.time) return this.reject(b, 'duplicate-time', `time ${isoTime(b.time)} repeats row ${prev.row}`);
    if (prev && b.time < prev.time) return this.reject(b, 'out-of-order', `time ${isoTime(b.time)} is before row ${prev.row} (${isoTime(prev.time)}): rows are read in time order; sort the file by time (two downloads put one after the other?)`);
    const issue = structuralIssue(b);
    // A split declared on a row refused for its prices (a split day's open left on the old scale) holds for the next.
    if (issue) {
      this.refusedSplit = visibleSplit(b.split) ?? this.refusedSplit;
      return this.reject(b, issue.code, issue.message, issue.closeBelowLow);
    }
    // The file's split column on this row or the one before (Yahoo sometimes dates it a day off).
    // Or its previous close (前收盘, pre_close) set below the last row's close by a split or a bonus issue's ratio: 000938's
    // 10-for-4 bonus (-32 % overnight, unadjusted NetEase prices) was read as a fall, no split's ratio to show it. Only
    // from a column that gave the last close on the row before: a placeholder (1 on every row) declared a split a day.
    const byPrevClose = this.prevCloseAgreed ? visibleSplit(prev && b.prevClose && Number((prev.close / b.prevClose).toPrecision(4))) : undefined;
    this.prevCloseAgreed = prev !== undefined && b.prevClose !== undefined && Math.abs(prev.close / b.prevClose - 1) < 0.01;
    const declared = visibleSplit(b.split) ?? visibleSplit(prev?.split) ?? this.refusedSplit ?? byPrevClose;
    this.refusedSplit = undefined;
    const everyDay = this.week.see(b);
    if ((prev && b.time - prev.time < this.minGapMs) || everyDay === this.limits.splits) {
      this.minGapMs = prev ? Math.min(this.minGapMs, b.time - prev.time) : this.minGapMs;
      this.limits = barLimits(this.spikeFactor, this.minGapMs, everyDay);
    }
    this.lastRow = b;
    // The quoting so far, this row's included (known on its arrival): a price of a few ticks shows no split.
    if (this.decimals < 9) this.decimals = decimalsOf(b.close, decimalsOf(b.low, decimalsOf(b.high, decimalsOf(b.open, this.decimals))));
    return this.shift ? this.continueShift(this.shift, b, declared) : this.judge(b, declared);
  }

  /** The shift from `ref` to `b` at the quoting seen so far. */
  private shiftOf(ref: RawBar, b: RawBar, declared: number | undefined): ReturnType<typeof levelShift> {
    return levelShift(ref, b, declared, this.limits, 10 ** -this.decimals);
  }

  /** A row while no shift is open: valid, or the first row of a shift. */
  private judge(b: RawBar, declared: number | undefined): BarCheck {
    const ref = this.ref;
    const shift = ref && this.shiftOf(ref, b, declared);
    if (!shift) {
      const wick = wickSpike(b, this.limits, 10 ** -this.decimals);
      if (!wick) return this.accept(b);
      // This row alone: its open and close continue the series.
      return this.quarantine(b, 'price-spike', `${wick} in one bar: a bad print, or a move too large to trust`, b);
    }
    this.shift = { kind: shift.kind, factor: shift.factor, first: b, last: b };
    const why = shift.why ?? {
      unit: ': a unit error (e.g. pence vs pounds)',
      split: ': prices from here on are not adjusted for it (or this row is a bad print)',
      spike: ' in one bar: a bad print, or a move too large to trust',
    }[shift.kind];
    const code = ({ unit: 'unit-error', split: 'unadjusted-split', spike: 'price-spike' } as const)[shift.kind];
    return this.quarantine(b, code, `${shift.text}${why}`, b, shift.kind === 'split' ? shift.factor : undefined);
  }

  /** A row while a shift is open: back on the valid scale (valid), or still shifted (quarantined). */
  private continueShift(open: OpenShift, b: RawBar, declared: number | undefined): BarCheck {
    const ref = this.ref!;
    const since = `row ${open.first.row} (${isoTime(open.first.time)})`;
    if (open.kind === 'unit') {
      // A unit error is 100x or more: a row back on the valid scale shows it against the last valid close.
      const still = this.shiftOf(ref, b, declared);
      if (still?.kind === 'unit') {
        open.last = b;
        return this.quarantine(b, 'unit-error', `${still.text}: the unit error that began at ${since} goes on`);
      }
      this.shift = undefined;
      return this.judge(b, declared);
    }
    if (open.kind === 'spike') {
      this.shift = undefined;
      // Back near the last valid close, or holding the new level: either way a price to trust again.
      const back = Math.abs(Math.log(b.close / ref.close)) < Math.log(1.5);
      if (back || !this.shiftOf(open.last, b, declared)) return this.accept(b);
      return this.judge(b, declared);
    }
    // A split: compare with the previous shifted row, since prices drift far over a long unadjusted stretch.
    const step = this.shiftOf(open.last, b, declared);
    if (step && step.kind !== 'spike') {
      open.factor *= step.factor;
      if (undone(open.factor)) {
        this.shift = undefined;
        return this.accept(b);
      }
    }
    // A way back that is not the exact inverse (a bad print whose size happened to match a split ratio, then the
    // market): a jump of half or more that lands nearer the last valid close than the shifted prices it left. Not a
    // split's step out of a stretch of many rows: that is the stretch's next split (VXX's raw hours: its third 1:4 reverse
    // split, in 2016, landed near its 2010 close and spliced 2016 onto 2010 as one bar, six years apart).
    const jump = Math.abs(Math.log(b.close / open.last.close));
    const nextSplit = step?.kind === 'split' && open.last !== open.first;
    if (!nextSplit && jump >= Math.log(1.5) && Math.abs(Math.log(b.close / ref.close)) < jump) {
      this.shift = undefined;
      return this.judge(b, declared);
    }
    open.last = b;
    const message = `still on the unadjusted scale that began at ${since} (${scaleText(open.factor)} the prices before it)`;
    return this.quarantine(b, 'unadjusted-split', message, open.first, open.factor);
  }

  private reject(b: RawBar, code: RejectCode, message: string, closeBelowLow?: true): BarCheck {
    return { status: 'rejected', issue: { file: this.file, row: b.row, time: b.time, code, severity: 'rejected', message, ...(closeBelowLow ? { closeBelowLow } : {}) } };
  }

  private accept(b: RawBar): BarCheck {
    this.ref = b;
    return { status: 'valid', bar: { time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume } };
  }

  /** `first`: the row the quarantined stretch began at (the open shift's first row by default). */
  private quarantine(b: RawBar, code: QuarantineCode, message: string, first: RawBar = this.shift!.first, scale?: number): BarCheck {
    const issue: BarIssue = { file: this.file, row: b.row, time: b.time, code, severity: 'quarantined', message, since: { row: first.row, time: first.time } };
    if (scale !== undefined) issue.scale = scale;
    return { status: 'quarantined', issue };
  }
}

/** Validates a whole series, oldest first (the loader reverses descending files): the rows fed one by one. */
export function validateBars(rows: readonly RawBar[], options: ValidatorOptions): ValidationResult {
  const validator = new BarValidator(options);
  const bars: Bar[] = [];
  const rejected: BarIssue[] = [];
  const quarantined: BarIssue[] = [];
  // The file's spacing is read from every row whose time stands, quarantined ones too: a shifted price does not move
  // its bar. From the valid bars alone, a weekly file with two usable rows 32 weeks apart had 224-day bars.
  const timed: RawBar[] = [];
  for (const row of rows) {
    const r = validator.check(row);
    if (r.status === 'valid') bars.push(r.bar);
    else (r.status === 'rejected' ? rejected : quarantined).push(r.issue);
    if (r.status !== 'rejected') timed.push(row);
  }
  const barMs = options.barMs ?? inferBarMs(timed);
  quarantined.sort((a, b) => a.row - b.row);
  return { bars, rejected, quarantined, gaps: barMs ? findGaps(bars, barMs) : [], barMs };
}
