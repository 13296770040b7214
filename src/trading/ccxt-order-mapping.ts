/**
 * Translating ccxt's unified orders into the broker port's results. Pure, so the mapping is tested without a network.
 */
import ccxt from 'ccxt';
import type { Exchange, Order, Trade } from 'ccxt';
import type { Fill, InstrumentRules, OrderResult, OrderStatus, Side } from '../domain/order.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** A fee's cost, which some of ccxt's classes leave as the exchange's decimal string (Kraken's order "fee": "1.30000"). */
const costOf = (v: unknown): number | undefined => num(typeof v === 'string' && /^\s*-?[\d.]+(e-?\d+)?\s*$/i.test(v) ? Number(v) : v);

/**
 * A fill's quantity and fee as the account sees them, the fee in quote-currency value so the ledger stays in one
 * currency. A buy's fee paid in the base asset (Binance's default without BNB) is taken out of the coins bought: the
 * account holds the quantity less the fee, which is what a sale can sell, and the fee is valued at the fill price (cash
 * pays quantity × price either way). A fee in a third asset (BNB) cannot be valued here: 0, marked unknown, its
 * currency named (it was recorded as that many units of the quote currency).
 */
function netOfFee(fee: Trade['fee'] | Order['fee'], qty: number, price: number, side: Side, symbol: string): { qty: number; fee: number; feeCurrency?: string; feeUnknown?: true } {
  const cost = costOf(fee?.cost);
  // No fee reported (a look-up by order gives totals without commissions): 0, marked so the ledger can tell.
  if (cost === undefined) return { qty, fee: 0, feeUnknown: true };
  if (cost === 0 || !fee?.currency) return { qty, fee: cost };
  const [base, quote] = symbol.split('/');
  if (fee.currency === quote) return { qty, fee: cost };
  if (fee.currency === base) return side === 'buy' && cost < qty ? { qty: qty - cost, fee: cost * price } : { qty, fee: cost * price };
  return { qty, fee: 0, feeCurrency: fee.currency, feeUnknown: true };
}

function status(order: Order, filled: number): OrderStatus {
  switch (order.status) {
    case 'open':
      return filled > 0 ? 'partially_filled' : 'submitted';
    case 'closed':
      return 'filled';
    case 'canceled':
    case 'cancelled':
    case 'expired':
      // An expired market order (thin book) keeps the part it filled: cancelled, with its fills.
      return 'cancelled';
    case 'rejected':
      return 'rejected';
    default:
      // No status (an ACK-only answer): the exchange has the order but has not said more.
      return 'submitted';
  }
}

/** Maps a ccxt order to an OrderResult whose fills are cumulative: per trade when ccxt has them, else one aggregate. */
export function toOrderResult(order: Order, clientOrderId: string, fallbackTime: number): OrderResult {
  const symbol = order.symbol ?? '';
  const side = order.side as Side;
  const time = num(order.lastTradeTimestamp) ?? num(order.timestamp) ?? fallbackTime;
  const trades = (order.trades ?? []).filter((t) => (num(t.amount) ?? 0) > 0 && (num(t.price) ?? 0) > 0);
  let fills: Fill[];
  if (trades.length > 0) {
    fills = trades.map((t, i) => ({
      id: t.id ? `${clientOrderId}:${t.id}` : `${clientOrderId}:${i + 1}`,
      clientOrderId,
      symbol,
      side,
      price: t.price!,
      time: num(t.timestamp) ?? time,
      ...netOfFee(t.fee, t.amount!, t.price!, side, symbol),
    }));
  } else {
    const filled = num(order.filled) ?? 0;
    const price = num(order.average) ?? (filled > 0 && num(order.cost) ? order.cost! / filled : undefined);
    fills =
      filled > 0 && price !== undefined && price > 0
        ? [{ id: `${clientOrderId}:total`, clientOrderId, symbol, side, price, time, ...netOfFee(order.fee, filled, price, side, symbol) }]
        : [];
  }
  const filled = fills.reduce((sum, f) => sum + f.qty, 0);
  const result: OrderResult = { status: status(order, filled), fills };
  if (order.id) result.exchangeOrderId = String(order.id);
  if (result.status === 'rejected') result.reason = 'rejected by the exchange';
  return result;
}

/** A loaded market's amount step and minimum (null when the exchange does not say). */
export function instrumentOf(exchange: Pick<Exchange, 'markets' | 'precisionMode'>, symbol: string): InstrumentRules | null {
  const market = exchange.markets?.[symbol];
  if (!market) return null;
  // ccxt gives a precision either as a step (0.001) or as a number of decimals (3), per exchange.
  const step = (precision: unknown) =>
    typeof precision === 'number' && precision > 0 ? (exchange.precisionMode === ccxt.DECIMAL_PLACES ? 10 ** -precision : precision) : undefined;
  const lotStep = step(market.precision?.amount);
  const priceTick = step(market.precision?.price);
  if (lotStep === undefined) return null;
  const min = market.limits?.amount?.min;
  const minCost = market.limits?.cost?.min;
  // Orders are market orders: the market order's own limit (ccxt's limits.market) binds too. Binance's MARKET_LOT_SIZE is
  // often far below LOT_SIZE, and a position sized above it could be bought in no order nor sold in one.
  const maxes = [market.limits?.amount?.max, (market.limits as { market?: { max?: number } } | undefined)?.market?.max].filter((m): m is number => typeof m === 'number' && m > 0);
  const maxQty = maxes.length > 0 ? Math.min(...maxes) : undefined;
  // ccxt's own reading of feeSide (calculateFee): absent means quote; a buy gives the quote currency.
  const feeSide = market.feeSide ?? 'quote';
  const quoteFeeRate = (feeSide === 'quote' || feeSide === 'give') && typeof market.taker === 'number' && market.taker > 0 && market.taker < 1 ? market.taker : undefined;
  return {
    lotStep,
    minQty: typeof min === 'number' && min > 0 ? min : lotStep,
    ...(typeof minCost === 'number' && minCost > 0 ? { minCost } : {}),
    ...(maxQty !== undefined ? { maxQty } : {}),
    ...(market.active === false ? { halted: true as const } : {}),
    ...(priceTick !== undefined ? { priceTick } : {}),
    ...(quoteFeeRate !== undefined ? { quoteFeeRate } : {}),
  };
}
