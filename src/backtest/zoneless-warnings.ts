import { ZONELESS_SOURCES } from '../market/zoneless-times.js';
import { shellArg } from '../core/shell-arg.js';
import type { LoadedSeries } from './load-series.js';

/**
 * Files whose intraday clock times carry no zone, read as UTC because no --times-in named theirs (load-series.ts, by
 * check-data's rule): one line a file. Alpha Vantage's intraday CSV (New York time) ran 4 or 5 hours early against a
 * UTC file of the same run and against --from and --to, with nothing said; check-data said it. Symbols read from one
 * file (one minute file taken as 20 symbols, `A=file B=file ...`) share its line, naming them all: a line each said
 * the same thing 20 times over. The --times-in example names the first; the others are named the same way.
 */
export function zonelessTimeWarnings(series: readonly LoadedSeries[]): string[] {
  const byFile = new Map<string, string[]>();
  for (const s of series) if (s.zonelessTimes) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.symbol]);
  return [...byFile].map(([file, symbols]) => {
    const first = symbols[0]!;
    const each = symbols.length > 1 ? `, as for each of its ${symbols.length} symbols` : '';
    return (
      `${file} (${symbols.join(', ')}) writes its intraday times without a time zone: they are read as UTC; ${ZONELESS_SOURCES}: ` +
      `if so, name their zone (--times-in ${shellArg(`${first}=America/New_York`)}, or ${shellArg(`${first}=Etc/GMT-2`)} for a fixed UTC+2${each}), ` +
      'or every bar sits hours off against UTC, the other files and --from/--to'
    );
  });
}
