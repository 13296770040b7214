import type { RoundTrip } from './round-trips.js';

/**
 * Figures of closed round trips. A win is a round trip with a positive net PnL (fees included); a round trip that
 * broke even counts in the win rate's denominator but is neither a win nor a loss. Profit factor is gross winnings
 * over gross losses, null when nothing was lost. Fees to gross is the closed round trips' fees over their PnL before
 * fees, null when that is not a profit (costs eat how much of what the trades made; the decisions issue wants under a
 * quarter).
 */
export interface TradeStats {
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  feesToGross: number | null;
  pnl: number;
}

export function tradeStats(trips: readonly RoundTrip[]): TradeStats {
  let trades = 0;
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  let pnl = 0;
  let fees = 0;
  for (const t of trips) {
    if (t.pnl === null) continue;
    trades++;
    pnl += t.pnl;
    fees += t.fees;
    if (t.pnl > 0) {
      wins++;
      won += t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      lost += t.pnl;
    }
  }
  return {
    trades,
    winRate: trades > 0 ? wins / trades : null,
    profitFactor: losses > 0 ? won / -lost : null,
    avgWin: wins > 0 ? won / wins : null,
    avgLoss: losses > 0 ? lost / losses : null,
    feesToGross: pnl + fees > 0 ? fees / (pnl + fees) : null,
    pnl,
  };
}
