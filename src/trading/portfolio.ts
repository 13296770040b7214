/**
 * The portfolio: the latest price of each symbol (marks), equity at those marks, what agents see of the account, and
 * the daily roll (the day's starting equity at UTC midnight, the peak) that the daily loss and drawdown rules read.
 */
import type { PortfolioView, PositionView } from '../agents/agent-port.js';
import type { Clock } from '../core/clock.js';
import type { OrderRequest } from '../domain/order.js';
import type { AccountRow, PositionRow } from '../store/store.js';
import { ledgerOf } from './account-summary.js';
import { withChanges } from '../core/with-changes.js';
import { equityOf, valuationPrice, type LedgerCheck } from './ledger.js';
import { dayIn } from '../market/market-time.js';

/** What the portfolio needs of the store (its methods of the same names). */
export interface PortfolioStore {
  ensureAccount(startingCash: number, now: number, day: string): AccountRow;
  account(): AccountRow;
  saveAccount(account: AccountRow, now: number): void;
  position(symbol: string): PositionRow | null;
  positions(): PositionRow[];
  /** The open positions without copying (do not modify). */
  positionsView(): Iterable<Readonly<PositionRow>>;
  readonly openPositionCount: number;
}

export interface PortfolioOptions {
  clock: Clock;
  store: PortfolioStore;
  /**
   * The market's time, whose UTC day the daily loss limit rolls over on (a backtest passes its latest bar's time);
   * the clock's now by default.
   */
  marketNow?: (() => number) | undefined;
  /** The calendar day of a market time (the market's time zone); UTC by default. */
  dayOf?: ((time: number) => string) | undefined;
}

const utcDay = dayIn('UTC');

export class Portfolio {
  /** Last known prices, for marking equity between position checks. */
  private readonly marks = new Map<string, number>();
  /** A day kept until the market's passes it (see holdDay), or null. */
  private heldDay: string | null = null;

  constructor(private readonly options: PortfolioOptions) {}

  /** The market's day (in its time zone, UTC by default) that the daily loss limit belongs to. */
  day(): string {
    const day = (this.options.dayOf ?? utcDay)(this.marketTime());
    if (this.heldDay === null) return day;
    if (day <= this.heldDay) return this.heldDay;
    this.heldDay = null;
    return day;
  }

  private marketTime(): number {
    return this.options.marketNow?.() ?? this.options.clock.now();
  }

  /**
   * The account's day was counted in `previousZone` by the run before. Moved west (UTC's 6th is New York's 5th until
   * 05:00 UTC), the day would roll back to the day before and forget the loss since its midnight: the account's day is
   * kept until the market's passes it ('kept'). Moved east (UTC's 5th is Tokyo's 6th from 15:00 UTC) while the account's
   * day is still going in the old zone, the day would roll on and forget that loss too: the account takes the new
   * zone's day with its starting equity unchanged, so that loss counts until the new zone's next midnight
   * ('carried'). Undefined when the account's day is over in both zones: it rolls as usual.
   */
  carryDay(day: string, previousZone: string): 'kept' | 'carried' | undefined {
    this.heldDay = null;
    const today = this.day();
    // At most two days ahead (zones differ by up to 26 hours): a later day is not a zone's, and must not stop the roll.
    if (day > today && Date.parse(day) - Date.parse(today) <= 2 * 86_400_000) {
      this.heldDay = day;
      return 'kept';
    }
    if (day === today || dayIn(previousZone)(this.marketTime()) !== day) return undefined;
    const { store, clock } = this.options;
    store.saveAccount(withChanges(store.account(), { day: today }), clock.now());
    return 'carried';
  }

  /** Opens the account on first start; returns it. */
  open(startingCash: number): AccountRow {
    return this.options.store.ensureAccount(startingCash, this.options.clock.now(), this.day());
  }

  /** Notes a symbol's latest price (anything but a positive finite price is ignored). */
  mark(symbol: string, price: number): void {
    if (Number.isFinite(price) && price > 0) this.marks.set(symbol, price);
  }

  /** The symbol's latest price seen this run, if any. */
  markOf(symbol: string): number | undefined {
    return this.marks.get(symbol);
  }

  markPrices(): Record<string, number> {
    return Object.fromEntries(this.marks);
  }

  /** A position's latest price: the last one seen this run, else the last one stored with it. */
  private readonly positionMark = (p: Readonly<PositionRow>): number | null => this.marks.get(p.symbol) ?? p.markPrice;

  /** Cash plus open positions at their latest marks (the average price when none is known yet). */
  equity(): number {
    const { store } = this.options;
    return equityOf(store.account().cash, store.positionsView(), this.positionMark);
  }

  /** What agents see of the account. */
  view(): PortfolioView {
    const account = this.options.store.account();
    return { cash: account.cash, equity: this.equity(), openPositions: this.options.store.openPositionCount };
  }

  positionView(symbol: string): PositionView | null {
    const p = this.options.store.position(symbol);
    return p ? { symbol: p.symbol, qty: p.qty, avgPrice: p.avgPrice, openedAt: p.openedAt } : null;
  }

  ledger(): LedgerCheck {
    return ledgerOf(this.options.store);
  }

  /**
   * The risk gate's open positions: those held, each at its latest price, and the entries in flight, whose cash is
   * spoken for, at their symbol's mark, else the price their decision saw (an entry a previous run left in flight has
   * no mark yet: valued at the price of the symbol being decided, it read twice the cap), else `price`.
   */
  exposure(inFlight: Iterable<{ request: OrderRequest; meta?: { refPrice?: number | undefined } }>, price: number): { symbol: string; qty: number; price: number }[] {
    const open = Array.from(this.options.store.positionsView(), (p) => ({ symbol: p.symbol, qty: p.qty, price: valuationPrice(p, this.positionMark(p)) }));
    for (const { request, meta } of inFlight) {
      if (request.side === 'buy') open.push({ symbol: request.symbol, qty: request.qty, price: this.marks.get(request.symbol) ?? meta?.refPrice ?? price });
    }
    return open;
  }

  /** The drawdown limit counts from today's equity on: its halt has been handed to the operator (see Trader). */
  restartPeak(): void {
    const { store, clock } = this.options;
    store.saveAccount(withChanges(store.account(), { peakEquity: this.equity() }), clock.now());
  }

  /** Rolls the day's starting equity at UTC midnight and raises the peak: the daily loss and drawdown rules read them. */
  refreshEquityMarks(): void {
    const { store, clock } = this.options;
    const now = clock.now();
    const account = store.account();
    const equity = this.equity();
    const day = this.day();
    const peakEquity = Math.max(account.peakEquity, equity);
    const rolled = day !== account.day;
    if (peakEquity === account.peakEquity && !rolled) return;
    store.saveAccount(withChanges(account, rolled ? { peakEquity, day, dayStartEquity: equity } : { peakEquity }), now);
  }
}
