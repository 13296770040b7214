import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type PositionRow, type Store } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-store-tx-'));
  dirs.push(dir);
  const s = openStore(join(dir, 'store.db'));
  s.ensureAccount(10_000, 0, '1970-01-01');
  return s;
}

const position = (symbol: string): PositionRow => ({
  symbol, qty: 1, avgPrice: 10, openedAt: 0, stopPrice: null, targetPrice: null, atr: null, peakPrice: 10, trailingActive: false, markPrice: 10,
});

describe('Store.tx', () => {
  it('lands all of its writes or none, and a failed one leaves the cached reads as committed', () => {
    const s = store();
    s.tx(() => {
      s.savePosition(position('A'), 1);
      s.saveAccount({ ...s.account(), cash: 9_990 }, 1);
    });
    expect(() =>
      s.tx(() => {
        s.savePosition(position('B'), 2);
        s.saveAccount({ ...s.account(), cash: 9_980 }, 2);
        throw new Error('crash mid-transaction');
      }),
    ).toThrow('crash mid-transaction');
    expect(s.positions().map((p) => p.symbol)).toEqual(['A']);
    expect(s.account().cash).toBe(9_990);
    s.close();
  });

  it('rolls back only a nested transaction that fails, when the outer one goes on', () => {
    const s = store();
    s.tx(() => {
      s.savePosition(position('A'), 1);
      try {
        s.tx(() => {
          s.savePosition(position('B'), 1);
          throw new Error('inner fails');
        });
      } catch {
        // the outer transaction carries on without B
      }
    });
    expect(s.positions().map((p) => p.symbol)).toEqual(['A']);
    s.close();
  });
});
