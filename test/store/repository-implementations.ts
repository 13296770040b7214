import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AccountRepository } from '../../src/store/account-repository.js';
import type { AuditRepository } from '../../src/store/audit-repository.js';
import type { ForwardReturnRepository } from '../../src/store/forward-return-repository.js';
import type { NewsSeenRepository } from '../../src/store/news-seen-repository.js';
import type { OrderRepository } from '../../src/store/order-repository.js';
import type { Transactional } from '../../src/store/store-database.js';
import { openStore } from '../../src/store/store.js';
import { memoryRepositories } from '../fakes/memory-store.js';

/** What a contract test sees of either implementation: the repositories' interfaces and their shared transaction. */
export interface Repositories extends Transactional {
  accounts: AccountRepository;
  orders: OrderRepository;
  audit: AuditRepository;
  newsSeen: NewsSeenRepository;
  forwardReturns: ForwardReturnRepository;
}

const dirs: string[] = [];
const open: { close(): void }[] = [];
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function sqliteRepositories(): Repositories {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-contract-'));
  dirs.push(dir);
  const store = openStore(join(dir, 'store.db'));
  open.push(store);
  return store;
}

/** Each repository contract runs against the SQLite repositories (a real file) and the in-memory fakes. */
export const implementations: [string, () => Repositories][] = [
  ['sqlite', sqliteRepositories],
  ['memory', memoryRepositories],
];
