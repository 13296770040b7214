import { splitLine } from './csv-fields.js';

/**
 * TradeStation stamps each bar at its close. Its end-of-day export (`"Date","Time","Open","High","Low","Close","Vol","OI"`,
 * or `"Up","Down"`) writes the session's close on every row (natural gas 17:00, wheat 13:20, CME bitcoin 16:00): read
 * as the bar's open, each day opened at its own close and was seen a day late, beside files dated by the day.
 */
const TRADESTATION_HEADER = /^"Date","Time","Open","High","Low","Close","(Vol","OI|Up","Down)"/i;

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
