import { isoTime } from '../core/iso-time.js';
import { counted } from '../core/plural.js';
import type { LoadedSeries } from './load-series.js';
import { gappedBars, gappedBarsText, heldJumps, heldJumpsText } from '../market/held-jumps.js';

/**
 * Longer than any market's closure (a weekend with holidays, Golden Week, the Lunar New Year), past the file's own bar
 * length: a hole in the file. A monthly file's 31-day steps, or a weekly one's a holiday made 14 days, are no hole.
 */
const HOLE_MS = 14 * 86_400_000;
/** Holes said per file; the rest are counted. */
const LISTED = 3;

const days = (ms: number): string => counted(Math.round(ms / 86_400_000), 'day');

/**
 * Holes in a file inside the span, and a file that ends well before the others: no decision, fill or exit happens
 * there, and a position held across is valued at the bar before. A file with all of 2006 missing ran without a word,
 * its annualised figures scaled by the rows it had. A tail quarantined to the end is said elsewhere (tail-note.ts).
 * Levels a file's prices jumped to and held, and bars gapped far from the close before (held-jumps.ts), are said here
 * too: the run trades through them as moves.
 */
export function holeWarnings(series: readonly LoadedSeries[]): string[] {
  const runEnd = Math.max(...series.map((s) => s.bars[s.end - 1]!.time));
  const lines: string[] = [];
  // One file's hole is the run's too, whose annual figures then count it as flat time: said on the file's line.
  const flat = series.length === 1 ? '; the annual figures (CAGR, volatility, Sharpe, Sortino) count that time as flat' : '';
  // The stretches each file covers between its holes, for the run's stretches no file covers.
  const covered: [number, number][] = [];
  for (const s of series) {
    const holes: string[] = [];
    const hole = HOLE_MS + s.barMs;
    let start = s.bars[s.first]!.time;
    for (let i = s.first + 1; i < s.end; i++) {
      const gap = s.bars[i]!.time - s.bars[i - 1]!.time;
      if (gap <= hole) continue;
      holes.push(`${isoTime(s.bars[i - 1]!.time)} to ${isoTime(s.bars[i]!.time)} (${days(gap)})`);
      covered.push([start, s.bars[i - 1]!.time + s.barMs]);
      start = s.bars[i]!.time;
    }
    covered.push([start, s.bars[s.end - 1]!.time + s.barMs]);
    if (holes.length > 0) {
      const more = holes.length > LISTED ? ` and ${holes.length - LISTED} more` : '';
      lines.push(`${s.file} (${s.symbol}) has no bar from ${holes.slice(0, LISTED).join(', ')}${more}: no decision, fill or exit there, and a position held across is valued at the bar before${flat}`);
    }
    const jumps = heldJumps(s.bars, s.barMs, s.first, s.end);
    if (jumps.length > 0) lines.push(`${s.file} (${s.symbol}): ${heldJumpsText(jumps)}`);
    const gapped = gappedBars(s.bars, s.barMs, s.first, s.end);
    if (gapped.length > 0) lines.push(`${s.file} (${s.symbol}): ${gappedBarsText(gapped)}`);
    const last = s.bars[s.end - 1]!.time;
    if (!s.quarantinedTail && runEnd - last > hole) {
      lines.push(`${s.file} (${s.symbol}) ends at ${isoTime(last)}, ${days(runEnd - last)} before the run's last bar: a position still held then is valued at that bar's close to the end`);
    }
  }
  return [...lines, ...(series.length > 1 ? deadStretches(covered) : [])];
}

/**
 * Stretches longer than a hole in which no file has a bar (files of other years, run together): annualised over the
 * calendar, the run's figures count them as time in which nothing moved. Two files eleven years apart reported a
 * buy-and-hold volatility of 1.1 % a year where each file's own bars gave 7 % and 13 %.
 */
function deadStretches(covered: [number, number][]): string[] {
  covered.sort((a, b) => a[0] - b[0]);
  const dead: string[] = [];
  let reach = covered[0]![1];
  for (const [start, end] of covered.slice(1)) {
    if (start - reach > HOLE_MS) dead.push(`${isoTime(reach)} to ${isoTime(start)} (${days(start - reach)})`);
    reach = Math.max(reach, end);
  }
  if (dead.length === 0) return [];
  const more = dead.length > LISTED ? ` and ${dead.length - LISTED} more` : '';
  return [`no file has a bar from ${dead.slice(0, LISTED).join(', ')}${more}: the annual figures (CAGR, volatility, Sharpe, Sortino) count that time as flat; run the files apart for each one's figures`];
}
