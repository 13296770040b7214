import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcxtBroker, type CcxtBrokerOptions } from '../../src/trading/ccxt-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError, TransientError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { FakeBinance } from './fake-binance.js';
import type { OrderRequest } from '../../src/domain/order.js';

const API_KEY = 'test-api-key-AAAA1111';
const SECRET = 'test-secret-BBBB2222';
let fake: FakeBinance;
let base: string;
const clock = new VirtualClock(Date.UTC(2026, 0, 5));

const make = (over: Partial<CcxtBrokerOptions> = {}) =>
  new CcxtBroker({ clock, exchangeId: 'binance', apiKey: API_KEY, secret: SECRET, apiBaseUrl: base, enableRateLimit: false, timeoutMs: 2_000, ...over });
const buy = (id: string, qty = 0.01): OrderRequest => ({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy', qty });
const noSecrets = (text: string | undefined) => {
  expect(text ?? '').not.toContain(API_KEY);
  expect(text ?? '').not.toContain(SECRET);
};

beforeEach(async () => {
  fake = new FakeBinance();
  base = await fake.start();
});
afterEach(async () => {
  await fake.stop();
});

describe('CcxtBroker against a fake Binance on loopback', () => {
  it('submits a market order with the client order id and maps its fills', async () => {
    const r = await make().submit(buy('cv-1'));
    expect(r.status).toBe('filled');
    expect(r.exchangeOrderId).toBe('1000');
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ clientOrderId: 'cv-1', symbol: 'BTC/USDT', side: 'buy', price: 50_000 });
    // Commission 0.00001 BTC, taken from the coins bought (the account holds 0.00999) and valued in USDT at the fill price.
    expect(r.fills[0]!.qty).toBeCloseTo(0.00999, 12);
    expect(r.fills[0]!.fee).toBeCloseTo(0.5, 9);
    const post = fake.requests.find((q) => q.method === 'POST')!;
    expect(post.params).toMatchObject({ newClientOrderId: 'cv-1', type: 'MARKET', side: 'BUY', quantity: '0.01', symbol: 'BTCUSDT' });
    expect(post.apiKeyHeader).toBe(API_KEY);
    expect(fake.requests.every((q) => q.path.startsWith('/api/v3/'))).toBe(true);
  });

  it('never sends a repeated client order id twice', async () => {
    const broker = make();
    const [a, b] = await Promise.all([broker.submit(buy('cv-2')), broker.submit(buy('cv-2'))]);
    const c = await broker.submit(buy('cv-2'));
    expect(fake.posts('cv-2')).toBe(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    await expect(broker.submit(buy('cv-2', 0.02))).rejects.toThrow(/already used/);
  });

  it('reports a definite refusal as rejected, with the reason', async () => {
    fake.queue('reject');
    const r = await make().submit(buy('cv-3'));
    expect(r.status).toBe('rejected');
    expect(r.reason).toMatch(/insufficient balance/);
    noSecrets(r.reason);
  });

  it('signs with the exchange’s time: a machine clock 3 s ahead of Binance’s still places orders', async () => {
    fake.clockOffsetMs = -3000;
    const r = await make().submit(buy('cv-clock-1'));
    expect(r.status).toBe('filled');
    expect(fake.requests.some((q) => q.path === '/api/v3/time')).toBe(true);
  });

  it('sends an order refused for its time (-1021) once more with the exchange’s time read again, and then takes a refusal as a rejection saying the clock is off', async () => {
    const broker = make();
    expect((await broker.submit(buy('cv-clock-2'))).status).toBe('filled');
    // The machine's clock then jumps 3 s ahead of the exchange's (the exchange's seen 3 s behind).
    fake.clockOffsetMs = -3000;
    // Refused for its time (-1021), never placed: sent once more with the exchange's time read again.
    expect((await broker.submit(buy('cv-clock-3'))).status).toBe('filled');
    expect(fake.posts('cv-clock-3')).toBe(2);
    // A time read that does not set it right (the clock moved again between): rejected after the one retry, saying why.
    fake.clockOffsetMs = -6000;
    const times = fake.requests.filter((q) => q.path === '/api/v3/time').length;
    fake.timeAnswerOffsetMs = -3000;
    const refused = await broker.submit(buy('cv-clock-4'));
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toMatch(/^rejected by binance: .*1000ms ahead of the server's time.*; this machine's clock is off from the exchange's: .*sync the clock/);
    expect(fake.requests.filter((q) => q.path === '/api/v3/time').length).toBe(times + 1);
  });

  it('says of a look-up refused for the time (-1021) that the clock is off, and the next look-up is signed with the exchange’s time read again', async () => {
    const broker = make();
    expect((await broker.submit(buy('cv-clock-5'))).status).toBe('filled');
    fake.clockOffsetMs = -3000;
    const refused = await broker.fetchOrder({ clientOrderId: 'cv-clock-5', symbol: 'BTC/USDT' });
    expect(refused!.status).toBe('unknown');
    expect(refused!.reason).toMatch(/^look-up of cv-clock-5 failed: .*1000ms ahead of the server's time.*; this machine's clock is off from the exchange's: .*sync the clock/);
    expect((await broker.fetchOrder({ clientOrderId: 'cv-clock-5', symbol: 'BTC/USDT' }))!.status).toBe('filled');
  });

  it('caps an entry at its decided price plus maxEntrySlippageBps, as an immediate-or-cancel limit order: the book’s share within it, nothing above', async () => {
    const broker = make({ maxEntrySlippageBps: 100 });
    const entry = (id: string, qty: number): OrderRequest => ({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy', qty, refPrice: 49_800 });
    // Within the cap (50,000 against 49,800 × 1.01 = 50,298): filled, as a LIMIT IOC at the cap.
    expect((await broker.submit(entry('cv-cap-1', 0.01))).status).toBe('filled');
    expect(fake.requests.find((q) => q.method === 'POST')!.params).toMatchObject({ type: 'LIMIT', timeInForce: 'IOC', price: '50298', quantity: '0.01' });
    // A thin book: 0.004 offered at the price, the rest expires.
    fake.bookQty = 0.004;
    const thin = await broker.submit(entry('cv-cap-2', 0.01));
    expect(thin.status).toBe('cancelled');
    expect(thin.fills.reduce((sum, f) => sum + f.qty, 0)).toBeCloseTo(0.004 * 0.999, 12);
    expect(thin.reason).toBe('partly filled: the book offered no more at or below 50298 (49800 decided on, plus maxEntrySlippageBps 100); the rest is cancelled');
    // The price ran past the cap: nothing bought.
    fake.bookQty = undefined;
    fake.price = 50_400;
    const ran = await broker.submit(entry('cv-cap-3', 0.01));
    expect(ran).toMatchObject({ status: 'cancelled', fills: [] });
    expect(ran.reason).toMatch(/^not filled: the book offered nothing at or below 50298/);
    // An exchange that leaves the order on the book (no immediate-or-cancel): cancelled at once, saying why.
    fake.ignoresTimeInForce = true;
    const rested = await broker.submit(entry('cv-cap-6', 0.01));
    expect(rested).toMatchObject({ status: 'cancelled', fills: [] });
    expect(rested.reason).toMatch(/^not filled: the book offered nothing at or below 50298/);
    expect(fake.orders.get('cv-cap-6')!.status).toBe('CANCELED');
    // Exits, and entries without a decided price, stay market orders; so does every order with the cap at 0.
    await broker.submit({ clientOrderId: 'cv-cap-4', symbol: 'BTC/USDT', side: 'sell', qty: 0.001 });
    await make().submit(entry('cv-cap-5', 0.01));
    const typeOf = (id: string) => fake.requests.find((q) => q.method === 'POST' && q.params['newClientOrderId'] === id)!.params['type'];
    expect([typeOf('cv-cap-4'), typeOf('cv-cap-5')]).toEqual(['MARKET', 'MARKET']);
  });

  it('refuses a key the exchange says may not trade spot, warns of one that may withdraw, and leaves an unanswered question to the first order', async () => {
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }) } });
    await make({ logger }).checkKey();
    expect(lines).toEqual([]);
    fake.keyRestrictions = { ipRestrict: false, enableReading: true, enableWithdrawals: true, enableSpotAndMarginTrading: true };
    await make({ logger }).checkKey();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['warn', "binance says the API key may withdraw funds: anyone who gets the key can empty the account; conclave never withdraws: create a key with withdrawals off, restricted to this machine's IP"],
    ]);
    fake.keyRestrictions = { ipRestrict: true, enableReading: true, enableWithdrawals: false, enableSpotAndMarginTrading: false };
    const refused = await make({ logger }).checkKey().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).message).toMatch(/^binance says the API key may not trade spot \("Enable Spot & Margin Trading" is off\): every order, a stop's sale included, would be refused/);
    fake.keyRestrictions = undefined;
    await make({ logger }).checkKey();
    expect(lines.at(-1)!.msg).toMatch(/^the API key's permissions could not be read from binance: /);
    noSecrets(JSON.stringify(lines));
  });

  it('asks what the key may do with the exchange’s time: a machine clock 3 s ahead of Binance’s still has a key that may not trade refused', async () => {
    fake.clockOffsetMs = -3000;
    fake.keyRestrictions = { ipRestrict: true, enableReading: true, enableWithdrawals: false, enableSpotAndMarginTrading: false };
    const refused = await make().checkKey().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect(fake.requests.filter((q) => q.path === '/sapi/v1/account/apiRestrictions')).toHaveLength(1);
  });

  it('reads the market rules again after the exchange refuses an order as invalid: a minimum raised while a position is held', async () => {
    const broker = make();
    expect((await broker.instrument('BTC/USDT'))!.minCost).toBe(5);
    // A market order is limited by MARKET_LOT_SIZE (100 BTC), far below LOT_SIZE (9,000): the smaller binds.
    expect((await broker.instrument('BTC/USDT'))!.maxQty).toBe(100);
    // Binance takes a buy's fee from the coin bought: no fee is held back from the cash.
    expect(await broker.instrument('BTC/USDT')).not.toHaveProperty('quoteFeeRate');
    // Binance raises its smallest order value to 20 USDT; the 0.0002 BTC held (10 USDT) can no longer be sold.
    fake.minNotional = 20;
    const refused = await broker.submit({ clientOrderId: 'cv-min', symbol: 'BTC/USDT', side: 'sell', qty: 0.0002 });
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/Filter failure: NOTIONAL/) });
    // The next exit sees the new minimum (and the trader writes the position off instead of being refused at every check).
    expect((await broker.instrument('BTC/USDT'))!.minCost).toBe(20);
    expect(fake.requests.filter((r) => r.path === '/api/v3/exchangeInfo')).toHaveLength(2);
    // Read again once, not at every use.
    await broker.instrument('BTC/USDT');
    expect(fake.requests.filter((r) => r.path === '/api/v3/exchangeInfo')).toHaveLength(2);
  });

  it('loads the markets again once the exchange answers, when the first load failed (its maintenance)', async () => {
    // ccxt keeps a failed loadMarkets and answers it to every later call unless asked to reload: every order of a
    // daemon started during the exchange's maintenance was refused, "markets unavailable", for as long as it ran.
    const broker = make();
    fake.maintenance = true;
    expect(await broker.submit(buy('cv-maint-1'))).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/markets of binance unavailable.*maintenance/) });
    fake.maintenance = false;
    expect((await broker.submit(buy('cv-maint-2'))).status).toBe('filled');
  });

  it('rejects invalid requests without calling the exchange', async () => {
    const r = await make().submit({ ...buy('cv-x'), qty: -1 });
    expect(r).toMatchObject({ status: 'rejected' });
    expect(fake.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('treats a 5xx as unknown, and a look-up then finds the order was never placed', async () => {
    fake.queue('error500');
    const broker = make();
    const r = await broker.submit(buy('cv-4'));
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/resolve with fetchOrder/);
    expect(await broker.fetchOrder({ clientOrderId: 'cv-4', symbol: 'BTC/USDT' })).toBeNull();
  });

  it('treats a dropped connection as unknown and resolves it by client order id', async () => {
    fake.queue('drop');
    const broker = make();
    const r = await broker.submit(buy('cv-5'));
    expect(r.status).toBe('unknown');
    noSecrets(r.reason);
    const resolved = await broker.fetchOrder({ clientOrderId: 'cv-5', symbol: 'BTC/USDT' });
    expect(resolved?.status).toBe('filled');
    const filled = resolved!.fills.reduce((s, f) => s + f.qty, 0);
    expect(filled).toBeCloseTo(0.00999, 12); // less the commission paid in BTC
    expect(resolved!.fills[0]!.price).toBe(50_000);
    // Its commission comes from the order's trades (0.1 % of the coins bought, valued in USDT).
    expect(resolved!.fills[0]!.fee).toBeCloseTo(0.5, 9);
    expect(fake.requests.some((q) => q.path === '/api/v3/myTrades' && q.params['orderId'] === resolved!.exchangeOrderId)).toBe(true);
    // A repeated submission looks the unknown order up instead of sending it again.
    expect((await broker.submit(buy('cv-5'))).status).toBe('filled');
    expect(fake.posts('cv-5')).toBe(1);
    const get = fake.requests.find((q) => q.method === 'GET' && q.path === '/api/v3/order');
    expect(get?.params['origClientOrderId']).toBe('cv-5');
  });

  it('takes an answer over the byte limit for a lost one: the order is unknown, resolved by client order id', async () => {
    fake.queue('huge');
    const broker = make({ maxBytes: 65_536 });
    const r = await broker.submit(buy('cv-big'));
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/binance POST \/api\/v3\/order: the answer (is \d+ bytes, over|passed) the 65536-byte limit; download stopped \(raise ccxtMaxBytes/);
    noSecrets(r.reason);
    expect((await broker.fetchOrder({ clientOrderId: 'cv-big', symbol: 'BTC/USDT' }))?.status).toBe('filled');
  });

  it('logs and counts fees it cannot read, and marks those fills instead of passing them off as free', async () => {
    fake.queue('drop');
    fake.tradesFail = true;
    const warnings: string[] = [];
    const logger = { warn: (_fields: object, message: string) => warnings.push(message) } as unknown as NonNullable<CcxtBrokerOptions['logger']>;
    const broker = make({ logger });
    expect((await broker.submit(buy('cv-fee'))).status).toBe('unknown');
    const resolved = await broker.fetchOrder({ clientOrderId: 'cv-fee', symbol: 'BTC/USDT' });
    expect(resolved?.status).toBe('filled');
    expect(resolved!.fills[0]).toMatchObject({ fee: 0, feeUnknown: true });
    expect(broker.stats()).toEqual({ feeLookupFailures: 1, feeUnknownOrders: 1 });
    expect(warnings.some((m) => /cannot read the trades \(fees\) of order/.test(m))).toBe(true);
    expect(warnings.some((m) => /reported no fee for order cv-fee: recorded as 0 and marked feeUnknown/.test(m))).toBe(true);
    warnings.forEach(noSecrets);
  });

  it('treats a timeout as unknown, never as failed', async () => {
    fake.queue('delay');
    fake.delayMs = 1_000;
    const broker = make({ timeoutMs: 200 });
    const r = await broker.submit(buy('cv-6'));
    expect(r.status).toBe('unknown');
    expect((await broker.fetchOrder({ clientOrderId: 'cv-6', symbol: 'BTC/USDT' }))?.status).toBe('filled');
  });

  it('recognises a duplicate id at the exchange by looking the order up', async () => {
    fake.place('cv-7', 'BUY', 0.01, 'NEW');
    const r = await make().submit(buy('cv-7'));
    expect(r.status).toBe('submitted');
    expect(r.fills).toEqual([]);
  });

  it('reports partial fills and cancels the rest', async () => {
    fake.queue('partial');
    const broker = make();
    const r = await broker.submit(buy('cv-8', 0.02));
    expect(r.status).toBe('partially_filled');
    expect(r.fills[0]!.qty).toBeCloseTo(0.00999, 12); // 0.01 less its commission in BTC
    const cancelled = await broker.cancelOrder({ clientOrderId: 'cv-8', symbol: 'BTC/USDT' });
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled!.fills.reduce((s, f) => s + f.qty, 0)).toBeCloseTo(0.00999, 12);
  });

  it('answers a cancel refused because the order filled meanwhile (-2011) with the filled order', async () => {
    fake.queue('partial');
    const broker = make();
    expect((await broker.submit(buy('cv-9', 0.02))).status).toBe('partially_filled');
    fake.beforeCancel = (order) => Object.assign(order, { status: 'FILLED', executedQty: order.origQty });
    const answer = await broker.cancelOrder({ clientOrderId: 'cv-9', symbol: 'BTC/USDT' });
    fake.beforeCancel = undefined;
    expect(answer?.status).toBe('filled');
  });

  describe('reconcile', () => {
    it('finds nothing to explain when store and exchange agree', async () => {
      fake.place('cv-open', 'BUY', 0.01, 'NEW');
      const mismatches = await make().reconcile({
        openOrders: [{ clientOrderId: 'cv-open', symbol: 'BTC/USDT' }],
        balances: { USDT: 10_000, BTC: 0 },
      });
      expect(mismatches).toEqual([]);
    });
    it('explains orders that ended while the daemon was down, and flags what it cannot explain', async () => {
      fake.place('cv-done', 'BUY', 0.01, 'FILLED');
      fake.place('cv-manual', 'BUY', 0.5, 'NEW');
      fake.balances.BTC = { free: 0.01, locked: 0 };
      const mismatches = await make().reconcile({
        openOrders: [
          { clientOrderId: 'cv-done', symbol: 'BTC/USDT' },
          { clientOrderId: 'cv-never', symbol: 'BTC/USDT' },
        ],
        balances: { USDT: 10_000, BTC: 0 },
      });
      const byId = (id: string) => mismatches.find((m) => m.clientOrderId === id);
      expect(byId('cv-done')).toMatchObject({ kind: 'order_not_open', explained: true, result: { status: 'filled' } });
      expect(byId('cv-never')).toMatchObject({ kind: 'order_not_open', explained: true, result: null });
      expect(byId('cv-manual')).toMatchObject({ kind: 'unexpected_open_order', explained: false });
      // More BTC than the store's positions: the account's own, left alone.
      expect(mismatches.find((m) => m.kind === 'balance_mismatch')).toMatchObject({ asset: 'BTC', expected: 0, actual: 0.01, explained: true });
      expect(mismatches).toHaveLength(4);
    });
    it('fails with a configuration error naming the key when the exchange refuses it', async () => {
      fake.requiredApiKey = 'the-right-key';
      const error = (await make().reconcile({ openOrders: [], balances: {} }).catch((e: unknown) => e)) as ConfigError;
      fake.requiredApiKey = undefined;
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.key).toBe('exchangeApiKey');
      expect(error.message).toMatch(/^binance refused the API key \(.*Invalid API-key.*\): check CONCLAVE_EXCHANGE_API_KEY and CONCLAVE_EXCHANGE_SECRET/);
      noSecrets(error.message);
    });
    it('fails with a transient error, asked again, on Binance’s own 503 (-1001 "Internal error", ccxt’s OperationFailed)', async () => {
      fake.internalError = true;
      const error = (await make().reconcile({ openOrders: [], balances: {} }).catch((e: unknown) => e)) as Error;
      fake.internalError = false;
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toMatch(/^cannot reconcile with binance: .*Internal error; unable to process your request/);
    });
    it('fails with an operational error that names no secret when the exchange is unreachable', async () => {
      await fake.stop();
      const broker = make({ timeoutMs: 300 });
      const error = (await broker.reconcile({ openOrders: [], balances: {} }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/cannot reconcile with binance/);
      noSecrets(error.message);
    });
  });

  it('keeps keys and signatures out of every reason and error', async () => {
    fake.requiredApiKey = 'the-right-key';
    const broker = make();
    const refused = await broker.submit(buy('cv-9'));
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toMatch(/Invalid API-key/);
    fake.requiredApiKey = undefined;
    fake.queue('error500', 'drop');
    const reasons = [refused.reason, (await broker.submit(buy('cv-10'))).reason, (await broker.submit(buy('cv-11'))).reason];
    for (const reason of reasons) {
      noSecrets(reason);
      expect(reason).not.toMatch(/signature=[0-9a-f]{8}/);
    }
  });

  it('validates its configuration', () => {
    expect(() => make({ exchangeId: 'nope' })).toThrow(ConfigError);
    expect(() => make({ apiKey: '' })).toThrow(/API key and secret/);
    try {
      make({ secret: undefined });
    } catch (error) {
      noSecrets((error as Error).message);
    }
  });
});
