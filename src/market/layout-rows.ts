/**
 * How many data rows a fact of the file's layout is read from (its number separator, which volume column to read, its
 * price unit): the ones at the file's oldest end only, so that no later row can change how an earlier one is read (no
 * look-ahead).
 */
export const LAYOUT_ROWS = 20;

const notBlank = (line: string): boolean => line.trim() !== '';

/**
 * The first LAYOUT_ROWS data lines that `keep` takes (by default, those not blank) from the file's oldest end: its
 * start, or its end when it is written newest first (as Investing.com's exports are), where the first lines are its
 * latest bars.
 */
export function* layoutLines(lines: readonly string[], dataStart: number, newestFirst: boolean, keep: (line: string) => boolean = notBlank): Generator<string> {
  let seen = 0;
  const step = newestFirst ? -1 : 1;
  for (let i = newestFirst ? lines.length - 1 : dataStart; i >= dataStart && i < lines.length && seen < LAYOUT_ROWS; i += step) {
    if (!keep(lines[i]!)) continue;
    seen++;
    yield lines[i]!;
  }
}

/**
 * Whether rows are written newest first, judged by the times of the first LAYOUT_ROWS from `start` (`time` reads a
 * row's; an unreadable one, NaN, counts for neither order): the far end never decides.
 */
export function writtenNewestFirst<T>(rows: readonly T[], start: number, time: (row: T, index: number) => number): boolean {
  let previous = NaN;
  let down = 0;
  let up = 0;
  for (let i = start; i < rows.length && i < start + LAYOUT_ROWS; i++) {
    const t = time(rows[i]!, i);
    if (t < previous) down++;
    else if (t > previous) up++;
    if (!Number.isNaN(t)) previous = t;
  }
  return down > up;
}
