import type { AccountRepository, AccountRow, ExitState, PositionEvent, PositionRow } from '../../src/store/account-repository.js';
import { MemoryTransactions } from './memory-transactions.js';

interface State {
  account: AccountRow | null;
  positions: Map<string, PositionRow>;
  exits: Map<string, number>;
  events: PositionEvent[];
}

/** The account and positions in memory, for tests that need no SQLite file (same contract: account-repository.test.ts). */
export class MemoryAccountRepository implements AccountRepository {
  private state: State = { account: null, positions: new Map(), exits: new Map(), events: [] };

  constructor(private readonly transactions = new MemoryTransactions()) {
    transactions.join(
      () => this.state,
      (state) => (this.state = state),
    );
  }

  /** The position events recorded, oldest first (what the SQLite repository writes to position_events). */
  get events(): readonly PositionEvent[] {
    return this.state.events;
  }

  tx<T>(fn: () => T): T {
    return this.transactions.tx(fn);
  }

  ensureAccount(startingCash: number, _now: number, day: string): AccountRow {
    this.state.account ??= { startingCash, cash: startingCash, realizedPnl: 0, fees: 0, peakEquity: startingCash, dayStartEquity: startingCash, day };
    return this.account();
  }

  account(): AccountRow {
    if (!this.state.account) throw new Error('the account row is missing: the store was not initialised');
    return { ...this.state.account };
  }

  saveAccount(a: AccountRow, _now: number): void {
    if (!this.state.account) return; // An UPDATE of a missing row changes nothing.
    this.state.account = { ...a };
  }

  positions(): PositionRow[] {
    return this.sorted().map((p) => ({ ...p }));
  }

  positionsView(): Iterable<Readonly<PositionRow>> {
    return this.sorted();
  }

  position(symbol: string): PositionRow | null {
    const p = this.state.positions.get(symbol);
    return p ? { ...p } : null;
  }

  get openPositionCount(): number {
    return this.state.positions.size;
  }

  savePosition(p: PositionRow, _now: number): void {
    const existing = this.state.positions.get(p.symbol);
    const judgedUntil = p.judgedUntil ?? existing?.judgedUntil;
    // The bars' trailing state is the monitor's to write (saveExitState), kept through a fill as the table keeps it.
    const { judgedPeak: _peak, judgedTrailing: _trailing, ...given } = p;
    const judged = existing ? { judgedPeak: existing.judgedPeak, judgedTrailing: existing.judgedTrailing } : {};
    const kept = Object.fromEntries(Object.entries(judged).filter(([, v]) => v !== undefined));
    this.state.positions.set(p.symbol, Object.assign({}, given, { openedAt: existing?.openedAt ?? p.openedAt }, judgedUntil === undefined ? {} : { judgedUntil }, kept));
  }

  saveExitState(symbol: string, openedAt: number, state: ExitState, _now: number): boolean {
    const p = this.state.positions.get(symbol);
    if (!p || p.openedAt !== openedAt) return false;
    const { judgedUntil, judgedPeak, judgedTrailing, ...rest } = state;
    const judged = Object.fromEntries(Object.entries({ judgedUntil, judgedPeak, judgedTrailing }).filter(([, v]) => v !== undefined));
    this.state.positions.set(symbol, Object.assign({}, p, rest, judged));
    return true;
  }

  deletePosition(symbol: string): void {
    this.state.positions.delete(symbol);
  }

  insertPositionEvent(e: PositionEvent): void {
    this.state.events.push({ ...e });
  }

  recordExit(symbol: string, time: number): void {
    this.state.exits.set(symbol, time);
  }

  lastExitAt(symbol: string): number | undefined {
    return this.state.exits.get(symbol);
  }

  private sorted(): PositionRow[] {
    return [...this.state.positions.values()].sort((a, b) => a.openedAt - b.openedAt || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }
}
