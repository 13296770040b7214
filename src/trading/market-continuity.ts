/**
 * A market behind the store. A replay restarted over the store of an earlier run starts again at the head of its
 * files, years before the positions that run opened: the position monitor would judge them on prices from before they
 * were bought (a stop "hit" in 1996 by a position opened in 1997) and sell them there. Before anything trades, each
 * open position's symbol must have a bar no older than its opening, give or take a bar (an exchange stamps a fill
 * inside a bar that has not closed yet).
 */
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import { isoTime } from '../core/iso-time.js';

export interface HeldPosition {
  symbol: string;
  openedAt: number;
}

/**
 * A replay restarted over a store that has traded, with nothing held: it starts years before the store's newest
 * fill, so each symbol's cooldown counts bars since an exit still to come (none, for years) and the store's history
 * runs backwards. Refused as a held position would be (exit 78), naming the fill.
 */
export async function assertReplayNotBehindFills(latestFill: { symbol: string; time: number } | null, market: MarketData, dataDir: string, logger: Logger): Promise<void> {
  if (!latestFill) return;
  await checkNotBehind(market, latestFill.symbol, latestFill.time, dataDir, logger, `its newest fill, of ${latestFill.symbol}, is dated ${isoTime(latestFill.time)}`);
}

/** Throws a ConfigError (exit 78: restarting will not help) when the market's newest bar of a held symbol predates its opening. */
export async function assertMarketNotBehind(positions: readonly HeldPosition[], market: MarketData, dataDir: string, logger: Logger, inFlight: readonly { symbol: string; clientOrderId: string }[] = []): Promise<void> {
  assertHeldInUniverse(positions, market, dataDir);
  assertOrdersInUniverse(inFlight, market, dataDir);
  for (const position of positions) {
    await checkNotBehind(market, position.symbol, position.openedAt, dataDir, logger, `the store holds an open ${position.symbol} position, opened ${isoTime(position.openedAt)}`);
  }
}

/**
 * A position in a symbol taken out of the universe would be held with nothing watching it: no price, so no stop,
 * no exit, no flatten, only an error at every position check. Refused at start (exit 78), naming the symbols.
 */
function assertHeldInUniverse(positions: readonly HeldPosition[], market: MarketData, dataDir: string): void {
  const universe = new Set(market.symbols());
  const orphans = positions.filter((p) => !universe.has(p.symbol));
  if (orphans.length === 0) return;
  const list = orphans.map((p) => `${p.symbol} (opened ${isoTime(p.openedAt)})`).join(', ');
  throw new ConfigError(
    `Invalid configuration: universe: the store in ${dataDir} holds open positions in ${list}, which the universe (CONCLAVE_UNIVERSE) no longer lists: ` +
      `nothing would price them, so their stops and exits would never run. Put ${orphans.map((p) => p.symbol).join(', ')} back in the universe ` +
      `until the positions are closed (\`conclave halt --flatten\` closes them), then take them out.`,
    'universe',
  );
}

/**
 * An order a previous run left in flight for a symbol taken out of the universe: nothing would price it, so it would
 * wait out its fill timeout, counted as exposure, and an entry filled meanwhile would be a position nothing watches.
 */
function assertOrdersInUniverse(orders: readonly { symbol: string; clientOrderId: string }[], market: MarketData, dataDir: string): void {
  const universe = new Set(market.symbols());
  const orphans = orders.filter((o) => !universe.has(o.symbol));
  if (orphans.length === 0) return;
  const symbols = [...new Set(orphans.map((o) => o.symbol))].join(', ');
  throw new ConfigError(
    `Invalid configuration: universe: the store in ${dataDir} holds orders in flight for ${symbols} (${orphans.map((o) => o.clientOrderId).join(', ')}), which the universe (CONCLAVE_UNIVERSE) no longer lists: ` +
      `nothing would price them or watch what they fill. Put ${symbols} back in the universe until they have settled, then take them out.`,
    'universe',
  );
}

async function checkNotBehind(market: MarketData, symbol: string, time: number, dataDir: string, logger: Logger, what: string): Promise<void> {
  let bars;
  try {
    bars = await market.bars(symbol, 2);
  } catch (error) {
    // A source that cannot answer now is the position monitor's to report; it cannot be told behind.
    logger.warn({ symbol, err: errorMessage(error) }, 'start-up: cannot read the newest bar of a symbol to check the market is not behind the store');
    return;
  }
  const newest = bars.at(-1);
  if (!newest) return;
  const spacing = bars.length > 1 ? newest.time - bars[0]!.time : 0;
  const barMs = market.barMs?.(symbol) ?? spacing;
  if (newest.time + 2 * barMs >= time) return;
  throw new ConfigError(
    `The market (${market.name}) is behind the store in ${dataDir}: its newest ${symbol} bar opened ${isoTime(newest.time)}, ` +
      `but ${what}. Judging that store on older prices would ` +
      `trade on prices from before it (a replay restarted over an earlier run's store does this). ` +
      `Give this run its own CONCLAVE_DATA_DIR, or point the market at data that reaches that time.`,
    'dataDir',
  );
}
