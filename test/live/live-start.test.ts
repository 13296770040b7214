import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError, OperationalError, exitCodeFor } from '../../src/core/errors.js';
import { withChanges } from '../../src/core/with-changes.js';
import { configError as configErrorOf } from '../helpers/config-error.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel, storeFile } from '../../src/kernel/kernel.js';
import { openStore } from '../../src/store/store.js';
import { liveEnvOf } from '../trading/fake-binance.js';
import { fakeBinanceEachTest } from '../helpers/live-kernel.js';
import { runAnswered } from '../helpers/kernel-harness.js';

describe('live mode start-up against a fake exchange on loopback', () => {
  const binance = fakeBinanceEachTest();
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'conclave-live-'));
  });

  const liveConfig = () => loadConfig({ env: liveEnvOf(binance.base, dataDir) });

  /** A store left by a run that crashed right after sending an order. */
  function crashedWithOrderInFlight(clientOrderId: string): void {
    const config = liveConfig();
    const store = openStore(storeFile(config));
    store.ensureAccount(10_000, Date.now() - 120_000, new Date().toISOString().slice(0, 10));
    store.insertOrder({ clientOrderId, verdictId: null, symbol: 'BTC/USDT', side: 'buy', qty: 0.01, status: 'submitted', purpose: 'entry', createdAt: Date.now() - 120_000 });
    store.close();
  }

  it.each(['binance', 'binanceus'])('applies an order the exchange filled while conclave was down, then starts (%s)', async (exchange) => {
    const liveConfig = () => loadConfig({ env: liveEnvOf(binance.base, dataDir, { CONCLAVE_CCXT_EXCHANGE: exchange }) });
    crashedWithOrderInFlight('co-crash-1');
    binance.fake.place('co-crash-1', 'BUY', 0.01, 'FILLED');
    // Its commission, 0.1 % in BTC, was taken from the coins bought: the account holds 0.00999.
    binance.fake.balances.BTC = { free: 0.00999, locked: 0 };
    const kernel = await Kernel.create(liveConfig(), { logDestination: { write: () => undefined } });
    await kernel.start();
    expect(kernel.store.order('co-crash-1')).toMatchObject({ status: 'filled' });
    expect(kernel.store.order('co-crash-1')!.filledQty).toBeCloseTo(0.00999, 12);
    expect(kernel.store.position('BTC/USDT')!.qty).toBeCloseTo(0.00999, 12);
    expect(kernel.trader.ledger().ok).toBe(true);
    // Nothing was sent twice.
    expect(binance.fake.posts('co-crash-1')).toBe(0);
    await kernel.stop();
  });

  it('says at a new account’s start that the exchange holds coins it trades: another store’s positions, left without a stop?', async () => {
    // The data dir changed: a fresh store, on an account holding the 0.5 BTC a store elsewhere bought.
    binance.fake.balances.BTC = { free: 0.5, locked: 0 };
    const lines: { msg: string }[] = [];
    const kernel = await Kernel.create(liveConfig(), { logDestination: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) } });
    await kernel.start();
    const said = lines.filter((l) => l.msg.startsWith('reconciliation: BTC'));
    expect(said.map((l) => l.msg)).toEqual([
      "reconciliation: BTC: the exchange holds 0.5, and this store, which has never traded, holds none of it: taken as held outside conclave, which never sells it. If a conclave store elsewhere bought it (another CONCLAVE_DATA_DIR, a store moved away), that store's positions have no stop while this daemon runs: stop it and start on that store's data dir",
    ]);
    // exchangeStop off (the default): the start says what that leaves unprotected, and how to have it.
    expect(lines.filter((l) => l.msg.startsWith('live positions have no stop on the exchange')).map((l) => l.msg)).toEqual([expect.stringContaining('CONCLAVE_EXCHANGE_STOP=true')]);
    await kernel.stop();
  });

  it('refuses to start (exit 78) on an exchange live mode does not support, before any request, when the configuration’s own check was passed by', async () => {
    // A configuration built past loadConfig's rule (a caller of its own): the start checks the exchange again.
    const config = withChanges(liveConfig(), { ccxtExchange: 'bybit' });
    expect(exitCodeFor(configErrorOf(() => loadConfig({ env: liveEnvOf(binance.base, dataDir, { CONCLAVE_CCXT_EXCHANGE: 'bybit' }) })))).toBe(78);
    const failed = await Kernel.create(config, { logDestination: { write: () => undefined } }).then((k) => k.start().finally(() => k.stop())).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).key).toBe('ccxtExchange');
    expect(exitCodeFor(failed)).toBe(78);
    expect((failed as ConfigError).message).toMatch(/^Invalid configuration: ccxtExchange "bybit" is not supported for mode=live: ccxt looks orders up by the exchange’s id only/);
    expect(binance.fake.requests).toEqual([]);
  });

  it('refuses to start (exit 78) on a key the exchange says may not trade spot, before any order could be refused', async () => {
    binance.fake.keyRestrictions = { ipRestrict: true, enableReading: true, enableWithdrawals: false, enableSpotAndMarginTrading: false };
    const kernel = await Kernel.create(liveConfig(), { logDestination: { write: () => undefined } });
    const failed = await kernel.start().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).key).toBe('exchangeApiKey');
    expect(binance.fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
    await kernel.stop();
  });

  it("sizes with the exchange's lot step, minimum and smallest order value for the instrument", async () => {
    const kernel = await Kernel.create(liveConfig(), { logDestination: { write: () => undefined } });
    const rules = await kernel.broker.instrument!('BTC/USDT');
    expect(rules!.lotStep).toBeCloseTo(0.00001, 12);
    expect(rules!.minQty).toBeCloseTo(0.00001, 12);
    // Binance's NOTIONAL filter: no market order worth under 5 USDT.
    expect(rules!.minCost).toBe(5);
    expect(await kernel.broker.instrument!('NOPE/USDT')).toBeNull();
    await kernel.stop();
  });

  /** A live kernel on a virtual clock whose start is under way, its outcome and log lines recorded. */
  async function startingOnVirtualClock() {
    const clock = new VirtualClock(Date.now());
    const t0 = clock.now();
    const logs: Record<string, unknown>[] = [];
    const kernel = await Kernel.create(liveConfig(), { clock, logDestination: { write: (l: string) => void logs.push(JSON.parse(l) as Record<string, unknown>) } });
    const outcome: { settled: string | null; at: number | null } = { settled: null, at: null };
    const started = kernel.start().then(
      () => void Object.assign(outcome, { settled: 'started', at: clock.now() - t0 }),
      (error: unknown) => void Object.assign(outcome, { settled: `failed: ${(error as Error).message}`, at: clock.now() - t0 }),
    );
    const waits = () => logs.filter((l) => String(l.msg).startsWith('start-up: cannot reach the exchange to reconcile with it'));
    /** When (ms from the start, on the virtual clock) the start said it would ask again, and in how long. */
    const waited = () => waits().map((l) => [(l.time as number) - t0, l.retryInMs]);
    /**
     * The start's first move, the clock still: settled, or refused and waiting on the virtual clock to ask again. Before
     * its first request it reads files the clock is not told of, so runAnswered, which moves the clock once no request
     * to the exchange is in flight, would move it before the first ask; from there on runAnswered drives it.
     */
    const firstMove = () => vi.waitFor(() => expect(outcome.settled !== null || waits().length > 0).toBe(true), { timeout: 30_000, interval: 5 });
    /** `ms` of virtual time, held still while a request to the exchange waits for its answer. */
    const run = (ms: number) => runAnswered(clock, ms);
    return { kernel, clock, logs, outcome, started, waits, waited, firstMove, run };
  }

  it('waits for an exchange in maintenance at start, and starts once it answers', async () => {
    // It failed at once (exit 1), and restarts 5 s apart reached systemd's start limit within a minute: down for good.
    binance.fake.maintenance = true;
    const { kernel, outcome, started, waits, waited, firstMove, run } = await startingOnVirtualClock();
    await firstMove();
    // Asked at 0 and 5 s: refused both times, the next ask 10 s after the second.
    await run(8_000);
    expect(outcome.settled).toBeNull();
    expect(waited()).toEqual([[0, 5_000], [5_000, 10_000]]);
    // The exchange answers again during the second wait: the third ask, at 15 s, reconciles.
    binance.fake.maintenance = false;
    await run(7_000);
    await started;
    expect(outcome).toEqual({ settled: 'started', at: 15_000 });
    expect(waited()).toEqual([[0, 5_000], [5_000, 10_000]]);
    expect(String(waits()[0]!.err)).toMatch(/System is under maintenance/);
    await kernel.stop();
  });

  it('fails the start after 45 s of an exchange it cannot reach, and a stop ends the wait at once', async () => {
    binance.fake.maintenance = true;
    const first = await startingOnVirtualClock();
    await first.firstMove();
    await first.run(60_000);
    await first.started;
    expect(first.outcome.settled).toMatch(/^failed: cannot reconcile with binance: binance System is under maintenance/);
    // Asked at 0, 5, 15 and 35 s: another wait (40 s) would end past 45 s.
    expect(first.waited()).toEqual([[0, 5_000], [5_000, 10_000], [15_000, 20_000]]);
    expect(first.outcome.at).toBe(35_000);
    await first.kernel.stop();
    const second = await startingOnVirtualClock();
    await second.firstMove();
    await second.run(3_000);
    await second.kernel.stop();
    await second.started;
    // Stopped, not failed: nothing was reconciled, and nothing after it started.
    expect(second.outcome).toEqual({ settled: 'started', at: 3_000 });
    expect(second.waited()).toEqual([[0, 5_000]]);
    expect(second.logs.some((l) => l.msg === 'health')).toBe(false);
  });

  it('refuses to start on an open order it cannot explain', async () => {
    binance.fake.place('someone-else-1', 'BUY', 0.02, 'NEW');
    const kernel = await Kernel.create(liveConfig(), { logDestination: { write: () => undefined } });
    await expect(kernel.start()).rejects.toThrow(OperationalError);
    await kernel.stop();
  });
});
