import type { BarIssue } from './bar-validator.js';

/**
 * A bar its source marks as still forming when saved (Tinkoff's `is_complete` False, OANDA's `complete: false`, OKX's
 * `confirm: "0"`): read as finished, its close was a last price and its volume a part. One rule for CSV columns and
 * JSON keys alike.
 */
const NAMES = ['is complete', 'complete', 'iscomplete', 'confirm'];

/** Whether a column or key (any case, `_` or a space between words) marks whether the bar was complete. */
export const marksCompletion = (name: string): boolean => NAMES.includes(name.trim().toLowerCase().replace(/_/g, ' '));

/** Whether that mark's value says the bar was still forming. */
export const saysUnfinished = (value: unknown): boolean => /^(false|0)$/i.test(String(value).trim());

/** The rejection of such a bar, `mark` being how the file says it ("confirm \"0\""). */
export function unfinishedIssue(file: string, row: number, time: number, mark: string): BarIssue {
  return { file, row, time, code: 'unfinished-bar', severity: 'rejected', message: `marked as not complete (${mark}): a bar still forming when saved` };
}
