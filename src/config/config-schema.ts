import { z } from 'zod';
import { isHostSyntax } from '../core/host.js';
import { isTimeZone } from '../market/market-time.js';
import { isKnownZone } from '../market/zoned-clock.js';
import { agentsSchema, roleSchema } from '../agents/agents-config.js';
import { chiefOptionsSchema } from '../agents/chief-options.js';
import { AGENT_REGISTRY, AGENT_ROLES } from '../agents/registry.js';
import { MIN_SCORED_BARS } from '../scanners/model-score.js';
import { fraction, httpUrl, int, trimmedKey } from './schema-rules.js';
import { NOTIFY_FIELDS } from './notify-fields.js';

/**
 * Every configuration key: its schema, what is allowed (said in error messages) and what it does (the README table).
 * Keys are camelCase in files; the environment spells them CONCLAVE_ + UPPER_SNAKE (queueCapacity → CONCLAVE_QUEUE_CAPACITY).
 * Defaults live in config/default.json.
 */
/** A replay file's symbol, as the backtest takes it in SYMBOL=path: "A B;" or a control character went on to the orders. */
const REPLAY_SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,39}$/;
const REPLAY_SYMBOL_RULE = 'a symbol is up to 40 Latin letters (A-Z, a-z), digits and . _ / : - starting with a letter or digit (BTC/USDT, EURUSD, BRK.B)';

const universeEntry = z
  .object({
    symbol: z.string().regex(/^[A-Z0-9][A-Z0-9./:-]{0,19}$/, 'a symbol is up to 20 capital letters, digits and . / : - starting with a letter or digit (BTC/USDT, BRK.B), as the market writes it'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const FIELDS = {
  mode: { schema: z.enum(['paper', 'live']), allowed: '"paper" or "live"', doc: 'Trading mode. Live also needs liveConfirm.' },
  liveConfirm: {
    schema: z.string(),
    allowed: 'a string',
    doc: 'Must equal "I understand this trades real money" for mode=live to start.',
  },
  dataDir: {
    schema: z.string().regex(/\S/, 'blank').refine((p) => !p.includes('\0'), 'contains a NUL character'),
    allowed: 'a non-empty path (not only spaces)',
    doc: 'Where the SQLite files and the HALT file live.',
  },
  logLevel: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    allowed: 'one of fatal, error, warn, info, debug, trace, silent',
    doc: 'pino log level. The health lines and verdicts are info: warn and above drop them, and conclave health then finds none.',
  },
  httpHost: {
    schema: z.string().refine(isHostSyntax, 'not an IP address or host name'),
    allowed: 'an IPv4 or IPv6 address (such as 127.0.0.1, 0.0.0.0, ::1) or a host name of letters, digits, hyphens and dots',
    doc: 'Bind address of HTTP and WebSocket.',
  },
  httpPort: { schema: int(0, 65535), allowed: 'an integer from 0 to 65535 (0 = off)', doc: 'HTTP/WebSocket port; 0 turns the server off.' },
  httpToken: {
    schema: z.union([z.literal(''), z.string().regex(/^[\x21-\x7e]{1,4096}$/, 'only visible ASCII characters, no spaces')]),
    allowed: '"" or up to 4096 visible ASCII characters without spaces (secret, never logged)',
    doc: "Token every HTTP path but /healthz and the cockpit's static page, and the WebSocket, require (Authorization: Bearer TOKEN). Beyond loopback without it, only /healthz is served.",
    secret: true,
  },
  modelScanIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'Model scanner interval.' },
  newsScanIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'News scanner interval.' },
  positionCheckIntervalMs: {
    schema: int(100),
    allowed: 'an integer ≥ 100',
    doc: 'Position monitor interval; paper orders fill at its checks. A check reads back at most 1000 bars of a symbol for a paper fill and 5000 for the stops (the simulated market keeps the larger of scanBars and 250): an interval spanning more is warned of at start, as its paper orders would fill at the oldest bar read.',
  },
  healthIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'Health line interval.' },
  stallExitMs: {
    schema: z.union([z.literal(0), int(10_000)]),
    allowed: '0 (off) or an integer ≥ 10000',
    doc: "How long the daemon may be alive but not working (the systemd watchdog's rule: a loop stale, market data not advancing, queued work not decided) before it exits 1 for its restart policy to start it afresh; 0: never. For supervisors without a watchdog: the Docker image sets 120000.",
  },
  queueCapacity: { schema: int(1, 1_000_000), allowed: 'an integer from 1 to 1000000', doc: 'Opportunity queue capacity.' },
  queueOverflow: {
    schema: z.enum(['wait', 'drop-oldest']),
    allowed: '"wait" (backpressure) or "drop-oldest"',
    doc: 'What a full queue does to a new opportunity. Either way, a model opportunity whose symbol has closed a newer bar by the time it is discussed expires unjudged (the newer bar is scanned afresh), with a warning at most once a minute.',
  },
  simSeed: { schema: int(0, 2 ** 32 - 1), allowed: 'an integer from 0 to 4294967295', doc: 'Seed of the simulated market and news.' },
  // The simulated prices are tuned for minute bars: measured over 20 symbols, hourly bars range up to 70-fold in 30 days,
  // daily ones 1e61-fold in 2000 bars, and from about a week they reach 0, Infinity and NaN (1e13 ms: discussions
  // failed on a foreign key, their opportunity's NaN price never stored).
  simBarMs: {
    schema: int(1000, 3_600_000),
    allowed: 'an integer from 1000 to 3600000 (1 s to 1 h)',
    doc: 'Bar length of the simulated market. Its prices are tuned for minute bars; longer ones trend far more than any market (hourly bars up to 70-fold in a month), and from about a week they reach 0 and Infinity, hence at most an hour.',
  },
  simNewsPerHour: { schema: z.number().min(0).max(3600), allowed: 'a number from 0 to 3600', doc: 'Background headlines per simulated hour.' },
  universe: {
    schema: z.array(universeEntry).min(1).max(5000),
    allowed: 'a JSON array of {"symbol","name","aliases"?} (1 to 5000 entries)',
    doc: 'Tradable symbols with company names and aliases (news mapping), all priced in one quote currency: BTC/USDT beside ETH/BTC is refused.',
  },
  marketSource: { schema: z.enum(['sim', 'replay', 'ccxt']), allowed: '"sim", "replay" or "ccxt"', doc: 'Market data source.' },
  replayFiles: {
    schema: z
      .array(z.union([z.string().min(1), z.object({ file: z.string().min(1), symbol: z.string().regex(REPLAY_SYMBOL, REPLAY_SYMBOL_RULE).optional(), timesIn: z.string().refine(isKnownZone, 'not a time zone this runtime knows').optional() }).strict()]))
      .max(5000),
    allowed: 'a JSON array of file paths or {"file","symbol"?,"timesIn"?}',
    doc: 'OHLCV files (CSV or JSON) replayed by marketSource=replay, one symbol each (symbol: up to 40 Latin letters (A-Z, a-z), digits and . _ / : -, as in the backtest\'s SYMBOL=path); timesIn: the IANA zone of clock times a file writes without one (default UTC).',
  },
  replaySpeed: { schema: z.number().positive().max(1e9), allowed: 'a number > 0 and ≤ 1000000000', doc: 'History milliseconds per clock millisecond (60 = an hour a minute).' },
  replayWarmupBars: { schema: int(1, 100_000), allowed: 'an integer from 1 to 100000', doc: 'Bars of each file visible at start.' },
  replayOnEnd: { schema: z.enum(['hold', 'error']), allowed: '"hold" or "error"', doc: 'What an exhausted replay file does.' },
  ccxtExchange: { schema: z.string().regex(/^[a-z0-9]+$/), allowed: 'a ccxt exchange id such as "binance"', doc: 'Exchange for marketSource=ccxt and the live broker.' },
  ccxtTimeframe: { schema: z.string().regex(/^\d+[smhdwM]$/), allowed: 'a timeframe such as "1m", "5m", "1h"', doc: 'Bar size fetched from the exchange.' },
  ccxtTimeoutMs: { schema: int(100, 120_000), allowed: 'an integer from 100 to 120000', doc: 'Timeout of one exchange request.' },
  ccxtMaxBytes: {
    schema: int(65_536, 1024 * 1048576),
    allowed: 'an integer from 65536 to 1073741824',
    doc: 'Largest answer of the exchange accepted (market data and the live broker); a larger one fails its request. The default leaves room for the largest real answers (Binance\'s market list is several MB).',
  },
  ccxtApiBaseUrl: { schema: z.union([z.literal(''), httpUrl()]), allowed: 'an http(s) URL or ""', doc: 'Replaces the exchange API host (testing against a local fake).' },
  newsSource: { schema: z.enum(['sim', 'feed', 'directory']), allowed: '"sim", "feed" or "directory"', doc: 'News source; "sim" goes only with the simulated market (on real prices no news is read, with a warning).' },
  newsFeeds: { schema: z.array(httpUrl()).max(500), allowed: 'a JSON array of http(s) URLs', doc: 'RSS, Atom or JSON Feed URLs for newsSource=feed.' },
  newsDirectory: { schema: z.string(), allowed: 'a folder path or ""', doc: 'Folder of saved feed files for newsSource=directory (also read with feed).' },
  feedTimeoutMs: { schema: int(100, 300_000), allowed: 'an integer from 100 to 300000', doc: 'Timeout of one feed fetch, body included.' },
  feedMaxBytes: { schema: int(1024, 100 * 1048576), allowed: 'an integer from 1024 to 104857600', doc: 'Largest feed body accepted.' },
  sourceRetries: { schema: int(0, 10), allowed: 'an integer from 0 to 10', doc: 'Retries of a transient source error (exponential backoff with jitter).' },
  sourceRetryBaseMs: { schema: int(1, 60_000), allowed: 'an integer from 1 to 60000, at most sourceRetryMaxMs', doc: 'First retry delay.' },
  sourceRetryMaxMs: { schema: int(1, 600_000), allowed: 'an integer from 1 to 600000', doc: 'Longest retry delay.' },
  breakerFailureThreshold: { schema: int(1, 1000), allowed: 'an integer from 1 to 1000', doc: 'Consecutive failures that open a source circuit.' },
  breakerCooldownMs: {
    schema: int(100, 3_600_000),
    allowed: 'an integer from 100 to 3600000',
    doc: 'Time an open circuit waits before a probe, at most an hour: while it is open the source is not asked at all (an open market circuit leaves held positions unpriced and their stops unjudged).',
  },
  sourceRatePerSecond: { schema: z.number().min(0).max(10_000), allowed: 'a number from 0 to 10000 (0 = no limit)', doc: 'Requests per second per source.' },
  sourceRateBurst: { schema: int(1, 10_000), allowed: 'an integer from 1 to 10000', doc: 'Burst allowed by the rate limit.' },
  // The nested option objects: their schemas come from the agent registry, and an error names the nested key.
  chief: {
    schema: chiefOptionsSchema(AGENT_REGISTRY),
    allowed: 'a JSON object of chief options',
    doc: "Chief overrides: quorum, weights, buyThreshold, sellThreshold, minConviction, conflictStance, conflictConfidence, maxSizeFraction, rewardRisk, takeProfit (a BUY carries a target at rewardRisk × its stop distance; default false: winners run until the review or a stop exits them), costMultiple (an entry's expected move must clear this many round-trip costs; default 4), adaptive (weights from trailing scorecards; default false).",
  },
  agents: {
    schema: agentsSchema(AGENT_REGISTRY),
    // Said without listing the roles, so that a new agent changes no documentation but its own.
    allowed: 'a JSON object of option objects, one per agent role',
    doc: 'Per-agent rule overrides, e.g. `{"bull":{"fast":10}}`; the roles are those of `src/agents/registry.ts`, each agent\'s options and bounds are in its file.',
  },
  llmRoles: { schema: z.array(roleSchema(AGENT_REGISTRY)).max(AGENT_ROLES.length), allowed: 'a JSON array of roles', doc: 'Roles served by an OpenAI-compatible LLM instead of rules (off when empty).' },
  // Secret: a key may sit in its query string (the advice for a URL with a password puts one there).
  llmUrl: { schema: z.union([z.literal(''), httpUrl()]), allowed: 'a chat-completions URL or "" (secret, never logged)', doc: 'OpenAI-compatible chat-completions endpoint.', secret: true },
  llmModel: { schema: z.string(), allowed: 'a model name', doc: 'Model asked.' },
  llmApiKey: { schema: trimmedKey(), allowed: 'a string (secret, never logged)', doc: 'API key of the LLM endpoint.', secret: true },
  llmMaxConcurrent: { schema: int(1, 64), allowed: 'an integer from 1 to 64', doc: 'LLM requests at once.' },
  llmTimeoutMs: {
    schema: int(0, 600_000).refine((ms) => ms === 0 || ms >= 100, 'below 100'),
    allowed: 'an integer from 100 to 600000, below agentDeadlineMs, or 0 (90 % of agentDeadlineMs)',
    doc: 'Timeout of one LLM request; 0 derives it from agentDeadlineMs.',
  },
  llmMaxBytes: { schema: int(1024, 100 * 1048576), allowed: 'an integer from 1024 to 104857600', doc: 'Largest LLM answer accepted; a longer body is cut off and the agent abstains.' },
  llmMaxRequestsPerDay: {
    schema: int(0, 10_000_000),
    allowed: 'an integer from 0 to 10000000 (0: no limit)',
    doc: 'LLM requests a UTC day, all LLM roles together, kept across restarts; past it LLM roles abstain until 00:00 UTC.',
  },
  exchangeApiKey: { schema: trimmedKey(), allowed: 'a string (secret, never logged)', doc: 'Exchange API key, live mode only.', secret: true },
  exchangeSecret: { schema: trimmedKey(), allowed: 'a string (secret, never logged)', doc: 'Exchange API secret, live mode only.', secret: true },
  scanConcurrency: { schema: int(1, 256), allowed: 'an integer from 1 to 256', doc: 'Concurrent bar fetches per model scan.' },
  // Fewer than the model scores on left every symbol unscored: no opportunity, no verdict, no trade, nothing said.
  scanBars: {
    schema: int(MIN_SCORED_BARS, 5000),
    allowed: `an integer from ${MIN_SCORED_BARS} to 5000 (the model scores the last ${MIN_SCORED_BARS} closes)`,
    doc: 'Bars fetched per symbol per scan.',
  },
  modelThreshold: { schema: z.number().positive(), allowed: 'a number > 0', doc: 'Minimum |score| for the model to publish.' },
  opportunityCooldownMs: { schema: int(0), allowed: 'an integer ≥ 0', doc: 'At most one opportunity per symbol and source within this time, when opportunityCooldownBars is 0 (set with the bars above 0, it is refused); across a restart too, counted from the last opportunity in the store.' },
  opportunityCooldownBars: { schema: int(0, 100_000), allowed: 'an integer from 0 to 100000 (0 = use opportunityCooldownMs)', doc: "At most one opportunity per symbol and source within this many of its bars (news too, once the symbol's bar length is known); replaces opportunityCooldownMs when above 0." },
  reviewEveryBars: { schema: int(0, 100_000), allowed: 'an integer from 0 to 100000 (0 = never)', doc: 'Each open position goes back to the panel ("hold or exit?") every this many of its bars; a panel turned against it exits.' },
  newsLookbackMs: { schema: int(60_000), allowed: 'an integer ≥ 60000', doc: 'News older than this is ignored.' },
  newsLookbackBars: { schema: int(0, 100_000), allowed: 'an integer from 0 to 100000 (0 = use newsLookbackMs only)', doc: 'News is kept for the longer of newsLookbackMs and this many bars of the market (5 daily bars: a trading week; 5 minute bars: newsLookbackMs rules).' },
  // A score is s / sqrt(s² + 6) (sentiment.ts): it never reaches 1, so 1 published no news at all, unsaid.
  newsMinSentiment: { schema: z.number().min(0).lt(1), allowed: 'a number ≥ 0 and < 1 (a sentiment score never reaches 1)', doc: 'Minimum |sentiment| for a news opportunity.' },
  newsMaxSymbols: { schema: int(1, 100), allowed: 'an integer from 1 to 100', doc: 'An item whose headline (else, a headline naming none, its summary) names more symbols than this is a roundup (a market wrap, a sector list): no opportunity, kept as market news for the scout.' },
  consumerConcurrency: { schema: int(1, 64), allowed: 'an integer from 1 to 64', doc: 'Discussions run at once.' },
  agentDeadlineMs: { schema: int(10, 600_000), allowed: 'an integer from 10 to 600000', doc: 'Deadline of each agent.' },
  // Near the largest double, sizes overflow: at 1.7e308 every daemon entry's quantity was Infinity (refused), and a
  // backtest's fee was Infinity (exit 1, malformed fill). A trillion keeps cents exact in a double.
  startingCash: { schema: z.number().positive().max(1e12), allowed: 'a number > 0 and ≤ 1000000000000', doc: 'Paper account starting cash (at most a trillion). It opens the account: changed on an existing store it is not applied (the account goes on from its own cash, and a warning at start says so; move the store away to open a new account).' },
  slippageBps: { schema: z.number().min(0).max(1000), allowed: 'a number from 0 to 1000', doc: 'Paper fill slippage, basis points.' },
  maxEntrySlippageBps: {
    schema: z.number().min(0).max(100),
    allowed: 'a number from 0 to 100 (0 = market orders)',
    doc: "Live entries: a buy is sent as an immediate-or-cancel limit order at the price it was decided on plus this many basis points, so a thin book or a spike cannot fill it higher: what the book offers up to there is bought, the rest cancelled (a partial entry), nothing when the price has run past it. 0 sends market orders. At most 100: an entry leaves 1 % of the cash spare, which the exchange holds back on a limit buy up to its price (and, where the exchange charges its fee in cash, as Kraken does, the fee too). Exits stay market orders (an exit must go). Paper and backtests have no order book and fill as before (slippageBps).",
  },
  exchangeStop: { schema: z.boolean(), allowed: 'true or false', doc: "Live only (paper and backtests ignore it, with a warning): after an entry fills, a stop-limit sale rests on the exchange for the quantity held, triggered at the position's stop level and limited 2 % below it, so a position keeps a stop while the daemon is away (a crash, a reboot, an upgrade, the network cut). It follows the daemon's stop up (the trailing stop): once that is 0.5 % (and a price tick) above it, at most once a minute, it is cancelled and placed again there (20 moves at most in any 10 s, under the exchange's order rate limit); it never moves down. The daemon still runs its own exits, cancelling that order first (one that filled meanwhile is the exit: nothing more is sold). A start on an exchange or market that takes no stop-limit order, or on kraken (its stop-limit order is not tested yet: binance and binanceus only), is refused (exit 78)." },
  exchangeTestnet: { schema: z.boolean(), allowed: 'true or false', doc: "With mode=live: trade on the exchange's testnet (play money; ccxt's sandbox mode, e.g. Binance's Spot Testnet), its prices and its orders both, on its own store (conclave-testnet.db), with the testnet's keys and no liveConfirm. An exchange whose ccxt class has no testnet is refused (exit 78). Paper mode ignores it, with a warning." },
  feeBps: { schema: z.number().min(0).max(1000), allowed: 'a number from 0 to 1000', doc: 'Paper fee, basis points of notional.' },
  scorecardHorizonBars: {
    schema: int(1, 10_000),
    allowed: 'an integer from 1 to 10000',
    doc: "The scorecards' horizon (the backtest report's, and one of `conclave scorecard`'s): a stance is scored against its symbol's return over this many bars after it. The daemon's store reads back the bars a horizon needs once it has closed; a backtest's store reads the bars each scan fetches, so at or above scanBars none is written there, which the backtest warns of (its report scores from the whole files). Changed between runs of the daemon: the stored stances are read back at a new horizon, and a horizon no longer followed keeps the stances decided until the change (see docs/backtesting.md, Decisions and scorecards).",
  },
  positionFraction: { schema: fraction(0.0001), allowed: 'a number from 0.0001 to 1', doc: 'Largest fraction of equity per position.' },
  maxOpenPositions: { schema: int(1, 1000), allowed: 'an integer from 1 to 1000', doc: 'Most positions open at once.' },
  stopLossPct: { schema: fraction(0.001, 0.9), allowed: 'a number from 0.001 to 0.9', doc: 'Stop-loss below entry for a position without a stop of its own; every BUY of the chief carries one (agents.riskDoctor.atrStopMultiple ATRs, 2 by default), so this is a fallback.' },
  takeProfitPct: { schema: fraction(0, 10), allowed: 'a number from 0 to 10 (0 = off)', doc: 'Take-profit above entry for a position without a target of its own (a BUY carries one only with chief.takeProfit).' },
  riskPerTrade: { schema: fraction(0.0001, 0.2), allowed: 'a number from 0.0001 to 0.2', doc: 'Fraction of equity lost if a stop is hit (sizing).' },
  lotStep: { schema: z.number().positive().max(1_000_000), allowed: 'a number > 0 and ≤ 1000000', doc: 'Quantity step orders are rounded down to.' },
  maxVolumeShare: {
    schema: fraction(0, 1),
    allowed: 'a number from 0 to 1 (0 = off, the default)',
    doc: "An entry (paper, live and backtest alike) buys at most this share of its symbol's mean volume over the last 20 bars closed when it is decided, never the volume of the bar it fills in or later; a cut shows as the risk gate's clamp max_volume_share, kept however small (the market's limit, not a sliver by choice). Bars without volume (none of the last 101 carries any: FX files' 0s) are not capped, said once per symbol. Exits are never held back: one above the cap is counted (the backtest report's liquidity) and warned of. Off by default, as in backtrader, LEAN and backtesting.py: many files' Volume counts ticks (FX from MetaTrader or OANDA, backtesting.py's EURUSD), which would cap at ticks. 0.025 (zipline's default) where it counts units traded (shares, coins): it binds on thin markets and large accounts (ORCL at the default cash: never).",
  },
  maxGrossExposure: { schema: z.number().gt(0).max(10), allowed: 'a number > 0 and ≤ 10', doc: 'Sum of open notionals as a fraction of equity. Entries are also capped by the cash left (a spot account does not borrow), so above 1 it binds only as marks rise.' },
  symbolCooldownMs: { schema: int(0), allowed: 'an integer ≥ 0', doc: 'No re-entry in a symbol for this long after an exit, when symbolCooldownBars is 0 (set with the bars above 0, it is refused).' },
  symbolCooldownBars: { schema: int(0, 100_000), allowed: 'an integer from 0 to 100000 (0 = use symbolCooldownMs)', doc: "No re-entry in a symbol until this many of its bars have closed since the exit; replaces symbolCooldownMs when above 0." },
  dailyLossLimit: { schema: fraction(0.001), allowed: 'a number from 0.001 to 1', doc: "No new entries for the rest of the market's day (marketTimezone) after losing this fraction. On bars of a day or longer it never binds: the day turns at each bar's close, where the decisions are taken, so the loss is counted from there (measured: 0.001 on daily ORCL and GOOG refused no entry over 524 days losing more); maxDrawdown limits losses there." },
  maxDrawdown: { schema: fraction(0.001), allowed: 'a number from 0.001 to 1', doc: 'Once equity is this far below its peak, the daemon halts (the kill switch) until `conclave resume`, then counts from there; a backtest takes no entry again.' },
  trailingStopPct: { schema: fraction(0, 0.9), allowed: 'a number from 0 to 0.9 (0 = off)', doc: 'Trailing stop below the peak since entry. Turned on (or its activation lowered) under a held position, it judges that position from its peak since entry at the first check: one already that far below its peak exits then.' },
  trailingActivationPct: { schema: fraction(0, 10), allowed: 'a number from 0 to 10', doc: 'Gain above entry that arms the trailing stop (0: armed from entry, its first bar included); once armed it stays armed.' },
  atrStopMultiple: { schema: z.number().min(0).max(50), allowed: 'a number from 0 to 50 (0 = off)', doc: 'An extra exit rule of the position monitor: a stop this many ATRs (the ATR recorded at entry) below the entry price, beside the stop each BUY carries (agents.riskDoctor.atrStopMultiple, 2 by default).' },
  maxHoldMs: { schema: int(0), allowed: 'an integer ≥ 0 (0 = off)', doc: 'Time stop: exit after holding this long, when maxHoldBars is 0 (set with the bars above 0, it is refused).' },
  maxHoldBars: {
    schema: int(0, 1_000_000),
    allowed: 'an integer from 0 to 1000000 (0 = use maxHoldMs)',
    doc: "Time stop in bars of the position's symbol; replaces maxHoldMs when above 0. It counts the bars since entry among the last maxHoldBars + 1 a read returns, and those before the oldest bar the market keeps (the simulated one the larger of scanBars and 250, an exchange its candles per request) by time. While the market answers no bars for a held symbol whose ticker it still serves (a pair halted for candles, or being delisted), the count goes on by the clock at the symbol's bar length from the last bars counted (said once), and the exit is sold at the ticker.",
  },
  paperFillTimeoutMs: { schema: int(1000), allowed: 'an integer ≥ 1000', doc: 'Paper broker: a market order fills at the first price after its decision; one that has seen none for this long, or for two of its bars when they are longer (weekly bars), is cancelled (default 5 days: from the close of a daily bar to the next open over a long weekend, Easter or Christmas).' },
  marketTimezone: {
    schema: z.string().refine(isTimeZone, 'not a time zone this runtime knows'),
    allowed: 'an IANA time zone such as "UTC" or "America/New_York"',
    doc: "The market's time zone: the daily loss limit rolls over at its midnight, on the day of the latest bar seen (not the machine's clock). Changed at a restart, the account's day goes on until the new zone's next day begins (moved west, its date is still the one before; moved east, its date is already the next while the old zone's day is still going), so the day's loss still counts.",
  },
  partialFillProbability: { schema: fraction(), allowed: 'a number from 0 to 1', doc: 'Paper broker: chance that an order fills only in part (30 % to all of it, rounded down to `lotStep`; under one lot it fills nothing and is cancelled).' },
  storeSync: {
    schema: z.enum(['normal', 'full']),
    allowed: '"normal" or "full"',
    doc: 'SQLite synchronous mode: normal survives any process crash; full also survives power loss (an fsync per commit).',
  },
  storeCheckpoint: {
    schema: z.enum(['background', 'inline']),
    allowed: '"background" or "inline"',
    doc: 'Where SQLite copies its WAL into the database: a worker thread (no stalls on the event loop) or inside commits (SQLite default).',
  },
  storeCheckIntervalMs: {
    schema: z.union([z.literal(0), int(60_000, 604_800_000)]),
    allowed: '0 (off) or an integer from 60000 to 604800000',
    doc: "How often the running daemon checks its whole store (SQLite's quick_check, on a worker thread with its own read-only connection: the event loop and the store's writes never wait for it), the first this long after the start. Damage found halts new entries (open positions are still watched and exited), says what was found and what to do, shows in the health line (`storeCheck`) and `conclave health`, and has the next start check the whole store. 0: only the start checks.",
  },
  retentionDays: {
    schema: int(0, 36_500),
    allowed: 'an integer from 0 to 36500 (0 = keep everything)',
    doc: 'Audit rows (opportunities, discussions, risk decisions, closed orders, fills, position events) older than this are pruned hourly, and the equity curve older than this is thinned to a point an hour; open positions, orders in flight and the ledger are never touched.',
  },
  retentionMaxMb: {
    schema: int(0, 1_048_576),
    allowed: 'an integer from 0 to 1048576 (0 = no cap)',
    doc: 'While the store holds more than this many MB, its oldest audit rows are pruned too (never the latest hour).',
  },
  wsMaxBufferedBytes: { schema: int(1024), allowed: 'an integer ≥ 1024', doc: 'A WebSocket client buffering more than this is dropped.' },
  wsMaxClients: { schema: int(1, 100_000), allowed: 'an integer from 1 to 100000', doc: 'At most this many WebSocket clients at once; one more is refused (503) until one leaves.' },
  wsHeartbeatMs: { schema: int(1000), allowed: 'an integer ≥ 1000', doc: 'WebSocket clients are pinged this often; one that has not answered the previous ping is dropped.' },
  ...NOTIFY_FIELDS,
} as const;

export type ConfigKey = keyof typeof FIELDS;
export type Config = { [K in ConfigKey]: z.infer<(typeof FIELDS)[K]['schema']> };
export type UniverseEntry = z.infer<typeof universeEntry>;

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

/** Keys whose values are never shown, in logs or in error messages, whatever they hold. */
export const isSecretKey = (key: string): boolean => Object.hasOwn(FIELDS, key) && 'secret' in FIELDS[key as ConfigKey];

export function envName(key: string): string {
  return 'CONCLAVE_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
