import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { shellArg } from '../core/shell-arg.js';
import { symbolFromFile } from '../market/replay-market.js';
import { sniffNewsFile } from '../news/news-file-sniff.js';
import type { SeriesSpec } from './load-series.js';
import { ZONE_HINT, isKnownZone } from '../market/zoned-clock.js';
import { withChanges } from '../core/with-changes.js';
import { QUOTE_MIX_WHY, quoteMix, quoteOfText } from '../domain/quote-currency.js';

/** SYMBOL=path: the rule of a symbol given so. */
const SYMBOL_EQUALS = /^([A-Za-z0-9][A-Za-z0-9._/:-]{0,39})=(.+)$/;

/** One file under two names (a link to it, dir/../file): its real path, as the same file given twice is said. */
const sameFile = (a: string, b: string): boolean => realpathSync(a) === realpathSync(b);

/** FILE or SYMBOL=FILE; every file must exist (a ConfigError naming it otherwise), and no symbol may come twice. */
export function parseFileArguments(args: readonly string[]): SeriesSpec[] {
  // The SYMBOL of each SYMBOL=path, as written (before it is upper-cased).
  const names: (string | undefined)[] = [];
  const specs = args.map((arg) => {
    const m = SYMBOL_EQUALS.exec(arg);
    const named = m && !existsSync(arg) ? m[1]! : undefined;
    names.push(named);
    const file = named !== undefined ? m![2]! : arg;
    const symbol = named !== undefined ? named.toUpperCase() : symbolFromFile(arg);
    // NAME=path whose path exists but whose NAME is not a symbol was taken for a file name and said not to exist.
    // So was a Yahoo ticker with its own '=' (NG=F=path): the name is what comes before the '=' whose rest is a file.
    const cut = existsSync(arg) || existsSync(file) ? undefined : [...arg.matchAll(/=/g)].map((x) => x.index).find((i) => existsSync(arg.slice(i + 1)));
    if (cut !== undefined) {
      const hint = arg.slice(0, cut).includes('=') ? `; '=' is not among them: ${arg.slice(0, cut).replaceAll('=', '_')}=${arg.slice(cut + 1)}, say` : '';
      throw new ConfigError(`symbol ${JSON.stringify(arg.slice(0, cut))} in ${JSON.stringify(arg)} is not allowed: up to 40 Latin letters (A-Z, a-z), digits and . _ / : - starting with a letter or digit (BTC/USDT, EURUSD, BRK.B)${hint}`, 'FILE');
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      throw new ConfigError(`FILE ${JSON.stringify(file)} is a folder: name its files, one symbol each (${join(file, '*.csv')} in the shell)`, 'FILE');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ConfigError(`FILE ${JSON.stringify(file)} does not exist or is not a file: name OHLCV files (CSV or JSON), optionally as SYMBOL=path`, 'FILE');
    }
    // News given where prices go ran as a file of 300 rejected rows, with check-data listing each "has no time".
    const news = sniffNewsFile(file);
    if (news) throw new ConfigError(`FILE ${JSON.stringify(file)} holds ${news === 'feed' ? 'a saved news feed' : 'recorded news (publishedAt, title)'}, not OHLCV bars: give news as --news ${news === 'feed' ? '<its folder>' : file}, and prices as FILE`, 'FILE');
    // A name taken from the file may be what providers write (^GSPC, S&P 500, ES1!), but not an option's look:
    // "-goog.csv" ran as -GOOG, which --times-in -GOOG=ZONE, or a shell, reads as an option.
    if (named === undefined && (symbol === '' || symbol.startsWith('-'))) {
      throw new ConfigError(`FILE ${JSON.stringify(file)}: its name gives the symbol ${JSON.stringify(symbol)}, which reads as an option: name it, as SYMBOL=${shellArg(file)}`, 'FILE');
    }
    return { file, symbol };
  });
  const seen = new Map<string, string>();
  const given = new Map<string, string>();
  for (const [i, s] of specs.entries()) {
    const other = seen.get(s.symbol);
    const name = names[i];
    const before = given.get(s.symbol);
    // orcl=a ORCL=b were named apart, as the advice below says; that symbols are read in capitals was not said.
    if (other !== undefined && name !== undefined && before !== undefined && name !== before && !sameFile(other, s.file)) {
      throw new ConfigError(`symbols ${before} and ${name} are one symbol, ${s.symbol} (symbols are read in capitals): name the files apart by more than case`, 'FILE');
    }
    if (name !== undefined) given.set(s.symbol, name);
    // The same file twice (a shell glob and a name) is said as such: "two files" sent the user looking for a second one.
    if (other !== undefined && sameFile(other, s.file)) throw new ConfigError(`FILE ${JSON.stringify(s.file)} is given twice (symbol ${s.symbol}): name each file once`, 'FILE');
    // Binance's monthly files (BTCUSDT-1h-2025-04.csv, -05.csv) are parts of one series, not two symbols.
    if (other !== undefined) {
      throw new ConfigError(`symbol ${s.symbol} comes from two files (${other}, ${s.file}): a file holds a symbol's whole series; join parts of one series (a month a file) into one file, rows in time order under one header; two symbols, name them apart as SYMBOL=path`, 'FILE');
    }
    seen.set(s.symbol, s.file);
  }
  // The run's one account (startingCash) values every symbol in one currency, as the daemon's does (config-rules.ts).
  const mix = quoteMix(specs.map((s, i) => ({ symbol: args[i]!, quote: quoteOfText(s.symbol) })));
  if (mix !== null) {
    throw new ConfigError(`FILE arguments mix quote currencies: ${mix}. ${QUOTE_MIX_WHY}. Run one backtest per quote currency, or give every file's prices in one currency`, 'FILE');
  }
  return specs;
}

/**
 * --times-in ZONE (every file) or SYMBOL=ZONE (one file, over the first), repeatable: the IANA zone each file's clock
 * times are written in when they carry none (a US exchange's intraday export in New York time, a MetaTrader server's).
 * Files merge on one calendar, so a file read as UTC while it is not is hours off against the others.
 */
export function withTimesIn(specs: readonly SeriesSpec[], values: readonly string[]): SeriesSpec[] {
  let every: string | undefined;
  const bySymbol = new Map<string, string>();
  for (const value of values) {
    const { symbol, zone } = timesInValue(value);
    if (!isKnownZone(zone)) {
      throw new ConfigError(`--times-in ${JSON.stringify(value)}: ${JSON.stringify(zone)} is not a time zone this runtime knows; ${ZONE_HINT}, for every file or as SYMBOL=ZONE`, '--times-in');
    }
    if (symbol === undefined) {
      if (every !== undefined && every !== zone) throw new ConfigError(`--times-in names two zones for every file (${every}, ${zone}): name one, and give the others as SYMBOL=ZONE`, '--times-in');
      every = zone;
      continue;
    }
    if (!specs.some((s) => s.symbol === symbol)) {
      throw new ConfigError(`--times-in ${JSON.stringify(value)}: no file is symbol ${symbol}; the files' symbols are ${specs.map((s) => s.symbol).join(', ')}`, '--times-in');
    }
    const before = bySymbol.get(symbol);
    if (before !== undefined && before !== zone) throw new ConfigError(`--times-in names two zones for ${symbol} (${before}, ${zone}): name one`, '--times-in');
    bySymbol.set(symbol, zone);
  }
  return specs.map((s) => {
    const zone = bySymbol.get(s.symbol) ?? every;
    return zone === undefined ? s : withChanges(s, { timesIn: zone });
  });
}

/** One --times-in value: ZONE, or SYMBOL=ZONE (the symbol upper-cased, as FILE arguments name it). */
export function timesInValue(value: string): { symbol?: string; zone: string } {
  const m = /^([^=]+)=(.*)$/.exec(value);
  return m ? { symbol: m[1]!.trim().toUpperCase(), zone: m[2]!.trim() } : { zone: value.trim() };
}
