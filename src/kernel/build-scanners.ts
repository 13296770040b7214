import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import type { Opportunity } from '../domain/opportunity.js';
import { MarketProgress } from '../health/market-progress.js';
import type { MarketData } from '../market/market-port.js';
import type { NewsSource } from '../news/news-port.js';
import { SymbolMapper } from '../news/symbol-map.js';
import { ModelScanner } from '../scanners/model-scanner.js';
import type { NewsBook } from '../scanners/news-book.js';
import { NewsScanner, type SeenNews } from '../scanners/news-scanner.js';
import type { ForwardTracker } from '../scorecard/forward-tracker.js';
import { symbolAliases } from './kernel-paths.js';

export interface ScannersDeps {
  clock: Clock;
  logger: Logger;
  market: MarketData;
  /** How far back news stays relevant (the news book's window). */
  newsLookback: () => number;
  news: NewsSource;
  /** News items already seen (the store), so a restart does not publish them again. */
  seen: SeenNews;
  book: NewsBook;
  publish: (opportunity: Opportunity, signal: AbortSignal) => Promise<void>;
  /** Whether a news opportunity with that reason's start was recorded since (the store): the news scanner's memory across restarts. */
  newsPublishedSince?: (symbol: string, reasonStart: string, since: number) => boolean;
  /** Whether a position in the symbol is open (the model scanner reviews held symbols). */
  held: (symbol: string) => boolean;
  forwardReturns: ForwardTracker;
}

export interface Scanners {
  modelScanner: ModelScanner;
  newsScanner: NewsScanner;
  /** Whether market data still advances (fed by the model scanner). */
  marketProgress: MarketProgress;
}

/** The two producers of opportunities. Their loops are the loops builder's; a backtest drives them on each bar close. */
export function buildScanners(config: Config, deps: ScannersDeps): Scanners {
  const { clock, logger, market, publish } = deps;
  const marketProgress = new MarketProgress();
  const modelScanner = new ModelScanner({
    clock,
    logger: logger.child({ component: 'model-scanner' }),
    market,
    concurrency: config.scanConcurrency,
    bars: config.scanBars,
    threshold: config.modelThreshold,
    cooldownMs: config.opportunityCooldownMs,
    cooldownBars: config.opportunityCooldownBars,
    reviewEveryBars: config.reviewEveryBars,
    held: deps.held,
    publish,
    observe: (series, symbol) => {
      const progress = marketProgress.observe(series, clock.now(), symbol);
      if (progress?.lagging) logger.warn({ symbol, sinceBarAt: progress.sinceBarAt === null ? null : new Date(progress.sinceBarAt).toISOString(), forMs: progress.forMs }, laggingText(symbol, progress));
      else if (progress) logger.info({ symbol }, `${symbol}: new bars again`);
      deps.forwardReturns.observe(symbol, series, clock.now());
    },
  });
  let mapper: SymbolMapper | undefined;
  const newsScanner = new NewsScanner({
    clock,
    logger: logger.child({ component: 'news-scanner' }),
    source: deps.news,
    // Made on the first scan: its patterns cost a backtest without news (never scanned) ~1% of a 20-symbol run.
    get mapper() {
      return (mapper ??= new SymbolMapper(symbolAliases(config)));
    },
    seen: deps.seen,
    book: deps.book,
    lookbackMs: deps.newsLookback,
    minSentiment: config.newsMinSentiment,
    maxSymbols: config.newsMaxSymbols,
    cooldownMs: config.opportunityCooldownMs,
    cooldownBars: config.opportunityCooldownBars,
    barMsOf: (symbol) => market.barMs?.(symbol),
    priceOf: (symbol, signal) => market.price(symbol, signal),
    publish,
    ...(deps.newsPublishedSince ? { publishedSince: deps.newsPublishedSince } : {}),
  });
  return { modelScanner, newsScanner, marketProgress };
}

/** The warning for one symbol whose bars stopped while the market's other symbols advance (said once, until they come again). */
function laggingText(symbol: string, progress: { forMs: number; noBars?: true }): string {
  const minutes = Math.round(progress.forMs / 60_000);
  // An empty answer (a pair halted or being delisted) leaves a held position on its ticker alone: no bar range for its
  // stops, and a time stop in bars counted by the clock (bar-time-stop.ts).
  if (progress.noBars) return `${symbol}: the market has answered no bars for it for ${minutes} min while its other symbols advance (trading halted or the pair being delisted?): a held position is judged on its ticker alone, with no bar ranges for its stops, and a time stop in bars counts the clock. Check the exchange's status for it`;
  return `${symbol}: no new sound bar for ${minutes} min while the market's other symbols advance: its data is frozen at the source, or its new bars are set aside as bad (see the warnings on its bars); a held position is judged on a stale price. Check the exchange's status for it`;
}
