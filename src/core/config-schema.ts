import { z } from 'zod';

/**
 * Every configuration key: its schema, what is allowed (said in error messages) and what it does (the README table).
 * Keys are camelCase in files; the environment spells them CONCLAVE_ + UPPER_SNAKE (queueCapacity → CONCLAVE_QUEUE_CAPACITY).
 * Defaults live in config/default.json.
 */
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const fraction = (min = 0, max = 1) => z.number().min(min).max(max);

const universeEntry = z
  .object({
    symbol: z.string().regex(/^[A-Z0-9][A-Z0-9./:-]{0,19}$/),
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
  dataDir: { schema: z.string().min(1), allowed: 'a non-empty path', doc: 'Where the SQLite files and the HALT file live.' },
  logLevel: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    allowed: 'one of fatal, error, warn, info, debug, trace, silent',
    doc: 'pino log level.',
  },
  httpHost: { schema: z.string().min(1), allowed: 'a host name or IP address', doc: 'Bind address of HTTP and WebSocket.' },
  httpPort: { schema: int(0, 65535), allowed: 'an integer from 0 to 65535 (0 = off)', doc: 'HTTP/WebSocket port; 0 turns the server off.' },
  modelScanIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'Model scanner interval.' },
  newsScanIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'News scanner interval.' },
  positionCheckIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'Position monitor interval.' },
  healthIntervalMs: { schema: int(100), allowed: 'an integer ≥ 100', doc: 'Health line interval.' },
  queueCapacity: { schema: int(1, 1_000_000), allowed: 'an integer from 1 to 1000000', doc: 'Opportunity queue capacity.' },
  queueOverflow: {
    schema: z.enum(['wait', 'drop-oldest']),
    allowed: '"wait" (backpressure) or "drop-oldest"',
    doc: 'What a full queue does to a new opportunity.',
  },
  simSeed: { schema: int(0, 2 ** 32 - 1), allowed: 'an integer from 0 to 4294967295', doc: 'Seed of the simulated market and news.' },
  simBarMs: { schema: int(1000), allowed: 'an integer ≥ 1000', doc: 'Bar length of the simulated market.' },
  simNewsPerHour: { schema: z.number().min(0).max(3600), allowed: 'a number from 0 to 3600', doc: 'Background headlines per simulated hour.' },
  universe: {
    schema: z.array(universeEntry).min(1).max(5000),
    allowed: 'a JSON array of {"symbol","name","aliases"?} (1 to 5000 entries)',
    doc: 'Tradable symbols with company names and aliases (news mapping).',
  },
  marketSource: { schema: z.enum(['sim']), allowed: '"sim"', doc: 'Market data source.' },
  newsSource: { schema: z.enum(['sim']), allowed: '"sim"', doc: 'News source.' },
  scanConcurrency: { schema: int(1, 256), allowed: 'an integer from 1 to 256', doc: 'Concurrent bar fetches per model scan.' },
  scanBars: { schema: int(30, 5000), allowed: 'an integer from 30 to 5000', doc: 'Bars fetched per symbol per scan.' },
  modelThreshold: { schema: z.number().positive(), allowed: 'a number > 0', doc: 'Minimum |score| for the model to publish.' },
  opportunityCooldownMs: { schema: int(0), allowed: 'an integer ≥ 0', doc: 'At most one opportunity per symbol and source within this time.' },
  newsLookbackMs: { schema: int(60_000), allowed: 'an integer ≥ 60000', doc: 'News older than this is ignored.' },
  newsMinSentiment: { schema: fraction(), allowed: 'a number from 0 to 1', doc: 'Minimum |sentiment| for a news opportunity.' },
  consumerConcurrency: { schema: int(1, 64), allowed: 'an integer from 1 to 64', doc: 'Discussions run at once.' },
  agentDeadlineMs: { schema: int(10, 600_000), allowed: 'an integer from 10 to 600000', doc: 'Deadline of each agent.' },
  startingCash: { schema: z.number().positive().finite(), allowed: 'a number > 0', doc: 'Paper account starting cash.' },
  slippageBps: { schema: z.number().min(0).max(1000), allowed: 'a number from 0 to 1000', doc: 'Paper fill slippage, basis points.' },
  feeBps: { schema: z.number().min(0).max(1000), allowed: 'a number from 0 to 1000', doc: 'Paper fee, basis points of notional.' },
  positionFraction: { schema: fraction(0.0001), allowed: 'a number from 0.0001 to 1', doc: 'Largest fraction of equity per position.' },
  maxOpenPositions: { schema: int(1, 1000), allowed: 'an integer from 1 to 1000', doc: 'Most positions open at once.' },
  stopLossPct: { schema: fraction(0.001, 0.9), allowed: 'a number from 0.001 to 0.9', doc: 'Default stop-loss below entry.' },
  takeProfitPct: { schema: fraction(0.001, 10), allowed: 'a number from 0.001 to 10', doc: 'Default take-profit above entry.' },
  riskPerTrade: { schema: fraction(0.0001, 0.2), allowed: 'a number from 0.0001 to 0.2', doc: 'Fraction of equity lost if a stop is hit (sizing).' },
  lotStep: { schema: z.number().positive().max(1_000_000), allowed: 'a number > 0', doc: 'Quantity step orders are rounded down to.' },
  maxGrossExposure: { schema: z.number().gt(0).max(10), allowed: 'a number > 0 and ≤ 10', doc: 'Sum of open notionals as a fraction of equity.' },
  symbolCooldownMs: { schema: int(0), allowed: 'an integer ≥ 0', doc: 'No re-entry in a symbol for this long after an exit.' },
  dailyLossLimit: { schema: fraction(0.001), allowed: 'a number from 0.001 to 1', doc: 'No new entries for the rest of the UTC day after losing this fraction.' },
  maxDrawdown: { schema: fraction(0.001), allowed: 'a number from 0.001 to 1', doc: 'No new entries once equity is this far below its peak.' },
  trailingStopPct: { schema: fraction(0, 0.9), allowed: 'a number from 0 to 0.9 (0 = off)', doc: 'Trailing stop below the peak since entry.' },
  trailingActivationPct: { schema: fraction(0, 10), allowed: 'a number from 0 to 10', doc: 'Gain above entry that arms the trailing stop.' },
  atrStopMultiple: { schema: z.number().min(0).max(50), allowed: 'a number from 0 to 50 (0 = off)', doc: 'Stop this many ATRs below entry.' },
  maxHoldMs: { schema: int(0), allowed: 'an integer ≥ 0 (0 = off)', doc: 'Time stop: exit after holding this long.' },
  partialFillProbability: { schema: fraction(), allowed: 'a number from 0 to 1', doc: 'Paper broker: chance that an order fills only in part.' },
  wsMaxBufferedBytes: { schema: int(1024), allowed: 'an integer ≥ 1024', doc: 'A WebSocket client buffering more than this is dropped.' },
} as const;

export type ConfigKey = keyof typeof FIELDS;
export type Config = { [K in ConfigKey]: z.infer<(typeof FIELDS)[K]['schema']> };
export type UniverseEntry = z.infer<typeof universeEntry>;

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

export function envName(key: string): string {
  return 'CONCLAVE_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
