/** Per bars array (immutable once loaded): its lengths so far, computed once for the calendar and the market. */
const cache = new WeakMap<readonly { time: number }[], Float64Array>();

/**
 * A file's bar length as known at each of its bars: at bar k, the most common step between bars 0..k (the smaller on a
 * tie, as the file's own inferBarMs rules over every row), at bar 0 the step to bar 1 (the open the calendar already
 * reads to close bar 0), `fallback` for a file of one bar. Only bars up to k count, so no later row moves an earlier
 * bar's close: over the whole file, a 12:00 row added to every day after a date made a daily file's bars 12 hours
 * long from its first, and every earlier decision 12 hours early.
 */
export function barLengthsSoFar(bars: readonly { time: number }[], fallback: number): Float64Array {
  let lengths = cache.get(bars);
  if (lengths) return lengths;
  lengths = new Float64Array(bars.length).fill(fallback);
  const counts = new Map<number, number>();
  let best = fallback;
  let bestCount = 0;
  for (let k = 1; k < bars.length; k++) {
    const step = bars[k]!.time - bars[k - 1]!.time;
    if (step > 0) {
      const count = (counts.get(step) ?? 0) + 1;
      counts.set(step, count);
      if (count > bestCount || (count === bestCount && step < best)) {
        best = step;
        bestCount = count;
      }
    }
    lengths[k] = best;
  }
  if (bars.length > 1) lengths[0] = lengths[1]!;
  cache.set(bars, lengths);
  return lengths;
}

/** The longest bar length any bar of these files is given: a window wide enough for every moment of the run. */
export const longestBarLength = (series: readonly { bars: readonly { time: number }[]; barMs: number }[]): number =>
  Math.max(...series.map((s) => barLengthsSoFar(s.bars, s.barMs).reduce((a, b) => Math.max(a, b), 0)));
