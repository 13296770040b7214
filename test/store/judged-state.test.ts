import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

describe('the bars’ trailing state of a position, in the store file', () => {
  it('is read back after a restart, kept through writes that do not carry it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-judged-')), 'store.db');
    let store = openStore(file);
    store.savePosition({ symbol: 'PUMP/USDT', qty: 1000, avgPrice: 1, openedAt: 5, stopPrice: null, targetPrice: null, atr: null, peakPrice: 1, trailingActive: false, markPrice: 1 }, 5);
    store.saveExitState('PUMP/USDT', 5, { peakPrice: 2.4, trailingActive: true, markPrice: 2.4, judgedUntil: 600_000, judgedPeak: 1.6, judgedTrailing: true }, 6);
    // A check between bars: a quote's peak and mark, no bar judged.
    store.saveExitState('PUMP/USDT', 5, { peakPrice: 2.5, trailingActive: true, markPrice: 2.5 }, 7);
    store.close();
    store = openStore(file);
    expect(store.position('PUMP/USDT')).toMatchObject({ peakPrice: 2.5, judgedUntil: 600_000, judgedPeak: 1.6, judgedTrailing: true });
    store.close();
  });
});
