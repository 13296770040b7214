import type { OhlcvLoadResult } from './ohlcv-file.js';

/** Times of day matter below daily bars; a daily file's dates say nothing of the zone that would shift its bars. */
const DAY_MS = 86_400_000;

/**
 * Whether a file's clock times were written without a zone and read as UTC where that can move its bars by hours:
 * intraday bars, with no `--times-in` naming their zone. check-data and the backtest both say it by this one rule.
 */
export function zonelessIntraday(result: Pick<OhlcvLoadResult, 'zonelessClock' | 'barMs'>): boolean {
  return result.zonelessClock && result.barMs !== undefined && result.barMs < DAY_MS;
}

/** Where such files come from and the zone they are then in: the hint both say after it. */
export const ZONELESS_SOURCES =
  "exports from MetaTrader and other brokers are often in the server's time (GMT+2 or +3 with New York's daylight time, or London's: Europe/London), HistData.com's in EST all year (Etc/GMT+5), " +
  "Finam's and the Moscow Exchange's in Moscow time (Europe/Moscow), an Asian exchange's in its own (Tokyo's 09:00 open: Asia/Tokyo; " +
  "NSE's 09:15: Asia/Kolkata; Shanghai's and Shenzhen's 09:30: Asia/Shanghai; Hong Kong's: Asia/Hong_Kong), Brazil's B3 (Profit's exports) in São Paulo time (America/Sao_Paulo), " +
  "and US exchanges' (Alpha Vantage's intraday CSV among them) in New York time";
