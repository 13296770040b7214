/**
 * Live trading on Kraken through ccxt's real kraken class, against a loopback fake of Kraken's REST API: conclave's
 * client order ids sent as UUIDs (Kraken takes free text of 18 characters at most), and an order looked up by that id
 * among the open orders and then the closed ones (ccxt's own look-up sends it as userref, which Kraken does not match).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel, storeFile } from '../../src/kernel/kernel.js';
import type { MarketData } from '../../src/market/market-port.js';
import { openStore } from '../../src/store/store.js';
import { CcxtBroker } from '../../src/trading/ccxt-broker.js';
import { entryOrderId, exitOrderId } from '../../src/trading/client-order-id.js';
import { uuidOf } from '../../src/trading/exchange-orders.js';
import { startKraken, type KrakenState } from '../helpers/loopback-kraken.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { liveEnvOf } from '../trading/fake-binance.js';

// Kraken's secrets are base64: ccxt decodes them to sign.
const SECRET = Buffer.from('a kraken secret of the test').toString('base64');

describe('live trading on Kraken (a loopback fake of its API)', () => {
  let state: KrakenState;
  let server: LoopbackServer;
  const clock = new VirtualClock(Date.UTC(2026, 11, 5, 12));
  beforeEach(async () => {
    state = { price: 50_000, balances: { USDT: 10_000 }, orders: [], calls: [] };
    server = await startKraken(state);
  });
  afterEach(() => server.close());

  const broker = () => new CcxtBroker({ clock, exchangeId: 'kraken', apiKey: 'kraken-key', secret: SECRET, apiBaseUrl: server.url, enableRateLimit: false, timeoutMs: 2_000, maxEntrySlippageBps: 50 });
  const entry = entryOrderId('2026-12-05T12:00:00.000Z-BTC/USDT-verdict-7');

  it('places a capped entry under a UUID derived from its id, and reads its fill and fee from the closed order', async () => {
    expect(entry.length).toBeGreaterThan(18);
    const result = await broker().submit({ clientOrderId: entry, symbol: 'BTC/USDT', side: 'buy', qty: 0.01, refPrice: 50_000 });
    // With a deadline 30 s on (the clock's 12:00), after which Kraken rejects the request however long it queued: a
    // look-up that finds nothing a minute on is then sure it was never placed.
    expect(state.calls.find((c) => c.endpoint === 'private/AddOrder')!.params).toMatchObject({ cl_ord_id: uuidOf(entry), ordertype: 'limit', timeinforce: 'IOC', price: '50250', volume: '0.01', deadline: '2026-12-05T12:00:30Z' });
    expect(result).toMatchObject({ status: 'filled', exchangeOrderId: 'O00001-FAKE-KRKN' });
    expect(result.fills).toHaveLength(1);
    expect(result.fills[0]).toMatchObject({ clientOrderId: entry, qty: 0.01, price: 50_000 });
    expect(result.fills[0]!.fee).toBeCloseTo(1.3, 9);
    expect(result.fills[0]!.feeUnknown).toBeUndefined();
  });

  it('finds an order whose answer was lost by its id: filled, never sent twice; an id it never saw is not found', async () => {
    const b = broker();
    const exit = exitOrderId('BTC/USDT', clock.now(), clock.now() - 3_600_000);
    state.balances['XXBT'] = 0.02;
    state.loseNextAnswer = true;
    const lost = await b.submit({ clientOrderId: exit, symbol: 'BTC/USDT', side: 'sell', qty: 0.02 });
    expect(lost.status).toBe('unknown');
    const found = await b.fetchOrder({ clientOrderId: exit, symbol: 'BTC/USDT' });
    expect(found).toMatchObject({ status: 'filled', exchangeOrderId: 'O00001-FAKE-KRKN' });
    expect(found!.fills.reduce((sum, f) => sum + f.qty, 0)).toBeCloseTo(0.02, 12);
    expect(state.orders).toHaveLength(1);
    expect(state.calls.filter((c) => c.endpoint === 'private/ClosedOrders').map((c) => c.params['cl_ord_id'])).toEqual([uuidOf(exit)]);
    expect(await b.fetchOrder({ clientOrderId: 'co-never-sent', symbol: 'BTC/USDT' })).toBeNull();
  });

  it('does not take an order for never placed when the closed orders come back unfiltered, 50 of more, without it', async () => {
    const b = broker();
    const mine = 'co-filled-long-ago';
    state.orders.push({ txid: 'OMINE-OLD', cl_ord_id: uuidOf(mine), side: 'buy', ordertype: 'limit', vol: 0.01, vol_exec: 0.01, limit: 50_250, avg: 50_000, status: 'closed', opentm: 1_000 });
    for (let i = 0; i < 60; i++) state.orders.push({ txid: `OOTHER-${i}`, side: 'buy', ordertype: 'market', vol: 0.001, vol_exec: 0.001, avg: 50_000, status: 'closed', opentm: 2_000 + i });
    state.closedUnfiltered = true;
    const result = await b.fetchOrder({ clientOrderId: mine, symbol: 'BTC/USDT' });
    expect(result).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/answered 50 of 61 closed orders.*check it on kraken/) });
    // Among the 50 answered, it is found; with the filter applied, one not there is not found.
    state.orders.find((o) => o.txid === 'OMINE-OLD')!.opentm = 9_000;
    expect(await b.fetchOrder({ clientOrderId: mine, symbol: 'BTC/USDT' })).toMatchObject({ status: 'filled' });
    state.closedUnfiltered = false;
    expect(await b.fetchOrder({ clientOrderId: 'co-not-there', symbol: 'BTC/USDT' })).toBeNull();
  });

  it('sells all a position holds with the fee paid in USDT (oflags fciq), not in the coin sold, which the position does not hold more of', async () => {
    state.balances = { XXBT: 0.02, USDT: 0 };
    const exit = exitOrderId('BTC/USDT', clock.now(), clock.now() - 3_600_000);
    const b = broker();
    await b.submit({ clientOrderId: exit, symbol: 'BTC/USDT', side: 'sell', qty: 0.02 });
    expect(state.calls.find((c) => c.endpoint === 'private/AddOrder')!.params).toMatchObject({ ordertype: 'market', oflags: 'fciq' });
    // Kraken's answer to AddOrder is its txid alone: the fill is read from the order.
    const result = (await b.fetchOrder({ clientOrderId: exit, symbol: 'BTC/USDT' }))!;
    expect(result).toMatchObject({ status: 'filled' });
    expect(result.fills[0]).toMatchObject({ qty: 0.02, price: 50_000 });
    expect(result.fills[0]!.fee).toBeCloseTo(2.6, 9);
    expect(state.balances['XXBT']).toBeCloseTo(0, 12);
    expect(state.balances['USDT']).toBeCloseTo(1_000 - 2.6, 9);
  });

  it('reconciles its own open order by its UUID, and tells another’s apart', async () => {
    state.orders.push({ txid: 'OAAAAA-OPEN-1', cl_ord_id: uuidOf('co-open-1'), side: 'buy', ordertype: 'limit', vol: 0.01, vol_exec: 0, limit: 40_000, avg: 0, status: 'open', opentm: 1 });
    state.orders.push({ txid: 'OBBBBB-OPEN-2', side: 'buy', ordertype: 'limit', vol: 0.01, vol_exec: 0, limit: 30_000, avg: 0, status: 'open', opentm: 1 });
    const mismatches = await broker().reconcile({ openOrders: [{ clientOrderId: 'co-open-1', symbol: 'BTC/USDT' }], balances: { USDT: 10_000 } }, { clientOrderIdPrefix: 'co-', allowForeignOrders: true });
    expect(mismatches).toEqual([expect.objectContaining({ kind: 'unexpected_open_order', clientOrderId: 'OBBBBB-OPEN-2', explained: true })]);
  });

  it('applies at a restart an entry Kraken filled while conclave was down, priced and stopped as its verdict said', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-kraken-'));
    const config = loadConfig({ env: liveEnvOf(server.url, dataDir, { CONCLAVE_CCXT_EXCHANGE: 'kraken', CONCLAVE_EXCHANGE_API_KEY: 'kraken-key', CONCLAVE_EXCHANGE_SECRET: SECRET }) });
    const now = Date.now();
    const store = openStore(storeFile(config));
    store.ensureAccount(10_000, now - 120_000, new Date(now).toISOString().slice(0, 10));
    store.insertOrder({ clientOrderId: 'co-crash-kraken', verdictId: null, symbol: 'BTC/USDT', side: 'buy', qty: 0.01, status: 'submitted', purpose: 'entry', createdAt: now - 120_000 });
    store.close();
    state.orders.push({ txid: 'OCCCCC-FILLED', cl_ord_id: uuidOf('co-crash-kraken'), side: 'buy', ordertype: 'limit', vol: 0.01, vol_exec: 0.01, limit: 50_250, avg: 50_000, status: 'closed', opentm: now / 1000 - 120 });
    state.balances = { XXBT: 0.01, USDT: 10_000 - 500 - 1.3 };
    const market: MarketData = { name: 'kraken-price', symbols: () => ['BTC/USDT'], bars: () => Promise.resolve([]), price: () => Promise.resolve(state.price) };
    const kernel = await Kernel.create(config, { clock: new VirtualClock(now), market, logDestination: { write: () => undefined } });
    // ccxt's limiter spaces Kraken's calls 3 s apart: the start's 4 take about 12 s.
    await kernel.start();
    try {
      expect(kernel.store.order('co-crash-kraken')).toMatchObject({ status: 'filled', filledQty: 0.01 });
      expect(kernel.store.position('BTC/USDT')!.qty).toBeCloseTo(0.01, 12);
      expect(state.calls.filter((c) => c.endpoint === 'private/AddOrder')).toEqual([]);
    } finally {
      await kernel.stop();
    }
  });
});
