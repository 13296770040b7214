/**
 * How many data rows a fact of the file's layout is read from (its number separator, which volume column to read, its
 * price unit): the ones at the file's oldest end only, so that no later row can change how an earlier one is read (no
 * look-ahead).
 */
export const LAYOUT_ROWS = 20;

/**
 * The data lines' indexes from the file's oldest end: its start, or its end when it is written newest first (as
 * Investing.com's exports are), where the first lines are its latest bars.
 */
export function* fromOldest(lines: readonly string[], dataStart: number, newestFirst: boolean): Generator<number> {
  if (newestFirst) for (let i = lines.length - 1; i >= dataStart; i--) yield i;
  else for (let i = dataStart; i < lines.length; i++) yield i;
}

/**
 * Whether a CSV is written newest first, judged by the times of its first LAYOUT_ROWS data lines (`time` reads a line's;
 * an unreadable one counts for neither order): the file's far end never decides.
 */
export function writtenNewestFirst(lines: readonly string[], dataStart: number, time: (line: string) => number): boolean {
  let previous = NaN;
  let down = 0;
  let up = 0;
  for (let i = dataStart, seen = 0; i < lines.length && seen < LAYOUT_ROWS; i++) {
    if (lines[i]!.trim() === '') continue;
    seen++;
    const t = time(lines[i]!);
    if (t < previous) down++;
    else if (t > previous) up++;
    if (!Number.isNaN(t)) previous = t;
  }
  return down > up;
}
