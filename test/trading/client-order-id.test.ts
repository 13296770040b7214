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
