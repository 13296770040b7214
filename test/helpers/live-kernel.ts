import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import type { MarketData } from '../../src/market/market-port.js';
import type { Broker } from '../../src/trading/broker-port.js';
import { afterEach, beforeEach } from 'vitest';
import { ExchangePrice, FakeBinance, liveEnvOf } from '../trading/fake-binance.js';
import { answered, runSettled } from './kernel-harness.js';

/**
 * A live daemon against the loopback fake Binance on `base` (liveEnvOf, `extra` on top), in a fresh data dir (or
 * `dataDir`: a restart), priced by `market`, on a virtual clock at the real now (the fake signs and checks real times),
 * started and its loops' first runs ended, its log lines kept. `broker`: one built for the test instead of the configured one (ccxt's throttle off).
 */
export async function liveKernelOnFake(
  base: string,
  market: MarketData,
  extra: Record<string, string> = {},
  dataDir: string = mkdtempSync(join(tmpdir(), 'conclave-live-')),
  broker?: (config: Config, clock: VirtualClock) => Broker,
): Promise<{ config: Config; clock: VirtualClock; kernel: Kernel; lines: Record<string, unknown>[] }> {
  const config = loadConfig({ env: liveEnvOf(base, dataDir, extra) });
  const clock = new VirtualClock(Date.now());
  const lines: Record<string, unknown>[] = [];
  const kernel = await Kernel.create(config, { clock, market, ...(broker ? { broker: broker(config, clock) } : {}), logDestination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  await kernel.start();
  // The loops' first runs, started with the kernel, end before the test moves: in flight, they raced its next steps.
  await runSettled(kernel, clock, 0, 0, ['positionMonitor', 'health'], undefined, () => answered(clock));
  return { config, clock, kernel, lines };
}

/**
 * liveKernelOnFake priced by `fake` itself, with exchangeStop on and a position check every 5 s (`extra` on top), and
 * `seconds(n)`: n virtual seconds (liveSeconds).
 */
export async function exchangeStopKernel(fake: FakeBinance, base: string, extra: Record<string, string> = {}, dataDir?: string) {
  const started = await liveKernelOnFake(base, new ExchangePrice(fake), Object.assign({ CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' }, extra), dataDir);
  return Object.assign(started, { seconds: liveSeconds(started) });
}

/**
 * n virtual seconds of a live kernel, each ending, the clock still, when the position check and the health line it
 * started have ended and no request to the exchange waits for its answer: their answers over loopback come in however
 * slow the machine is (a fixed slice of real time let a busy machine's check run on while the clock moved, and an
 * order a check left in flight, a protective stop placed again, came back after the test had looked).
 */
export function liveSeconds({ kernel, clock }: { kernel: Kernel; clock: VirtualClock }): (n: number) => Promise<void> {
  return (n: number) => runSettled(kernel, clock, n, 1_000, ['positionMonitor', 'health'], undefined, () => answered(clock));
}

/**
 * A fresh FakeBinance on loopback for each test of the calling suite (`prepare` sets it up before it starts), stopped
 * after the test: read `fake` and `base` (its address) inside a test.
 */
export function fakeBinanceEachTest(prepare?: (fake: FakeBinance) => void): { readonly fake: FakeBinance; readonly base: string } {
  const current: { fake?: FakeBinance; base?: string } = {};
  beforeEach(async () => {
    current.fake = new FakeBinance();
    prepare?.(current.fake);
    current.base = await current.fake.start();
  });
  afterEach(() => current.fake?.stop());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the fake Binance runs only inside a test');
    return value;
  };
  return {
    get fake() {
      return started(current.fake);
    },
    get base() {
      return started(current.base);
    },
  };
}
