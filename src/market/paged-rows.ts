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
  const pages: RawBar[][] = [];
  let page: RawBar[] = [];
  for (const row of rows) {
    if (page.length > 0 && row.time < page.at(-1)!.time) {
      pages.push(page);
      page = [];
    }
    page.push(row);
  }
  pages.push(page);
  if (pages.length < 2 || pages.some((p) => p.length < MIN_PAGE)) return undefined;
  const byTime = [...pages].sort((a, b) => a[0]!.time - b[0]!.time);
  for (let i = 1; i < byTime.length; i++) if (byTime[i]![0]!.time < byTime[i - 1]!.at(-1)!.time) return undefined;
  return { rows: byTime.flat(), pages: pages.length };
}
