/**
 * What the real ccxt classes of the exchanges a spot trader most likely picks send for the calls live mode's safety
 * rests on, built offline (their signing replaced by a recorder: nothing reaches a network), and what live mode makes
 * of each.
 */
import { describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import { ConfigError } from '../../src/core/errors.js';
import { checkLiveCapability, missingFrom, offlineExchange, PROBE_ID, requestsOf } from '../../src/trading/exchange-capability.js';
import { ExchangeOrders, uuidOf } from '../../src/trading/exchange-orders.js';
import { placeStopOrder } from '../../src/trading/ccxt-stop-order.js';
import { entryOrderId } from '../../src/trading/client-order-id.js';
import { LIVE_EXCHANGES, liveExchangeRefusal } from '../../src/config/live-exchanges.js';

/** What some classes ask first (the account's kind), answered as a spot account's would be. */
const presets: Record<string, (e: Exchange) => void> = {
  bybit: (e) => Object.assign(e.options, { enableUnifiedMargin: false, enableUnifiedAccount: true }),
  kucoin: (e) => Object.assign(e.options, { uta: false }),
  htx: (e) => Object.assign(e, { accounts: [{ id: '1', type: 'spot', info: {} }] }),
};
const requests = (id: string) => requestsOf(id, presets[id]);

describe('the exchanges live mode supports', () => {
  it('place with the client order id, look it up by it, list every open order and send entries immediate-or-cancel', async () => {
    for (const id of ['binance', 'binanceus', 'kraken']) {
      expect(missingFrom(LIVE_EXCHANGES[id]!, await requests(id)), id).toEqual([]);
      await expect(checkLiveCapability(id)).resolves.toBeUndefined();
      expect(liveExchangeRefusal(id)).toBeNull();
    }
    for (const id of ['binance', 'binanceus']) {
      const r = await requests(id);
      expect(r.limitIoc.params).toMatchObject({ newClientOrderId: PROBE_ID, timeInForce: 'IOC', type: 'LIMIT' });
      expect(r.lookUp).toMatchObject({ endpoint: 'GET private:order', params: { origClientOrderId: PROBE_ID } });
      expect(r.openOrders).toEqual({ endpoint: 'GET private:openOrders', params: {} });
    }
  });

  it('binance and binanceus (exchangeStop’s exchanges) send the protective stop as STOP_LOSS_LIMIT with its trigger, limit, GTC and the client id', async () => {
    for (const id of ['binance', 'binanceus']) {
      // A market that lists the stop-limit among its order types (the start refuses one that does not).
      const { exchange, sent } = offlineExchange(id, (e) => void (e.markets!['BTC/USDT']!.info as { orderTypes: string[] }).orderTypes.push('STOP_LOSS_LIMIT'));
      const params = new ExchangeOrders(exchange).placing(PROBE_ID, 0);
      await placeStopOrder(exchange, { clientOrderId: PROBE_ID, symbol: 'BTC/USDT', side: 'sell', qty: 0.01 }, { trigger: 49_000, limit: 48_020 }, params, 0).catch(() => undefined);
      expect(sent.at(-1)?.params, id).toMatchObject({ type: 'STOP_LOSS_LIMIT', side: 'SELL', stopPrice: '49000', price: '48020', timeInForce: 'GTC', newClientOrderId: PROBE_ID, quantity: '0.01' });
      expect(LIVE_EXCHANGES[id]!.stopOrders, id).toBe(true);
    }
    expect(LIVE_EXCHANGES['kraken']!.stopOrders).toBeUndefined();
  });

  it('kraken: the id sent as a UUID, looked up among the open and then the closed orders by cl_ord_id', async () => {
    const r = await requests('kraken');
    expect(r.limitIoc.params).toMatchObject({ cl_ord_id: uuidOf(PROBE_ID), ordertype: 'limit', timeinforce: 'IOC' });
    expect(r.marketSell.params).toMatchObject({ cl_ord_id: uuidOf(PROBE_ID), ordertype: 'market', oflags: 'fciq' });
    expect(r.limitIoc.params).toMatchObject({ oflags: 'fciq', deadline: '2026-01-01T00:00:30Z' });
    expect(missingFrom(Object.assign({}, LIVE_EXCHANGES['kraken'], { deadlineMs: 30_000 }), await requestsOf('kraken', undefined, Object.assign({}, LIVE_EXCHANGES['kraken'], { deadlineMs: undefined })))).toEqual([expect.stringMatching(/^an order is not placed with a deadline/)]);
    expect(missingFrom(LIVE_EXCHANGES['kraken']!, await requestsOf('kraken', undefined, Object.assign({}, LIVE_EXCHANGES['kraken'], { placeWith: { oflags: 'viqc' } })))).toEqual([expect.stringMatching(/^an order is not placed with oflags=fciq/)]);
    expect(r.lookUp).toEqual({ endpoint: 'POST private:OpenOrders', params: { cl_ord_id: uuidOf(PROBE_ID) } });
    expect(r.lookUpClosed).toEqual({ endpoint: 'POST private:ClosedOrders', params: { cl_ord_id: uuidOf(PROBE_ID) } });
    expect(r.openOrders).toEqual({ endpoint: 'POST private:OpenOrders', params: {} });
    expect(uuidOf('co-x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a ccxt class that does not send what was checked: Kraken’s own look-up sends the id as userref, not the cl_ord_id it placed it with', async () => {
    const own = await requestsOf('kraken', undefined, { placesAs: 'cl_ord_id', looksUpAs: 'cl_ord_id' });
    expect(own.lookUp.params).toEqual({ trades: true, userref: PROBE_ID });
    const e = await checkLiveCapability('kraken', { placesAs: 'cl_ord_id', looksUpAs: 'cl_ord_id' }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).key).toBe('ccxtExchange');
    expect((e as ConfigError).message).toMatch(/a look-up by client order id does not send it as cl_ord_id \(sends POST private:QueryOrders \{"trades":true,"userref":"co-probe-1a2b3c"\}\)/);
    expect((e as ConfigError).message).toMatch(/Install the ccxt version package-lock.json names/);
  });
});

describe('the exchanges live mode refuses, with what ccxt’s class does there', () => {
  it('coinbase: its own id instead of ours, and a look-up by client id that asks for order "undefined"', async () => {
    const r = await requests('coinbase');
    expect(String(r.limitIoc.params?.['client_order_id'])).toMatch(/^ccxt-/);
    expect(JSON.stringify(r.limitIoc.params)).not.toContain(PROBE_ID);
    expect(r.lookUp.endpoint).toMatch(/orders\/historical\/\{order_id\}$/);
    expect(r.lookUp.params?.['order_id']).toBeUndefined();
  });

  it('bybit and kucoin: no look-up without the exchange’s order id', async () => {
    expect((await requests('bybit')).lookUp.raised).toMatch(/^ArgumentsRequired/);
    expect((await requests('bybit')).limitIoc.params).toMatchObject({ orderLinkId: PROBE_ID });
    expect((await requestsOf('bybit', (e) => Object.assign(e.options, { enableUnifiedMargin: false, enableUnifiedAccount: false }))).lookUp.raised).toMatch(/^NotSupported/);
    const kucoin = await requests('kucoin');
    expect(kucoin.limitIoc.params).toMatchObject({ clientOid: PROBE_ID, timeInForce: 'IOC' });
    expect(kucoin.lookUp.raised).toMatch(/^ArgumentsRequired: kucoin fetchOrder\(\) requires an id/);
  });

  it('okx, gate: the id sent as it is (okx takes letters and digits only), or prefixed and capped at 28 characters', async () => {
    expect((await requests('okx')).limitIoc.params).toMatchObject([{ clOrdId: PROBE_ID, ordType: 'ioc' }]);
    expect((await requests('gate')).limitIoc.params).toMatchObject({ text: `t-${PROBE_ID}`, time_in_force: 'ioc' });
    expect((await requests('gate')).lookUp.params).toMatchObject({ order_id: `t-${PROBE_ID}` });
    const { exchange } = offlineExchange('gate');
    const long = entryOrderId('2026-12-05T04:00:00Z-BTC/USDT-1');
    expect(long.length).toBeGreaterThan(28);
    await expect(exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 50_000, { clientOrderId: long })).rejects.toThrow(/clientOrderId or text param must be up to 28 characters/);
  });

  it('bitstamp passes timeInForce unread; gemini takes no market order; crypto.com never sends our id', async () => {
    const bitstamp = await requests('bitstamp');
    expect(bitstamp.limitIoc.params).toMatchObject({ client_order_id: PROBE_ID, timeInForce: 'IOC' });
    expect(bitstamp.limitIoc.params).not.toHaveProperty('ioc_order');
    expect((await requests('gemini')).marketSell.raised).toMatch(/allows limit orders only/);
    const cryptocom = await requests('cryptocom');
    expect(JSON.stringify(cryptocom.limitIoc.params)).not.toContain(PROBE_ID);
    expect(JSON.stringify(cryptocom.marketSell.params)).not.toContain(PROBE_ID);
  });

  it('bitget and htx send our id both ways, but what they answer for an id they do not know is untested here', async () => {
    expect(missingFrom({ placesAs: 'clientOid', looksUpAs: 'clientOid' }, await requests('bitget'))).toEqual([]);
    const htx = await requests('htx');
    expect(htx.limitIoc.params).toMatchObject({ 'client-order-id': PROBE_ID, type: 'buy-ioc' });
    expect(htx.lookUp).toMatchObject({ endpoint: 'GET spot/private:v1/order/orders/getClientOrder', params: { clientOrderId: PROBE_ID } });
  });

  it('refuses each of them for mode=live, saying what is missing, why it matters and what to do', () => {
    for (const id of ['coinbase', 'okx', 'bybit', 'kucoin', 'bitstamp', 'gemini', 'gate', 'bitget', 'cryptocom', 'htx', 'binanceusdm', 'poloniex']) {
      const refusal = liveExchangeRefusal(id);
      expect(refusal, id).toMatch(new RegExp(`^ccxtExchange "${id}" is not supported for mode=live: `));
      expect(refusal).toMatch(/a filled buy could be declared never placed.*Live mode supports binance, binanceus, kraken: set CONCLAVE_CCXT_EXCHANGE to one of them, or run mode=paper/);
    }
    expect(liveExchangeRefusal('bybit')).toMatch(/looks orders up by the exchange’s id only/);
    expect(liveExchangeRefusal('poloniex')).toMatch(/its ccxt class has not been checked/);
  });
});
