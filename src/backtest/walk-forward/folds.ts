/**
 * Walk-forward folds: the run's span cut by time into K folds of (nearly) equal numbers of steps of the merged
 * calendar. A fold is a set of bar indices per file; the slices a run is given never hold a bar after their span,
 * so nothing past it can be read, by construction.
 */
import { ConfigError } from '../../core/errors.js';
import { calendar } from '../calendar.js';
import type { LoadedSeries } from '../load-series.js';
import { counted } from '../../core/plural.js';
import { utcTime } from '../../core/display-format.js';

/** Bars of every file each fold must hold: fewer has no return to measure. */
export const MIN_FOLD_BARS = 2;

export interface Fold {
  /** 1-based. */
  index: number;
  /** Per file (in the files' order): the first bar index inside the fold and one past its last. */
  first: number[];
  end: number[];
  /** Close time of the fold's first and last calendar steps (epoch ms). */
  from: number;
  to: number;
  steps: number;
}

/** --walk-forward: an integer from 2 to 50; absent means no walk-forward. */
export function parseWalkForwardArgument(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 2 || n > 50) {
    throw new ConfigError(
      `--walk-forward ${JSON.stringify(String(value))} is not allowed: give the number of folds, an integer from 2 to 50 (fold 1 only trains)`,
      '--walk-forward',
    );
  }
  return n;
}

/** Cuts the span into `k` folds by calendar steps; a ConfigError naming --walk-forward when a fold would hold fewer than MIN_FOLD_BARS bars of a file. */
export function splitFolds(series: readonly LoadedSeries[], k: number): Fold[] {
  const steps = [...calendar(series)];
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const a = Math.floor((f * steps.length) / k);
    const b = Math.floor(((f + 1) * steps.length) / k);
    const first = series.map(() => Infinity);
    const end = series.map(() => -Infinity);
    for (let s = a; s < b; s++) {
      for (const c of steps[s]!.closes) {
        first[c.series] = Math.min(first[c.series]!, c.bar);
        end[c.series] = Math.max(end[c.series]!, c.bar + 1);
      }
    }
    const short = series.findIndex((_, i) => !(end[i]! - first[i]! >= MIN_FOLD_BARS));
    if (b - a < MIN_FOLD_BARS || short >= 0) {
      const which = short >= 0 ? `${series[short]!.symbol} has ${counted(Math.max(0, end[short]! - first[short]!), 'bar')} in fold ${f + 1}` : `fold ${f + 1} has ${counted(b - a, 'step')}`;
      throw new ConfigError(
        `--walk-forward ${k} cuts the span (${steps.length} steps) into folds too short: ${which}, and each fold needs at least ${MIN_FOLD_BARS} bars of every file; give fewer folds or a longer span${overlapHint(series)}`,
        '--walk-forward',
      );
    }
    folds.push({ index: f + 1, first, end, from: steps[a]!.time, to: steps[b - 1]!.time, steps: b - a });
  }
  return folds;
}

/** Files over different years leave the early or late folds without one of them: name the span they share. */
function overlapHint(series: readonly LoadedSeries[]): string {
  const start = Math.max(...series.map((s) => s.bars[s.first]!.time));
  const last = Math.min(...series.map((s) => s.bars[s.end - 1]!.time));
  const runStart = Math.min(...series.map((s) => s.bars[s.first]!.time));
  const runLast = Math.max(...series.map((s) => s.bars[s.end - 1]!.time));
  if (start === runStart && last === runLast) return '';
  if (start > last) return ': the files have no time in common, so one of them is missing from some fold whatever K is; run them apart';
  return ` (the files all have bars only from ${utcTime(start, true)} to ${utcTime(last, true)}: try --from ${utcTime(start, true)} --to ${utcTime(last, true)})`;
}

/**
 * The files cut to bars [start, end) per file, with every bar before `start` kept as history (as --from keeps it) and
 * nothing from `end` on: a run over the result cannot see a later bar, because it has none. Only the next bar's open
 * time is kept (nextOpen), so the last bar closes at the time the whole span's calendar gives it.
 */
export function sliceSeries(series: readonly LoadedSeries[], start: readonly number[], end: readonly number[]): LoadedSeries[] {
  return series.map((s, i) => {
    const next = s.bars[end[i]!];
    return Object.assign({}, s, { bars: s.bars.slice(0, end[i]!), first: start[i]!, end: end[i]! }, next ? { nextOpen: next.time } : {});
  });
}

/**
 * Open times of a fold's first and last bars (any file): the fold as --from and --to would name it. A fold's `from`
 * and `to` are its steps' close times, so with --from 2005-01-03 fold 1 was said to start on 2005-01-04.
 */
export function foldBars(series: readonly LoadedSeries[], fold: Pick<Fold, 'first' | 'end'>): { firstBar: number; lastBar: number } {
  const firsts = series.flatMap((s, i) => (fold.end[i]! > fold.first[i]! ? [s.bars[fold.first[i]!]!.time] : []));
  const lasts = series.flatMap((s, i) => (fold.end[i]! > fold.first[i]! ? [s.bars[fold.end[i]! - 1]!.time] : []));
  return { firstBar: Math.min(...firsts), lastBar: Math.max(...lasts) };
}
