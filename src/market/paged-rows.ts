import type { RawBar } from './bar-validator.js';

/** The fewest rows a page holds: shorter runs are stray rows or a file with no order, not pages. */
const MIN_PAGE = 10;

/**
 * Rows saved as pages of an API's answers appended in the order they were fetched, newest page first (paging back
 * in time with `endTime`, as scripts do: IQ Option's candles, ten pages of 1,000): each page oldest first, the pages
 * in reverse. Read in the file's order, the pages before the oldest were taken for rows out of order and 9,000 of
 * 10,000 were left out. Returns the rows in time order and the number of pages, when the file falls into two or more
 * pages of MIN_PAGE rows or more, each in time order, whose spans do not overlap (a page may share its edge with the
 * next, as an API's inclusive bounds do); else undefined. A typo in a date makes spans that overlap, and stays a stray row.
 */
export function pagesInOrder(rows: readonly RawBar[]): { rows: RawBar[]; pages: number } | undefined {
  // Where each page starts, found without copying: every file is read through here, and most are one page.
  const starts = [0];
  for (let i = 1; i < rows.length; i++) if (rows[i]!.time < rows[i - 1]!.time) starts.push(i);
  const ends = [...starts.slice(1), rows.length];
  if (starts.length < 2 || starts.some((s, k) => ends[k]! - s < MIN_PAGE)) return undefined;
  const pages = starts.map((s, k) => rows.slice(s, ends[k]));
  const byTime = [...pages].sort((a, b) => a[0]!.time - b[0]!.time);
  for (let i = 1; i < byTime.length; i++) if (byTime[i]![0]!.time < byTime[i - 1]!.at(-1)!.time) return undefined;
  return { rows: byTime.flat(), pages: pages.length };
}
