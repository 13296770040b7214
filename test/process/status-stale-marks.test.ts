import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { delistingExchange } from '../helpers/delisting-exchange.js';
import { storeFile } from '../../src/kernel/kernel.js';
import { StoreLock } from '../../src/store/store-lock.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

function conclave(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * A held symbol the exchange delisted while the daemon runs: `conclave status` listed the position at its last mark,
 * with its stop, as if it were managed; only the health line and the log said it was not.
 */
describe('conclave status beside a daemon that cannot price a held position', () => {
  it('names the position whose mark the daemon has not renewed, and only while a daemon runs', async () => {
    // The daemon's clock ends near the command's (the real one): its marks are judged against that.
    const clock = new VirtualClock(Date.now() - 30 * MIN);
    const exchange = delistingExchange(clock, (symbol) => symbol === 'ETH/USDT', () => 50_000);
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const market = new CcxtMarket(exchange, { symbols, clock });
    const { kernel, dataDir } = await virtualKernel({ CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))) }, { clock, market });
    await kernel.start();
    const { store } = kernel;
    store.tx(() => {
      for (const [symbol, at] of [['BTC/USDT', 50_000], ['ETH/USDT', 2_000]] as const) {
        store.savePosition({ symbol, qty: 0.1, avgPrice: at, openedAt: clock.now(), stopPrice: at * 0.9, targetPrice: null, atr: null, peakPrice: at, trailingActive: false, markPrice: at }, clock.now());
        store.saveAccount(withChanges(store.account(), { cash: store.account().cash - 0.1 * at }), clock.now());
      }
    });
    const openedAt = new Date(clock.now()).toISOString();
    await runFor(clock, 30 * MIN);
    // The commands judge marks by the real clock: the real time this test took so far (long on a loaded machine) is run
    // on the daemon's too, or BTC's latest mark could look three checks old to them.
    await runFor(clock, Math.max(0, Date.now() - clock.now()));
    // No daemon known to hold the store (a stopped one leaves every mark as old as its stop): none is called stale.
    expect(JSON.parse(conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir }).out).staleMarks).toEqual([]);
    // The store's lock, as the daemon takes it at start (daemon.ts): this process holds it, running.
    const lock = StoreLock.acquire(storeFile(kernel.config), clock.now(), dataDir);
    try {
      const json = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out).staleMarks).toEqual([{ symbol: 'ETH/USDT', markedAt: openedAt }]);
      const text = conclave(['status'], { CONCLAVE_DATA_DIR: dataDir });
      expect(text.out).toContain(`  ETH/USDT: its mark is from ${openedAt}: the running daemon cannot price it (delisted? its source down?), so no stop, target or exit runs for it; conclave health and the daemon's log say why\n`);
      expect(text.out).not.toContain('BTC/USDT: its mark');
      // A configuration edited since the daemon's start (checks every 100 ms): its marks are judged by the interval the
      // daemon runs at, which it recorded, not by the edit (BTC's mark of the last minute read as stale before).
      const edited = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir, CONCLAVE_POSITION_CHECK_INTERVAL_MS: '100' });
      expect(JSON.parse(edited.out).staleMarks).toEqual([{ symbol: 'ETH/USDT', markedAt: openedAt }]);
    } finally {
      lock.release();
      await kernel.stop();
    }
  }, 120_000);
});
