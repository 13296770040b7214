import { ISSUES_LOGGED, type RecordedNewsStats } from '../news/recorded-news.js';
import type { LoadedSeries } from './load-series.js';
import { counted } from '../core/plural.js';
import { utcTime } from '../core/display-format.js';

/**
 * What --news will not do, said before the run: a source with no item at all (an empty file, a folder without feed
 * files), or items that all fall outside the run's span, runs exactly as if no news had been given. The user asked for
 * news, so the run says so instead of leaving a silent scout to be found in the store.
 */
export function newsSpanLine(path: string, stats: Pick<RecordedNewsStats, 'items' | 'first' | 'last'>, series: readonly LoadedSeries[], lookbackMs: number): string | undefined {
  if (stats.items === 0) return `--news ${path} holds no news item (an empty file, or a folder without saved feed files): the scout sees no news`;
  if (stats.first === undefined || stats.last === undefined) return undefined;
  // Items are visible from their published time on and kept for the look-back, so only a source that ends a look-back
  // before the span's first bar, or starts after its last bar closes, is out of reach.
  const start = Math.min(...series.map((s) => s.bars[s.first]!.time)) - lookbackMs;
  const end = Math.max(...series.map((s) => s.bars[s.end - 1]!.time + s.barMs));
  const first = Date.parse(stats.first);
  const last = Date.parse(stats.last);
  if (last >= start && first <= end) return undefined;
  return `--news ${path}: its ${counted(stats.items, 'item')} run from ${utcTime(first, true)} to ${utcTime(last, true)}, outside the run's span (${utcTime(start + lookbackMs, true)} to ${utcTime(end, true)}): the scout sees no news`;
}

/**
 * The items --news could not use (no date, an unreadable line, a repeated id...), counted by reason: they were only in
 * backtest.log, so a file whose dates were all in epoch seconds ran newsless with nothing said.
 */
export function newsRejectedLine(path: string, stats: Pick<RecordedNewsStats, 'rejected'>, logFile: string): string | undefined {
  // A bad file is a file (a README, a price file, an HTML page) whose items, if any, are unknown: not "an item".
  const reasons = Object.entries(stats.rejected).filter(([reason, n]) => n > 0 && reason !== 'bad-file' && reason !== 'subfolder');
  const total = reasons.reduce((sum, [, n]) => sum + n, 0);
  const files = stats.rejected['bad-file'];
  const folders = stats.rejected.subfolder;
  if (total === 0 && files === 0 && folders === 0) return undefined;
  const items = total > 0 ? `${counted(total, 'item')} not used (${reasons.map(([reason, n]) => `${n} ${reason}`).join(', ')})` : '';
  const unread = files > 0 ? `${counted(files, 'file')} not read as news (not a feed, or one that cannot be parsed)` : '';
  const below = folders > 0 ? `${counted(folders, 'subfolder')} not searched (only the folder's own files are read)` : '';
  // The log holds the first ISSUES_LOGGED of them: "each is logged" sent a reader to look for lines that are not there.
  const logged = total + files + folders > ISSUES_LOGGED ? `the first ${ISSUES_LOGGED} are logged with their line and why in` : 'each is logged with its line and why in';
  return `--news ${path}: ${[items, unread, below].filter(Boolean).join('; ')}; ${logged} ${logFile}`;
}

/**
 * News the run saw that named none of its symbols, or none of some of them: headlines map by ticker, and by company
 * name and aliases only where the configured universe has the symbol. "Oracle beats estimates" over a file named ORCL
 * was never news of ORCL, silently; beside GOOG's news, ORCL's silence was not said at all.
 */
export function newsUnmappedLine(
  path: string,
  news: { seen: number; mapped: number; bySymbol: Readonly<Record<string, number>> },
  symbols: readonly string[],
  universe: readonly { symbol: string; name?: string; aliases?: readonly string[] }[] = [],
): string | undefined {
  if (news.seen === 0) return undefined;
  const unnamed = symbols.filter((s) => !(news.bySymbol[s]! > 0));
  // A roundup (an item naming more than newsMaxSymbols) found the symbols by ticker, though it is news of none of them.
  if (unnamed.length === 0 || (unnamed.length === symbols.length && news.mapped > 0)) return undefined;
  const some = unnamed.length < symbols.length;
  const entries = unnamed.map((s) => universe.find((u) => u.symbol === s));
  const which = unnamed.length === 1 ? unnamed[0]! : `any of ${unnamed.join(', ')}`;
  const others = symbols.filter((s) => !unnamed.includes(s)).map((s) => `${news.bySymbol[s]} named ${s}`).join(', ');
  const head = `--news ${path}: none of the ${counted(news.seen, 'item')} the run saw names ${which}`;
  const it = unnamed.length === 1 ? 'it' : 'them';
  const after = some ? `${others}; the scout had no news of ${it}, and no item opened a discussion of ${it}` : 'the scout read them only as market-wide news, and none opened a discussion';
  // Every symbol has its entry: the advice to give one was followed already ("give each symbol a universe entry").
  if (entries.every((e) => e !== undefined)) {
    const names = entries.map((e) => `${e.symbol}: ${[e.symbol, e.name, ...(e.aliases ?? [])].filter(Boolean).join(', ')}`).join('; ');
    return `${head} by ticker, name or alias (${names}): ${after}; check the names and aliases of --config's universe against the headlines`;
  }
  const example = unnamed.find((_, i) => entries[i] === undefined) ?? 'SYMBOL';
  return `${head} by ticker: ${after}; to map headlines by company name, give each symbol a universe entry in --config, e.g. {"universe":[{"symbol":"${example}","name":"Company name","aliases":["Brand"]}]}`;
}
