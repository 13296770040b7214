import { afterEach, describe, expect, it } from 'vitest';
import { runSettled, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { buyVerdict } from '../helpers/buy-verdict.js';

const MIN = 60_000;

/**
 * Paper trading on an exchange's prices (marketSource=ccxt) when the exchange halts a coin (Binance's status BREAK,
 * ccxt's active false). Live sends no sale and no entry while it lasts (the exchange would refuse them); paper filled a
 * stop at the frozen ticker price and bought at it, sales and entries no one could have made. Now paper reads the
 * market's status as live does: nothing fills while the market does not trade, said once, and the stop sells once it
 * trades again.
 */
describe('paper trading on an exchange that halts a held coin', () => {
  let server: LoopbackServer | undefined;
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.kernel.stop();
    await server?.close();
  });

  const start = async () => {
    const state: BinanceState = { klines: new Map(), lastPrice: new Map([['BTCUSDT', '50000.00']]), faults: [], halted: new Set() };
    server = await startBinance(state);
    harness = await virtualKernel({
      CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_API_BASE_URL: server.url, CONCLAVE_UNIVERSE: JSON.stringify([{ symbol: 'BTC/USDT', name: 'Bitcoin' }]),
      CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000', CONCLAVE_NEWS_SCAN_INTERVAL_MS: '3600000', CONCLAVE_CCXT_TIMEOUT_MS: '60000',
    });
    const { clock } = harness;
    let price = 50_000;
    // Minute candles up to the clock at `price`, the last one still forming, as the exchange serves them.
    const candles = () => {
      const end = Math.floor(clock.now() / MIN);
      const p = price.toFixed(2);
      state.klines.set('BTCUSDT', Array.from({ length: 300 }, (_, i): Kline => [(end - 299 + i) * MIN, p, p, p, p, '1.0']));
      state.lastPrice.set('BTCUSDT', p);
    };
    const setPrice = (p: number) => {
      price = p;
      candles();
    };
    // Steps of 5 virtual seconds, each ending when the checks it started have had the loopback exchange's real answers.
    const steps = (n: number) => runSettled(harness!.kernel, clock, n, 5_000, ['positionMonitor', 'health']);
    const minutes = async (n: number) => {
      for (let i = 0; i < n; i++) {
        candles();
        await steps(12);
      }
    };
    candles();
    await harness.kernel.start();
    return { state, harness, minutes, steps, setPrice };
  };
  const count = (h: Harness, sql: string) => h.kernel.store.db.prepare(sql).pluck().get() as number;

  it('fills no stop at the frozen price while the market is halted, says so once, and sells once it trades', async () => {
    const { state, harness: h, minutes, setPrice } = await start();
    const { kernel, clock, logs } = h;
    kernel.store.savePosition({ symbol: 'BTC/USDT', qty: 0.01, avgPrice: 50_000, openedAt: clock.now(), stopPrice: 45_000, targetPrice: null, atr: null, peakPrice: 50_000, trailingActive: false, markPrice: 50_000 }, clock.now());
    await minutes(2);
    // The last trade before the halt fell through the stop; the ticker and the candles stay there while it lasts.
    state.halted!.add('BTCUSDT');
    setPrice(44_000);
    const before = logs.length;
    await minutes(30);
    const during = logs.slice(before);
    expect(count(h, 'SELECT COUNT(*) FROM fills')).toBe(0);
    expect(count(h, 'SELECT COUNT(*) FROM orders')).toBe(0);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
    const waiting = during.filter((l) => String(l.msg).startsWith('exit of BTC/USDT not sent'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('the exchange lists BTC/USDT as not trading') });
    // Worded for paper: nothing is held on the exchange to sell there by hand.
    expect(waiting[0]!.msg).toContain('Paper trading: nothing is held on the exchange');
    expect(waiting[0]!.msg).not.toContain('sell it on the exchange');
    // The market list is read at most once a minute for it, not at every request.
    const reads = server!.requests.filter((r) => r.path.startsWith('/api/v3/exchangeInfo')).length;
    expect(reads).toBeLessThanOrEqual(33);

    state.halted!.delete('BTCUSDT');
    await minutes(3);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(logs.filter((l) => l.msg === 'BTC/USDT trades again: its exit is sent')).toHaveLength(1);
    expect(count(h, 'SELECT COUNT(*) FROM fills')).toBe(1);
  }, 60_000);

  it('buys nothing while the market is halted: the risk gate rejects the entry before any order', async () => {
    const { state, harness: h, minutes } = await start();
    const { kernel, clock, logs } = h;
    await minutes(2);
    state.halted!.add('BTCUSDT');
    await minutes(2);
    const before = logs.length;
    for (const n of [1, 2, 3]) {
      await kernel.trader.onVerdict(buyVerdict(`halted-${n}`, clock.now()));
      await minutes(1);
    }
    expect(count(h, 'SELECT COUNT(*) FROM orders')).toBe(0);
    expect(count(h, 'SELECT COUNT(*) FROM fills')).toBe(0);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    const rules = kernel.store.db.prepare('SELECT rule, reason FROM risk_decisions').all() as { rule: string; reason: string }[];
    expect(rules).toHaveLength(3);
    expect(rules.every((r) => r.rule === 'market_not_trading')).toBe(true);
    expect(rules[0]!.reason).toContain('the exchange lists BTC/USDT as not trading');
    expect(logs.slice(before).filter((l) => l.msg === 'risk gate rejected an entry')).toHaveLength(3);

    // Once it trades, the next BUY enters.
    state.halted!.delete('BTCUSDT');
    await minutes(2);
    await kernel.trader.onVerdict(buyVerdict('halted-4', clock.now()));
    await minutes(5);
    expect(count(h, 'SELECT COUNT(*) FROM orders')).toBe(1);
    expect(kernel.store.position('BTC/USDT')).not.toBeNull();
  }, 60_000);

  it('cancels an entry still waiting for its price when the halt is seen, instead of filling it during the halt', async () => {
    const { state, harness: h, minutes, steps, setPrice } = await start();
    const { kernel, clock, logs } = h;
    await minutes(2);
    await kernel.trader.onVerdict(buyVerdict('in-flight', clock.now()));
    expect(count(h, "SELECT COUNT(*) FROM orders WHERE status = 'submitted'")).toBe(1);
    // The halt begins: no trade, so no new candle, for two minutes (the status read for the entry is then over a minute
    // old and read again at the position check); then candles come at the frozen price. Without the fix: 1 fill.
    state.halted!.add('BTCUSDT');
    await steps(24);
    setPrice(51_000);
    await minutes(5);
    expect(count(h, 'SELECT COUNT(*) FROM fills')).toBe(0);
    expect(count(h, "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'")).toBe(1);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(logs.filter((l) => String(l.msg).includes('cancelled: the exchange lists BTC/USDT as not trading'))).toHaveLength(1);
  }, 60_000);
});
