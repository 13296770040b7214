import { ZONELESS_SOURCES } from '../market/zoneless-times.js';
import { shellArg } from '../core/shell-arg.js';
import type { LoadedSeries } from './load-series.js';
import { timesInValue } from './file-arguments.js';

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

const AS_WRITTEN = 'without a zone (times that carry their UTC offset, are in UTC, or are dates alone are read as written)';

/**
 * --times-in zones that changed nothing: a SYMBOL=ZONE whose file wrote no zoneless clock time, and a ZONE for every
 * file that no file used (a daily file beside an intraday one needs no word). A zone named and silently dropped left
 * the user believing every bar had been moved into it.
 */
export function unusedZoneWarnings(values: readonly string[], series: readonly LoadedSeries[]): string[] {
  const named = values.map(timesInValue);
  const own = new Set(named.flatMap((v) => (v.symbol !== undefined ? [v.symbol] : [])));
  const lines = named.flatMap((v) => {
    const s = v.symbol !== undefined ? series.find((x) => x.symbol === v.symbol) : undefined;
    return s !== undefined && s.timesIn === undefined ? [`--times-in ${shellArg(`${v.symbol}=${v.zone}`)} changed nothing: ${s.file} writes no clock time ${AS_WRITTEN}`] : [];
  });
  const every = named.find((v) => v.symbol === undefined);
  const rest = series.filter((s) => !own.has(s.symbol));
  if (every !== undefined && rest.length > 0 && rest.every((s) => s.timesIn === undefined)) {
    const files = [...new Set(rest.map((s) => s.file))];
    lines.push(`--times-in ${shellArg(every.zone)} changed nothing: ${files.length === 1 ? `${files[0]!} writes no` : `none of ${files.join(', ')} writes a`} clock time ${AS_WRITTEN}`);
  }
  return [...new Set(lines)];
}
