import { DataFileError } from './csv-fields.js';
import { answerClock } from './zoned-clock.js';
import { withChanges } from '../core/with-changes.js';

type Answer = { meta: Record<string, unknown>; values: unknown[] };

const isAnswer = (v: unknown): v is Answer => {
  const o = v as Partial<Answer> | null;
  return o !== null && typeof o === 'object' && !!o.meta && typeof o.meta === 'object' && Array.isArray(o.values);
};

/**
 * Twelve Data's time_series answer saved as it came (`{"meta": {"symbol": "AAPL", "interval": "5min",
 * "exchange_timezone": "America/New_York", ...}, "values": [{"datetime": "2022-05-04 15:55:00", "open": "...", ...}],
 * "status": "ok"}`, newest first): its intraday times are the wall clock of the exchange, which its meta names; read
 * as UTC, New York's bars were 4 or 5 hours early. Turned into the bar objects with UTC times. Its batch answer, keyed
 * by symbol (`{"AAPL": {"meta": ..., "values": ...}, "MSFT": ...}`), gives its one symbol's bars or is refused naming
 * them (it was refused as "expected a JSON array"). Undefined when the object is not such an answer; `zone` is the
 * meta's zone when some row's time was read in it (check-data says so, since an answer asked with another `timezone`
 * names the exchange's all the same, and --times-in then says which).
 */
export function twelveDataRows(data: object, file: string, timesIn?: string): { rows: unknown[]; zone?: string } | undefined {
  const batch = Object.entries(data).filter(([, v]) => isAnswer(v));
  if (!isAnswer(data) && batch.length > 0 && batch.length === Object.keys(data).length) {
    if (batch.length > 1) {
      throw new DataFileError(`OHLCV file ${file} holds ${batch.length} symbols' answers (${batch.slice(0, 5).map(([k]) => k).join(', ')}): one symbol per file; save each symbol's "values" with its "meta" to its own file`);
    }
    return twelveDataRows(batch[0]![1] as object, file, timesIn);
  }
  if (!isAnswer(data)) return undefined;
  // A download asked with another `timezone` still names the exchange's: the zone given by --times-in is taken instead.
  const zone = data.meta.exchange_timezone;
  if (typeof zone !== 'string' || zone.trim() === '' || timesIn !== undefined) return { rows: data.values };
  const toUtc = answerClock(zone.trim(), file, 'exchange_timezone');
  let zoned = false;
  const rows = data.values.map((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const bar = v as Record<string, unknown>;
    const utc = typeof bar.datetime === 'string' && /\d:\d/.test(bar.datetime) ? toUtc(bar.datetime) : undefined;
    if (utc === undefined) return bar;
    zoned = true;
    return withChanges(bar, { datetime: utc });
  });
  return zoned ? { rows, zone: zone.trim() } : { rows };
}
