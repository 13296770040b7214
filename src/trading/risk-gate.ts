/**
 * The risk gate between the chief and the broker: pure and deterministic, so every decision can be replayed from
 * the recorded state. It only judges entries; exits are never blocked (the caller does not ask).
 */
import { floorToStep } from './lot.js';
import type { RiskLimits } from './risk-limits.js';
import { counted } from '../core/plural.js';
import { money, plainQuantity } from '../core/display-format.js';
import { capWords, type VolumeCap } from './volume-cap.js';

export { DEFAULT_RISK_LIMITS, validateRiskLimits, type RiskLimits } from './risk-limits.js';

export interface RiskState {
  now: number;
  equity: number;
  peakEquity: number;
  /** Equity at the start of the market's current day; the caller resets it when the day turns. */
  dayStartEquity: number;
  /** The market's time zone, whose midnight turns the day (what the daily loss limit's reason names); UTC by default. */
  dayZone?: string;
  openPositions: { symbol: string; qty: number; price: number }[];
  /** Epoch ms of the last exit per symbol. */
  lastExitAt: Record<string, number>;
  /** The kill switch; a text when entries are halted by something the switch does not lift (a damaged store): the reason. */
  halted: boolean | string;
  /** Cooldown after an exit in bars of the symbol (absent or 0: `symbolCooldownMs` applies instead). */
  cooldownBars?: number;
  /** Bars of each symbol closed since its last exit (read with `cooldownBars`). */
  barsSinceExit?: Record<string, number>;
  /** Cash not yet committed (the account's, less the entries in flight): a spot account buys with cash only. */
  cash?: number;
}

export interface EntryRequest {
  symbol: string;
  price: number;
  qty: number;
  /** Instrument lot step: a clamped quantity is floored to it. */
  lotStep?: number;
  /** Instrument minimum quantity: a clamp below it becomes a rejection. */
  minQty?: number;
  /** The largest market order the exchange takes: a larger entry is clamped to it. */
  maxQty?: number;
  /** maxVolumeShare of the symbol's recent mean volume (volume-cap.ts): a larger entry is clamped to it. */
  volumeCap?: VolumeCap;
  /** The exchange's taker fee paid in cash on top of a buy's cost (InstrumentRules.quoteFeeRate): the cash cap leaves it. */
  quoteFeeRate?: number;
}

export type RiskRule =
  | 'invalid_request'
  | 'kill_switch'
  | 'entries_halted'
  | 'max_drawdown'
  | 'daily_loss_limit'
  | 'already_holding'
  | 'max_open_positions'
  | 'cooldown'
  | 'no_equity'
  | 'max_position_fraction'
  | 'max_gross_exposure'
  | 'exchange_max_qty'
  | 'max_volume_share'
  | 'cash';

/**
 * Cash an entry leaves for its fee and slippage (up to 100 bps), so that a spot account's cash does not go below zero;
 * a buy whose price moved further by its fill (a gap at the next open) is cut to the cash by the broker (free-cash.ts).
 */
const CASH_MARGIN = 0.01;

/** The smallest share of its sized quantity a clamped entry keeps; less is rejected. */
const MIN_CLAMPED_SHARE = 0.1;

export type RiskDecision = { outcome: 'accepted' | 'clamped' | 'rejected'; qty: number; reason: string; rule?: string };

const reject = (rule: RiskRule, reason: string): RiskDecision => ({ outcome: 'rejected', qty: 0, reason, rule });

/** Loss ratios like 1 - 8000/10000 land a hair under 0.2 in binary; a limit reached exactly must trip. */
const EPS = 1e-12;

const pct = (fraction: number) => `${+(fraction * 100).toFixed(4)} %`;

/** Start of the UTC day containing `now`, in epoch ms: when the daily loss limit resets. */
export function utcDayStart(now: number): number {
  return now - (((now % 86_400_000) + 86_400_000) % 86_400_000);
}

/** Largest quantity whose notional at `price` stays within `budget`, robust to float rounding. */
function qtyWithin(budget: number, price: number): number {
  let qty = budget / price;
  if (qty * price > budget) qty *= 1 - 1e-12;
  return qty;
}

/** Why entries stop for the rest of the market's day, or null while today's loss is within the limit. */
export function dailyLossBreach(equity: number, dayStartEquity: number, limit: number, dayZone?: string): string | null {
  if (!(dayStartEquity > 0)) return null;
  const dayLoss = 1 - equity / dayStartEquity;
  if (dayLoss < limit - EPS) return null;
  return `today's loss ${pct(dayLoss)} reached the daily limit ${pct(limit)}: no new entries until 00:00 ${dayZone ?? 'UTC'}`;
}

/** Why entries halt: equity `limit` or more below its peak (the larger of the stored peak and equity), or null. */
export function drawdownBreach(equity: number, peakEquity: number, limit: number): string | null {
  const peak = Math.max(peakEquity, equity);
  const drawdown = 1 - equity / peak;
  if (drawdown < limit - EPS) return null;
  return `drawdown ${pct(drawdown)} from peak ${money(peak)} reached the limit ${pct(limit)}: entries halted`;
}

export function evaluateEntry(req: EntryRequest, state: RiskState, limits: RiskLimits): RiskDecision {
  if (!(req.qty > 0) || !Number.isFinite(req.qty) || !(req.price > 0) || !Number.isFinite(req.price)) {
    return reject('invalid_request', `entry for ${req.symbol} needs a positive finite qty and price (qty ${req.qty}, price ${req.price})`);
  }
  // A halt the kill switch does not make (a damaged store, a fatal condition) is not recorded as the switch's.
  if (state.halted) return typeof state.halted === 'string' ? reject('entries_halted', state.halted) : reject('kill_switch', 'kill switch is on: no new entries until `conclave resume`');

  const { equity } = state;
  if (!(equity > 0) || !Number.isFinite(equity)) return reject('no_equity', `equity is ${equity}: nothing to risk`);
  const drawdown = drawdownBreach(equity, state.peakEquity, limits.maxDrawdown);
  if (drawdown !== null) return reject('max_drawdown', drawdown);
  const dayLoss = dailyLossBreach(equity, state.dayStartEquity, limits.dailyLossLimit, state.dayZone);
  if (dayLoss !== null) return reject('daily_loss_limit', dayLoss);
  if (state.openPositions.some((p) => p.symbol === req.symbol && p.qty > 0)) {
    return reject('already_holding', `already holding ${req.symbol}: one position per symbol (spot, long only)`);
  }
  const open = state.openPositions.filter((p) => p.qty > 0).length;
  if (open >= limits.maxOpenPositions) {
    return reject('max_open_positions', `${open} positions open, the maximum is ${limits.maxOpenPositions}`);
  }
  const lastExit = state.lastExitAt[req.symbol];
  const barsSince = state.barsSinceExit?.[req.symbol];
  if (state.cooldownBars && state.cooldownBars > 0) {
    if (barsSince !== undefined && barsSince < state.cooldownBars) {
      return reject('cooldown', `${req.symbol} exited ${counted(barsSince, 'bar')} ago; the cooldown is ${counted(state.cooldownBars, 'bar')}`);
    }
  } else if (lastExit !== undefined && state.now - lastExit < limits.symbolCooldownMs) {
    const waitS = Math.ceil((limits.symbolCooldownMs - (state.now - lastExit)) / 1000);
    return reject('cooldown', `${req.symbol} exited ${state.now - lastExit} ms ago; cooldown has ${waitS} s left`);
  }

  const exposure = state.openPositions.reduce((sum, p) => sum + Math.abs(p.qty * p.price), 0);
  const grossRoom = limits.maxGrossExposure * equity - exposure;
  if (grossRoom <= 0) {
    return reject('max_gross_exposure', `gross exposure ${money(exposure)} already at the cap ${pct(limits.maxGrossExposure)} of equity ${money(equity)}`);
  }
  // Each cap's words are written only when it binds: an entry within all limits (most of them) needs none.
  const caps: { rule: RiskRule; qty: number; why: () => string }[] = [
    { rule: 'max_position_fraction', qty: qtyWithin(limits.maxPositionFraction * equity, req.price), why: () => `position cap ${pct(limits.maxPositionFraction)} of equity` },
    { rule: 'max_gross_exposure', qty: qtyWithin(grossRoom, req.price), why: () => `gross exposure room ${money(grossRoom)}` },
  ];
  // maxGrossExposure above 1 borrowed: paper cash went to -50,000, and a live spot order beyond the balance is refused.
  if (state.cash !== undefined) {
    // A live limit buy holds its cost at up to 1 % over the price (maxEntrySlippageBps) and, where the exchange charges
    // its fee in cash (Kraken), the fee on top: without it an all-in entry asked for 1.0025× the cash and was refused.
    const fee = req.quoteFeeRate ?? 0;
    const spendable = (state.cash * (1 - CASH_MARGIN)) / (1 + fee);
    if (!(spendable > 0)) return reject('cash', `no cash left to buy with (${money(state.cash)}): a spot account does not borrow`);
    const cash = state.cash;
    const held = fee > 0 ? `less ${pct(CASH_MARGIN)} for slippage and the exchange's ${pct(fee)} fee` : `less ${pct(CASH_MARGIN)} for fee and slippage`;
    caps.push({ rule: 'cash', qty: qtyWithin(spendable, req.price), why: () => `cash ${money(cash)} (${held})` });
  }
  const maxQty = req.maxQty;
  if (maxQty !== undefined && maxQty > 0) caps.push({ rule: 'exchange_max_qty', qty: maxQty, why: () => `the exchange's largest market order, ${plainQuantity(maxQty)} ${req.symbol}` });
  const volume = req.volumeCap;
  if (volume !== undefined) caps.push({ rule: 'max_volume_share', qty: volume.qty, why: () => capWords(volume) });
  const binding = caps.reduce((best, c) => (c.qty < best.qty ? c : best));
  if (req.qty <= binding.qty) return { outcome: 'accepted', qty: req.qty, reason: 'within all limits' };

  let qty = binding.qty;
  if (req.lotStep) {
    qty = floorToStep(binding.qty, req.lotStep);
    // floorToStep tolerates 1e-9 of a step of float noise; the cap is strict, so step back when it rounded up.
    if (qty > binding.qty) qty = floorToStep(qty - req.lotStep, req.lotStep);
  }
  if (!(qty > 0) || qty < (req.minQty ?? 0)) {
    return reject(binding.rule, `${binding.why()} leaves ${plainQuantity(qty)} ${req.symbol}, below the instrument's minimum`);
  }
  // A sliver of the position sized (ORBT 0.001, $0.10 of a $100,000 account) moves nothing, yet takes a slot of
  // maxOpenPositions and a review at every bar: under a tenth of it is no entry.
  // The market's cap is not a sliver by choice: refused, a large account would never trade a symbol the cap binds on.
  if (qty < req.qty * MIN_CLAMPED_SHARE && binding.rule !== 'max_volume_share') {
    return reject(binding.rule, `${binding.why()} leaves ${plainQuantity(qty)} ${req.symbol}, under a tenth of the ${plainQuantity(req.qty)} sized: too small to matter`);
  }
  return { outcome: 'clamped', qty, rule: binding.rule, reason: `clamped from ${plainQuantity(req.qty)} to ${plainQuantity(qty)} by ${binding.why()}` };
}
