import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CockpitRepository } from '../../src/store/cockpit-repository.js';
import { StoreLock } from '../../src/store/store-lock.js';
import { openStore } from '../../src/store/store.js';
import { ledgerOf } from '../../src/trading/account-summary.js';

function conclave(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const NOW = Date.UTC(2026, 11, 4, 12);

/** A paper store holding ETH/USDT (10 at 50) and SOL/USDT (4 at 25), bought from cash: the ledger holds. */
function storeWithPositions(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-write-off-'));
  const file = join(dir, 'conclave-paper.db');
  const store = openStore(file);
  const account = store.ensureAccount(100_000, NOW, '2026-12-04');
  const position = (symbol: string, qty: number, avgPrice: number) => ({ symbol, qty, avgPrice, openedAt: NOW, stopPrice: null, targetPrice: null, atr: null, peakPrice: avgPrice, trailingActive: false, markPrice: avgPrice });
  store.savePosition(position('ETH/USDT', 10, 50), NOW);
  store.savePosition(position('SOL/USDT', 4, 25), NOW);
  store.saveAccount(Object.assign({}, account, { cash: account.cash - 600 }), NOW);
  expect(ledgerOf(store).ok).toBe(true);
  store.close();
  return { dir, file };
}

describe('conclave write-off', () => {
  it('closes a position no order can sell, at a price or at nothing, the ledger whole, recorded as the operator’s', () => {
    const { dir, file } = storeWithPositions();
    const eth = conclave(['write-off', 'ETH/USDT', '--reason', 'delisted by the exchange'], dir);
    expect(eth.err).toBe('');
    expect(eth.code).toBe(0);
    expect(eth.out).toContain('ETH/USDT: 10 written off at 0 (cost 500.00): 0.00 entered as cash, -500.00 realised; ledger ok');
    const sol = conclave(['write-off', 'SOL/USDT', '--price', '5', '--reason', 'converted at 5'], dir);
    expect(sol.code).toBe(0);
    const store = openStore(file, { readonly: true });
    try {
      expect(store.positions()).toEqual([]);
      expect(store.account()).toMatchObject({ cash: 99_400 + 20, realizedPnl: -500 - 80 });
      expect(ledgerOf(store).ok).toBe(true);
      const actions = new CockpitRepository(store.db).operatorActions();
      expect(actions.map((a) => [a.action, a.reason])).toEqual([['write-off', 'SOL/USDT: converted at 5'], ['write-off', 'ETH/USDT: delisted by the exchange']]);
    } finally {
      store.close();
    }
  });

  it('writes off a position whose protective stop rests on the exchange (cancelled at the next start), never one with a sale in flight', () => {
    const { dir, file } = storeWithPositions();
    const store = openStore(file);
    store.insertOrder({ clientOrderId: 'co-s-eth', verdictId: null, symbol: 'ETH/USDT', side: 'sell', qty: 10, status: 'submitted', purpose: 'protective stop', createdAt: NOW });
    store.insertOrder({ clientOrderId: 'co-x-sol', verdictId: null, symbol: 'SOL/USDT', side: 'sell', qty: 4, status: 'submitted', purpose: 'exit', createdAt: NOW });
    store.close();
    const eth = conclave(['write-off', 'ETH/USDT', '--reason', 'delisted'], dir);
    expect(eth.err).toBe('');
    expect(eth.code).toBe(0);
    expect(eth.out).toContain("its protective stop on the exchange (co-s-eth) is cancelled at the daemon's next start");
    const sol = conclave(['write-off', 'SOL/USDT', '--reason', 'delisted'], dir);
    expect(sol.code).toBe(1);
    expect(sol.err).toContain('SOL/USDT has 1 order(s) in flight (co-x-sol)');
  });

  it('refuses while the daemon holds the store, for a symbol not held, and a price that is none', () => {
    const { dir, file } = storeWithPositions();
    const lock = StoreLock.acquire(file, NOW, dir);
    try {
      const running = conclave(['write-off', 'ETH/USDT', '--reason', 'x'], dir);
      expect(running.code).toBe(1);
      expect(running.err).toMatch(/^conclave write-off: a conclave is running on this store: pid \d+ on host .*\. A write-off changes the account the daemon trades: stop it first \(SIGTERM, .*\), then write off, then start it\. \(Lock: .*\)\n$/);
      expect(running.err).not.toMatch(/Two daemons|its own CONCLAVE_DATA_DIR/);
    } finally {
      lock.release();
    }
    const absent = conclave(['write-off', 'BTC/USDT', '--reason', 'x'], dir);
    expect(absent.code).toBe(1);
    expect(absent.err).toBe(`conclave write-off: no open position in BTC/USDT in ${file} (held: ETH/USDT, SOL/USDT)\n`);
    const negative = conclave(['write-off', 'ETH/USDT', '--price', '-1', '--reason', 'x'], dir);
    expect(negative.code).toBe(78);
    expect(negative.err).toContain('Give what one unit fetched: a number from 0 to 1000000000000.');
    // 1.7e308 entered Infinity as cash and broke the ledger for good; a price within bounds whose total is not, too.
    const huge = conclave(['write-off', 'ETH/USDT', '--price', '1.7e308', '--reason', 'x'], dir);
    expect(huge.code).toBe(78);
    expect(huge.err).toContain('a number from 0 to 1000000000000');
    const total = conclave(['write-off', 'ETH/USDT', '--price', '1e12', '--reason', 'x'], dir);
    expect(total.code).toBe(78);
    expect(total.err).toMatch(/^conclave: --price 1000000000000: [\d.]+ ETH\/USDT at that price enter [\d.e+]+ as cash, more than an account holds \(1000000000000\); give what one unit fetched\n$/);
    // An empty or blank reason (`--reason "$WHY"` with WHY unset) wrote the position off, a total loss, unexplained.
    for (const blank of ['', '   ']) {
      const unexplained = conclave(['write-off', 'ETH/USDT', '--reason', blank], dir);
      expect(unexplained.code).toBe(78);
      expect(unexplained.err).toContain(`error: option '--reason <text>' argument '${blank}' is invalid. Say why (a delisting, a conversion): it is recorded with the write-off among the operator actions.`);
    }
    const store = openStore(file, { readonly: true });
    expect(store.positions()).toHaveLength(2);
    store.close();
  });
});
