import { reportNumber } from './report-number.js';

/**
 * CSV as RFC 4180 reads it, with \n line ends: a field is quoted when it holds a comma, a quote, a line break or
 * leading/trailing space, and quotes inside are doubled. Numbers use the report's rounding; no value is empty.
 */
export type CsvValue = string | number | null;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    const n = reportNumber(value);
    return n === null ? '' : String(n);
  }
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}
