/** Exports stamped at the end of each bar (TradeStation, BitMEX, Futu), read back to the bar's open, and BitMEX's opens. */
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

/**
 * TradeStation's intraday export stamps each bar at its close too: the bar opened one bar length earlier (the most
 * common step between its rows). Read as opens, every bar was seen a bar after it closed, a bar behind files stamped
 * at the open and the daily loss limit's day. A session's last bar cut short (16:00 after 15:30 on hourly bars) keeps
 * its close right, which is what decides when it is seen. BitMEX's bins likewise, days included. The step in ms, or
 * undefined for another header or (TradeStation's) days.
 */
export function closeStampStep(headerLine: string, times: readonly number[]): number | undefined {
  const bitmex = BITMEX_HEADER.test(headerLine.trim());
  if (!bitmex && !TRADESTATION_HEADER.test(headerLine.trim()) && !FUTU_HEADER.test(headerLine)) return undefined;
  const mode = inferBarMs([...times].sort((a, b) => a - b).map((time) => ({ time })));
  return mode !== undefined && (bitmex || mode < 86_400_000) ? mode : undefined;
}

/** The time of day every row of a TradeStation export writes, when they all write the same one other than midnight (its bars are days), else undefined. */
export function tradeStationSessionClose(headerLine: string, lines: readonly string[], dataStart: number, sep: string, timeColumn: number): string | undefined {
  if (!TRADESTATION_HEADER.test(headerLine.trim()) || timeColumn < 0) return undefined;
  let time: string | undefined;
  for (let i = dataStart; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const t = splitLine(lines[i]!, sep)[timeColumn]?.trim() ?? '';
    if (time !== undefined && t !== time) return undefined;
    time = t;
  }
  // Midnight on every row is a day dated as any other file dates it.
  return time === undefined || /^0?0:00(:00)?$/.test(time) ? undefined : time;
}
