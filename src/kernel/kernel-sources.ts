import { accessSync, constants } from 'node:fs';
import type { Clock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Config } from '../config/config.js';
import { onTestnet } from '../config/run-mode.js';
import type { Logger } from '../core/logger.js';
import type { BreakerChange } from '../core/circuit-breaker.js';
import type { ResilienceOptions } from '../core/resilient-source.js';
import { CcxtMarket } from '../market/ccxt-market.js';
import type { MarketData } from '../market/market-port.js';
import { ReplayMarket } from '../market/replay-market.js';
import { ResilientMarketData } from '../market/resilient-market.js';
import { loadFeedNewsSource } from '../news/feed-sources.js';
import { FeedParseThread, feedParseWorkerScript } from '../news/feed-parse-thread.js';
import { service, type Service } from '../core/lifecycle.js';
import type { NewsSource } from '../news/news-port.js';
import { withChanges } from '../core/with-changes.js';

/** What the composition root needs from an outside source: the adapter and what it tells the health line. */
export interface BuiltSource<T> {
  source: T;
  stats: () => Record<string, unknown>;
  /** Parts that run beside the source and stop with the daemon (the feed parser's thread). */
  services?: Service[];
  /** A market's most closed bars of a symbol one read returns, and what sets it; absent: every bar stays readable. */
  maxBars?: { bars: number; why: string };
}

/** Retries, breaker and rate limit per source, from configuration; `onBreaker` hears each circuit open and close. */
export function resilienceFrom(config: Config, onBreaker?: (change: BreakerChange) => void): ResilienceOptions {
  return {
    retry: { retries: config.sourceRetries, baseDelayMs: config.sourceRetryBaseMs, maxDelayMs: config.sourceRetryMaxMs },
    breaker: { failureThreshold: config.breakerFailureThreshold, cooldownMs: config.breakerCooldownMs, ...(onBreaker ? { onStateChange: onBreaker } : {}) },
    ...(config.sourceRatePerSecond > 0 ? { rateLimit: { perSecond: config.sourceRatePerSecond, burst: config.sourceRateBurst } } : {}),
  };
}

/**
 * Builds the configured market-data adapter (part of the composition root: only the kernel calls it). The simulated
 * market is built by buildSources (build-sources.ts), because the simulated news reads its jumps.
 */
export async function buildMarket(config: Config, clock: Clock, logger: Logger, onBreaker?: (change: BreakerChange) => void): Promise<BuiltSource<MarketData> | null> {
  if (config.marketSource === 'replay') {
    const replay = await ReplayMarket.load({
      files: config.replayFiles,
      clock,
      speed: config.replaySpeed,
      warmupBars: config.replayWarmupBars,
      onEnd: config.replayOnEnd,
      logger: logger.child({ component: 'replay' }),
    });
    return {
      source: replay,
      stats: () => {
        const perSymbol = replay.stats();
        const sum = (k: 'rejected' | 'quarantined') => Object.values(perSymbol).reduce((s, v) => s + v[k], 0);
        const exhausted = Object.entries(perSymbol).filter(([, v]) => v.exhausted).map(([k]) => k);
        return { badBars: { rejected: sum('rejected'), quarantined: sum('quarantined') }, replayExhausted: exhausted };
      },
    };
  }
  if (config.marketSource === 'ccxt') {
    const ccxt = await CcxtMarket.create({
      exchange: config.ccxtExchange,
      symbols: config.universe.map((u) => u.symbol),
      clock,
      timeframe: config.ccxtTimeframe,
      timeoutMs: config.ccxtTimeoutMs,
      maxBytes: config.ccxtMaxBytes,
      ...(config.ccxtApiBaseUrl ? { apiBaseUrl: config.ccxtApiBaseUrl } : {}),
      // Live on the testnet, its prices are the testnet's: those its orders fill at.
      ...(onTestnet(config) ? { testnet: true } : {}),
      ...(config.ccxtExchange === 'binance' ? { exchangeOptions: { fetchMarkets: { types: ['spot'] } } } : {}),
      logger: logger.child({ component: 'ccxt-market' }),
    });
    const market = new ResilientMarketData(ccxt, clock, withChanges(resilienceFrom(config, onBreaker), { timeoutMs: config.ccxtTimeoutMs + 1000 }));
    const maxBars = ccxt.maxBars();
    return {
      source: market,
      services: [service('exchange-quotes', () => checkQuotesAtStart(ccxt, logger))],
      ...(maxBars !== undefined ? { maxBars: { bars: maxBars, why: `${ccxt.name} answers at most ${maxBars + 1} candles a request, the last still forming` } } : {}),
      stats: () => {
        const s = ccxt.stats();
        // This machine's clock against the exchange's (ms, positive when ahead): null until an answer carried its time.
        return { sources: { [market.name]: market.stats() }, badBars: { rejected: s.barsRejected, quarantined: s.barsQuarantined }, exchangeClock: ccxt.skew.offset() ?? null };
      },
    };
  }
  return null;
}

/**
 * At start, before the store opens: a universe the exchange prices in two currencies stops the daemon (exit 78). An
 * exchange not reachable yet does not: its markets are checked when they load, and a mix then fails every read.
 */
async function checkQuotesAtStart(ccxt: CcxtMarket, logger: Logger): Promise<void> {
  try {
    await ccxt.checkQuotes();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    logger.warn({ market: ccxt.name }, `${ccxt.name}: its markets could not be read at start (${errorMessage(error)}): the universe's quote currencies are checked when they load, and every read fails then if they are two`);
  }
}

/**
 * How long a news scan waits for its feeds: one fetch deadline at most, and well inside the scan interval, so a
 * slow or dead feed (its retries go on in the background) neither delays the others' items nor makes a scan overrun.
 */
export const newsScanBudgetMs = (config: Config): number => Math.min(config.feedTimeoutMs, Math.floor(config.newsScanIntervalMs * 0.8));

/** Builds the configured news source (a news directory already read), or null for the simulated one. */
export async function buildNews(
  config: Config,
  clock: Clock,
  logger: Logger,
  onBreaker?: (change: BreakerChange) => void,
): Promise<BuiltSource<NewsSource> | null> {
  if (config.newsSource === 'sim') return null;
  if (config.newsDirectory) {
    try {
      accessSync(config.newsDirectory, constants.R_OK);
    } catch (error) {
      throw new ConfigError(`newsDirectory ${config.newsDirectory} cannot be read (${errorMessage(error)}): check CONCLAVE_NEWS_DIRECTORY.`, 'newsDirectory');
    }
  }
  // Large feeds are parsed off the event loop; from the TypeScript sources (tests) there is no compiled worker: inline.
  const script = feedParseWorkerScript();
  const parser = script ? new FeedParseThread({ script }) : null;
  const news = await loadFeedNewsSource({
    clock,
    logger: logger.child({ component: 'news' }),
    urls: config.newsSource === 'feed' ? config.newsFeeds : [],
    ...(config.newsDirectory ? { directory: config.newsDirectory } : {}),
    timeoutMs: config.feedTimeoutMs,
    maxBytes: config.feedMaxBytes,
    // With the window in bars, only the scanner knows it (the bar length is learnt as bars arrive): a source cutting at
    // newsLookbackMs would drop, at start, the news of a daily bar that has not closed yet.
    lookbackMs: config.newsLookbackBars > 0 ? 0 : config.newsLookbackMs,
    resilience: resilienceFrom(config, onBreaker),
    scanBudgetMs: newsScanBudgetMs(config),
    ...(parser ? { parse: parser.parse } : {}),
  });
  return {
    source: news,
    // The health line says how many feeds were parsed on the thread, how many wait, and whether it had to restart.
    stats: () => (parser ? { sources: news.stats(), feedParser: parser.stats() } : { sources: news.stats() }),
    services: parser ? [parser] : [],
  };
}

/**
 * What several sources tell the health line, as one object: their `sources` sections are joined (the exchange's
 * breaker and the feeds' together), other sections are taken as given.
 */
export function mergeSourceStats(...parts: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let sources: Record<string, unknown> | null = null;
  for (const part of parts) {
    if (!part) continue;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'sources' && typeof value === 'object' && value !== null) sources = Object.assign(sources ?? {}, value);
      else out[key] = value;
    }
  }
  if (sources) out.sources = sources;
  return out;
}
