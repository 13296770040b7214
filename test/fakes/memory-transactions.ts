import type { Transactional } from '../../src/store/store-database.js';

interface Participant {
  snapshot(): unknown;
  restore(state: unknown): void;
}

/**
 * The fakes' shared transaction: a `tx` that throws leaves every participating fake as it was before it began (a
 * nested one, like a SQLite savepoint, undoes only its own writes), as the SQLite repositories' shared one does.
 */
export class MemoryTransactions implements Transactional {
  private readonly participants: Participant[] = [];

  join<S>(snapshot: () => S, restore: (state: S) => void): void {
    this.participants.push({ snapshot, restore: restore as (state: unknown) => void });
  }

  tx<T>(fn: () => T): T {
    const before = this.participants.map((p) => structuredClone(p.snapshot()));
    try {
      return fn();
    } catch (error) {
      this.participants.forEach((p, i) => p.restore(before[i]));
      throw error;
    }
  }
}
