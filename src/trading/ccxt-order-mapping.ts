/**
 * Translating ccxt's unified orders into the broker port's results. Pure, so the mapping is tested without a network.
 */
import type { Order, Trade } from 'ccxt';
import type { Fill, OrderResult, OrderStatus, Side } from '../domain/order.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Fees are reported in quote-currency value so the ledger stays in one currency: a fee paid in the base asset is
 * valued at the fill price; a fee in a third asset (BNB) is kept as is with its currency named, for the caller to value.
 */
function feeInQuote(fee: Trade['fee'] | Order['fee'], price: number, symbol: string): { fee: number; feeCurrency?: string; feeUnknown?: true } {
  const cost = num(fee?.cost);
  // No fee reported (a look-up by order gives totals without commissions): 0, marked so the ledger can tell.
  if (cost === undefined) return { fee: 0, feeUnknown: true };
  if (cost === 0 || !fee?.currency) return { fee: cost };
  const [base, quote] = symbol.split('/');
  if (fee.currency === quote) return { fee: cost };
  if (fee.currency === base) return { fee: cost * price };
  return { fee: cost, feeCurrency: fee.currency };
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
      qty: t.amount!,
      price: t.price!,
      time: num(t.timestamp) ?? time,
      ...feeInQuote(t.fee, t.price!, symbol),
    }));
  } else {
    const filled = num(order.filled) ?? 0;
    const price = num(order.average) ?? (filled > 0 && num(order.cost) ? order.cost! / filled : undefined);
    fills =
      filled > 0 && price !== undefined && price > 0
        ? [{ id: `${clientOrderId}:total`, clientOrderId, symbol, side, qty: filled, price, time, ...feeInQuote(order.fee, price, symbol) }]
        : [];
  }
  const filled = fills.reduce((sum, f) => sum + f.qty, 0);
  const result: OrderResult = { status: status(order, filled), fills };
  if (order.id) result.exchangeOrderId = String(order.id);
  if (result.status === 'rejected') result.reason = 'rejected by the exchange';
  return result;
}
