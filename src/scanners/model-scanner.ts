import PQueue from 'p-queue';
import { TurnBudget } from '../core/turn-budget.js';
import type { Clock } from '../core/clock.js';
import { errorMessage, RefusedRequestError, TransientError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { barLengthOf, type Bar, type MarketData } from '../market/market-port.js';
import { Cooldown } from './cooldown.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import { scoreBars } from './model-score.js';
import type { Opportunity } from '../domain/opportunity.js';

/** A scan's reads wait for the rate limit's spare tokens: discussions and position checks go first. */
const BULK = { bulk: true } as const;

export interface ModelScannerOptions {
  clock: Clock;
  logger: Logger;
  market: MarketData;
  concurrency: number;
  bars: number;
  threshold: number;
  cooldownMs: number;
  /** At most one opportunity per symbol within this many of its bars (0 or absent: `cooldownMs` applies). */
  cooldownBars?: number;
  publish: (opportunity: Opportunity, signal: AbortSignal) => Promise<void>;
  /** Whether a position in the symbol is open: its new bars are then reviews ("hold or exit?"), not entry scores. */
  held?: (symbol: string) => boolean;
  /** A held position goes back to the panel every this many of its bars (0 or absent: never). */
  reviewEveryBars?: number;
  /** Sees every series fetched (the health check of whether market data still advances). */
  observe?: (series: readonly Bar[], symbol: string) => void;
}

export interface ScanResult {
  scanned: number;
  failed: number;
  published: number;
}

/**
 * One model scan: fetch recent bars for the whole universe with bounded concurrency (a slow symbol holds one
 * slot, never the whole scan), score each symbol and publish those above the threshold, one per symbol per cooldown.
 */
export class ModelScanner {
  private readonly cooldown: Cooldown;
  private seq = 0;
  /** Per symbol, the open time of the last bar published: a bar is discussed once, however often the scan runs. */
  private readonly publishedBar = new Map<string, number>();

  /**
   * Fetches that failed, one warning for a scan's failures and then at most one a minute: a source that is down (its
   * circuit open) fails every symbol of every scan, which logged a line per symbol per scan.
   */
  private readonly fetchFailures: RepeatedFailure;
  /** Symbols the exchange refuses for good (delisted: RefusedRequestError), said hourly, not at every scan for ever. */
  private readonly refusedSymbols: RepeatedFailure;

  constructor(private readonly options: ModelScannerOptions) {
    this.cooldown = new Cooldown(options.cooldownMs);
    this.fetchFailures = new RepeatedFailure(options.logger, 'model scan: fetching bars failed; those symbols are skipped this scan (said again at most once a minute)', { clock: options.clock });
    this.refusedSymbols = new RepeatedFailure(options.logger, 'model scan: the exchange does not list these symbols (delisted or renamed?); they are skipped at every scan (said again hourly)', { clock: options.clock, everyMs: 3_600_000 });
  }

  /**
   * The bars a previous run of this store discussed (AuditRepository.lastDiscussedBars): after a restart the newest of
   * them is still the newest bar, and without this it was published and discussed a second time.
   */
  rememberDiscussed(bars: ReadonlyMap<string, number>): void {
    for (const [symbol, time] of bars) {
      const known = this.publishedBar.get(symbol);
      if (known === undefined || known < time) this.publishedBar.set(symbol, time);
    }
  }

  /**
   * When a previous run of this store last published each symbol (AuditRepository.lastPublished): the cooldown in
   * milliseconds runs from there, as it would have without the restart (it was forgotten, and the symbol published
   * again at the first new bar).
   */
  rememberPublished(times: ReadonlyMap<string, number>): void {
    for (const [symbol, at] of times) this.cooldown.tryAcquire(symbol, at);
  }

  /** Scans the whole universe (the daemon's loop). */
  scan(signal: AbortSignal): Promise<ScanResult> {
    return this.scanSymbols(this.options.market.symbols(), signal);
  }

  /**
   * Bars of `series` after the last one published for `symbol` (Infinity when none was). A bar published before the
   * bars read (a review or cooldown of more bars than scanBars) counts the bars between by time: counted among the
   * bars read only, they never reached it, and the position was never reviewed again (the symbol never published again).
   */
  private barsSince(symbol: string, series: readonly Bar[]): number {
    const last = this.publishedBar.get(symbol);
    if (last === undefined) return Infinity;
    let since = 0;
    for (let i = series.length - 1; i >= 0 && series[i]!.time > last; i--) since++;
    const first = series[0];
    if (since < series.length || first === undefined) return since;
    const barMs = barLengthOf(this.options.market, symbol, series);
    return barMs > 0 ? since + Math.max(0, Math.round((first.time - last) / barMs) - 1) : since;
  }

  /** True when `series` ends on a bar already published, or within `cooldownBars` bars of it. */
  private cooling(symbol: string, series: readonly Bar[]): boolean {
    const last = this.publishedBar.get(symbol);
    if (last === undefined) return false;
    if (series.at(-1)!.time <= last) return true;
    return this.barsSince(symbol, series) < (this.options.cooldownBars ?? 0);
  }

  /** The review of a held position on its latest bar, with the model's reading of that bar for context. */
  private review(symbol: string, series: readonly Bar[]): Opportunity {
    const last = series.at(-1)!;
    const result = scoreBars(series);
    return {
      id: '',
      symbol,
      source: 'model',
      direction: 'long',
      score: result?.score ?? 0,
      price: last.close,
      reason: `review of the open position: hold or exit? (model ${result ? `${result.kind} score ${result.score.toFixed(2)}` : 'has too few bars to score'})`,
      createdAt: this.options.clock.now(),
      barTime: last.time,
      kind: 'review',
    };
  }

  /** Publishes one opportunity found by a scan, unless its cooldown (in milliseconds) holds it back; true when published. */
  private async publishOne(opportunity: Opportunity, signal: AbortSignal): Promise<boolean> {
    const review = opportunity.kind === 'review';
    if (!review && !(this.options.cooldownBars && this.options.cooldownBars > 0) && !this.cooldown.tryAcquire(opportunity.symbol, opportunity.createdAt)) return false;
    this.publishedBar.set(opportunity.symbol, opportunity.barTime!);
    opportunity.id = `opp-${review ? 'r' : 'm'}-${opportunity.createdAt.toString(36)}-${++this.seq}-${opportunity.symbol}`;
    await this.options.publish(opportunity, signal);
    return true;
  }

  /** What the bars of `symbol` make of it: an entry score above the threshold, a review of a held position, or nothing. */
  private judge(symbol: string, series: readonly Bar[]): Opportunity | null {
    const reviewEvery = this.options.reviewEveryBars ?? 0;
    if (reviewEvery > 0 && this.options.held?.(symbol)) {
      // A held position is reviewed, not re-entered: the question is whether to keep it.
      return this.barsSince(symbol, series) >= reviewEvery ? this.review(symbol, series) : null;
    }
    if (this.cooling(symbol, series)) return null;
    const result = scoreBars(series);
    if (!result || Math.abs(result.score) < this.options.threshold) return null;
    const last = series.at(-1)!;
    return {
      id: '',
      symbol,
      source: 'model',
      direction: result.score > 0 ? 'long' : 'short',
      score: result.score,
      price: last.close,
      reason: `${result.kind} score ${result.score.toFixed(2)} (momentum ${result.momentum.toFixed(2)}, reversion ${result.reversion.toFixed(2)})`,
      createdAt: this.options.clock.now(),
      barTime: last.time,
      kind: result.kind,
    };
  }

  /**
   * Scans `symbols` (a backtest scans each symbol when one of its bars closes), publishing in universe order. Fetched
   * bars are published as the scan goes, each once every symbol before it has been read: held until the whole
   * universe was read, the first symbols' opportunities waited out the scan (80 s for 400 symbols at 5 requests a
   * second), a minute bar and more after their close.
   */
  async scanSymbols(symbols: readonly string[], signal: AbortSignal): Promise<ScanResult> {
    const { market, concurrency, bars, clock } = this.options;
    // One symbol (a backtest's step usually closes one bar) needs no queue: its promise bookkeeping was most of a scan.
    // Nor do bars held in memory (a backtest's market): there is no fetch to limit.
    const queue = symbols.length > 1 && !market.barsAtHand ? new PQueue({ concurrency }) : null;
    const limited = (task: () => Promise<void>) => (queue ? queue.add(task) : task());
    // Bars served from memory (the simulation's) resolve as microtasks: without a turn now and then, the first scan of
    // thousands of symbols held the event loop for seconds (health, the HTTP server and fills all waited).
    const budget = queue ? new TurnBudget(clock) : null;
    // Per symbol (universe order), what its read found: undefined while it is being read, null for nothing.
    const found: (Opportunity | null | undefined)[] = new Array<Opportunity | null | undefined>(symbols.length);
    let next = 0;
    let published = 0;
    let publishing: Promise<void> = Promise.resolve();
    // A publication that failed (the daemon stopping): the ones after it are not made, and the scan throws it at its end.
    let publishFailure: { error: unknown } | undefined;
    // The opportunities of the symbols read so far, in universe order, one publication at a time (a full queue waits).
    const release = () => {
      for (; next < symbols.length && found[next] !== undefined; next++) {
        const opportunity = found[next];
        if (!opportunity) continue;
        publishing = publishing.then(async () => {
          if (signal.aborted || publishFailure) return;
          try {
            if (await this.publishOne(opportunity, signal)) published++;
          } catch (error) {
            publishFailure = { error };
          }
        });
      }
    };
    const failures: { symbol: string; err: string }[] = [];
    const refused: { symbol: string; err: string }[] = [];
    let failed = 0;
    // Universe order by lookup: indexOf in the comparator cost a scan of the universe per comparison.
    const position = symbols.length > 1 ? new Map(symbols.map((symbol, i) => [symbol, i])) : null;
    const order = (symbol: string) => position?.get(symbol) ?? 0;
    const read = (symbol: string, i: number, series: readonly Bar[]) => {
      this.options.observe?.(series, symbol);
      if (series.length > 0) found[i] = this.judge(symbol, series);
    };
    const failedRead = (symbol: string, error: unknown) => {
      if (signal.aborted) return;
      failed++;
      (error instanceof RefusedRequestError ? refused : failures).push({ symbol, err: errorMessage(error) });
    };
    if (market.barsAtHand) {
      // Bars held in memory (a backtest's, every bar of every symbol): read and judged one symbol after another, as the
      // tasks below ran them, without an async task (a promise and a closure) per symbol. Published once all are judged.
      for (let i = 0; i < symbols.length; i++) {
        const symbol = symbols[i]!;
        try {
          if (!signal.aborted) read(symbol, i, market.barsAtHand(symbol, bars));
        } catch (error) {
          failedRead(symbol, error);
        }
        found[i] ??= null;
      }
    } else {
      await Promise.all(
        symbols.map((symbol, i) =>
          limited(async () => {
            try {
              await budget?.spend();
              if (signal.aborted) return;
              read(symbol, i, await market.bars(symbol, bars, signal, BULK));
            } catch (error) {
              failedRead(symbol, error);
            } finally {
              found[i] ??= null;
              if (queue) release();
            }
          }),
        ),
      );
    }
    release();
    await publishing;
    for (const [list, said] of [[failures, this.fetchFailures], [refused, this.refusedSymbols]] as const) {
      if (list.length === 0) continue;
      list.sort((a, b) => order(a.symbol) - order(b.symbol));
      said.record(list[0]!.err, { source: market.name, failed: list.length, of: symbols.length, symbols: list.slice(0, 10).map((f) => f.symbol) });
    }
    if (symbols.length > 0 && failed === symbols.length) {
      // The source down is a known condition, logged by its cause (a plain Error was logged with a stack trace, as a bug).
      const first = failures[0] ?? refused[0];
      throw new TransientError(
        `model scan: every one of ${symbols.length} fetches from ${market.name} failed (${first ? `${first.symbol}: ${first.err}` : 'no error given'}); no symbol was scored, tried again at the next scan. If it lasts, check the exchange's status page and the network to it`,
      );
    }
    if (publishFailure) throw publishFailure.error;
    return { scanned: symbols.length, failed, published };
  }
}
