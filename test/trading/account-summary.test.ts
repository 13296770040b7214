import { describe, expect, it } from 'vitest';
import { accountSummary, type SummarySource } from '../../src/trading/account-summary.js';
import type { PositionRow } from '../../src/store/account-repository.js';

const position = (extra: Partial<PositionRow>): PositionRow =>
  Object.assign({ symbol: 'NOVA', qty: 10, avgPrice: 100, openedAt: 0, stopPrice: null, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 101 }, extra);

const source = (positions: PositionRow[]): SummarySource => ({
  account: () => ({ startingCash: 10_000, cash: 9_000, realizedPnl: 0, fees: 0, peakEquity: 10_000, tradingDay: '2026-01-01', dayStartEquity: 10_000 }) as never,
  positions: () => positions,
  inFlightOrders: () => [],
  counts: () => ({}) as never,
});

describe('the account summary of open positions', () => {
  it('gives the stop and target levels the position monitor judges the next bar against, and the rule behind the stop', () => {
    const rules = { stopLossPct: 0.04, takeProfitPct: 0.1, trailingStopPct: 0.02, trailingActivationPct: 0.01, atrStopMultiple: 3 };
    const [plain, trailing, ownLevels, atr] = accountSummary(
      source([
        position({ symbol: 'A' }),
        // Armed at a peak of 110: 107.8 is above the 96 stop loss.
        position({ symbol: 'B', peakPrice: 110, trailingActive: true }),
        position({ symbol: 'C', stopPrice: 97, targetPrice: 120 }),
        position({ symbol: 'D', atr: 1 }), // 3 ATR under entry: 97, above the 96 stop loss
      ]),
      rules,
    ).positions;
    expect(plain).toMatchObject({ stopLevel: 96, stopRule: 'stop_loss', stopPrice: null, targetPrice: null });
    expect(plain!.targetLevel).toBeCloseTo(110, 10);
    expect(trailing).toMatchObject({ stopRule: 'trailing_stop' });
    expect(trailing!.stopLevel).toBeCloseTo(107.8, 10);
    expect(ownLevels).toMatchObject({ stopLevel: 97, stopRule: 'stop_loss', targetLevel: 120 });
    expect(atr).toMatchObject({ stopLevel: 97, stopRule: 'atr_stop' });
    // No rule at all: none shown.
    expect(accountSummary(source([position({})]), {}).positions[0]).toMatchObject({ stopLevel: null, stopRule: null, targetLevel: null });
  });
});
