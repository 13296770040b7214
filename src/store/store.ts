import type { Db, SyncMode } from './database.js';
import { openDatabase, openDatabaseReadOnly } from './database.js';
import { SqliteAccountRepository, type AccountRepository } from './account-repository.js';
import { SqliteAuditRepository, type AuditRepository } from './audit-repository.js';
import { CockpitRepository } from './cockpit-repository.js';
import { SqliteForwardReturnRepository, type ForwardReturnRepository } from './forward-return-repository.js';
import { SqliteNewsSeenRepository, type NewsSeenRepository } from './news-seen-repository.js';
import { SqliteOrderRepository, type OrderRepository } from './order-repository.js';
import { countRows, type RowCounts } from './row-counts.js';
import { StoreDatabase, type StoreDatabaseOptions } from './store-database.js';
import { claimStoreKind, type StoreKind } from './store-kind.js';
import type { StoreUpgrade } from './schema-upgrade.js';

export type { AccountRow, PositionRow } from './account-repository.js';
export type { OrderRow } from './order-repository.js';
export type { StoredDiscussion } from './audit-repository.js';
export type StoreOptions = StoreDatabaseOptions;

/** The repositories over one database; each part of conclave is handed the one it uses (or a narrower interface of it). */
export interface Repositories {
  /** The wrapper every repository shares: its transaction spans them all. */
  readonly database: StoreDatabase;
  readonly accounts: AccountRepository;
  readonly orders: OrderRepository;
  readonly audit: AuditRepository;
  readonly newsSeen: NewsSeenRepository;
  readonly forwardReturns: ForwardReturnRepository;
  readonly cockpit: CockpitRepository;
}

/**
 * The whole store: the repositories, and each of their methods on one object, for the composition root, the
 * commands and tests, and for a part whose narrow interface spans repositories (the trader's settlement writes the
 * order, the fill, the cash, the position and its event in one transaction).
 */
export type Store = Repositories &
  AccountRepository &
  OrderRepository &
  AuditRepository &
  NewsSeenRepository &
  ForwardReturnRepository & {
    /** The SQLite connection, for queries of their own (retention, scorecards, the backtest's batched commits). */
    readonly db: Db;
    counts(): RowCounts;
    /** Runs a write outside the repositories with the same storage-failure reporting. */
    guarded<T>(fn: () => T): T;
    close(): void;
  };

export interface OpenStoreOptions extends StoreOptions {
  sync?: SyncMode;
  /** Opens an existing store to read it (commands beside a running daemon): no migration, no writes. */
  readonly?: boolean;
  /** With readonly: a store of an older schema as it is, not through a migrated copy (a backup copies it). */
  asStored?: boolean;
  /** Whose account a writable store holds: an untagged store is tagged, one of another kind refused (store-kind.ts). */
  kind?: StoreKind;
  /** Told when opening upgraded the store's schema, and where its copy as it was is kept (schema-upgrade.ts). */
  onUpgrade?: (upgrade: StoreUpgrade) => void;
}

/** Opens (or creates) the store in `file` and applies pending migrations (see openDatabase), and returns its repositories. */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const db = options.readonly ? openDatabaseReadOnly(file, { asStored: options.asStored === true }) : openDatabase(file, options.sync, options.onUpgrade);
  if (options.kind && !options.readonly) {
    try {
      claimStoreKind(db, file, options.kind);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  return storeOn(new StoreDatabase(db, options.onStorageFailure ? { onStorageFailure: options.onStorageFailure } : {}));
}

/** The repositories over an open database. No I/O: statements are prepared on first use. */
export function storeOn(database: StoreDatabase): Store {
  const accounts = new SqliteAccountRepository(database);
  const orders = new SqliteOrderRepository(database);
  const audit = new SqliteAuditRepository(database);
  const newsSeen = new SqliteNewsSeenRepository(database);
  const forwardReturns = new SqliteForwardReturnRepository(database);
  return {
    database,
    accounts,
    orders,
    audit,
    newsSeen,
    forwardReturns,
    cockpit: new CockpitRepository(database.db),
    db: database.db,
    tx: <T>(fn: () => T): T => database.transaction(fn),
    guarded: <T>(fn: () => T): T => database.guarded(fn),
    close: () => database.close(),
    counts: () => countRows(database),
    // Account and positions.
    ensureAccount: accounts.ensureAccount.bind(accounts),
    account: accounts.account.bind(accounts),
    saveAccount: accounts.saveAccount.bind(accounts),
    positions: accounts.positions.bind(accounts),
    positionsView: accounts.positionsView.bind(accounts),
    position: accounts.position.bind(accounts),
    get openPositionCount() {
      return accounts.openPositionCount;
    },
    savePosition: accounts.savePosition.bind(accounts),
    saveExitState: accounts.saveExitState.bind(accounts),
    deletePosition: accounts.deletePosition.bind(accounts),
    insertPositionEvent: accounts.insertPositionEvent.bind(accounts),
    recordExit: accounts.recordExit.bind(accounts),
    lastExitAt: accounts.lastExitAt.bind(accounts),
    // Orders and fills.
    insertOrder: orders.insertOrder.bind(orders),
    updateOrder: orders.updateOrder.bind(orders),
    order: orders.order.bind(orders),
    inFlightOrders: orders.inFlightOrders.bind(orders),
    insertFill: orders.insertFill.bind(orders),
    fillTotals: orders.fillTotals.bind(orders),
    latestFill: orders.latestFill.bind(orders),
    // The audit trail.
    insertOpportunity: audit.insertOpportunity.bind(audit),
    setOpportunityStatus: audit.setOpportunityStatus.bind(audit),
    expireQueuedOpportunities: audit.expireQueuedOpportunities.bind(audit),
    lastDiscussedBars: audit.lastDiscussedBars.bind(audit),
    lastPublished: audit.lastPublished.bind(audit),
    newsPublishedSince: audit.newsPublishedSince.bind(audit),
    insertDiscussion: audit.insertDiscussion.bind(audit),
    discussion: audit.discussion.bind(audit),
    recentVerdicts: audit.recentVerdicts.bind(audit),
    insertRiskDecision: audit.insertRiskDecision.bind(audit),
    // News seen, forward returns.
    hasSeenNews: newsSeen.hasSeenNews.bind(newsSeen),
    markNewsSeen: newsSeen.markNewsSeen.bind(newsSeen),
    touchNewsSeen: newsSeen.touchNewsSeen.bind(newsSeen),
    pruneNewsSeen: newsSeen.pruneNewsSeen.bind(newsSeen),
    recordForwardReturn: forwardReturns.recordForwardReturn.bind(forwardReturns),
    forwardReturnsOf: forwardReturns.forwardReturnsOf.bind(forwardReturns),
    recordLostReturn: forwardReturns.recordLostReturn.bind(forwardReturns),
  };
}
