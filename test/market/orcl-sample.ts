import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

/**
 * The shared ORCL file's first 399 rows, for the format tests: each writes them in one export's layout and expects the
 * reader to give back `ORCL_BARS`, the bars the original layout reads as.
 */
export const NOW = { now: Date.UTC(2024, 0, 1) };
const text = readFileSync(path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt'), 'utf8').trim();
/** Date, Open, High, Low, Close, Adj Close, Volume, as text. */
export const ORCL_ROWS = text.split('\n').slice(1, 400).map((r) => r.split(','));
export const ORCL_BARS = parseOhlcv(['Date,Open,High,Low,Close,Adj Close,Volume', ...ORCL_ROWS.map((r) => r.join(','))].join('\n'), 'orcl.csv', NOW).bars;
/** A row's date as epoch milliseconds (UTC midnight). */
export const ms = (date: string | undefined) => Date.parse(`${date}T00:00:00Z`);
