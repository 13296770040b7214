import { describe, expect, it } from 'vitest';
import { CLIENT_ORDER_ID_PREFIX, entryOrderId, exitOrderId } from '../../src/trading/client-order-id.js';
import { compareWithExchange } from '../../src/trading/reconcile.js';

describe('client order ids', () => {
  it("are conclave's by their prefix, the entry's derived from its verdict and the exit's from the position", () => {
    expect(entryOrderId('v-42')).toBe('co-v-42');
    expect(entryOrderId('v-42')).toBe(entryOrderId('v-42'));
    const exit = exitOrderId('BTC/USDT', Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 4));
    expect(exit.startsWith(`${CLIENT_ORDER_ID_PREFIX}x-BTC/USDT-`)).toBe(true);
    expect(exitOrderId('BTC/USDT', Date.UTC(2026, 0, 5) + 1, Date.UTC(2026, 0, 4))).not.toBe(exit);
  });

  it("fit Binance's 36 characters of its alphabet for any symbol, the same verdict giving the same id", () => {
    const now = Date.UTC(2026, 0, 5);
    const binance = /^[.A-Z:/a-z0-9_-]{1,36}$/;
    for (const symbol of ['BTC/USDT', 'BROCCOLI714/USDT', '1000000BABYDOGE/USDT', 'A'.repeat(40) + '/USDT', '币安人生/USDT', 'ÄÖÜ/USDT']) {
      const verdictId = `v-m-${now.toString(36)}-123456-${symbol}`;
      const entry = entryOrderId(verdictId);
      const exit = exitOrderId(symbol, now, now - 86_400_000);
      for (const id of [entry, exit]) {
        expect(id, id).toMatch(binance);
        expect(id.startsWith(CLIENT_ORDER_ID_PREFIX)).toBe(true);
      }
      expect(entryOrderId(verdictId)).toBe(entry);
      expect(entryOrderId(`${verdictId}x`)).not.toBe(entry);
      expect(exitOrderId(symbol, now + 1, now - 86_400_000)).not.toBe(exit);
    }
    // Short ids are left as they were.
    expect(entryOrderId('v-m-abc-1-BTC/USDT')).toBe('co-v-m-abc-1-BTC/USDT');
  });

  it('let start-up reconciliation tell our stray orders from foreign ones that the configuration allows', () => {
    const open = [
      { clientOrderId: entryOrderId('v-1'), symbol: 'BTC/USDT' },
      { clientOrderId: 'manual-1', symbol: 'BTC/USDT' },
    ];
    const mismatches = compareWithExchange(
      { openOrders: [], balances: {} },
      { openOrders: open, balances: {}, lookups: {} },
      { clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX, allowForeignOrders: true },
    );
    expect(mismatches.map((m) => [m.clientOrderId, m.explained])).toEqual([
      ['co-v-1', false],
      ['manual-1', true],
    ]);
  });
});
