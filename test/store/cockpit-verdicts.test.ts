import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import { openStore } from '../../src/store/store.js';
import { formatAftermath } from '../../src/trading/aftermath-text.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const opportunity = (id: string, extra: Partial<Opportunity> = {}): Opportunity =>
  Object.assign({ id, symbol: 'NOVA', source: 'model' as const, direction: 'long' as const, score: 0.8, price: 10, reason: 'momentum', createdAt: 1 }, extra);
const verdict = (verdictId: string, o: Opportunity, action: 'BUY' | 'SELL' | 'HOLD', decidedAt: number): VerdictEvent => ({
  verdictId,
  opportunity: o,
  decidedAt,
  verdict: { action, conviction: 0.7, score: 0.5, sizeFraction: 0.1, reasons: ['because'] },
  outcomes: [],
});

describe('the verdicts the cockpit lists', () => {
  it('say what became of each: the latest order status, the risk gate refusal, or no order; and which were reviews', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cockpit-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const decided = [
      verdict('v-filled', opportunity('o-1'), 'BUY', 1),
      verdict('v-refused', opportunity('o-2'), 'BUY', 2),
      verdict('v-hold', opportunity('o-3', { kind: 'review' }), 'HOLD', 3),
      verdict('v-waiting', opportunity('o-4'), 'BUY', 4),
      verdict('v-thin', opportunity('o-5'), 'BUY', 5),
      verdict('v-ran', opportunity('o-6'), 'BUY', 6),
    ];
    for (const e of decided) {
      store.insertOpportunity(e.opportunity);
      store.insertDiscussion(e, 1);
    }
    store.insertRiskDecision({ verdictId: 'v-filled', symbol: 'NOVA', outcome: 'accepted', reason: 'within all limits', requestedQty: 5, approvedQty: 5, time: 1 });
    store.insertOrder({ clientOrderId: 'co-1', verdictId: 'v-filled', symbol: 'NOVA', side: 'buy', qty: 5, status: 'filled', purpose: 'entry', createdAt: 1 });
    store.insertRiskDecision({ verdictId: 'v-refused', symbol: 'NOVA', outcome: 'rejected', rule: 'kill_switch', reason: 'kill switch is on', requestedQty: 5, approvedQty: 0, time: 2 });
    store.insertOrder({ clientOrderId: 'co-4', verdictId: 'v-waiting', symbol: 'NOVA', side: 'buy', qty: 5, status: 'partially_filled', purpose: 'entry', createdAt: 4 });
    // Capped entries: a thin book filled part (a position opened), a price run past the cap filled nothing.
    store.insertOrder({ clientOrderId: 'co-5', verdictId: 'v-thin', symbol: 'NOVA', side: 'buy', qty: 5, status: 'submitted', purpose: 'entry', createdAt: 5 });
    store.updateOrder('co-5', 'cancelled', 2, 'partly filled: the book offered no more', 5);
    store.insertOrder({ clientOrderId: 'co-6', verdictId: 'v-ran', symbol: 'NOVA', side: 'buy', qty: 5, status: 'submitted', purpose: 'entry', createdAt: 6 });
    store.updateOrder('co-6', 'cancelled', 0, 'not filled: the book offered nothing', 6);
    const listed = store.cockpit.verdicts(10)!.map(({ id, kind, outcome, ordered }) => ({ id, kind, outcome, ordered }));
    expect(listed).toEqual([
      { id: 'v-ran', kind: null, outcome: 'cancelled', ordered: true },
      { id: 'v-thin', kind: null, outcome: 'partly filled, rest cancelled', ordered: true },
      { id: 'v-waiting', kind: null, outcome: 'partially filled', ordered: true },
      { id: 'v-hold', kind: 'review', outcome: 'no order', ordered: false },
      { id: 'v-refused', kind: null, outcome: 'refused: kill switch', ordered: false },
      { id: 'v-filled', kind: null, outcome: 'filled', ordered: true },
    ]);
    // The review's kind comes back with its discussion too (`conclave explain` and the page's dialog).
    expect(store.discussion('v-hold')?.opportunity.kind).toBe('review');
    store.close();
  });

  it('keep a fill’s unreported fee marked as unknown across a restart, so explain and the page do not show a free trade', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cockpit-'));
    dirs.push(dir);
    const file = join(dir, 'store.db');
    const first = openStore(file);
    const e = verdict('v-1', opportunity('o-1'), 'BUY', 1);
    first.insertOpportunity(e.opportunity);
    first.insertDiscussion(e, 1);
    first.insertOrder({ clientOrderId: 'co-1', verdictId: 'v-1', symbol: 'NOVA', side: 'buy', qty: 2, status: 'filled', purpose: 'entry', createdAt: 1 });
    first.insertFill({ clientOrderId: 'co-1', symbol: 'NOVA', side: 'buy', qty: 1, price: 10, fee: 0, feeUnknown: true, time: 2 });
    first.insertFill({ clientOrderId: 'co-1', symbol: 'NOVA', side: 'buy', qty: 1, price: 10, fee: 0.01, time: 3 });
    first.close();
    const store = openStore(file);
    const after = store.cockpit.aftermath('v-1');
    expect(after.fills).toMatchObject([{ fee: 0, feeUnknown: 1 }, { fee: 0.01, feeUnknown: 0 }]);
    const lines = formatAftermath('BUY', after).split('\n').filter((l) => l.startsWith('  fill:'));
    expect(lines[0]).toContain('fee unknown (the exchange reported none; recorded as 0)');
    expect(lines[1]).toContain('fee 0.01,');
    store.close();
  });

  it('page by a cursor: every verdict exactly once, those decided in the same millisecond included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cockpit-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    // 23 verdicts over 6 milliseconds: the scan of a bar decides several symbols at one instant.
    for (let i = 0; i < 23; i++) {
      const o = opportunity(`o-${i}`);
      store.insertOpportunity(o);
      store.insertDiscussion(verdict(`v-${i}`, o, 'HOLD', 100 + Math.floor(i / 4)), 1);
    }
    const all = store.cockpit.verdicts(500)!.map((v) => v.id);
    expect(all).toHaveLength(23);
    for (const size of [1, 3, 4, 5, 7]) {
      const paged: string[] = [];
      let page = store.cockpit.verdicts(size)!;
      while (page.length > 0) {
        paged.push(...page.map((v) => v.id));
        page = store.cockpit.verdicts(size, undefined, page.at(-1)!.id)!;
      }
      expect(paged, `pages of ${size}`).toEqual(all);
    }
    // By time alone, as before: strictly older.
    expect(store.cockpit.verdicts(500, 101)!.map((v) => v.id)).toEqual(['v-3', 'v-2', 'v-1', 'v-0']);
    expect(store.cockpit.verdicts(5, undefined, 'v-none')).toBeNull();
    store.close();
  });
});
