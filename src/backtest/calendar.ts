import { barLengthsSoFar } from './bar-lengths.js';
import type { LoadedSeries } from './load-series.js';

/** One instant of the calendar: the bars (symbol index, bar index) that close at `time`, in the files' order. */
export interface CalendarStep {
  time: number;
  closes: { series: number; bar: number }[];
}

/**
 * One calendar for every file: each bar closes at its open time plus its file's bar length so far, and the steps are the
 * distinct close times of all bars in the span, oldest first. Files are merged on their real timestamps, so a daily
 * file and a minute file interleave as they happened. Bars of one file close in order (the validator guarantees
 * ascending times); a bar whose close passes the next bar's open (an irregular gap) still closes before it.
 */
export function* calendar(series: readonly LoadedSeries[]): Generator<CalendarStep> {
  const next = series.map((s) => s.first);
  const lengths = series.map((s) => barLengthsSoFar(s.bars, s.barMs));
  const closeOf = (i: number) => barClose(series[i]!, next[i]!, lengths[i]!);
  for (;;) {
    let time = Infinity;
    for (let i = 0; i < series.length; i++) if (next[i]! < series[i]!.end) time = Math.min(time, closeOf(i));
    if (time === Infinity) return;
    const closes: CalendarStep['closes'] = [];
    for (let i = 0; i < series.length; i++) {
      if (next[i]! < series[i]!.end && closeOf(i) === time) {
        closes.push({ series: i, bar: next[i]! });
        next[i]!++;
      }
    }
    yield { time, closes };
  }
}

/** Total bars the calendar will reveal. */
export const spanBars = (series: readonly LoadedSeries[]): number => series.reduce((n, s) => n + (s.end - s.first), 0);

/**
 * When bar `k` of `s` closes: its open time plus the file's bar length so far (bar-lengths.ts), or the next bar's open when that comes first
 * (the file's last bar before a gap, a half day). A walk-forward's slice keeps the next bar's open time only
 * (nextOpen), so its last bar closes when it would in the whole span: without it a February bar of a monthly file
 * ended its fold 3 days late, after the next fold's first daily closes, and the stitched equity rows went back in time.
 */
function barClose(s: LoadedSeries, k: number, lengths = barLengthsSoFar(s.bars, s.barMs)): number {
  const following = s.bars[k + 1]?.time ?? (k + 1 === s.bars.length ? s.nextOpen : undefined);
  const close = s.bars[k]!.time + lengths[k]!;
  return following !== undefined && following < close ? following : close;
}

/**
 * The calendar's step before the span's first: the latest close of a bar before `first` (as calendar() closes it),
 * undefined when no file has such a bar. A walk-forward fold's run reads the news of that step (run-backtest.ts).
 */
export function historyEnd(series: readonly LoadedSeries[]): number | undefined {
  let end: number | undefined;
  for (const s of series) if (s.first > 0) end = Math.max(end ?? -Infinity, barClose(s, s.first - 1));
  return end;
}
