import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import { ForwardTracker } from '../../src/scorecard/forward-tracker.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from '../backtest/helpers.js';

/**
 * More discussed bars waiting than the tracker keeps: the oldest were dropped with a warning, and nothing in the store
 * said so, so `conclave scorecard` counted them as still pending, a return that would never come.
 */
describe('discussed bars dropped from a full forward tracker', () => {
  it('are recorded lost at the horizons they still lacked, with the reason, when they are dropped', () => {
    const store = openStore(join(tempDir(), 'store.db'));
    const clock = new VirtualClock(0);
    const tracker = new ForwardTracker(store, createLogger({ level: 'silent', clock }), [1, 5], 3);
    for (let i = 0; i < 5; i++) tracker.onVerdict({ opportunity: { id: `o${i}`, symbol: 'ACME', barTime: i }, decidedAt: 100 + i } as unknown as VerdictEvent);
    expect([tracker.size, tracker.dropped]).toEqual([3, 2]);
    const lost = store.db.prepare('SELECT opportunity_id id, horizon_bars h, reason, known_at at FROM forward_returns_lost ORDER BY id, h').all();
    const reason = 'more than 3 discussed bars waited for their forward returns at once: the oldest were dropped, not followed';
    expect(lost).toEqual([
      { id: 'o0', h: 1, reason, at: 103 },
      { id: 'o0', h: 5, reason, at: 103 },
      { id: 'o1', h: 1, reason, at: 104 },
      { id: 'o1', h: 5, reason, at: 104 },
    ]);
    store.db.close();
  });
});
