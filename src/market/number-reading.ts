import { numberSeparator, readNumber, readVolume, splitLine } from './csv-fields.js';
import { layoutLines } from './layout-rows.js';

/** A number whose points all group thousands ("186.610", "8.429", "1.250.000"), or a decimal with one point. */
const POINT_GROUPED = /^-?\d{1,3}(\.\d{3})+$/;

/**
 * Whether a file's points group thousands: among the rows at its oldest end (layout-rows.ts), a field other than its
 * date and time (`dated`: 31.01.2024 has points of its own) is written with a decimal comma ("5.234,500", or Profit's
 * traded value, "728.898.598,00", beside prices of whole points) and none with a decimal point (a point before other
 * than three digits: "186.61", "1.08512").
 */
function pointsGroup(lines: readonly string[], dataStart: number, sep: string, dated: readonly number[], newestFirst: boolean): boolean {
  let comma = false;
  for (const line of layoutLines(lines, dataStart, newestFirst)) {
    const fields = splitLine(line, sep);
    for (const [k, field] of fields.entries()) {
      if (dated.includes(k)) continue;
      const text = field.trim();
      if (/^-?[\d.]*\d,\d+$/.test(text)) comma = true;
      else if (/\d\.\d/.test(text) && !POINT_GROUPED.test(text)) return false;
    }
  }
  return comma;
}

/** How a CSV file's prices and volumes read. */
export interface NumberReading {
  price(text: string): number;
  volume(text: string): number;
}

/**
 * A file's prices and volumes as its separators write them (numberSeparator), and where it writes decimal commas, a
 * point before a group of three digits alone as grouping thousands: Profit's export of B3's index futures (WINFUT)
 * writes 186,610 points as "186.610", beside a traded value of "728.898.598,00", and 19,532 contracts as "19.532"; read
 * as decimals, every price was a thousandth of itself and every quantity under a thousand contracts.
 */
export function numberReading(lines: readonly string[], dataStart: number, sep: string, prices: readonly number[], dated: readonly number[], newestFirst: boolean): NumberReading {
  const numSep = numberSeparator(lines, dataStart, sep, prices, newestFirst);
  const groups = numSep !== ',' && pointsGroup(lines, dataStart, sep, dated, newestFirst);
  const grouped = (text: string) => (groups && POINT_GROUPED.test(text) ? text.replace(/\./g, '') : text);
  return { price: (text) => readNumber(grouped(text), numSep), volume: (text) => readVolume(grouped(text), numSep) };
}
