import { describe, expect, it } from 'vitest';
import { stalledParts, staleLoops } from '../../src/health/staleness.js';

describe('staleness', () => {
  it('a loop is stale past three intervals since its last success, or since its start when it never succeeded', () => {
    const loops = {
      fresh: { runs: 3, errors: 0, lastOkAt: 9_000, intervalMs: 1_000 },
      late: { runs: 3, errors: 3, lastOkAt: 6_000, intervalMs: 1_000 },
      neverOk: { runs: 4, errors: 4, lastOkAt: null, intervalMs: 1_000, startedAt: 5_000 },
      notStarted: { runs: 0, errors: 0, lastOkAt: null, intervalMs: 1_000, startedAt: null },
    };
    expect(staleLoops(loops, 10_000)).toEqual(['late', 'neverOk', 'notStarted']);
  });

  it('the market is stalled when its data stopped; the consumer only when it is stale with work waiting', () => {
    expect(stalledParts([], false, 5)).toEqual([]);
    expect(stalledParts(['consumer'], false, 0)).toEqual([]);
    expect(stalledParts(['consumer'], false, 1)).toEqual(['consumer']);
    expect(stalledParts(['modelScanner'], true, 1)).toEqual(['market']);
  });
});
