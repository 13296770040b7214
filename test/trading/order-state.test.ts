import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, assertTransition, canTransition, isInFlight, isTerminal } from '../../src/trading/order-state.js';
import { InvariantError } from '../../src/core/errors.js';
import type { OrderStatus } from '../../src/domain/order.js';

describe('order state machine', () => {
  it('follows the happy path new → submitted → partially_filled → filled', () => {
    const path: OrderStatus[] = ['new', 'submitted', 'partially_filled', 'partially_filled', 'filled'];
    for (let i = 1; i < path.length; i++) expect(() => assertTransition(path[i - 1]!, path[i]!)).not.toThrow();
  });
  it('lets a submission answer jump straight to a fill or a rejection', () => {
    expect(canTransition('new', 'filled')).toBe(true);
    expect(canTransition('new', 'rejected')).toBe(true);
    expect(canTransition('new', 'unknown')).toBe(true);
  });
  it('never leaves a terminal state', () => {
    for (const from of ['filled', 'cancelled', 'rejected'] as const) {
      expect(isTerminal(from)).toBe(true);
      expect(isInFlight(from)).toBe(false);
      for (const to of ORDER_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });
  it('keeps unknown in flight and reconciles it to any open or terminal state', () => {
    expect(isInFlight('unknown')).toBe(true);
    expect(isTerminal('unknown')).toBe(false);
    for (const to of ['submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const) {
      expect(canTransition('unknown', to)).toBe(true);
    }
    expect(canTransition('unknown', 'new')).toBe(false);
  });
  it('never goes backwards', () => {
    expect(canTransition('submitted', 'new')).toBe(false);
    expect(canTransition('partially_filled', 'submitted')).toBe(false);
    expect(canTransition('partially_filled', 'rejected')).toBe(false);
    expect(canTransition('new', 'new')).toBe(false);
  });
  it('names both states in the error', () => {
    expect(() => assertTransition('filled', 'submitted')).toThrow(InvariantError);
    expect(() => assertTransition('filled', 'submitted')).toThrow(/filled → submitted.*terminal/);
    expect(() => assertTransition('submitted', 'new')).toThrow(/submitted → new; from submitted allowed: partially_filled/);
  });
  it('treats new, submitted, partially filled and unknown as in flight', () => {
    expect(ORDER_STATUSES.filter(isInFlight)).toEqual(['new', 'submitted', 'partially_filled', 'unknown']);
    expect(isInFlight('bogus' as OrderStatus)).toBe(false);
    expect(canTransition('bogus' as OrderStatus, 'new')).toBe(false);
  });
});
