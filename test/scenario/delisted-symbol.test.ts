import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { withChanges } from '../../src/core/with-changes.js';
import { formatHealth } from '../../src/health/health-report.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { delistingExchange } from '../helpers/delisting-exchange.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

describe('a symbol delisted while a position is held in it', () => {
  it('is said once an hour and listed in the health line, while the check, its loop and the other positions go on, and a flatten leaves it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const delisted = new Set<string>();
    let btc = 50_000;
    const price = (symbol: string) => (symbol === 'BTC/USDT' ? btc : 2_000);
    const exchange = delistingExchange(clock, (symbol) => delisted.has(symbol), price);
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const market = new CcxtMarket(exchange, { symbols, clock });
    const { kernel, logs } = await virtualKernel({ CONCLAVE_UNIVERSE: JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol }))) }, { clock, market });
    await kernel.start();
    const { store } = kernel;
    store.tx(() => {
      for (const [symbol, at] of [['BTC/USDT', 50_000], ['ETH/USDT', 2_000]] as const) {
        store.savePosition({ symbol, qty: 0.1, avgPrice: at, openedAt: clock.now(), stopPrice: at * 0.9, targetPrice: null, atr: null, peakPrice: at, trailingActive: false, markPrice: at }, clock.now());
        store.saveAccount(withChanges(store.account(), { cash: store.account().cash - 0.1 * at }), clock.now());
      }
    });
    await runFor(clock, 5 * MIN);
    const before = logs.length;
    delisted.add('ETH/USDT');
    await runFor(clock, 150 * MIN);
    const during = logs.slice(before);

    // Said at once and then hourly, with what it means; no error line a minute from the position check.
    const said = during.filter((l) => String(l.msg).startsWith('open position in ETH/USDT cannot be priced'));
    expect(said).toHaveLength(3);
    expect(said[0]!.msg).toContain('the exchange does not list ETH/USDT (delisted or renamed?), so conclave can neither price, stop nor sell it');
    expect(during.filter((l) => String(l.msg).startsWith('positionMonitor iteration failed'))).toEqual([]);
    // The check goes on for what it can manage, and the daemon is not taken for stuck (the watchdog would restart it).
    expect(kernel.liveness()).toMatchObject({ ok: true, stale: [] });
    const health = logs.filter((l) => l.msg === 'health').at(-1) as Parameters<typeof formatHealth>[0]['line'];
    expect(health.positions).toEqual({ open: 2, unpriced: ['ETH/USDT'] });
    expect(formatHealth({ line: health, count: 1 }).text).toContain('UNPRICED: ETH/USDT: the market refuses the symbol (delisted?)');
    // Its state is kept, at its last mark.
    expect(store.position('ETH/USDT')).toMatchObject({ qty: 0.1, markPrice: 2_000 });

    // The other position's stop still fires at the next check.
    btc = 44_000;
    await runFor(clock, MIN);
    expect(store.position('BTC/USDT')).toBeNull();

    // A halt that flattens tries no sale of it (a live one was refused and recorded at every check), and says why.
    kernel.killSwitch.halt('operator: flatten', true);
    await runFor(clock, 10 * MIN);
    expect(store.db.prepare("SELECT COUNT(*) FROM orders WHERE symbol = 'ETH/USDT'").pluck().get()).toBe(0);
    expect(store.position('ETH/USDT')).toMatchObject({ qty: 0.1 });
    const flattening = logs.filter((l) => String(l.msg).startsWith('kill switch: flattening'));
    expect(flattening).toHaveLength(1);
    expect(flattening[0]).toMatchObject({ cannotSell: ['ETH/USDT'], msg: expect.stringContaining('ETH/USDT cannot be sold here (the exchange refuses the symbol) and stays held') });
    await kernel.stop();
  }, 60_000);
});
