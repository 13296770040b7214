import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from '../backtest/helpers.js';

const scorecard = (file: string) => spawnSync(process.execPath, ['bin/conclave.js', 'scorecard', '--store', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('`conclave scorecard` before any forward return is known', () => {
  it('tells a store with no discussed bar from one whose discussed bars wait for their returns', () => {
    const file = join(tempDir(), 'conclave-paper.db');
    const store = openStore(file);
    store.db.close();
    const none = scorecard(file);
    expect({ status: none.status, stdout: none.stdout.trim(), stderr: none.stderr }).toEqual({
      status: 0,
      stdout: 'no scorecard yet: the store holds no discussed bar (no verdict on a model opportunity or news has been recorded): nothing to score',
      stderr: '',
    });

    const again = openStore(file);
    for (const k of [1, 2]) {
      const opportunity = { id: `o${k}`, symbol: 'ACME', source: 'model' as const, direction: 'long' as const, score: 0.5, price: 10, reason: 'test', createdAt: k, barTime: k * 60_000, kind: 'momentum' as const };
      again.insertOpportunity(opportunity);
      const verdict = { action: 'HOLD', conviction: 0, score: 0.1, sizeFraction: 0, reasons: [] };
      again.insertDiscussion({ verdictId: `v${k}`, opportunity, verdict, outcomes: [], decidedAt: k * 60_000 + 60_000 } as unknown as VerdictEvent, 0);
    }
    again.db.close();
    const waiting = scorecard(file);
    // Before, both said "no scorecard yet: no discussed bar has a known forward return".
    expect(waiting.status).toBe(0);
    expect(waiting.stdout.trim()).toBe('no scorecard yet: 2 discussed bars wait for their forward returns, known as the bars 1, 5 and 20 (and scorecardHorizonBars) after each close: ask again once the next bar has closed');
  });
});
