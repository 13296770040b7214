/**
 * The order state machine. An order is persisted as `new` before it is sent, so a crash after sending is
 * recognised by its client order id. `unknown` (a timeout, a dropped connection) is in flight until reconciliation
 * says what happened: it is never assumed failed, or the same order could be sent twice.
 */
import { InvariantError } from '../core/errors.js';
import type { OrderStatus } from '../domain/order.js';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'new',
  'submitted',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'unknown',
];

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected']);

const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A submission's answer may already report fills or a rejection, so `new` reaches every later state directly.
  new: ['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'unknown'],
  submitted: ['partially_filled', 'filled', 'cancelled', 'rejected', 'unknown'],
  // Another partial fill is a legal step (the filled quantity grows); a cancel keeps the part already filled.
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'unknown'],
  // Reconciliation resolves `unknown` to whatever the exchange reports, open or terminal.
  unknown: ['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'],
  filled: [],
  cancelled: [],
  rejected: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from]?.includes(to) ?? false;
}

/** Throws an InvariantError naming both states: an illegal transition means a bug or a corrupt store. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    const allowed = NEXT[from]?.length ? NEXT[from].join(', ') : 'nothing (terminal)';
    throw new InvariantError(`illegal order transition ${from} → ${to}; from ${from} allowed: ${allowed}`);
  }
}

/** Filled, cancelled and rejected orders never change again. */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Orders that may still fill: new (possibly sent before a crash), submitted, partially filled and unknown. */
export function isInFlight(status: OrderStatus): boolean {
  return !TERMINAL.has(status) && status in NEXT;
}
