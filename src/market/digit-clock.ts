import { splitLine } from './csv-fields.js';
import { layoutLines, writtenNewestFirst } from './layout-rows.js';
import { DIGIT_CLOCK } from './bar-time.js';

/** Open, high, low and close that bound one another, as a bar's must. */
function boundEachOther(fields: readonly string[]): boolean {
  const [open, high, low, close] = fields.map(Number);
  if ([open, high, low, close].some((v) => v === undefined || !Number.isFinite(v))) return false;
  return low! <= Math.min(open!, close!) && high! >= Math.max(open!, close!);
}

/**
 * Whether a file without a header writes each bar's time of day as digits in a field of its own after a YYYYMMDD date
 * (`20120917,100000,2002.1,2009.6,...`: StockSharp's and QUIK's history files, Finam's export without its header). Read
 * as the open, every price was a column off and each row refused as "high and low swapped". Told from a whole-number
 * open (an index at 2002) by the prices of the rows at the file's oldest end (no later row changes how an earlier one
 * is read): read after that field they bound one another on every row, read from it not on some.
 */
export function digitClockFollows(lines: readonly string[], dataStart: number, sep: string): boolean {
  const fieldsOf = (line: string) => splitLine(line, sep).map((f) => f.trim());
  const first = [...layoutLines(lines, dataStart, false)].map(fieldsOf);
  // The order by the date and, where the next field reads as a clock, the time (a day's minutes share their date).
  const timeOf = (f: string[]) => (/^\d{8}$/.test(f[0]!) ? Number(f[0]) * 1e6 + (DIGIT_CLOCK.test(f[1] ?? '') ? Number(f[1]) : 0) : NaN);
  const newestFirst = writtenNewestFirst(first, 0, timeOf);
  const rows = newestFirst ? [...layoutLines(lines, dataStart, true)].map(fieldsOf) : first;
  if (rows.length === 0) return false;
  const clocked = rows.every((f) => f.length >= 6 && /^\d{8}$/.test(f[0]!) && DIGIT_CLOCK.test(f[1]!) && boundEachOther(f.slice(2, 6)));
  return clocked && rows.some((f) => !boundEachOther(f.slice(1, 5)));
}
