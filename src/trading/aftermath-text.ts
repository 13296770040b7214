import { plainQuantity } from '../core/display-format.js';

/**
 * What followed a stored verdict, for `conclave explain`: the risk gate's decision, the orders and their fills. The
 * verdict's own text says what the chief asked for (a share of equity, "the risk gate may still cut or refuse it"); a
 * reader checking a backtest needs what was bought, at what price and when, without opening fills.csv.
 */
export interface Aftermath {
  risk: unknown[];
  orders: unknown[];
  fills: unknown[];
}

interface RiskRow { outcome: string; rule: string | null; reason: string | null; requestedQty: number | null; approvedQty: number | null }
interface OrderRow { clientOrderId: string; side: string; qty: number; filledQty: number | null; status: string; purpose: string | null; reason: string | null }
interface FillRow { clientOrderId: string; side: string; qty: number; price: number; fee: number; feeUnknown?: number | boolean | null; time: number }

const qty = (x: number | null): string => (x === null ? '?' : plainQuantity(x));
const num = (x: number): string => String(Number(x.toPrecision(8)));

export function formatAftermath(action: string, a: Aftermath): string {
  const lines = ['What followed'];
  for (const r of a.risk as RiskRow[]) {
    const rule = r.rule ? ` (${r.rule})` : '';
    const sized = r.approvedQty !== null && r.requestedQty !== null && r.approvedQty !== r.requestedQty ? `, qty ${qty(r.approvedQty)} of ${qty(r.requestedQty)} asked` : r.approvedQty !== null ? `, qty ${qty(r.approvedQty)}` : '';
    lines.push(`  risk gate: ${r.outcome}${rule}${sized}${r.reason ? `: ${r.reason}` : ''}`);
  }
  for (const o of a.orders as OrderRow[]) {
    // An order the book filled in part (an entry's immediate-or-cancel limit) says what it bought, not only what it asked.
    const filled = o.filledQty !== null && o.filledQty !== o.qty ? ` (${qty(o.filledQty)} filled)` : '';
    lines.push(`  order ${o.clientOrderId}: ${o.purpose ?? 'order'} ${o.side} ${qty(o.qty)}${filled}, ${o.status}${o.reason ? `: ${o.reason}` : ''}`);
  }
  for (const f of a.fills as FillRow[]) {
    const fee = f.feeUnknown ? `fee unknown (the exchange reported none; recorded as ${num(f.fee)})` : `fee ${num(f.fee)}`;
    lines.push(`  fill: ${f.side} ${qty(f.qty)} at ${num(f.price)}, ${fee}, ${new Date(f.time).toISOString()}`);
  }
  if (lines.length === 1) {
    lines.push(action === 'HOLD' ? '  nothing: a HOLD places no order' : '  no risk decision, order or fill is recorded for this verdict');
  }
  // Exits by rule (stop, target, trailing, time) are the position's, not a verdict's: they are in the fills, unlinked.
  if (action === 'BUY' && (a.fills as FillRow[]).length > 0) lines.push('  (an exit by stop, target, trailing or time stop belongs to the position, not to a verdict: it is among the fills of the symbol, in the cockpit, or in fills.csv and the report of a backtest)');
  return lines.join('\n');
}
