/**
 * Dates with slashes and the year last (01/02/2024), as Excel, Investing.com and Kibot write them, or with dashes
 * (02-10-2017 23:59: Excel's save of a day-first file, Kaggle's coin histories among them): day first in most
 * of the world, month first in the US. One date cannot tell which, but a file can: a first number above 12 is a day,
 * a second one above 12 is too. A file whose dates say one order consistently is read that way; one whose dates fit
 * both orders (all days up to the 12th) or neither is refused, as a wrong guess would silently move bars by months.
 */

export type SlashOrder = 'day-first' | 'month-first';

const SLASHED = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?=$|[ T])(.*)$/;

/** The order the file's slashed dates are written in, undefined when it has none, or why it cannot be told. */
export function slashedDateOrder(texts: Iterable<string>): SlashOrder | { unknown: string } | undefined {
  let seen = false;
  let dayFirst = false;
  let monthFirst = false;
  for (const text of texts) {
    const m = SLASHED.exec(text.trim());
    if (!m) continue;
    seen = true;
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12) dayFirst = true;
    if (b > 12) monthFirst = true;
  }
  if (!seen) return undefined;
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
  return `${m[4]!}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${m[5]!}`;
}
