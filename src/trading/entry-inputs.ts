/**
 * What an entry needs from outside that may fail, each with its fallback: the instrument's rules from the broker, and
 * the bars closed since the symbol's last exit from the market. A failure is logged and the entry goes on.
 */
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Bar, MarketData } from '../market/market-port.js';
import type { Broker } from './broker-port.js';

/** The instrument's lot step and minimum from the broker (an exchange's market rules), else the configured step. */
export async function instrumentRules(
  broker: Pick<Broker, 'instrument'>,
  symbol: string,
  configuredLotStep: number,
  logger: Logger,
): Promise<{ lotStep: number; minQty?: number }> {
  if (!broker.instrument) return { lotStep: configuredLotStep };
  try {
    const rules = await broker.instrument(symbol);
    if (rules) return rules;
  } catch (error) {
    logger.warn({ symbol, err: errorMessage(error) }, 'instrument rules unavailable; sizing with the configured lotStep');
  }
  return { lotStep: configuredLotStep };
}

/** Bars of `symbol` closed since `since` (an exit's fill time), counted up to `atMost`; none when bars are unavailable. */
export async function barsSince(
  market: Pick<MarketData, 'bars'>,
  symbol: string,
  since: number,
  atMost: number,
  logger: Logger,
  recentBars?: (symbol: string, limit: number) => readonly Bar[] | undefined,
): Promise<number> {
  try {
    // The bars the discussion just read, when at hand: no new market request per entry.
    const bars = recentBars?.(symbol, atMost + 1) ?? (await market.bars(symbol, atMost + 1));
    return bars.filter((b) => b.time >= since).length;
  } catch (error) {
    logger.warn({ symbol, err: errorMessage(error) }, 'bars unavailable for the cooldown in bars; counting none closed since the exit');
    return 0;
  }
}
