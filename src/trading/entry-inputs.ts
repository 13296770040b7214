/**
 * What an entry or an exit needs from outside that may fail, each with its fallback: the instrument's rules from the
 * broker, and the bars closed since the symbol's last exit from the market. A failure is logged and the trade goes on.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { barLengthOf, type Bar, type MarketData } from '../market/market-port.js';
import { outOfBand } from './price-band.js';
import { floorToStep, stepMultiple } from './lot.js';
import type { Broker } from './broker-port.js';
import type { InstrumentRules } from '../domain/order.js';

/** The broker's instrument rules; null when it has none or cannot say (a failure logged, with what stands in: `instead`). */
async function rulesOf(broker: Pick<Broker, 'instrument'>, symbol: string, logger: Logger, instead: string): Promise<InstrumentRules | null> {
  if (!broker.instrument) return null;
  try {
    return await broker.instrument(symbol);
  } catch (error) {
    logger.warn({ symbol, err: errorMessage(error) }, `instrument rules unavailable; ${instead}`);
    return null;
  }
}

/**
 * Whether the market a broker without market rules (the paper broker) fills on lists `symbol` as not trading (an
 * exchange's: ccxt's active false). Paper then refuses what the exchange would, where it filled at the frozen ticker
 * price; an exchange broker says it in its rules (`halted`). A status that cannot be read is logged, taken as trading.
 */
async function paperMarketHalted(broker: Pick<Broker, 'instrument'>, market: Pick<MarketData, 'halted'> | undefined, symbol: string, logger: Logger): Promise<boolean> {
  return !broker.instrument && market !== undefined && (await marketHalted(market, symbol, logger)) === true;
}

/**
 * Whether `market` lists `symbol` as not trading, for a paper order (one to place, or in flight: `clientOrderId`).
 * A status that cannot be read is logged, undefined: taken as trading. An aborted read throws.
 */
export async function marketHalted(market: Pick<MarketData, 'halted'>, symbol: string, logger: Logger | undefined, signal?: AbortSignal, clientOrderId?: string): Promise<boolean | undefined> {
  if (!market.halted) return false;
  try {
    return await market.halted(symbol, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    logger?.warn(
      Object.assign({ symbol, err: errorMessage(error) }, clientOrderId === undefined ? {} : { clientOrderId }),
      'market status unavailable: the market is taken as trading, so a paper order may be placed or filled on a market halted meanwhile; the status is asked again within a minute (err says why it failed)',
    );
    return undefined;
  }
}

/** The instrument's lot step and minimum from the broker (an exchange's market rules), else the configured step. */
export async function instrumentRules(
  broker: Pick<Broker, 'instrument'>,
  symbol: string,
  configuredLotStep: number,
  logger: Logger,
  market?: Pick<MarketData, 'halted'>,
): Promise<Partial<InstrumentRules> & { lotStep: number }> {
  const rules = (await rulesOf(broker, symbol, logger, 'sizing with the configured lotStep')) ?? { lotStep: configuredLotStep };
  return (await paperMarketHalted(broker, market, symbol, logger)) ? Object.assign({}, rules, { halted: true as const }) : rules;
}

/** Room for the price to move between the quote and the fill: an order valued just at the minimum is refused below it. */
const MIN_COST_MARGIN = 0.01;

/**
 * The smallest quantity an order may have at `price`: the instrument's minimum, and what its smallest order value
 * (minCost) buys there, rounded up to the lot step, with a margin for the move to the fill.
 */
export function smallestOrder(rules: { lotStep: number; minQty?: number; minCost?: number }, price: number | undefined): number {
  const { lotStep } = rules;
  const lots = rules.minCost !== undefined && price !== undefined && price > 0 ? Math.ceil((rules.minCost * (1 + MIN_COST_MARGIN)) / price / lotStep - 1e-9) : 0;
  // To the step's decimals, as floorToStep gives quantities: 1386 × 0.001 is 1.3860000000000001, above a position of
  // 1.386, which an exit then wrote off at 0 as "less than the market sells", and sizing refused as under the minimum.
  const byCost = stepMultiple(lots, lotStep);
  return Math.max(rules.minQty ?? 0, byCost);
}

/**
 * The smallest quantity the market sells (its lot step or minimum, and its smallest order value at `price`, from the
 * broker's instrument rules), under which what an exit leaves is closed with it; 0 when the broker does not say. An
 * exchange rounds a sale down to its step: a position net of a fee paid in the coin (0.00537462) sold 0.00537 and
 * kept 4.62e-6 that no order could sell; and it refuses an order worth less than its minimum (a stop on a position
 * grown small was refused at every check, the position stuck).
 */
export async function smallestSale(broker: Pick<Broker, 'instrument'>, symbol: string, logger: Logger, price?: number): Promise<number> {
  return (await saleLimits(broker, symbol, logger, price)).closeBelow;
}

/**
 * Whether a position of `qty` is less than the market sells (`closeBelow`, saleLimits') by more than float noise: what
 * 0.3 - 0.2 leaves, 0.09999999999999998, is the whole lot of 0.1 the exchange holds, to be sold, not written off.
 */
export const lessThanSells = (qty: number, closeBelow: number): boolean => qty < closeBelow * (1 - 1e-9);

/**
 * What one exit may sell, from one reading of the instrument rules: `closeBelow` (smallestSale's), the `lotStep`, and `most`, the
 * largest quantity one market order may sell (the exchange's maxQty, floored to its step; undefined when the broker
 * does not say). Entries are clamped to it, but a position bought before that, or under a limit the exchange has
 * since lowered, is larger: its exit is sold in parts, one a check, instead of being refused at every one.
 */
export async function saleLimits(
  broker: Pick<Broker, 'instrument'>,
  symbol: string,
  logger: Logger,
  price?: number,
  market?: Pick<MarketData, 'halted'>,
): Promise<{ closeBelow: number; most?: number; lotStep?: number; halted?: true }> {
  const rules = await rulesOf(broker, symbol, logger, 'an exit leaves what the exchange cannot sell as a position');
  if (!rules) return (await paperMarketHalted(broker, market, symbol, logger)) ? { closeBelow: 0, halted: true } : { closeBelow: 0 };
  const closeBelow = Math.max(rules.lotStep, smallestOrder(rules, price));
  const { lotStep } = rules;
  const limits = rules.maxQty === undefined ? { closeBelow, lotStep } : { closeBelow, lotStep, most: floorToStep(rules.maxQty, lotStep) };
  return rules.halted ? Object.assign(limits, { halted: true as const }) : limits;
}

/**
 * How many of a symbol's bars opened at or after `since`, from the last ones read (oldest first). When every bar read
 * did and there are no more than `atMost` (a market keeping fewer bars than asked), those before the first are counted
 * by time: counted among those read only, a count longer than the market keeps never ended.
 */
export function countSince(bars: readonly Bar[], since: number, atMost: number, barMs: number): number {
  const count = bars.filter((b) => b.time >= since).length;
  const first = bars[0];
  if (first === undefined || count < bars.length || count > atMost || !(barMs > 0)) return count;
  return count + Math.floor((first.time - since) / barMs);
}

/**
 * Bars of `symbol` closed since `since` (an exit's fill time), counted up to `atMost` (countSince); none when bars are
 * unavailable.
 */
export async function barsSince(
  market: Pick<MarketData, 'bars' | 'barMs'>,
  symbol: string,
  since: number,
  atMost: number,
  logger: Logger,
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined,
): Promise<number> {
  try {
    // The bars the discussion just read, when at hand: no new market request per entry.
    const bars = recentBars?.(symbol, atMost + 1) ?? (await market.bars(symbol, atMost + 1));
    return countSince(bars, since, atMost, barLengthOf(market, symbol, bars));
  } catch (error) {
    logger.warn({ symbol, err: errorMessage(error) }, 'bars unavailable for the cooldown in bars; counting none closed since the exit');
    return 0;
  }
}

/**
 * Why the quote an entry would be sized at is not trusted (price-band.ts): a tenth of the price would buy ten times the
 * quantity. Undefined when it is, or when no bars can tell (the bars the discussion just read, when at hand).
 */
export async function priceDoubt(
  market: Pick<MarketData, 'bars' | 'barMs'>,
  symbol: string,
  price: number,
  now: number,
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined,
): Promise<string | undefined> {
  try {
    const bars = recentBars?.(symbol, 101) ?? (await market.bars(symbol, 101));
    return outOfBand(bars, price, barLengthOf(market, symbol, bars), now)?.reason;
  } catch {
    return undefined;
  }
}
