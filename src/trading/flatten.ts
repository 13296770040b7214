import type { FlattenEvent } from '../domain/events.js';
import type { Logger } from '../core/logger.js';
import type { AccountRepository } from '../store/account-repository.js';
import type { KillSwitch } from './kill-switch.js';
import type { Trader } from './trader.js';

export interface FlattenOptions {
  logger: Logger;
  store: Pick<AccountRepository, 'positions'>;
  trader: Pick<Trader, 'exit' | 'pendingOrders'> & Partial<Pick<Trader, 'saleHalted'>>;
  killSwitch: Pick<KillSwitch, 'flattened'>;
  /** Symbols the market refuses for good (a delisting): no sale of them is tried; they stay held. */
  cannotSell?: (symbol: string) => boolean;
  /** Told when the flatten is done, and when it waits for a position it cannot sell yet (once per symbol and flatten). */
  onFlatten?: (event: FlattenEvent) => void;
}

/**
 * The kill switch's "halt and flatten", one step per position check. It is done only when nothing is held and no
 * entry waits in flight: an entry decided before the halt fills at its next-bar price after it, and would otherwise
 * open a position under a halt already marked flattened. Such an entry is cancelled at the halt (position-monitor.ts);
 * one the broker filled first is exited like any other position. "Flattened" is said once, when it is true; the wait
 * before it is said once too.
 */
export class Flattener {
  private waiting = false;
  /** The symbols this flatten's wait was told of (onFlatten): once each, so a market halted later is named too. */
  private readonly toldStuck = new Set<string>();

  constructor(private readonly options: FlattenOptions) {}

  /**
   * No flatten is asked for now (resumed, or a halt without one): the next flatten's wait is said again. Kept across a
   * resume, the second `halt --flatten` whose positions could not be sold yet logged nothing of its wait.
   */
  idle(): void {
    this.waiting = false;
    this.toldStuck.clear();
  }

  /**
   * The positions this check could not sell yet ("SYMBOL: why": its price unreadable, its market halted), told once per
   * symbol and flatten: the flatten waits for them, which an operator away from the screen otherwise learns only from
   * the log. Told once per flatten before, a market halted after the first notice was never named.
   */
  cannotSellYet(reason: string | undefined, waitingFor: string[]): void {
    const symbolOf = (line: string) => line.split(': ')[0]!;
    const fresh = waitingFor.filter((line) => !this.toldStuck.has(symbolOf(line)));
    if (fresh.length === 0) return;
    for (const line of fresh) this.toldStuck.add(symbolOf(line));
    this.options.onFlatten?.({ state: 'waiting', waitingFor, reason: reason ?? null });
  }

  async step(reason: string | undefined): Promise<void> {
    const { store, trader, killSwitch, logger } = this.options;
    // A symbol the exchange no longer lists is not sold at every check: each order was refused and recorded, for ever.
    const stuck: string[] = [];
    for (const position of store.positions()) {
      if (this.options.cannotSell?.(position.symbol)) stuck.push(position.symbol);
      else await trader.exit(position.symbol, `kill switch flatten: ${reason ?? 'operator'}`, 'flatten');
    }
    const open = store.positions().length;
    const entries = trader.pendingOrders().filter((o) => o.side === 'buy').length;
    if (open === 0 && entries === 0) {
      killSwitch.flattened();
      this.idle();
      logger.warn({ reason }, 'kill switch: positions flattened; entries stay blocked until `conclave resume`');
      this.options.onFlatten?.({ state: 'done', waitingFor: [], reason: reason ?? null });
      return;
    }
    // A market the exchange lists as not trading (a halt): its sale is asked for at each check and sent once it trades.
    const halted = store.positions().filter((p) => trader.saleHalted?.(p.symbol)).map((p) => `${p.symbol}: the exchange lists its market as not trading; sold once it trades again`);
    this.cannotSellYet(reason, [...stuck.map((symbol) => `${symbol}: the exchange refuses the symbol; sell it on the exchange by hand if it still allows`), ...halted]);
    if (this.waiting) return;
    this.waiting = true;
    logger.warn(
      Object.assign({ reason, open, entriesInFlight: entries }, stuck.length > 0 ? { cannotSell: stuck } : {}),
      `kill switch: flattening; exits wait for their next price, and an entry still in flight is exited once it fills${stuck.length > 0 ? `; ${stuck.join(', ')} cannot be sold here (the exchange refuses the symbol) and stays held: sell it on the exchange by hand if it still allows` : ''}`,
    );
  }
}
