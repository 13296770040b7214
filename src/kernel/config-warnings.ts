import type { Config } from '../config/config.js';
import type { ConfigKey } from '../config/config-schema.js';
import type { Logger } from '../core/logger.js';
import { formatDuration } from '../market/check-data.js';
import { counted } from '../core/plural.js';
import type { MarketData } from '../market/market-port.js';
import { FAR_BARS } from '../market/next-price.js';
import { MAX_CATCH_UP_BARS } from '../trading/position-monitor.js';
import { SCORECARD_HORIZONS } from '../scorecard/forward-tracker.js';

/** A combination of settings, each valid alone, that defeats what one of them is for: said once at start. */
export interface ConfigWarning {
  /** The settings involved, the one to change first. */
  keys: ConfigKey[];
  message: string;
}

/** What the run's market tells about its bars, which the settings are measured against. */
export interface BarFacts {
  /** 'daemon': scans and checks on their intervals; 'backtest': at every bar close, with every bar of the files kept. */
  run: 'daemon' | 'backtest';
  /** The shortest bar of the run's symbols, ms (absent: not known). */
  shortestBarMs?: number;
  /** Per symbol, the bars a backtest has in its span. */
  barsPerSymbol?: readonly { symbol: string; bars: number }[];
  /** The most closed bars of a symbol one read returns, and what sets it (absent: every bar stays readable). */
  maxBars?: { bars: number; why: string };
  /** Market milliseconds per clock millisecond (a replay's speed; 1 otherwise): intervals are clock time. */
  speed?: number;
}

/** The daemon's warnings, each logged once at start with the settings it names (`keys`). */
export function logConfigWarnings(config: Config, market: Pick<MarketData, 'symbols' | 'barMs'>, maxBars: BarFacts['maxBars'], logger: Logger): void {
  const lengths = market.symbols().map((symbol) => market.barMs?.(symbol)).filter((ms): ms is number => ms !== undefined && ms > 0);
  const facts: BarFacts = {
    run: 'daemon',
    ...(lengths.length > 0 ? { shortestBarMs: Math.min(...lengths) } : {}),
    ...(maxBars ? { maxBars } : {}),
    speed: config.marketSource === 'replay' ? config.replaySpeed : 1,
  };
  for (const warning of configWarnings(config, facts)) logger.warn({ keys: warning.keys }, `configuration: ${warning.message}`);
}

/**
 * The settings that are valid alone but silently undo each other against the run's bars (the daemon logs each once
 * at start, the backtest prints them before its run). Each names the settings and what to change.
 */
export function configWarnings(config: Config, facts: BarFacts): ConfigWarning[] {
  return [...scorecardWarnings(config, facts), ...checkIntervalWarnings(config, facts), ...scanWindowWarnings(config, facts), ...targetWarnings(config), ...retentionWarnings(config, facts), ...logVolumeWarnings(config, facts), ...scanRateWarnings(config, facts), ...exchangeStopWarnings(config, facts), ...exchangeTestnetWarnings(config, facts)];
}

/**
 * A backtest's store takes a stance's forward return from the bars each model scan fetches (the last scanBars): a
 * horizon that reaches past them is never written there. The daemon reads back the bars a horizon needs once it has
 * closed (forward-tracker.ts), so it is not warned.
 */
function scorecardWarnings(config: Config, { run, barsPerSymbol }: BarFacts): ConfigWarning[] {
  const h = config.scorecardHorizonBars;
  const out: ConfigWarning[] = [];
  if (run === 'backtest' && h >= config.scanBars) {
    out.push({
      keys: ['scorecardHorizonBars', 'scanBars'],
      message: `scorecardHorizonBars ${h} is not below scanBars ${config.scanBars}: a stance's forward return is taken from the last scanBars bars each scan reads, which never reach ${h} bars past it, so the run's store (which \`conclave scorecard --store\` reads; report.json scores from the whole files) scores no stance at this horizon. Lower scorecardHorizonBars below ${config.scanBars}, or raise scanBars above ${h}`,
    });
  }
  for (const s of barsPerSymbol ?? []) {
    if (h < s.bars) continue;
    out.push({
      keys: ['scorecardHorizonBars'],
      message: `scorecardHorizonBars ${h} is not below the ${counted(s.bars, 'bar')} of ${s.symbol} in the span: no stance on it can be scored (report.json counts them all pending). Lower scorecardHorizonBars, or give a longer span`,
    });
  }
  return out;
}

/**
 * A position check reads back the bars closed since the last one: up to FAR_BARS for a paper order's first price after
 * its decision, up to MAX_CATCH_UP_BARS for the stops on bar ranges, and never more than a read returns. Checks further
 * apart than that fill paper orders at the oldest bar read (a price from long after the decision) and miss the stops
 * those bars reached.
 */
function checkIntervalWarnings(config: Config, { run, shortestBarMs, maxBars, speed = 1 }: BarFacts): ConfigWarning[] {
  if (run !== 'daemon' || !shortestBarMs) return [];
  const interval = config.positionCheckIntervalMs * speed;
  const spanned = (bars: number) => (bars - 1) * shortestBarMs;
  const fills = Math.min(FAR_BARS, maxBars?.bars ?? Infinity);
  const stops = Math.min(MAX_CATCH_UP_BARS, maxBars?.bars ?? Infinity);
  // The live broker's fills are the exchange's: only the stops depend on the bars read back.
  const paper = config.mode === 'paper';
  const bound = paper ? fills : stops;
  if (interval <= spanned(bound)) return [];
  const lost = [
    paper ? `a paper order fills at the oldest of the ${fills} bars it reads back, up to ${formatDuration(Math.round(interval - spanned(fills)))} after its decision, instead of at the first price after it` : null,
    interval > spanned(stops) ? `a stop or target reached in the bars before the last ${stops} is not filled at its level` : null,
  ].filter((x) => x !== null);
  const why = maxBars && maxBars.bars <= bound ? ` (${maxBars.why})` : '';
  return [
    {
      keys: ['positionCheckIntervalMs'],
      message: `positionCheckIntervalMs ${config.positionCheckIntervalMs} (${formatDuration(config.positionCheckIntervalMs)}) spans more bars of ${formatDuration(shortestBarMs)} than a check reads back${why}: ${lost.join('; ')}. Lower positionCheckIntervalMs to at most ${Math.floor(spanned(bound) / speed)}`,
    },
  ];
}

/** A scan asks for scanBars bars; a market that answers fewer scores every symbol on fewer than the operator set. */
function scanWindowWarnings(config: Config, { run, maxBars }: BarFacts): ConfigWarning[] {
  if (run !== 'daemon' || !maxBars || config.scanBars <= maxBars.bars) return [];
  return [{ keys: ['scanBars'], message: `scanBars ${config.scanBars}: ${maxBars.why}, so each scan and discussion sees only ${maxBars.bars} bars. Lower scanBars to at most ${maxBars.bars}` }];
}

/**
 * A target is a resting limit at takeProfitPct above the entry's fill, and both fills pay feeBps: a target within two
 * fees closes every winner at a loss (on daily ORCL, 0.01 % made 98 target exits, every one losing).
 */
function targetWarnings(config: Config): ConfigWarning[] {
  const fees = (2 * config.feeBps) / 10_000;
  if (config.takeProfitPct <= 0 || config.takeProfitPct > fees) return [];
  return [
    {
      keys: ['takeProfitPct', 'feeBps'],
      message: `takeProfitPct ${config.takeProfitPct} (${percent(config.takeProfitPct)}) is within the fees of a round trip (feeBps ${config.feeBps} on the entry and on the exit, ${percent(fees)}): every position that reaches this target closes at a loss. Raise takeProfitPct above ${fees}, or set it to 0 (off)`,
    },
  ];
}

/**
 * Retention prunes a discussion retentionDays after it, with its stances: a horizon whose return is known only later
 * scores none of them (1 day against 30 hourly bars: 4 stances scored in 5 days, 137 with 2 days).
 */
function retentionWarnings(config: Config, { run, shortestBarMs, speed = 1 }: BarFacts): ConfigWarning[] {
  if (run !== 'daemon' || config.retentionDays <= 0 || !shortestBarMs) return [];
  const horizon = Math.max(config.scorecardHorizonBars, ...SCORECARD_HORIZONS);
  const knownAfterMs = (horizon * shortestBarMs) / speed;
  if (knownAfterMs <= config.retentionDays * DAY_MS) return [];
  return [
    {
      keys: ['retentionDays', 'scorecardHorizonBars'],
      message: `retentionDays ${config.retentionDays} prunes a discussion, stances included, before its return ${horizon} bars later (${formatDuration(Math.round(knownAfterMs))} of ${formatDuration(shortestBarMs)} bars) is known: the scorecards at that horizon score almost none. Raise retentionDays to at least ${Math.ceil(knownAfterMs / DAY_MS)}, or 0 to keep everything`,
    },
  ];
}

/**
 * A health line's size on the default universe, measured (1,395 bytes at a 30 s interval, 1,450 on a replay; more with
 * more symbols and loops), and the store check's section (about 100 bytes). It was 1,200 before the line carried the
 * store, checkpointer and market sections.
 */
const HEALTH_LINE_BYTES = 1_500;
/** Log a day past which the health lines alone are said: a docker json-file log, unbounded by default, fills a disk. */
const LOG_BYTES_PER_DAY = 100 * 1_048_576;

/**
 * The health line, written every healthIntervalMs for the daemon's life. At 100 ms it wrote about 1.1 GB a day: kept
 * whole by docker's default log driver, it fills the disk, and the store's writes then fail and halt trading.
 */
function logVolumeWarnings(config: Config, { run }: BarFacts): ConfigWarning[] {
  if (run !== 'daemon') return [];
  const perDay = (DAY_MS / config.healthIntervalMs) * HEALTH_LINE_BYTES;
  if (perDay <= LOG_BYTES_PER_DAY) return [];
  return [
    {
      keys: ['healthIntervalMs'],
      message: `healthIntervalMs ${config.healthIntervalMs}: a health line (about ${(HEALTH_LINE_BYTES / 1000).toFixed(1)} KB) that often writes about ${Math.round(perDay / 1_048_576)} MB of log a day, which a log kept whole (docker's default json-file driver) piles up until the disk is full, and then the store's writes fail and trading halts. Raise healthIntervalMs (30000 by default; ${Math.ceil((DAY_MS * HEALTH_LINE_BYTES) / LOG_BYTES_PER_DAY)} or more keeps it under 100 MB a day), or cap the log (docker run --log-opt max-size=20m --log-opt max-file=5, as the deploy README does)`,
    },
  ];
}

/**
 * What to do about a model scan slower than its interval: only each symbol's newest bar is scored, so the bars that
 * closed during the overrun are never looked at.
 */
export function scanOverrunHint(config: Config): string {
  const symbols = config.universe.length;
  const rate = config.sourceRatePerSecond;
  const paced = config.marketSource !== 'sim' && rate > 0;
  const floor = paced ? `, which sourceRatePerSecond ${rate} spreads over at least ${Math.round(symbols / rate)} s` : '';
  // Binance weighs a read of candles 2 of the 6000 an IP may spend a minute (ccxt paces its requests to that).
  const limit = config.marketSource === 'ccxt' && config.ccxtExchange === 'binance' ? ', within Binance\'s 6000 weight a minute: a read of candles weighs 2, so 50 a second at most, less the other reads' : '';
  return `a scan reads ${symbols} symbols${floor}, and bars that close during a late scan are never scored. Raise ${paced ? `sourceRatePerSecond${limit}, or ` : ''}scanConcurrency, trim the universe, or raise modelScanIntervalMs to what a scan takes`;
}

/**
 * A scan of an exchange's universe under the rate limit cannot take less than a read per symbol at
 * sourceRatePerSecond: past modelScanIntervalMs, every scan is late, which only the loop's warning said, once running.
 */
function scanRateWarnings(config: Config, { run }: BarFacts): ConfigWarning[] {
  const rate = config.sourceRatePerSecond;
  if (run !== 'daemon' || config.marketSource !== 'ccxt' || rate <= 0) return [];
  const leastMs = (config.universe.length / rate) * 1000;
  if (leastMs <= config.modelScanIntervalMs) return [];
  return [{ keys: ['sourceRatePerSecond', 'modelScanIntervalMs'], message: `modelScanIntervalMs ${config.modelScanIntervalMs} (${formatDuration(config.modelScanIntervalMs)}) is shorter than a scan can be: ${scanOverrunHint(config)}` }];
}

const DAY_MS = 86_400_000;

const percent = (x: number): string => `${Number((x * 100).toPrecision(3))} %`;

/** Where a live-only setting set to true does nothing (paper mode, a backtest), said as such; null in a live daemon. */
function notLive(config: Config, run: BarFacts['run']): string | null {
  if (run === 'daemon' && config.mode === 'live') return null;
  return run === 'backtest' ? 'a backtest' : `mode=${config.mode}`;
}

/** exchangeStop protects live positions only: set for paper or a backtest it would be believed to do something. */
function exchangeStopWarnings(config: Config, { run }: BarFacts): ConfigWarning[] {
  const where = config.exchangeStop ? notLive(config, run) : null;
  if (where === null) return [];
  return [{ keys: ['exchangeStop'], message: `exchangeStop=true has no effect in ${where}: it keeps a stop-limit sale on the exchange for live positions only, and no order of ${where} rests on an exchange` }];
}

/** exchangeTestnet puts live mode on the exchange's testnet: set for paper or a backtest it would be believed to do something. */
function exchangeTestnetWarnings(config: Config, { run }: BarFacts): ConfigWarning[] {
  const where = config.exchangeTestnet ? notLive(config, run) : null;
  if (where === null) return [];
  return [{ keys: ['exchangeTestnet'], message: `exchangeTestnet=true has no effect in ${where}: it puts mode=live on the exchange's testnet (its prices and its orders), and ${where} sends no order to an exchange${config.marketSource === 'ccxt' ? ' (its prices are the real exchange\'s)' : ''}. To rehearse on the testnet, set CONCLAVE_MODE=live with the testnet's keys` }];
}
