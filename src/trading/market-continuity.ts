/**
 * A market behind the store. A replay restarted over the store of an earlier run starts again at the head of its
 * files, years before the positions that run opened: the position monitor would judge them on prices from before they
 * were bought (a stop "hit" in 1996 by a position opened in 1997) and sell them there. Before anything trades, each
 * open position's symbol must have a bar no older than its opening, give or take a bar (an exchange stamps a fill
 * inside a bar that has not closed yet).
 */
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { barLengthOf, type Bar, type MarketData } from '../market/market-port.js';
import { isoTime } from '../core/iso-time.js';

export interface HeldPosition {
  symbol: string;
  openedAt: number;
  /** Its last price as the store has it, and the close time of the newest bar judged with it (absent: nothing to compare). */
  markPrice?: number | null;
  judgedUntil?: number;
  /** When the store last wrote the position and its mark: the mark's time in a store from before judgedUntil. */
  markedAt?: number;
}

/** How far outside the range of its bar a stored mark may lie (a ticker's last trade against the exchange's candle). */
const MARK_TOLERANCE = 0.02;
/** Bars read to find the one a stored mark was taken in; a mark older than them cannot be compared. */
const MARK_LOOKBACK_BARS = 1000;

/**
 * A replay restarted over a store that has traded, with nothing held: it starts years before the store's newest
 * fill, so each symbol's cooldown counts bars since an exit still to come (none, for years) and the store's history
 * runs backwards. Refused as a held position would be (exit 78), naming the fill.
 */
export async function assertReplayNotBehindFills(latestFill: { symbol: string; time: number } | null, market: MarketData, dataDir: string, logger: Logger): Promise<void> {
  if (!latestFill) return;
  const bars = await readBars(market, latestFill.symbol, 2, logger);
  if (bars) assertNotBehind(market, bars, latestFill.symbol, latestFill.time, dataDir, `its newest fill, of ${latestFill.symbol}, is dated ${isoTime(latestFill.time)}`);
}

/**
 * Throws a ConfigError (exit 78: restarting will not help) when the market's newest bar of a held symbol predates its
 * opening, or when the market prices it otherwise than the store marked it (assertPricesHeld); one read of its bars.
 */
export async function assertMarketNotBehind(
  positions: readonly HeldPosition[],
  market: MarketData,
  dataDir: string,
  logger: Logger,
  inFlight: readonly { symbol: string; clientOrderId: string }[] = [],
  mark?: (symbol: string, price: number) => void,
): Promise<void> {
  assertStoreInUniverse(positions, inFlight, market, dataDir);
  for (const position of positions) {
    const bars = await readBars(market, position.symbol, MARK_LOOKBACK_BARS, logger);
    if (!bars) continue;
    assertNotBehind(market, bars, position.symbol, position.openedAt, dataDir, `the store holds an open ${position.symbol} position, opened ${isoTime(position.openedAt)}`);
    assertPricesHeld(market, bars, position, dataDir);
    // The same read marks it at the newest close: the first health line valued it at the previous run's last mark.
    const newest = bars.at(-1);
    if (newest && mark) mark(position.symbol, newest.close);
  }
}

/**
 * A position or an order in flight (left by a previous run) in a symbol taken out of the universe would be held with
 * nothing watching it: no price, so no stop, no exit, no flatten, and an order waiting out its fill timeout counted as
 * exposure, only an error at every position check. Refused at start (exit 78), naming the symbols and what to do.
 */
function assertStoreInUniverse(positions: readonly HeldPosition[], orders: readonly { symbol: string; clientOrderId: string }[], market: MarketData, dataDir: string): void {
  const universe = new Set(market.symbols());
  const held = positions.filter((p) => !universe.has(p.symbol));
  const waiting = orders.filter((o) => !universe.has(o.symbol));
  if (held.length === 0 && waiting.length === 0) return;
  const what: string[] = [];
  const until: string[] = [];
  if (held.length > 0) {
    what.push(`open positions in ${held.map((p) => `${p.symbol} (opened ${isoTime(p.openedAt)})`).join(', ')}`);
    until.push('the positions are closed (`conclave halt --flatten` closes them)');
  }
  if (waiting.length > 0) {
    what.push(`orders in flight for ${[...new Set(waiting.map((o) => o.symbol))].join(', ')} (${waiting.map((o) => o.clientOrderId).join(', ')})`);
    until.push('they have settled');
  }
  const missing = [...new Set([...held, ...waiting].map((x) => x.symbol))];
  const symbols = missing.join(', ');
  // A symbol written in other case (a replay file's btc/usdt for the store's BTC/USDT) is another symbol to the market.
  const cased = missing.flatMap((symbol) => [...universe].filter((u) => u !== symbol && u.toUpperCase() === symbol.toUpperCase()).map((u) => `${symbol} as ${u}`));
  const asWritten = cased.length > 0 ? ` (it lists ${cased.join(', ')}: symbols are compared as written, so write each as the store holds it)` : '';
  throw new ConfigError(
    `Invalid configuration: universe: the store in ${dataDir} holds ${what.join(' and ')}, which the universe (CONCLAVE_UNIVERSE) no longer lists${asWritten}: ` +
      `nothing would price them, so their stops and exits would never run. Put ${symbols} back in the universe until ${until.join(' and ')}, then take them out.`,
    'universe',
  );
}

/** A held symbol's newest bars, or null when the source cannot answer now (the position monitor's to report). */
async function readBars(market: MarketData, symbol: string, limit: number, logger: Logger): Promise<Bar[] | null> {
  try {
    return await market.bars(symbol, limit);
  } catch (error) {
    logger.warn({ symbol, err: errorMessage(error) }, 'start-up: cannot read the bars of a symbol to check the market against the store');
    return null;
  }
}

/**
 * A market that prices a held symbol otherwise than the run that holds it did: another replay file for the symbol,
 * or the simulation under another seed. Its stops and exits would be judged on an unrelated series (a restart with
 * another CONCLAVE_SIM_SEED stopped a position out 11 % down on its first check). The position's stored mark must lie
 * in the range of the market's bars of the time it was taken (the bar that closed then, or the one that opened then);
 * a mark older than the bars the market gives cannot be compared, and is let pass.
 */
function assertPricesHeld(market: MarketData, bars: readonly Bar[], { symbol, markPrice: mark, judgedUntil, markedAt }: HeldPosition, dataDir: string): void {
  // A store from before judged_until (schema 7) was let pass unchecked: upgraded from such a conclave, whose simulated
  // market drew other paths, a position bought at 121 was stopped out at 42 on its first check. Its mark was written
  // with the row, at updated_at, from the newest bar closed by then: the bar that closed then or the one open then.
  const at = judgedUntil ?? markedAt;
  if (mark === null || mark === undefined || at === undefined) return;
  const barMs = barLengthOf(market, symbol, bars);
  const from = judgedUntil === undefined ? at - barMs : at;
  const then = bars.filter((b) => b.time <= at && b.time + barMs >= from);
  if (then.length === 0) return;
  const low = Math.min(...then.map((b) => b.low));
  const high = Math.max(...then.map((b) => b.high));
  if (mark >= low * (1 - MARK_TOLERANCE) && mark <= high * (1 + MARK_TOLERANCE)) return;
  const price = (x: number) => String(Number(x.toPrecision(6)));
  throw new ConfigError(
    `The market (${market.name}) does not price ${symbol} as the run that holds it did: the store in ${dataDir} marked its open ` +
      `${symbol} position at ${price(mark)} at ${isoTime(at)}, where this market's ${symbol} bars of that time range from ${price(low)} to ${price(high)}. ` +
      `Its stops and exits would be judged on another series' prices (${otherSeries(market.name, symbol)} does this). ` +
      // The simulated paths changed once (commit 6c9d925): a store kept from before then meets this after an upgrade.
      (market.name === 'sim' ? 'So does an upgrade from a conclave of before 2026-12-03, whose simulation drew other paths. ' : '') +
      `Start with the market that priced the position (\`conclave halt --flatten\` then closes it, if it should go), or give this run its own CONCLAVE_DATA_DIR.`,
    'dataDir',
  );
}

/** What gives a market of this kind another series for the same symbol. */
function otherSeries(market: string, symbol: string): string {
  // The simulated path is drawn per bar: its seed and its bar length both make another one.
  if (market === 'sim') return 'another CONCLAVE_SIM_SEED or CONCLAVE_SIM_BAR_MS';
  if (market === 'replay') return `another replay file for ${symbol}, or its times read in another zone`;
  return `another market source than the one that priced it, or another replay file or sim seed`;
}

function assertNotBehind(market: MarketData, bars: readonly Bar[], symbol: string, time: number, dataDir: string, what: string): void {
  const newest = bars.at(-1);
  if (!newest) return;
  if (newest.time + 2 * barLengthOf(market, symbol, bars) >= time) return;
  throw new ConfigError(
    `The market (${market.name}) is behind the store in ${dataDir}: its newest ${symbol} bar opened ${isoTime(newest.time)}, ` +
      `but ${what}. Judging that store on older prices would ` +
      `trade on prices from before it (a replay restarted over an earlier run's store does this). ` +
      `Give this run its own CONCLAVE_DATA_DIR, or point the market at data that reaches that time.`,
    'dataDir',
  );
}
