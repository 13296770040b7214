import { ConfigError } from '../core/errors.js';
import type { Db } from './database.js';
import { metaValue, setMeta } from './store-meta.js';

/** What a store holds the account of: a paper daemon's, a live daemon's, a testnet daemon's, or a backtest's run. */
export type StoreKind = 'paper' | 'live' | 'testnet' | 'backtest';

const WHAT: Record<StoreKind, string> = {
  paper: 'a paper daemon',
  live: 'a live daemon',
  testnet: 'a testnet daemon (live on the exchange’s testnet, play money)',
  backtest: 'a backtest',
};

/**
 * Tags an untagged store as `kind` (a store older than the tag takes the kind of the first daemon that opens it), or
 * refuses a store of another kind: a paper store copied to the live file would have a live daemon size its orders
 * from paper cash (the exchange reconciliation checks positions and orders, not cash), and a daemon pointed at a
 * backtest's folder would carry on the run's made-up account.
 */
export function claimStoreKind(db: Db, file: string, kind: StoreKind): void {
  const value = metaValue(db, 'kind');
  if (value === undefined) {
    setMeta(db, 'kind', kind);
    return;
  }
  if (value === kind) return;
  const madeBy = value in WHAT ? WHAT[value as StoreKind] : `"${value}"`;
  throw new ConfigError(
    `The store ${file} holds the account of ${madeBy}, and ${WHAT[kind]} does not carry on another kind's account ` +
      `(its cash, positions and orders are not this one's). Put this ${kind} account's own store in its place, or move ` +
      `the file away to start a new ${kind} account.`,
    'dataDir',
  );
}
