import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ccxt from 'ccxt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError, exitCodeFor } from '../../src/core/errors.js';
import { rebaseUrls } from '../../src/core/url-rebase.js';
import { withChanges } from '../../src/core/with-changes.js';
import { Kernel, storeFile } from '../../src/kernel/kernel.js';
import { openStore } from '../../src/store/store.js';
import { metaValue } from '../../src/store/store-meta.js';
import { FakeBinance, liveEnvOf } from '../trading/fake-binance.js';
import { runSettled } from '../helpers/kernel-harness.js';

/**
 * A testnet daemon against two loopback fakes of Binance: ccxt's binance class has its API URLs (the real exchange's)
 * on one and its test URLs (Binance's Spot Testnet) on the other, so where each request went shows which one the
 * daemon used. Nothing is pointed at by CONCLAVE_CCXT_API_BASE_URL: the URLs are the class's own.
 */
type Describe = () => { urls: Record<string, unknown> };
const binance = (ccxt as unknown as Record<string, { prototype: { describe: Describe } }>)['binance']!.prototype;
const realDescribe = binance.describe;

describe('live mode on the exchange’s testnet (exchangeTestnet)', () => {
  const mainnet = new FakeBinance();
  const testnet = new FakeBinance();
  let dataDir: string;
  let main: string;
  beforeAll(async () => {
    main = await mainnet.start();
    const test = await testnet.start();
    binance.describe = function (this: unknown) {
      const d = realDescribe.call(this);
      d.urls['api'] = rebaseUrls(d.urls['api'], main);
      d.urls['test'] = rebaseUrls(d.urls['test'], test);
      return d;
    };
  });
  afterAll(async () => {
    binance.describe = realDescribe;
    await Promise.all([mainnet.stop(), testnet.stop()]);
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'conclave-testnet-'));
    mainnet.requests.length = 0;
    testnet.requests.length = 0;
    // Told apart by their prices: the testnet's are its own, unrelated to the real market's.
    mainnet.price = 50_000;
    testnet.price = 31_234.5;
  });
  /** The environment of a live daemon on the class's own URLs (no base URL), the testnet's with `testnetOn`. */
  const envOf = (testnetOn: boolean, extra: Record<string, string> = {}) =>
    liveEnvOf('', dataDir, Object.assign({ CONCLAVE_CCXT_API_BASE_URL: '', CONCLAVE_HEALTH_INTERVAL_MS: '5000' }, testnetOn ? { CONCLAVE_EXCHANGE_TESTNET: 'true', CONCLAVE_LIVE_CONFIRM: '' } : {}, extra));

  /** Starts a daemon of `env` on a virtual clock at the real now, runs it to its first health line, its log lines kept. */
  async function run(env: Record<string, string>) {
    const config = loadConfig({ env });
    const clock = new VirtualClock(Date.now());
    const lines: Record<string, unknown>[] = [];
    const kernel = await Kernel.create(config, { clock, logDestination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
    try {
      await kernel.start();
      // Virtual seconds, each ending when the checks it started (and the loops' first runs) have had their answers.
      await runSettled(kernel, clock, 0, 0, ['positionMonitor', 'health']);
      for (let i = 0; i < 20 && !lines.some((l) => l.msg === 'health'); i++) await runSettled(kernel, clock, 1, 1_000, ['positionMonitor', 'health']);
      const price = await kernel.market.price('BTC/USDT');
      // An order of the daemon's broker, at the price its market read.
      const order = await kernel.broker.submit({ clientOrderId: 'co-rehearsal-1', symbol: 'BTC/USDT', side: 'buy', qty: 0.001, refPrice: price });
      const status = kernel.status();
      // A halt with a flatten, as `conclave halt --flatten` beside it: recorded as this mode's, whose positions it closes.
      kernel.killSwitch.halt('rehearsal over', true);
      const halt = JSON.parse(readFileSync(join(dataDir, 'HALT'), 'utf8')) as Record<string, unknown>;
      return { config, kernel, lines, price, order, status, halt };
    } finally {
      await kernel.stop();
    }
  }

  it('trades, prices and reconciles on the testnet’s URLs only, on its own store, saying testnet wherever it says the mode', async () => {
    const { config, lines, price, order, status, halt } = await run(envOf(true));
    // Prices and orders both from the testnet: not one request reached the real exchange's URLs.
    expect(mainnet.requests).toEqual([]);
    const paths = new Set(testnet.requests.map((r) => `${r.method} ${r.path}`));
    for (const route of ['GET /api/v3/exchangeInfo', 'GET /api/v3/account', 'GET /api/v3/openOrders', 'GET /api/v3/ticker/24hr']) expect(paths).toContain(route);
    expect(price).toBe(31_234.5);
    expect(order.status).toBe('filled');
    expect(testnet.posts('co-rehearsal-1')).toBe(1);
    // Binance's testnet serves no /sapi: the key's permissions are not asked for, said once, and the start goes on.
    expect([...paths].filter((p) => p.includes('/sapi/'))).toEqual([]);
    expect(lines.filter((l) => String(l.msg).includes('testnet does not say what an API key may do')).map((l) => l.msg)).toEqual([
      "binance's testnet does not say what an API key may do (it serves no /sapi): an order the key may not place is refused when sent",
    ]);
    // Its own store, of its own kind; the real live store is not touched.
    expect(storeFile(config)).toBe(join(dataDir, 'conclave-testnet.db'));
    expect(existsSync(join(dataDir, 'conclave-live.db'))).toBe(false);
    const store = openStore(storeFile(config), { readonly: true });
    expect(metaValue(store.db, 'kind')).toBe('testnet');
    store.close();
    // The start, the health line and the status (the cockpit's header) say testnet, never live.
    const starting = lines.find((l) => l.msg === 'conclave starting')!;
    expect(starting).toMatchObject({ mode: 'testnet', store: join(dataDir, 'conclave-testnet.db'), market: expect.stringContaining('ccxt:binance-testnet') });
    expect(lines.find((l) => l.msg === 'health')!['mode']).toBe('testnet');
    expect(status['mode']).toBe('testnet');
    // The kill switch, shared by the daemons of a data dir, tells the testnet’s halt from live’s: a rehearsal’s
    // flatten must not sell the real account’s positions, nor its resume lift live’s halt.
    expect(halt).toMatchObject({ mode: 'testnet', flatten: true, flattenMode: 'testnet' });
    expect(lines.filter((l) => String(l.msg).startsWith('live positions'))).toEqual([]);
    expect(lines.filter((l) => String(l.msg).startsWith('testnet positions have no stop on the exchange'))).toHaveLength(1);
  });

  it('without the setting, runs live on the real exchange’s URLs and store as before', async () => {
    const { config, lines, price, status, halt } = await run(envOf(false));
    expect(testnet.requests).toEqual([]);
    expect(mainnet.requests.map((r) => r.path)).toContain('/sapi/v1/account/apiRestrictions');
    expect(price).toBe(50_000);
    expect(mainnet.posts('co-rehearsal-1')).toBe(1);
    expect(storeFile(config)).toBe(join(dataDir, 'conclave-live.db'));
    expect(lines.find((l) => l.msg === 'conclave starting')).toMatchObject({ mode: 'live', market: expect.stringMatching(/^ccxt:binance(?!-testnet)/) });
    expect(status['mode']).toBe('live');
    expect(halt).toMatchObject({ mode: 'live', flattenMode: 'live' });
  });

  it('says at start that the real live store beside it holds positions no testnet daemon manages', async () => {
    // The operator rehearses on the data dir of the real account: its positions have no stop of conclave meanwhile.
    const live = openStore(join(dataDir, 'conclave-live.db'), { kind: 'live' });
    live.ensureAccount(10_000, 0, '2026-01-05');
    live.savePosition({ symbol: 'BTC/USDT', qty: 0.01, avgPrice: 50_000, openedAt: 0, stopPrice: 45_000, targetPrice: null, atr: null, peakPrice: 50_000, trailingActive: false, markPrice: 50_000 }, 0);
    live.close();
    const { lines } = await run(envOf(true));
    const warned = lines.filter((l) => String(l.msg).startsWith('conclave-live.db holds'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ otherMode: 'live', otherPositions: ['BTC/USDT'] });
    expect(warned[0]!.msg).toMatch(/^conclave-live.db holds 1 open position \(BTC\/USDT\) that this testnet daemon does not manage: .*\(CONCLAVE_MODE=live\) runs on this data dir, and the exchange holds these positions with no stop of conclave meanwhile/);
    expect(mainnet.requests).toEqual([]);
  });

  it('needs the testnet’s keys but not the live confirmation phrase', () => {
    expect(loadConfig({ env: envOf(true) }).exchangeTestnet).toBe(true);
    const noKey = (() => {
      try {
        loadConfig({ env: envOf(true, { CONCLAVE_EXCHANGE_API_KEY: '' }) });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(noKey).toBeInstanceOf(ConfigError);
    expect((noKey as ConfigError).key).toBe('exchangeApiKey');
  });

  /** What the start of a daemon of `env` fails with (null when it starts). */
  async function startFailure(env: Record<string, string>): Promise<unknown> {
    const kernel = await Kernel.create(loadConfig({ env }), { logDestination: { write: () => undefined } }).catch((error: unknown) => error);
    if (!(kernel instanceof Kernel)) return kernel;
    return kernel.start().then(() => null, (error: unknown) => error).finally(() => kernel.stop());
  }

  it('refuses (exit 78) an exchange ccxt knows no testnet for, naming the setting and what to do, before any request', async () => {
    // Kraken spot's ccxt class has no test URLs; its API URLs go to the loopback fake, should anything be sent.
    const env = envOf(true, { CONCLAVE_CCXT_EXCHANGE: 'kraken', CONCLAVE_CCXT_API_BASE_URL: main, CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money' });
    // Said by the configuration's check (conclave config as the start) ...
    const configured = (() => {
      try {
        return loadConfig({ env });
      } catch (error) {
        return error;
      }
    })();
    expect(configured).toBeInstanceOf(ConfigError);
    expect((configured as ConfigError).key).toBe('exchangeTestnet');
    expect((configured as ConfigError).message).toMatch(/^exchangeTestnet=true, but ccxt knows no testnet for kraken /);
    // ... and by the start from the ccxt class itself, for a configuration built past that check.
    const config = withChanges(loadConfig({ env: envOf(true, { CONCLAVE_CCXT_API_BASE_URL: main, CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money' }) }), { ccxtExchange: 'kraken' });
    const failed = await Kernel.create(config, { logDestination: { write: () => undefined } }).then((k) => k.start().then(() => null, (error: unknown) => error).finally(() => k.stop()), (error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(failed)).toBe(78);
    expect((failed as ConfigError).key).toBe('exchangeTestnet');
    expect((failed as ConfigError).message).toMatch(/^exchangeTestnet=true, but ccxt knows no testnet for kraken .*Set CONCLAVE_CCXT_EXCHANGE to an exchange with a testnet \(binance/);
    expect(mainnet.requests).toEqual([]);
    expect(testnet.requests).toEqual([]);
  });

  it('asks for the live confirmation when ccxtApiBaseUrl sends the testnet’s requests to another host, which may be the real exchange', () => {
    // A proxy to the real exchange took the testnet's signed requests (same paths) as real orders, play money by name.
    const error = (() => {
      try {
        return loadConfig({ env: envOf(true, { CONCLAVE_CCXT_API_BASE_URL: main }) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('liveConfirm');
    expect((error as ConfigError).message).toBe(
      `exchangeTestnet=true with ccxtApiBaseUrl=${main}: the testnet's requests go to that host, which may be the real exchange (a proxy to it takes them as real orders). Set CONCLAVE_LIVE_CONFIRM="I understand this trades real money" if that host may trade real money, or leave ccxtApiBaseUrl empty to reach the testnet itself.`,
    );
    // Confirmed, it runs as the testnet; without the base URL the testnet needs no confirmation, as before.
    expect(loadConfig({ env: envOf(true, { CONCLAVE_CCXT_API_BASE_URL: main, CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money' }) }).exchangeTestnet).toBe(true);
    expect(loadConfig({ env: envOf(true) }).exchangeTestnet).toBe(true);
    expect(mainnet.requests).toEqual([]);
  });

  it('refuses (exit 78) a store of the real live account in the testnet’s place, and the testnet’s in the live one’s', async () => {
    const live = openStore(join(dataDir, 'conclave-testnet.db'), { kind: 'live' });
    live.close();
    const failed = await startFailure(envOf(true));
    expect(failed).toBeInstanceOf(ConfigError);
    expect(exitCodeFor(failed)).toBe(78);
    expect((failed as ConfigError).message).toMatch(/holds the account of a live daemon, and a testnet daemon .* does not carry on another kind's account/);
    const other = mkdtempSync(join(tmpdir(), 'conclave-testnet-'));
    openStore(join(other, 'conclave-live.db'), { kind: 'testnet' }).close();
    dataDir = other;
    const refused = await startFailure(envOf(false));
    expect(exitCodeFor(refused)).toBe(78);
    expect((refused as ConfigError).message).toMatch(/holds the account of a testnet daemon .*, and a live daemon does not carry on/);
  });
});
