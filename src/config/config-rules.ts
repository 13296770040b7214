import { ConfigError } from '../core/errors.js';
import { MIN_CONTEXT_BARS } from '../agents/agent-port.js';
import { envName, type Config, type ConfigKey } from './config-schema.js';
import { withChanges } from '../core/with-changes.js';
import { LIVE_EXCHANGES, exchangeStopRefusal, liveExchangeRefusal } from './live-exchanges.js';
import { noTestnet } from '../market/exchange-testnet.js';
import { LIVE_CONFIRMATION } from './live-confirmation.js';
import { withUrlsShown } from '../core/url-secrets.js';
import { quoteMix, quoteMixMessage, quoteOfText, someSymbols } from '../domain/quote-currency.js';

/** Share of the agent deadline an LLM request gets when llmTimeoutMs is 0: the rest is left for parsing the answer. */
const LLM_SHARE_OF_DEADLINE = 0.9;

/** A rule between two keys failed: name both, with their values and where to change them. */
function broken(key: ConfigKey, other: ConfigKey, config: Config, message: string): ConfigError {
  const set = `${envName(key)}=${String(config[key])}, ${envName(other)}=${String(config[other])}`;
  return new ConfigError(`Invalid configuration: ${message} (now ${set}).`, key);
}

/** Durations given in milliseconds or in bars, the bars replacing the milliseconds when above 0. */
const DURATION_PAIRS: readonly (readonly [ConfigKey, ConfigKey])[] = [
  ['symbolCooldownMs', 'symbolCooldownBars'],
  ['opportunityCooldownMs', 'opportunityCooldownBars'],
  ['maxHoldMs', 'maxHoldBars'],
];

/**
 * A duration set in milliseconds (`given` says which keys a file or the environment set) while its count of bars is
 * above 0 would be ignored, the bars replacing it: refused, saying which to set (symbolCooldownMs alone was silently
 * overruled by symbolCooldownBars' default of 5).
 */
export function checkDurationPairs(config: Config, given: (key: ConfigKey) => boolean): void {
  for (const [ms, bars] of DURATION_PAIRS) {
    if (!given(ms) || (config[bars] as number) <= 0) continue;
    const whose = given(bars) ? 'is also set' : `is ${String(config[bars])} by default`;
    throw broken(ms, bars, config, `${ms} would be ignored: ${bars} ${whose}, and a count of bars above 0 replaces the milliseconds. Set ${envName(bars)}=0 to count in milliseconds, or leave ${envName(ms)} out to count in bars`);
  }
}

/**
 * Rules that span keys (each alone is valid). Returns the configuration with derived values filled in:
 * llmTimeoutMs 0 becomes 90 % of agentDeadlineMs.
 */
export function applyCrossKeyRules(config: Config): Config {
  checkOneQuote(config);
  if (config.mode === 'live' && config.marketSource !== 'ccxt') {
    throw broken(
      'marketSource',
      'mode',
      config,
      `mode=live trades ${config.exchangeTestnet ? 'on the exchange’s testnet' : 'real money on the exchange'}, so its prices must come from it: marketSource=${config.marketSource} would size, enter and stop real positions on ${config.marketSource === 'sim' ? 'simulated' : 'recorded'} prices. Set marketSource=ccxt (the exchange of ccxtExchange) or use mode=paper`,
    );
  }
  if (config.mode === 'live') {
    // Checked before anything is built, so `conclave config` says it too (exchange-capability.ts checks ccxt's class at start).
    const refusal = liveExchangeRefusal(config.ccxtExchange);
    if (refusal) throw broken('ccxtExchange', 'mode', config, refusal);
    const stops = config.exchangeStop ? exchangeStopRefusal(config.ccxtExchange) : null;
    if (stops) throw broken('exchangeStop', 'ccxtExchange', config, stops);
    if (config.exchangeTestnet && LIVE_EXCHANGES[config.ccxtExchange]?.testnet !== true) throw new ConfigError(noTestnet(config.ccxtExchange), 'exchangeTestnet');
    // The testnet with ccxtApiBaseUrl sending its requests elsewhere: its paths are the real API's, so a proxy to the
    // real exchange took real orders as play money, unconfirmed. Confirmed as live is, then.
    if (config.exchangeTestnet && config.ccxtApiBaseUrl !== '' && config.liveConfirm !== LIVE_CONFIRMATION) {
      throw new ConfigError(
        `exchangeTestnet=true with ccxtApiBaseUrl=${withUrlsShown(config.ccxtApiBaseUrl)}: the testnet's requests go to that host, which may be the real exchange (a proxy to it takes them as real orders). Set CONCLAVE_LIVE_CONFIRM="${LIVE_CONFIRMATION}" if that host may trade real money, or leave ccxtApiBaseUrl empty to reach the testnet itself.`,
        'liveConfirm',
      );
    }
  }
  checkLiveSymbols(config);
  if (config.sourceRetryBaseMs > config.sourceRetryMaxMs) {
    throw broken(
      'sourceRetryBaseMs',
      'sourceRetryMaxMs',
      config,
      'sourceRetryBaseMs (the first retry delay) must not exceed sourceRetryMaxMs (the longest delay); lower the first or raise the second',
    );
  }
  if (config.llmTimeoutMs !== 0 && config.llmTimeoutMs >= config.agentDeadlineMs) {
    throw broken(
      'llmTimeoutMs',
      'agentDeadlineMs',
      config,
      'llmTimeoutMs must be below agentDeadlineMs: a discussion abandons an agent at its deadline, so a longer LLM timeout never applies. Raise agentDeadlineMs, lower llmTimeoutMs, or set llmTimeoutMs to 0 to derive it from the deadline',
    );
  }
  checkLongTrend(config);
  if (config.llmTimeoutMs === 0) {
    return withChanges(config, { llmTimeoutMs: Math.max(1, Math.floor(config.agentDeadlineMs * LLM_SHARE_OF_DEADLINE)) });
  }
  return config;
}

/** A long trend over more bars than a discussion sees would never be read: refused, rather than silently off. */
function checkLongTrend(config: Config): void {
  const bars = (config.agents as { analyst?: { longTrendBars?: number } }).analyst?.longTrendBars;
  const seen = Math.max(config.scanBars, MIN_CONTEXT_BARS);
  if (bars === undefined || bars <= seen) return;
  throw new ConfigError(
    `Invalid configuration: agents.analyst.longTrendBars ${bars} is more bars than a discussion sees (the larger of scanBars, ${config.scanBars}, and ${MIN_CONTEXT_BARS}), so the analyst would never read the long trend. Raise ${envName('scanBars')} to ${bars} or more, or lower longTrendBars`,
    'agents',
  );
}

/**
 * The symbols traded (a replay's named ones, else the universe) priced in one currency, as their text says (BASE/QUOTE,
 * BASE/QUOTE:SETTLE); symbols without "/" are not checked here. In ccxt mode the market checks the exchange's own word.
 */
function checkOneQuote(config: Config): void {
  const replay = config.marketSource === 'replay';
  const key: ConfigKey = replay ? 'replayFiles' : 'universe';
  const symbols = replay
    ? config.replayFiles.flatMap((f) => (typeof f === 'string' || f.symbol === undefined ? [] : [f.symbol]))
    : config.universe.map((u) => u.symbol);
  const mix = quoteMix(symbols.map((symbol) => ({ symbol, quote: quoteOfText(symbol) })));
  if (mix === null) return;
  throw new ConfigError(quoteMixMessage(key, mix, envName(key)), key);
}

/**
 * Live, each symbol's coin is read from its unified symbol (BTC/USDT: BTC): the balances compared with the exchange's,
 * and a buy's fee taken in coins. Under the exchange's own id (BTCUSDT), which ccxt trades as it is, a fee paid in BTC
 * was not taken off the coins held, so the stop's sale of them all would be refused for want of the fee.
 */
function checkLiveSymbols(config: Config): void {
  if (config.mode !== 'live') return;
  const ids = config.universe.map((u) => u.symbol).filter((symbol) => !symbol.includes('/'));
  if (ids.length === 0) return;
  throw new ConfigError(
    `Invalid configuration: mode=live needs the universe in ccxt's unified symbols, BASE/QUOTE (BTC/USDT, not BTCUSDT), which say the coin bought and the currency paid: ${someSymbols(ids)} ${ids.length === 1 ? 'is' : 'are'} not. ` +
      `Set CONCLAVE_UNIVERSE to the exchange's symbols written so (without it, the universe is the simulated market's made-up companies).`,
    'universe',
  );
}
