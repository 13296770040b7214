import { describe, expect, it } from 'vitest';
import { withChanges } from '../../src/core/with-changes.js';

describe('withChanges', () => {
  it('returns a copy with the changes applied and leaves the base as it was', () => {
    const base = { symbol: 'NOVA', qty: 2, avgPrice: 10 };
    const changed = withChanges(base, { qty: 1, markPrice: 11 });
    expect(changed).toEqual({ symbol: 'NOVA', qty: 1, avgPrice: 10, markPrice: 11 });
    expect(changed).not.toBe(base);
    expect(base).toEqual({ symbol: 'NOVA', qty: 2, avgPrice: 10 });
  });
});
