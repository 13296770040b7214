import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { ZONELESS_SOURCES, zonelessIntraday } from './zoneless-times.js';
import { ConfigError, OperationalError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Bar, MarketData } from './market-port.js';
import { loadOhlcvFile, type OhlcvLoadResult } from './ohlcv-file.js';
import { logBarIssues } from './bar-issue-log.js';
import { withChanges } from '../core/with-changes.js';
import { shellArg } from '../core/shell-arg.js';

/**
 * Replays OHLCV files, one symbol each, paced by the injected clock. At start the first `warmupBars` bars of every
 * file are visible; from then on clock time maps onto each file's own timeline (`speed` history-ms per clock-ms), so
 * on a VirtualClock a test or a backtest replays history through the same code as live. A bar becomes visible only
 * once it has closed at the mapped now; nothing after it is ever returned. When a file runs out, the replay says so
 * (a flag in `stats()` and one warning, or ReplayExhaustedError with `onEnd: 'error'`); it never loops.
 */
export interface ReplayFile {
  file: string;
  /** Defaults to a name derived from the file name (see `symbolFromFile`). */
  symbol?: string;
  /** The IANA zone of the clock times the file writes without one; default UTC. */
  timesIn?: string;
}

export interface ReplayMarketOptions {
  files: ReadonlyArray<string | ReplayFile>;
  clock: Clock;
  /** Bars visible at start, per file. Default 200. */
  warmupBars?: number;
  /** History milliseconds per clock millisecond. Default 1 (real time); 60 replays an hour per minute. */
  speed?: number;
  /**
   * After the last bar: 'hold' (default) keeps returning the final bars, flags the symbol exhausted in `stats()` and
   * logs one warning; 'error' throws ReplayExhaustedError on every call.
   */
  onEnd?: 'error' | 'hold';
  logger?: Logger;
  name?: string;
}

export class ReplayExhaustedError extends OperationalError {
  constructor(
    readonly symbol: string,
    readonly file: string,
    lastBarTime: number,
  ) {
    super(`replay of ${symbol} (${file}) has no bars after ${new Date(lastBarTime).toISOString()}: the file is exhausted; add more data or stop the replay`);
  }
}

export interface ReplaySeries {
  symbol: string;
  file: string;
  bars: readonly Bar[];
  barMs: number;
  rejected: number;
  quarantined: number;
}

export interface ReplayStats {
  bars: number;
  visible: number;
  rejected: number;
  quarantined: number;
  exhausted: boolean;
}

/**
 * "freqtrade__ADA_BTC-5m.json" → "ADA_BTC"; "yfinance__ASAI-L-1h-bad-unit.csv" → "ASAI-L"; "GOOG.csv" → "GOOG";
 * "backtrader__orcl-1995-2014.txt" → "ORCL" (a trailing year or year range is a date span, not part of the name);
 * "orcl.csv.gz" → "ORCL".
 */
export function symbolFromFile(file: string): string {
  let base = path.basename(file).replace(/\.(gz|zip)$/i, '').replace(/\.[^.]+$/, '');
  if (base.includes('__')) base = base.slice(base.lastIndexOf('__') + 2);
  base = base.replace(/[-_](?:19|20)\d{2}(?:[-_](?:19|20)\d{2})?$/, '');
  // TradingView names an export "EXCHANGE_SYMBOL, INTERVAL" ("BINANCE_BTCUSDT, 60"): the interval is no part of it.
  base = base.replace(/\s*,\s*\w+$/, '');
  const m = /^(.+?)-\d+(?:s|m|min|h|d|w|mo)\b/i.exec(base);
  // Spaces and commas left in a name have no place in a symbol (fills.csv, client order ids, SYMBOL=ZONE arguments).
  return (m ? m[1]! : base).replace(/[\s,]+/g, '_').toUpperCase();
}

const MAX_LOGGED_ISSUES = 50;

export class ReplayMarket implements MarketData {
  readonly name: string;
  private readonly bySymbol = new Map<string, ReplaySeries & { anchor: number }>();
  private readonly startedAt: number;
  private readonly speed: number;
  private readonly announced = new Set<string>();

  constructor(
    series: readonly ReplaySeries[],
    private readonly options: Omit<ReplayMarketOptions, 'files'>,
  ) {
    this.name = options.name ?? 'replay';
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new ConfigError(`replaySpeed must be > 0, got ${this.speed}`, 'replaySpeed');
    this.startedAt = options.clock.now();
    const warmup = Math.max(1, options.warmupBars ?? 200);
    assertSomethingToReplay(series, warmup, options.logger);
    for (const s of series) {
      if (this.bySymbol.has(s.symbol)) throw new ConfigError(`symbol ${s.symbol} is replayed from two files; name the symbols in replayFiles`, 'replayFiles');
      if (s.bars.length === 0) throw new ConfigError(`replay file ${s.file} has no usable bars (run conclave check-data ${shellArg(s.file)})`, 'replayFiles');
      // The anchor is the close of the last warm-up bar: at start, exactly the warm-up is visible.
      const last = s.bars[Math.min(warmup, s.bars.length) - 1]!;
      this.bySymbol.set(s.symbol, withChanges(s, { anchor: last.time + s.barMs }));
    }
  }

  /** Loads and validates every file (logging each rejected or quarantined row), then starts the replay at clock now. */
  static async load(options: ReplayMarketOptions): Promise<ReplayMarket> {
    if (options.files.length === 0) throw new ConfigError('replayFiles is empty: name at least one OHLCV file', 'replayFiles');
    const series: ReplaySeries[] = [];
    for (const entry of options.files) {
      const spec = typeof entry === 'string' ? { file: entry } : entry;
      let result: OhlcvLoadResult;
      try {
        result = await loadOhlcvFile(spec.file, spec.timesIn !== undefined ? { timesIn: spec.timesIn } : {});
      } catch (error) {
        throw new ConfigError(`replayFiles: ${(error as Error).message}`, 'replayFiles');
      }
      const symbol = spec.symbol ?? symbolFromFile(spec.file);
      if (options.logger) logBarIssues(options.logger, symbol, spec.file, [...result.rejected, ...result.quarantined], MAX_LOGGED_ISSUES);
      // As the backtest and check-data say it: a New York intraday file read as UTC trades 4-5 hours off, unsaid.
      if (spec.timesIn === undefined && zonelessIntraday(result)) {
        options.logger?.warn({ symbol, file: spec.file }, `replay of ${symbol}: ${spec.file} writes its times without a zone, read as UTC; if they are another zone's, give its entry in replayFiles "timesIn" (an IANA zone; ${ZONELESS_SOURCES})`);
      }
      series.push({
        symbol, file: spec.file, bars: result.bars, barMs: result.barMs ?? 60_000,
        rejected: result.rejected.length, quarantined: result.quarantined.length,
      });
    }
    return new ReplayMarket(series, options);
  }

  symbols(): readonly string[] {
    return [...this.bySymbol.keys()];
  }

  /** The file's bar size (given by the data, or 1 minute when it could not be inferred). */
  barMs(symbol: string): number {
    return this.series(symbol).barMs;
  }

  private series(symbol: string) {
    const s = this.bySymbol.get(symbol);
    if (!s) throw new OperationalError(`replay has no symbol ${symbol}; the universe is ${this.symbols().join(', ')}`);
    return s;
  }

  marketNow(symbol: string): number | undefined {
    return this.bySymbol.has(symbol) ? this.mappedNow(symbol) : undefined;
  }

  /** The history time the clock maps to for `symbol`. */
  mappedNow(symbol: string): number {
    const s = this.series(symbol);
    return s.anchor + (this.options.clock.now() - this.startedAt) * this.speed;
  }

  /** Number of bars closed at the mapped now (binary search: bars are ascending). */
  private visibleCount(s: ReplaySeries & { anchor: number }): number {
    const now = s.anchor + (this.options.clock.now() - this.startedAt) * this.speed;
    let lo = 0;
    let hi = s.bars.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.bars[mid]!.time + s.barMs <= now) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** With onEnd 'hold', once every file has been replayed to its end: the replay is over, not stalled. */
  ended(): boolean {
    return this.options.onEnd !== 'error' && this.symbols().every((symbol) => this.isExhausted(symbol));
  }

  /** True once the clock has moved a bar past the file's last bar. */
  isExhausted(symbol: string): boolean {
    const s = this.series(symbol);
    const last = s.bars[s.bars.length - 1]!;
    return this.mappedNow(symbol) >= last.time + 2 * s.barMs;
  }

  private check(symbol: string): ReplaySeries & { anchor: number } {
    const s = this.series(symbol);
    if (!this.isExhausted(symbol)) return s;
    const error = new ReplayExhaustedError(symbol, s.file, s.bars[s.bars.length - 1]!.time);
    if (this.options.onEnd === 'error') throw error;
    if (!this.announced.has(symbol)) {
      this.announced.add(symbol);
      this.options.logger?.warn({ symbol, file: s.file }, error.message);
    }
    return s;
  }

  async bars(symbol: string, limit: number, signal?: AbortSignal): Promise<Bar[]> {
    signal?.throwIfAborted();
    const s = this.check(symbol);
    const end = this.visibleCount(s);
    return s.bars.slice(Math.max(0, end - Math.max(0, limit)), end).map((b) => ({ ...b }));
  }

  async price(symbol: string, signal?: AbortSignal): Promise<number> {
    signal?.throwIfAborted();
    const s = this.check(symbol);
    const end = this.visibleCount(s);
    return s.bars[Math.max(0, end - 1)]!.close;
  }

  /** Per symbol: bars loaded and visible, rows rejected/quarantined at load, exhaustion. For the health line. */
  stats(): Record<string, ReplayStats> {
    const out: Record<string, ReplayStats> = {};
    for (const [symbol, s] of this.bySymbol) {
      out[symbol] = { bars: s.bars.length, visible: this.visibleCount(s), rejected: s.rejected, quarantined: s.quarantined, exhausted: this.isExhausted(symbol) };
    }
    return out;
  }
}

/**
 * A file of no more bars than the warm-up is all visible at start, with nothing left to replay: the daemon would sit
 * on it and never see a bar close. Said for each such file; refused when no file has anything to replay.
 */
function assertSomethingToReplay(series: readonly ReplaySeries[], warmup: number, logger: Logger | undefined): void {
  const short = series.filter((s) => s.bars.length > 0 && s.bars.length <= warmup);
  if (short.length === 0) return;
  const named = short.map((s) => `${s.symbol} (${s.file}): ${s.bars.length} bars`).join(', ');
  const advice = `lower CONCLAVE_REPLAY_WARMUP_BARS (now ${warmup}) below its number of bars, or replay a longer file`;
  if (short.length === series.length) {
    throw new ConfigError(`nothing to replay: replayWarmupBars shows the first ${warmup} bars of each file at start, and ${named} ${short.length === 1 ? 'has' : 'have'} no more: ${advice}`, 'replayWarmupBars');
  }
  for (const s of short) {
    logger?.warn({ symbol: s.symbol, file: s.file, bars: s.bars.length, warmupBars: warmup }, `replay of ${s.symbol} has ${s.bars.length} bars, all shown at start as warm-up: no bar of it will close during the run; ${advice}`);
  }
}
