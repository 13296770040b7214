import type { VerdictEvent } from '../../src/domain/events.js';

/** A model BUY of BTC/USDT decided at `at` (ids from `id`), with a stop at 49,000: what the trading tests hand the trader. */
export function buyVerdict(id: string, at: number): VerdictEvent {
  return {
    verdictId: `v-${id}`,
    opportunity: { id: `opp-${id}`, symbol: 'BTC/USDT', source: 'model', direction: 'long', score: 2, price: 50_000, reason: 'test', createdAt: at },
    verdict: { action: 'BUY', conviction: 0.8, score: 0.6, sizeFraction: 0.2, stop: 49_000, reasons: [] },
    outcomes: [],
    decidedAt: at,
  };
}

/** The same as a SELL (score -0.6): an exit of the position held. */
export const sellVerdict = (id: string, at: number): VerdictEvent =>
  Object.assign(buyVerdict(id, at), { verdict: { action: 'SELL', conviction: 0.8, score: -0.6, sizeFraction: 0, reasons: [] } }) as VerdictEvent;
