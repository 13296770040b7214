import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CircuitOpenError } from '../../src/core/circuit-breaker.js';
import type { MarketData } from '../../src/market/market-port.js';
import { freePort } from '../helpers/daemon-process.js';
import { virtualKernel, type Harness } from '../helpers/kernel-harness.js';

let h: Harness;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  const clock = new VirtualClock(Date.UTC(2026, 0, 5));
  // The exchange's circuit is open (a 429 asked for a minute's wait): every read is refused until then.
  const market: MarketData = {
    name: 'ccxt:binance', symbols: () => ['BTC/USDT'],
    bars: async () => {
      throw new CircuitOpenError('ccxt:binance', clock.now() + 60_000, clock.now());
    },
    price: async () => 100,
  };
  h = await virtualKernel({ CONCLAVE_HTTP_PORT: String(port), CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' }, { clock, market });
  base = `http://127.0.0.1:${port}`;
  await h.kernel.start();
});
afterAll(async () => h?.kernel.stop());

describe('the cockpit’s price chart while the exchange is unavailable', () => {
  it('is answered 503 with why, not a 500 internal error logged at every refresh', async () => {
    const before = h.logs.filter((l) => l.level === 'error' && String(l.msg).includes('http')).length;
    const res = await fetch(`${base}/api/bars/BTC%2FUSDT`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/^market data unavailable for now: source ccxt:binance is unavailable \(circuit open/);
    expect(h.logs.filter((l) => l.level === 'error' && String(l.msg).includes('http')).length).toBe(before);
  });
});
