/**
 * The entry planner, pure: a BUY verdict with the market, the account and the gate's state in; the risk gate's
 * decision (its event and its record) and the order it allows out. Sizing by risk per trade over the stop, then the
 * gate; nothing here reads a clock, a store or a broker, so a decision can be replayed from what was recorded.
 */
import type { RiskEvent } from '../domain/events.js';
import type { OrderRequest } from '../domain/order.js';
import type { Verdict } from '../domain/verdict.js';
import { evaluateEntry, type RiskDecision, type RiskLimits } from './risk-gate.js';
import type { OrderMeta } from './settlement.js';
import { sizeEntry } from './sizing.js';
import { entryOrderId } from './client-order-id.js';
import type { VolumeReading } from './volume-cap.js';

/** A row of the risk gate's audit trail (the store's `insertRiskDecision`). */
export interface RiskRecord {
  verdictId?: string;
  symbol: string;
  outcome: RiskDecision['outcome'];
  rule?: string;
  reason: string;
  requestedQty: number;
  approvedQty: number;
  time: number;
}

export interface EntryInput {
  verdictId: string;
  verdict: Pick<Verdict, 'sizeFraction' | 'stop' | 'target' | 'atrFraction'>;
  symbol: string;
  /** The price quoted now: what the entry is sized and judged at. */
  price: number;
  /** The instrument's lot step and minimum quantity. */
  lotStep: number;
  minQty?: number | undefined;
  /** The exchange's smallest order value, already in minQty at this price: named in a refusal. */
  minCost?: number | undefined;
  /** The largest market order the exchange takes: the entry is clamped to it. */
  maxQty?: number | undefined;
  /** The exchange's fee paid in cash on top of a buy (InstrumentRules.quoteFeeRate). */
  quoteFeeRate?: number | undefined;
  /** Cash plus open positions at their marks. */
  equity: number;
  /** The account's peak and the day its starting equity belongs to. */
  account: { peakEquity: number; dayStartEquity: number; day: string };
  /** The market's day now (in its time zone, YYYY-MM-DD): a stored day start of another day counts as today's equity. */
  day: string;
  /** The market's time zone (the day turns at its midnight); UTC by default. */
  dayZone?: string | undefined;
  now: number;
  /** Positions held, and entries in flight, each at its latest price. */
  openPositions: { symbol: string; qty: number; price: number }[];
  /** Cash not yet committed: the account's, less the entries in flight. */
  cash?: number;
  /** When the symbol was last exited, if ever. */
  lastExitAt: number | undefined;
  /** The cooldown in the symbol's bars (0: the gate's cooldown in ms applies). */
  cooldownBars: number;
  /** Bars of the symbol closed since its last exit, when counted. */
  barsSinceExit: number | undefined;
  /** The kill switch. */
  halted: boolean | string;
  /** The exchange lists the symbol's market as not trading (a halt, a delisting under way): it would refuse the order. */
  notTrading?: boolean;
  /** Why the quote is taken for a bad print (price-band.ts), when it is: the entry is rejected. */
  priceDoubt?: string | undefined;
  /** The liquidity cap's reading of the symbol's recent bars (volume-cap.ts); absent when maxVolumeShare is 0. */
  volume?: VolumeReading | undefined;
  riskPerTrade: number;
  limits: RiskLimits;
}

export interface EntryPlan {
  /** The bus's `risk` event. */
  risk: RiskEvent;
  /** The gate's decision as stored: alone when rejected, with the order when allowed. */
  record: RiskRecord;
  /** The order the gate allows; null when it rejected the entry. */
  order: { request: OrderRequest; meta: OrderMeta } | null;
}

export function planEntry(input: EntryInput): EntryPlan {
  const { verdict, symbol, price, lotStep, minQty, equity, limits, verdictId, cooldownBars } = input;
  const stopDistance = verdict.stop !== undefined ? price - verdict.stop : undefined;
  const size = sizeEntry({
    equity,
    price,
    sizeFraction: verdict.sizeFraction,
    ...(stopDistance !== undefined ? { stopDistance } : {}),
    riskPerTrade: input.riskPerTrade,
    maxPositionFraction: limits.maxPositionFraction,
    lotStep,
    ...(minQty !== undefined ? { minQty } : {}),
    ...(input.minCost !== undefined ? { minCost: input.minCost } : {}),
  });
  const volume = input.volume;
  // The verdict's stop was set below the price the panel saw; a quote at or under it fell through it since. Sized by
  // fraction without a stop distance, such an entry bought more than the risk allows and its stop sold it at once.
  // A quote of 0, NaN or less is no price at all: sizing says so.
  const stopCrossed = price > 0 && verdict.stop !== undefined && verdict.stop >= price;
  const decision: RiskDecision = input.notTrading
    ? { outcome: 'rejected', qty: 0, reason: `the exchange lists ${symbol} as not trading (trading halted, or the pair being delisted) and would refuse the order: nothing is bought until it trades again`, rule: 'market_not_trading' }
    : input.priceDoubt
    ? { outcome: 'rejected', qty: 0, reason: `${symbol} quoted at ${price}, ${input.priceDoubt}: taken for a bad print, nothing is bought at it`, rule: 'price_out_of_band' }
    : stopCrossed
    ? { outcome: 'rejected', qty: 0, reason: `${symbol} quoted at ${price}, at or below the verdict's stop ${verdict.stop}: the price fell through the stop since the panel decided, and the stop would sell at once what was bought, so nothing is bought`, rule: 'stop_crossed' }
    : volume !== undefined && 'unknown' in volume
      ? { outcome: 'rejected', qty: 0, reason: `${symbol}'s recent volume could not be read (${volume.unknown}): maxVolumeShare cannot cap the entry, so none is made (0 turns the cap off)`, rule: 'max_volume_share' }
    : size.qty > 0
      ? evaluateEntry(
          { symbol, price, qty: size.qty, lotStep, ...(minQty !== undefined ? { minQty } : {}), ...(input.maxQty !== undefined ? { maxQty: input.maxQty } : {}), ...(input.quoteFeeRate !== undefined ? { quoteFeeRate: input.quoteFeeRate } : {}), ...(volume !== undefined && 'cap' in volume ? { volumeCap: volume.cap } : {}) },
          {
            now: input.now,
            equity,
            peakEquity: Math.max(input.account.peakEquity, equity),
            dayStartEquity: input.account.day === input.day ? input.account.dayStartEquity : equity,
            ...(input.dayZone !== undefined ? { dayZone: input.dayZone } : {}),
            openPositions: input.openPositions,
            // The gate reads only this symbol's last exit.
            lastExitAt: input.lastExitAt === undefined ? {} : { [symbol]: input.lastExitAt },
            halted: input.halted,
            ...(input.cash !== undefined ? { cash: input.cash } : {}),
            ...(cooldownBars > 0 ? { cooldownBars, barsSinceExit: input.barsSinceExit === undefined ? {} : { [symbol]: input.barsSinceExit } } : {}),
          },
          limits,
        )
      : { outcome: 'rejected', qty: 0, reason: `sizing gave nothing to buy: ${size.reason}`, rule: 'sizing' };
  const record: RiskRecord = {
    verdictId,
    symbol,
    outcome: decision.outcome,
    ...(decision.rule ? { rule: decision.rule } : {}),
    reason: decision.reason,
    requestedQty: size.qty,
    approvedQty: decision.qty,
    time: input.now,
  };
  const risk: RiskEvent = { symbol, outcome: decision.outcome, reason: decision.reason, ...(decision.rule ? { rule: decision.rule } : {}), verdictId };
  if (decision.outcome === 'rejected') return { risk, record, order: null };
  return {
    risk,
    record,
    order: {
      request: { clientOrderId: entryOrderId(verdictId), symbol, side: 'buy', qty: decision.qty, refPrice: price },
      meta: { verdictId, purpose: 'entry', fillReason: 'entry', stop: verdict.stop ?? null, target: verdict.target ?? null, atr: atrOf(verdict.atrFraction, price), refPrice: price },
    },
  };
}

/** The ATR in price units, from the verdict's ATR as a fraction of price. */
export function atrOf(atrFraction: number | undefined, price: number): number | null {
  return atrFraction !== undefined && Number.isFinite(atrFraction) && atrFraction > 0 ? atrFraction * price : null;
}
