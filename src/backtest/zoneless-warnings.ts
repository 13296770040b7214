import { ZONELESS_SOURCES } from '../market/zoneless-times.js';
import { shellArg } from '../core/shell-arg.js';
import type { LoadedSeries } from './load-series.js';

/**
 * Files whose intraday clock times carry no zone, read as UTC because no --times-in named theirs (load-series.ts, by
 * check-data's rule): one line each. Alpha Vantage's intraday CSV (New York time) ran 4 or 5 hours early against a UTC
 * file of the same run and against --from and --to, with nothing said; check-data said it.
 */
export function zonelessTimeWarnings(series: readonly LoadedSeries[]): string[] {
  return series
    .filter((s) => s.zonelessTimes)
    .map(
      (s) =>
        `${s.file} (${s.symbol}) writes its intraday times without a time zone: they are read as UTC; ${ZONELESS_SOURCES}: ` +
        `if so, name their zone (--times-in ${shellArg(`${s.symbol}=America/New_York`)}, or ${shellArg(`${s.symbol}=Etc/GMT-2`)} for a fixed UTC+2), ` +
        'or every bar sits hours off against UTC, the other files and --from/--to',
    );
}
