import { describe, expect, it } from 'vitest';
import { haltSummary, statusLines } from '../../src/trading/status-text.js';

describe('conclave status text', () => {
  it('lists each order in flight, not only how many', () => {
    const summary = {
      mode: 'paper', halted: false, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000,
      ledger: { ok: true, diff: 0 }, positions: [], counts: { fills: 1 },
      inFlightOrders: [{ clientOrderId: 'co-v-7', symbol: 'LMNS', side: 'buy', qty: 3.5, status: 'submitted' }],
    } as unknown as Parameters<typeof statusLines>[0];
    const lines = statusLines(summary);
    expect(lines).toContain('orders in flight 1');
    expect(lines).toContain('  LMNS       buy 3.5  submitted  co-v-7');
  });

  it('says a daemon that priced none of its positions may be stuck, and names the one position it cannot price among others', () => {
    const position = (symbol: string) => ({ symbol, qty: 1, avgPrice: 10, markPrice: 10, unrealizedPnl: 0, stopLevel: null, stopRule: null, targetLevel: null });
    const summary = (staleMarks: { symbol: string; markedAt: string }[]) =>
      ({ mode: 'paper', halted: false, cash: 1000, equity: 1020, realizedPnl: 0, fees: 0, startingCash: 1000, ledger: { ok: true, diff: 0 }, positions: [position('A'), position('B')], counts: {}, inFlightOrders: [], staleMarks }) as unknown as Parameters<typeof statusLines>[0];
    const all = statusLines(summary([{ symbol: 'A', markedAt: '2026-01-05T12:00:00.000Z' }, { symbol: 'B', markedAt: '2026-01-05T12:00:01.000Z' }]));
    // A hung daemon (SIGSTOP) read as two delistings.
    expect(all).toContain("  no position's mark is newer than 2026-01-05T12:00:01.000Z: the running daemon has priced none for three position checks: it is stuck (conclave health says SILENT), or its market source is down (conclave health names it); no stop, target or exit runs meanwhile");
    expect(all.join('\n')).not.toContain('delisted');
    const one = statusLines(summary([{ symbol: 'B', markedAt: '2026-01-05T12:00:01.000Z' }]));
    expect(one.join('\n')).toContain('  B: its mark is from 2026-01-05T12:00:01.000Z: the running daemon cannot price it (delisted? its source down?)');
    // The one position held, stale: as likely a delisting (what write-off is for), said per symbol.
    const alone = Object.assign(summary([{ symbol: 'B', markedAt: '2026-01-05T12:00:01.000Z' }]), { positions: [position('B')] });
    expect(statusLines(alone).join('\n')).toContain('  B: its mark is from 2026-01-05T12:00:01.000Z: the running daemon cannot price it (delisted?');
  });

  it('says a testnet account is play money on the exchange’s testnet, where live says live', () => {
    const summary = (mode: string) =>
      ({ mode, halted: false, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000, ledger: { ok: true, diff: 0 }, positions: [], counts: {}, inFlightOrders: [] }) as unknown as Parameters<typeof statusLines>[0];
    expect(statusLines(summary('testnet'))[0]).toBe('mode testnet (live on the exchange’s testnet: play money)');
    expect(statusLines(summary('live'))[0]).toBe('mode live');
  });

  it('prints quantities without their float tails', () => {
    const position = { symbol: 'PEPE/USDT', qty: 8_203_445_781.47 + 2.1, avgPrice: 0.0000121, markPrice: 0.0000123, unrealizedPnl: 1640.69, stopLevel: null, stopRule: null, targetLevel: null };
    const summary = {
      mode: 'paper', halted: false, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000,
      ledger: { ok: true, diff: 0 }, positions: [position], counts: {},
      inFlightOrders: [{ clientOrderId: 'co-v-8', symbol: 'ADA/USDT', side: 'sell', qty: 0.1 + 0.2, status: 'submitted' }],
    } as unknown as Parameters<typeof statusLines>[0];
    const lines = statusLines(summary);
    // Before: "qty 8203445783.570001" and "sell 0.30000000000000004", the sums' binary tails.
    expect(lines.find((l) => l.includes('PEPE/USDT'))).toContain('qty 8,203,445,783.57  avg 0.000012100');
    expect(lines).toContain('  ADA/USDT   sell 0.3  submitted  co-v-8');
  });

  // It said "HALTED: no new entries" and no more, while `conclave health` sends the operator here for why: whether a
  // halt --flatten was still closing positions or had closed them could be read only in the daemon's log.
  it('says why the daemon is halted, since when, and whether its flatten is under way or done', () => {
    const base = {
      mode: 'paper', halted: true, cash: 1000, equity: 1000, realizedPnl: 0, fees: 0, startingCash: 1000,
      ledger: { ok: true, diff: 0 }, positions: [], counts: {}, inFlightOrders: [],
    };
    const line = (state: Parameters<typeof haltSummary>[0]) => statusLines(Object.assign({ halt: haltSummary(state) }, base) as unknown as Parameters<typeof statusLines>[0])[0];
    const since = Date.UTC(2026, 0, 5, 12);
    expect(line({ halted: true, reason: 'exchange outage', since, flatten: true })).toBe(
      'mode paper (HALTED since 2026-01-05T12:00:00.000Z: no new entries: exchange outage; flatten under way: open positions are being closed; `conclave resume` lifts it)',
    );
    expect(line({ halted: true, reason: 'exchange outage', since, flatten: false, flattened: true })).toContain('; flattened: the positions were closed;');
    expect(line({ halted: true, reason: 'operator halt', since, flatten: false })).toBe('mode paper (HALTED since 2026-01-05T12:00:00.000Z: no new entries: operator halt; `conclave resume` lifts it)');
    expect(haltSummary({ halted: false })).toBeNull();
    expect(haltSummary({ halted: true, reason: 'x', since, flatten: true })).toEqual({ cause: 'kill_switch', reason: 'x', since, flatten: 'under way' });
    // Another mode's halt is lifted from that mode: `conclave resume` from this one is refused (kill-switch.ts).
    expect(line({ halted: true, reason: 'from live', since, flatten: true, mode: 'live' })).toBe(
      'mode paper (HALTED since 2026-01-05T12:00:00.000Z: no new entries: from live; flatten under way: open positions are being closed; engaged by live: `conclave resume` with live\'s configuration (CONCLAVE_MODE=live) lifts it)',
    );
    expect(line({ halted: true, reason: 'r', since, mode: 'testnet' })).toContain("engaged by testnet: `conclave resume` with testnet's configuration (CONCLAVE_MODE=live CONCLAVE_EXCHANGE_TESTNET=true) lifts it)");
    expect(line({ halted: true, reason: 'own', since, mode: 'paper' })).toContain('; `conclave resume` lifts it)');
    // A halt `conclave resume` does not lift is not said to be lifted by it.
    const other = (halt: Record<string, unknown>) => statusLines(Object.assign({ halt }, base) as unknown as Parameters<typeof statusLines>[0])[0];
    expect(other({ cause: 'store', reason: 'the store was found damaged by its periodic check: ...', since: null, flatten: null })).toBe(
      'mode paper (HALTED: no new entries: the store was found damaged; `conclave resume` does not lift it)',
    );
  });
});
