import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { startDroppingLoopback, type LoopbackServer } from '../helpers/loopback-server.js';

/** A proxy in front of the exchange, reached by a token in its path, that drops every connection mid-answer. */
const TOKEN = 'proxyTOKEN8c1f2e';
let server: LoopbackServer;

beforeAll(async () => {
  server = await startDroppingLoopback('[[1767571200000,"1.0"');
});
afterAll(() => server.close());

describe('an exchange reached through ccxtApiBaseUrl with a token in its path', () => {
  it('keeps the token out of the errors of a dropped connection, their causes included', async () => {
    const market = await CcxtMarket.create({ exchange: 'binance', symbols: ['BTC/USDT'], clock: new VirtualClock(Date.UTC(2026, 0, 5)), apiBaseUrl: `${server.url}/${TOKEN}`, timeoutMs: 5000 });
    const error = await market.bars('BTC/USDT', 10).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(server.requests.some((r) => r.path.startsWith(`/${TOKEN}/`))).toBe(true);
    expect(error?.message).toMatch(/fetchOHLCV BTC\/USDT/);
    expect(error?.message).toMatch(/\[redacted\]/);
    expect(error?.message).not.toContain(TOKEN);
    expect(String((error?.cause as Error | undefined)?.message)).not.toContain(TOKEN);
  });
});
