import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CcxtBroker } from '../../src/trading/ccxt-broker.js';
import { startDroppingLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

/** A proxy in front of the exchange, reached by a token in its path, that drops every connection mid-answer. */
const TOKEN = 'proxyTOKEN5d7a90';
let server: LoopbackServer;

beforeAll(async () => {
  server = await startDroppingLoopback('{"timezone":"UTC"');
});
afterAll(() => server.close());

describe('a live exchange reached through ccxtApiBaseUrl with a token in its path', () => {
  it('keeps the token out of the reason an order was not sent', async () => {
    const broker = new CcxtBroker({ clock: new VirtualClock(Date.UTC(2026, 0, 5)), exchangeId: 'binance', apiKey: 'key-AAAA1111', secret: 'secret-BBBB2222', apiBaseUrl: `${server.url}/${TOKEN}`, enableRateLimit: false, timeoutMs: 2_000 });
    const r = await broker.submit({ clientOrderId: 'cv-proxy-1', symbol: 'BTC/USDT', side: 'buy', qty: 0.01 });
    expect(server.requests.some((q) => q.path.startsWith(`/${TOKEN}/`))).toBe(true);
    expect(r.status).toBe('rejected');
    expect(r.reason).toMatch(/markets of binance unavailable .*\[redacted\]/);
    expect(r.reason).not.toContain(TOKEN);
  });
});
