import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { BreakerChange } from '../core/circuit-breaker.js';
import type { Logger } from '../core/logger.js';
import { BarsTap } from '../market/bars-tap.js';
import type { MarketData } from '../market/market-port.js';
import { MarketTime } from '../market/market-time.js';
import { ResilientMarketData } from '../market/resilient-market.js';
import { SimMarket } from '../market/sim-market.js';
import type { NewsSource } from '../news/news-port.js';
import type { Service } from '../core/lifecycle.js';
import { SimNews, type JumpSource } from '../news/sim-news.js';
import { EmptyNews } from '../news/empty-news.js';
import { contextBarsOf } from './build-decision.js';
import { buildMarket, buildNews, mergeSourceStats } from './kernel-sources.js';

/** The deadline of every call to an injected market: it may hang, and no loop or shutdown may wait on it forever. */
const INJECTED_SOURCE_TIMEOUT_MS = 10_000;

export interface SourcesDeps {
  clock: Clock;
  logger: Logger;
  /** Hears each circuit breaker of a source open and close. */
  onBreaker: (change: BreakerChange) => void;
  /** A market to use instead of the configured one (tests); each call to it gets a deadline. */
  market?: MarketData;
  /** A news source to use instead of the configured one (tests). */
  news?: NewsSource;
}

export interface Sources {
  /** The market every part reads, through a tap that remembers each symbol's newest bar read. */
  market: BarsTap;
  /** The market's time (its newest bar), whose day the daily loss limit rolls over on. */
  marketTime: MarketTime;
  news: NewsSource;
  /** What the configured outside sources tell the health line (their breakers, bad bars, exhausted replays). */
  stats: () => Record<string, unknown>;
  /** Parts of the sources that stop with the daemon (the feed parser's thread), started first so they stop last. */
  services: Service[];
  /** The most closed bars of a symbol one read of the market returns, and what sets it; absent: all (or not known). */
  maxBars?: { bars: number; why: string };
}

/** No jumps: the simulated news of a market that is not the simulation tells only background headlines. */
const NO_JUMPS: JumpSource = { jumpsBetween: () => Promise.resolve([]) };

/**
 * The market data and news the daemon reads: the configured adapters (simulation, replay files, an exchange, feeds),
 * or those injected. The simulated market is built only when it is the market, or (for the simulated news, which
 * reads its jumps) when the configured market is another adapter.
 */
export async function buildSources(config: Config, { clock, logger, onBreaker, market: injectedMarket, news: injectedNews }: SourcesDeps): Promise<Sources> {
  const configured = injectedMarket ? null : await buildMarket(config, clock, logger, onBreaker);
  const builtNews = injectedNews ? null : await buildNews(config, clock, logger, onBreaker);
  // The simulation keeps only the history anyone asks for: a day of bars for 500 symbols would hold ~90 MB.
  const sim =
    injectedMarket || configured
      ? null
      : new SimMarket({ clock, seed: config.simSeed, symbols: config.universe.map((u) => u.symbol), barMs: config.simBarMs, maxBars: contextBarsOf(config) });
  // The built-in adapters are local, or already behind their own timeouts; an injected one gets a deadline per call.
  const source = injectedMarket
    ? new ResilientMarketData(injectedMarket, clock, { timeoutMs: INJECTED_SOURCE_TIMEOUT_MS, retry: { retries: 0 }, breaker: { failureThreshold: Number.MAX_SAFE_INTEGER } })
    : (configured?.source ?? sim!);
  const news = injectedNews ?? builtNews?.source ?? (configured ? noNewsFor(configured.source.name, logger) : new SimNews({ clock, seed: config.simSeed, market: sim ?? NO_JUMPS, universe: config.universe, perHour: config.simNewsPerHour }));
  const marketTime = new MarketTime(clock);
  const market = new BarsTap(source, (symbol, bars) => marketTime.observe(bars, source.barMs?.(symbol)));
  const maxBars = sim ? { bars: contextBarsOf(config), why: `the simulated market keeps the last ${contextBarsOf(config)} bars of each symbol, the larger of scanBars and 250` } : configured?.maxBars;
  return { market, marketTime, news, stats: () => mergeSourceStats(configured?.stats(), builtNews?.stats()), services: [...(configured?.services ?? []), ...(builtNews?.services ?? [])], ...(maxBars ? { maxBars } : {}) };
}

/** Real prices with the simulation's news would trade on headlines made up about real symbols: no news instead. */
function noNewsFor(market: string, logger: Logger): NewsSource {
  logger.warn(
    { market, newsSource: 'sim' },
    'simulated news goes only with the simulated market: this run reads no news (set newsSource to "feed" or "directory" for real news)',
  );
  return new EmptyNews();
}
