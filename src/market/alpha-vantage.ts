import { DataFileError } from './csv-fields.js';
import { parseBarTime } from './bar-time.js';
import { answerClock } from './zoned-clock.js';
import { isRecord } from '../core/is-record.js';

/**
 * Alpha Vantage's JSON answer saved as it came (TIME_SERIES_DAILY, _ADJUSTED, _INTRADAY, _WEEKLY, _MONTHLY,
 * DIGITAL_CURRENCY_*): `{"Meta Data": {...}, "Time Series (Daily)": {"2024-01-02": {"1. open": "...", ...}}}`, the bars
 * keyed by their time, newest first, their fields numbered ("1. open", "5. adjusted close", "8. split coefficient";
 * a currency's "1a. open (CNY)"). Turned into bar objects; the close is the raw "4. close", as a Yahoo CSV's `Close`.
 * Intraday times are the wall clock of the answer's "Time Zone" ("US/Eastern"), so they are turned into UTC.
 * Undefined when the object is not such an answer.
 */
export function alphaVantageRows(data: object, file: string): Record<string, unknown>[] | undefined {
  const entries = Object.entries(data);
  const named = entries.find(([k, v]) => /time series/i.test(k) && isRecord(v));
  const series = named ?? (isBareSeries(entries) ? ['Time Series', data] : undefined);
  if (!series) return undefined;
  const meta = entries.find(([k]) => /meta data/i.test(k))?.[1] as Record<string, unknown> | undefined;
  const zoneEntry = meta && typeof meta === 'object' ? Object.entries(meta).find(([k]) => /time zone/i.test(k)) : undefined;
  const zone = typeof zoneEntry?.[1] === 'string' ? zoneEntry[1].trim() : 'UTC';
  // A bare series names no zone: its times are kept as written, so that intraday ones are said to have none.
  const toUtc = named ? answerClock(zone, file, 'Time Zone') : (text: string) => text;
  const rows = Object.entries(series[1] as Record<string, unknown>).map(([time, fields]) => {
    const bar: Record<string, unknown> = { time: /\d:\d/.test(time) ? (toUtc(time) ?? time) : time };
    if (fields && typeof fields === 'object') {
      for (const [key, value] of Object.entries(fields)) {
        // "1. open" -> open, "1a. open (CNY)" -> open (the first of a currency's two), "8. split coefficient" -> split.
        const name = key.replace(/^\s*\d+[a-z]?\.\s*/i, '').replace(/\s*\(.*\)\s*$/, '').trim().toLowerCase();
        const field = name === 'split coefficient' ? 'split' : name;
        if (!(field in bar)) bar[field] = value;
      }
    }
    return bar;
  });
  if (rows.length > 0 && rows.every((r) => r.open === undefined)) {
    throw new DataFileError(`OHLCV file ${file} is Alpha Vantage's "${series[0]}", prices without open, high and low, not bars; ask for a series of bars (TIME_SERIES_DAILY, DIGITAL_CURRENCY_DAILY...)`);
  }
  return rows;
}

/**
 * The series saved without its answer (`json.dump(answer["Time Series (Daily)"])`: `{"2025-01-06": {"1. open": ...}}`),
 * read as the answer's series. It was refused as "expected a JSON array".
 */
function isBareSeries(entries: [string, unknown][]): boolean {
  const numbered = (v: unknown) => v !== null && typeof v === 'object' && Object.keys(v).some((k) => /^\s*\d+[a-z]?\.\s*open\b/i.test(k));
  return entries.length > 0 && entries.every(([k, v]) => !Number.isNaN(parseBarTime(k)) && numbered(v));
}
