import { MemoryAccountRepository } from './memory-account-repository.js';
import { MemoryAuditRepository } from './memory-audit-repository.js';
import { MemoryForwardReturnRepository } from './memory-forward-return-repository.js';
import { MemoryNewsSeenRepository } from './memory-news-seen-repository.js';
import { MemoryOrderRepository } from './memory-order-repository.js';
import { MemoryTransactions } from './memory-transactions.js';

/** Every repository in memory, sharing one transaction as the SQLite ones share their database. */
export function memoryRepositories() {
  const transactions = new MemoryTransactions();
  return {
    tx: <T>(fn: () => T): T => transactions.tx(fn),
    accounts: new MemoryAccountRepository(transactions),
    orders: new MemoryOrderRepository(transactions),
    audit: new MemoryAuditRepository(transactions),
    newsSeen: new MemoryNewsSeenRepository(),
    forwardReturns: new MemoryForwardReturnRepository(),
    close: () => {},
  };
}
