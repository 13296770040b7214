/**
 * Dates with slashes and the year last (01/02/2024), as Excel, Investing.com and Kibot write them, or with dashes
 * (02-10-2017 23:59: Excel's save of a day-first file, Kaggle's coin histories among them): day first in most
 * of the world, month first in the US. One date cannot tell which, but a file can: a first number above 12 is a day,
 * a second one above 12 is too. A file whose dates say one order consistently is read that way; one whose dates fit
 * both orders (all days up to the 12th) or neither is refused, as a wrong guess would silently move bars by months.
 */

export type SlashOrder = 'day-first' | 'month-first';

// Two digits of year (WSJ's and MarketWatch's MM/DD/YY) only where the dates rule out the year first: 19/05/22 alone
// could be 2019-05-22, but a last number above 12 is no month, and a second above 12 or a last above 31 no year-first
// month or day. Every row of such a file was refused.
const SLASHED = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[ T])(.*)$/;

/** The order the file's slashed dates are written in, undefined when it has none, or why it cannot be told. */
export function slashedDateOrder(texts: Iterable<string>): SlashOrder | { unknown: string } | undefined {
  let seen = false;
  let dayFirst = false;
  let monthFirst = false;
  let shortYears = false;
  let lastAbove12 = false;
  let lastAbove31 = false;
  for (const text of texts) {
    const m = SLASHED.exec(text.trim());
    if (!m) continue;
    seen = true;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12) dayFirst = true;
    if (b > 12) monthFirst = true;
    if (m[4]!.length === 2) shortYears = true;
    if (m[4]!.length === 2 && Number(m[4]) > 12) lastAbove12 = true;
    if (m[4]!.length === 2 && Number(m[4]) > 31) lastAbove31 = true;
  }
  if (!seen) return undefined;
  if (shortYears && !(lastAbove12 && (monthFirst || lastAbove31))) {
    return { unknown: 'a two-digit year is read only where the dates show it is last (none of them fits a year first), and these fit one' };
  }
  if (dayFirst && !monthFirst) return 'day-first';
  if (monthFirst && !dayFirst) return 'month-first';
  return {
    unknown: dayFirst
      ? 'some dates have a day above 12 first, others second: the file mixes both orders'
      : 'no date of the file has a number above 12, so day-first and month-first cannot be told apart',
  };
}

/** `text` with a slashed (or dashed) date rewritten as YYYY-MM-DD in the given order (the time of day kept); unchanged otherwise. */
export function isoFromSlashed(text: string, order: SlashOrder): string {
  const m = SLASHED.exec(text.trim());
  if (!m) return text;
  const [day, month] = order === 'day-first' ? [m[1]!, m[3]!] : [m[3]!, m[1]!];
  // The century as POSIX takes it (and bar-time for 29-Dec-17): 69-99 the 1900s, 00-68 the 2000s.
  const year = m[4]!.length === 2 ? String((Number(m[4]) < 69 ? 2000 : 1900) + Number(m[4])) : m[4]!;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${m[5]!}`;
}
