import path from 'node:path';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { seededRandom } from '../../src/core/random.js';
import type { Bar } from '../../src/market/market-port.js';
import type { BacktestFill, BacktestRecord, BacktestSignal, BacktestSymbol, DecisionRecord, EquityRow, FillReason, OpenPositionRow } from '../../src/backtest/backtest-record.js';

/**
 * A plausible BacktestRecord over real bars, made without the engine: a small deterministic trader that decides at
 * each bar's close from five made-up agents' stances and a chief's mean, fills market orders at the next bar's open
 * with slippage and fee, exits on a stop (checked on the bar's low, filled at the stop or a gapping open), takes half
 * off at a target, leaves on the chief's turn or after a number of bars, and leaves what is open at the end open.
 */
export const OHLCV_DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');

export interface SymbolSource {
  symbol: string;
  file: string;
  /** Keep the last N bars only (a shorter span). */
  last?: number;
}

export async function loadSymbols(sources: readonly SymbolSource[]): Promise<BacktestSymbol[]> {
  const out: BacktestSymbol[] = [];
  for (const src of sources) {
    const file = path.join(OHLCV_DIR, src.file);
    const loaded = await loadOhlcvFile(file);
    const bars = src.last ? loaded.bars.slice(-src.last) : loaded.bars;
    out.push({ symbol: src.symbol, file, barMs: loaded.barMs ?? 60_000, bars, rejected: loaded.rejected.length, quarantined: loaded.quarantined.length });
  }
  return out;
}

interface Position {
  qty: number;
  avgPrice: number;
  openedAt: number;
  openedBar: number;
  stop: number;
  target: number;
  tookProfit: boolean;
}

const ROLES = ['analyst', 'bear', 'bull', 'risk-doctor', 'scout'];

export function syntheticRecord(name: string, symbols: BacktestSymbol[], seed = 7): BacktestRecord {
  const random = seededRandom(seed);
  const startingCash = 100_000;
  const feeBps = 10;
  const slippageBps = 5;
  const fee = feeBps / 10_000;
  const slip = slippageBps / 10_000;
  let cash = startingCash;
  const positions = new Map<string, Position>();
  const lastClose = new Map<string, number>();
  const pending = new Map<string, { side: 'buy' | 'sell'; fraction: number; verdictId: string; reason: FillReason }>();
  const fills: BacktestFill[] = [];
  const signals: BacktestSignal[] = [];
  const decisions: DecisionRecord = { verdicts: [], riskGate: [] };
  const equity: EquityRow[] = [];
  let orders = 0;
  let verdicts = 0;

  // The calendar: every distinct bar-close time, and which symbols' bars close then.
  const events = new Map<number, { s: BacktestSymbol; i: number }[]>();
  for (const s of symbols) {
    s.bars.forEach((_, i) => {
      const t = s.bars[i]!.time + s.barMs;
      let list = events.get(t);
      if (!list) events.set(t, (list = []));
      list.push({ s, i });
    });
  }
  const times = [...events.keys()].sort((a, b) => a - b);

  const fill = (s: BacktestSymbol, time: number, side: 'buy' | 'sell', qty: number, price: number, reason: FillReason, verdictId: string | null): void => {
    const f = qty * price * fee;
    fills.push({ time, symbol: s.symbol, side, qty, price, fee: f, reason, clientOrderId: `bt-${++orders}`, verdictId });
    const pos = positions.get(s.symbol);
    if (side === 'buy') {
      cash -= qty * price + f;
      if (pos) {
        pos.avgPrice = (pos.avgPrice * pos.qty + price * qty) / (pos.qty + qty);
        pos.qty += qty;
      }
    } else if (pos) {
      cash += qty * price - f;
      pos.qty -= qty;
      if (pos.qty <= pos.qty * 1e-9 || pos.qty <= 0) positions.delete(s.symbol);
    }
  };

  const equityNow = (): number => {
    let v = cash;
    for (const [sym, p] of positions) v += p.qty * (lastClose.get(sym) ?? p.avgPrice);
    return v;
  };

  for (const t of times) {
    for (const { s, i } of events.get(t)!) {
      const bar: Bar = s.bars[i]!;
      // 1. Orders decided at the previous close fill at this bar's open.
      const order = pending.get(s.symbol);
      if (order) {
        pending.delete(s.symbol);
        if (order.side === 'buy' && !positions.has(s.symbol)) {
          const price = bar.open * (1 + slip);
          const qty = Math.floor(((equityNow() * order.fraction) / price) * 1e4) / 1e4;
          if (qty > 0 && qty * price * (1 + fee) <= cash) {
            positions.set(s.symbol, { qty: 0, avgPrice: price, openedAt: bar.time, openedBar: i, stop: price * 0.93, target: price * 1.1, tookProfit: false });
            fill(s, bar.time, 'buy', qty, price, 'entry', order.verdictId);
          }
        } else if (order.side === 'sell') {
          const pos = positions.get(s.symbol);
          if (pos) fill(s, bar.time, 'sell', pos.qty, bar.open * (1 - slip), order.reason, order.verdictId);
        }
      }
      // 2. Stops and targets on the bar's range: the stop first when both are touched.
      const pos = positions.get(s.symbol);
      if (pos && pos.openedBar < i) {
        if (bar.low <= pos.stop) {
          fill(s, bar.time, 'sell', pos.qty, Math.min(bar.open, pos.stop) * (1 - slip), 'stop', null);
        } else if (!pos.tookProfit && bar.high >= pos.target) {
          pos.tookProfit = true;
          const half = Math.floor((pos.qty / 2) * 1e4) / 1e4;
          if (half > 0) fill(s, bar.time, 'sell', half, Math.max(bar.open, pos.target) * (1 - slip), 'target', null);
        }
      }
      lastClose.set(s.symbol, bar.close);
      // 3. The discussion at this bar's close.
      if (i >= 20) {
        const verdictId = `v-${++verdicts}`;
        const momentum = bar.close / s.bars[i - 10]!.close - 1;
        let sum = 0;
        let n = 0;
        const question = positions.has(s.symbol) ? 'review' : momentum >= 0 ? 'long' : 'short';
        for (const role of ROLES) {
          const abstain = random() < 0.04;
          const lean = role === 'bear' ? -0.5 : role === 'bull' ? 0.5 : 0;
          const stance = abstain ? null : Math.max(-1, Math.min(1, Math.round((momentum * 8 + lean * 0.3 + (random() - 0.5) * 0.8) * 20) / 20));
          if (stance !== null) {
            sum += stance;
            n++;
          }
          signals.push({ time: t, symbol: s.symbol, role, stance, confidence: Math.round(random() * 100) / 100, verdictId, question });
        }
        const chief = n > 0 ? Math.round((sum / n) * 100) / 100 : 0;
        signals.push({ time: t, symbol: s.symbol, role: 'chief', stance: chief, confidence: 0.6, verdictId, question });
        const held = positions.get(s.symbol);
        if (i + 1 < s.bars.length) {
          if (!held && chief > 0.25) pending.set(s.symbol, { side: 'buy', fraction: 0.25, verdictId, reason: 'entry' });
          else if (held && chief < -0.2) pending.set(s.symbol, { side: 'sell', fraction: 1, verdictId, reason: 'signal' });
          else if (held && i - held.openedBar >= 30) pending.set(s.symbol, { side: 'sell', fraction: 1, verdictId, reason: 'time' });
        }
        const decided = pending.get(s.symbol)?.verdictId === verdictId ? pending.get(s.symbol)! : null;
        if (decided?.side === 'buy') {
          decisions.verdicts.push({ action: 'BUY', rule: 'buy' });
          decisions.riskGate.push(decisions.verdicts.length % 7 === 0 ? { outcome: 'clamped', rule: 'max_position_fraction' } : { outcome: 'accepted', rule: null });
        } else if (decided) decisions.verdicts.push({ action: 'SELL', rule: 'reviewExit' });
        else decisions.verdicts.push({ action: 'HOLD', rule: held ? 'reviewKeep' : chief > 0 ? 'costs' : 'longNotBacked' });
      }
    }
    let exposure = 0;
    for (const [sym, p] of positions) exposure += p.qty * (lastClose.get(sym) ?? p.avgPrice);
    equity.push({ time: t, equity: cash + exposure, cash, exposure });
  }

  const openPositions: OpenPositionRow[] = [...positions].map(([symbol, p]) => ({
    symbol,
    qty: p.qty,
    avgPrice: p.avgPrice,
    openedAt: p.openedAt,
    lastClose: lastClose.get(symbol)!,
    lastCloseAt: equity.at(-1)!.time,
    unrealizedPnl: (lastClose.get(symbol)! - p.avgPrice) * p.qty,
  }));
  return { name, startingCash, feeBps, slippageBps, scorecardHorizonBars: 5, maxDrawdownLimit: 0.2, symbols, equity, fills, signals, openPositions, decisions };
}
