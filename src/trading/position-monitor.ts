import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import type { Store } from '../store/store.js';
import { evaluateExit, type ExitRules } from './exit-rules.js';
import type { KillSwitch } from './kill-switch.js';
import type { Trader } from './trader.js';
import { withChanges } from '../core/with-changes.js';

export interface PositionMonitorOptions {
  clock: Clock;
  logger: Logger;
  store: Store;
  market: MarketData;
  trader: Trader;
  rules: ExitRules;
  /** The kill switch: when it asks to flatten, every open position is closed and the request is marked done. */
  killSwitch: Pick<KillSwitch, 'state' | 'flattened'>;
}

/**
 * One check of every open position: marks it, runs the exit rules, persists the rules' state (peak price, trailing
 * activation) so a restart continues where it stopped, and asks the trader to exit when a rule fires.
 * A symbol whose price cannot be read is skipped this tick and reported; the others are still checked.
 */
export class PositionMonitor {
  constructor(private readonly options: PositionMonitorOptions) {}

  async check(signal: AbortSignal): Promise<void> {
    const { store, market, trader, clock, rules, logger } = this.options;
    const failures: string[] = [];
    const halt = this.options.killSwitch.state();
    if (halt.halted && halt.flatten) {
      for (const position of store.positions()) await trader.exit(position.symbol, `kill switch flatten: ${halt.reason ?? 'operator'}`);
      if (store.positions().length === 0) this.options.killSwitch.flattened();
      logger.warn({ reason: halt.reason }, 'kill switch: positions flattened; entries stay blocked until `conclave resume`');
    }
    for (const position of store.positions()) {
      if (signal.aborted) return;
      let price: number;
      try {
        price = await market.price(position.symbol, signal);
      } catch (error) {
        failures.push(`${position.symbol}: ${errorMessage(error)}`);
        continue;
      }
      trader.mark(position.symbol, price);
      const now = clock.now();
      const decision = evaluateExit(
        {
          entryPrice: position.avgPrice,
          openedAt: position.openedAt,
          ...(position.stopPrice !== null ? { stopPrice: position.stopPrice } : {}),
          ...(position.targetPrice !== null ? { targetPrice: position.targetPrice } : {}),
          ...(position.atr !== null ? { atr: position.atr } : {}),
        },
        { peakPrice: position.peakPrice, trailingActive: position.trailingActive },
        price,
        now,
        rules,
      );
      store.savePosition(withChanges(position, { peakPrice: decision.state.peakPrice, trailingActive: decision.state.trailingActive, markPrice: price }), now);
      if (decision.exit) {
        logger.info({ symbol: position.symbol, price, reason: decision.exit.reason, detail: decision.exit.detail }, 'exit rule fired');
        await trader.exit(position.symbol, `${decision.exit.reason}: ${decision.exit.detail}`);
      }
    }
    trader.refreshEquityMarks();
    if (failures.length > 0) throw new Error(`no price for ${failures.length} open position(s): ${failures.join('; ')}`);
  }
}
