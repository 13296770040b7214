/**
 * Exports stamped at the end of each bar (TradeStation, BitMEX, Futu, rqalpha's CFFEX minutes), read back to the bar's
 * open, and BitMEX's opens.
 */
import { splitLine } from './csv-fields.js';
import { inferBarMs } from './bar-gaps.js';
import type { RawBar } from './bar-validator.js';

/**
 * BitMEX's bucketed trades (`timestamp,symbol,open,high,low,close,trades,volume,vwap,lastSize,turnover,homeNotional,
 * foreignNotional`) are stamped at the end of their bin, days too (its 1d bar of 2 January is stamped 3 January 00:00):
 * read as opens, each bar was seen a bar after it closed. Its `open` is the close of the bin before (on every row),
 * not the bin's first trade: where that lies outside the bin's low and high (3 % of XBTUSD's 5-minute bins), the row
 * was refused as "open outside the range"; it is read as the nearest price the bin traded (its low or its high).
 */
const BITMEX_HEADER = /^"?timestamp"?,"?symbol"?,"?open"?,"?high"?,"?low"?,"?close"?,"?trades"?,"?volume"?,"?vwap"?,"?lastSize"?,"?turnover"?,"?homeNotional"?,"?foreignNotional"?$/i;

/** Moves a BitMEX file's opens outside their bin's range to the nearest price the bin traded; how many it moved. */
export function bitmexOpensInRange(headerLine: string, rows: RawBar[]): number {
  if (!BITMEX_HEADER.test(headerLine.trim())) return 0;
  let moved = 0;
  for (const r of rows) {
    if (r.high < r.low || (r.open >= r.low && r.open <= r.high)) continue;
    r.open = Math.min(Math.max(r.open, r.low), r.high);
    moved++;
  }
  return moved;
}

/**
 * TradeStation stamps each bar at its close. Its end-of-day export (`"Date","Time","Open","High","Low","Close","Vol","OI"`,
 * or `"Up","Down"`) writes the session's close on every row (natural gas 17:00, wheat 13:20, CME bitcoin 16:00): read
 * as the bar's open, each day opened at its own close and was seen a day late, beside files dated by the day.
 */
const TRADESTATION_HEADER = /^"Date","Time","Open","High","Low","Close","(Vol","OI|Up","Down)"/i;

/**
 * Futu's (moomoo's) K-lines from its OpenAPI (request_history_kline) saved by pandas, `code,time_key,open,close,high,
 * low,...`: an intraday bar is stamped at its close (Hong Kong's morning ends on a 12:00 bar and its afternoon opens on
 * 13:01, or 13:05 for 5-minute bars; nothing is stamped 13:00), a day at its midnight.
 */
const FUTU_HEADER = /(^|[,;\t])\s*"?time_key"?\s*([,;\t]|$)/i;

/** rqalpha's CFFEX minutes (`MDEntryTime,CalendarDate,OpeningPx,...`): the morning's first is 93100000, its last 113000000. */
const CFFEX_HEADER = /^\s*"?MDEntryTime"?[,;\t]/i;

/**
 * TradeStation's intraday export stamps each bar at its close too: the bar opened one bar length earlier. Read as opens,
 * every bar was seen a bar after it closed, a bar behind files stamped at the open and the daily loss limit's day. A
 * session's last bar cut short (16:00 after 15:30 on hourly bars) keeps its close right, which is what decides when it
 * is seen. BitMEX's bins likewise, days included. The length is the bar's as the stamps up to its own show it (the most
 * common step between them, the smaller on a tie; the first row's, the step to the second), so no later row moves an
 * earlier bar: taken over the whole file, a 1-minute file continued in 30-second bars after a date moved every bar
 * before it by 30 s. Gives, for another header or (TradeStation's, Futu's) days, undefined; else how far a row stamped
 * at `time` is moved back (`moveAt`, the move of the latest row stamped at or before it), and the file's most common
 * step, as check-data names it.
 */
export function closeStampStep(headerLine: string, times: readonly number[]): { mode: number; moveAt: (time: number) => number } | undefined {
  const bitmex = BITMEX_HEADER.test(headerLine.trim());
  if (!bitmex && !TRADESTATION_HEADER.test(headerLine.trim()) && !FUTU_HEADER.test(headerLine) && !CFFEX_HEADER.test(headerLine)) return undefined;
  const sorted = Float64Array.from(times.filter(Number.isFinite)).sort();
  const mode = inferBarMs(Array.from(sorted, (time) => ({ time })));
  if (mode === undefined) return undefined;
  const moves = new Float64Array(sorted.length);
  const counts = new Map<number, number>();
  let [best, bestCount] = [0, 0];
  for (let k = 1; k < sorted.length; k++) {
    const step = sorted[k]! - sorted[k - 1]!;
    const count = step > 0 ? (counts.get(step) ?? 0) + 1 : 0;
    if (step > 0) counts.set(step, count);
    if (step > 0 && (count > bestCount || (count === bestCount && step < best))) [best, bestCount] = [step, count];
    moves[k] = bitmex || best < 86_400_000 ? best : 0;
  }
  moves[0] = moves[1] ?? 0;
  if (!moves.some((m) => m > 0)) return undefined;
  const moveAt = (time: number): number => {
    let [lo, hi] = [0, sorted.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sorted[mid]! <= time) lo = mid;
      else hi = mid - 1;
    }
    return moves[lo]!;
  };
  return { mode, moveAt };
}

/**
 * TradeStation's daily export: the session's close its first row is timed at, and the line before which its rows are
 * read by their date alone (up to the first date written at two times of day: intraday bars from there on); undefined
 * for another header, an intraday export (no two days before such a date) or days timed at midnight. Judged row by row
 * from the rows before it: asked of the whole file (every row one time), a half day's earlier close (13:00 among
 * 17:00s) after a date read every row from the first at its time, each day a day late.
 */
export function tradeStationDays(headerLine: string, lines: readonly string[], dataStart: number, sep: string, dateColumn: number, timeColumn: number): { sessionClose: string; until: number } | undefined {
  if (!TRADESTATION_HEADER.test(headerLine.trim()) || timeColumn < 0 || dateColumn < 0) return undefined;
  const timeOf = new Map<string, string>();
  let until = lines.length;
  for (let i = dataStart; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const f = splitLine(lines[i]!, sep);
    const [date, time] = [f[dateColumn]?.trim() ?? '', f[timeColumn]?.trim() ?? ''];
    const before = timeOf.get(date);
    if (before !== undefined && before !== time) {
      until = i;
      break;
    }
    timeOf.set(date, time);
  }
  const sessionClose = timeOf.values().next().value;
  // Midnight is a day dated as any other file dates it.
  return timeOf.size < 2 || sessionClose === undefined || /^0?0:00(:00)?$/.test(sessionClose) ? undefined : { sessionClose, until };
}
