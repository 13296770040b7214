import { setMaxListeners } from 'node:events';
import { pino } from 'pino';
import { LiveClock } from '../src/core/clock.js';
import { hashSeed, seededRandom } from '../src/core/random.js';
import type { Bar, MarketData } from '../src/market/market-port.js';
import { ModelScanner } from '../src/scanners/model-scanner.js';
import type { Figure } from './figure.js';

const SYMBOLS = 500;
const CONCURRENCY = 32;

/** A market whose every fetch takes a seeded 20-80 ms on the real clock, like a remote API. */
class SlowMarket implements MarketData {
  readonly name = 'bench-slow';
  readonly latencies = new Map<string, number>();
  private readonly clock = new LiveClock();
  private readonly universe: string[];
  private readonly series: Bar[];

  constructor(seed: number) {
    const random = seededRandom(hashSeed(seed, 'latency'));
    this.universe = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(3, '0')}`);
    for (const s of this.universe) this.latencies.set(s, 20 + random() * 60);
    let price = 100;
    this.series = Array.from({ length: 120 }, (_, i) => {
      price *= 1 + (random() - 0.5) * 0.01;
      return { time: i * 60_000, open: price, high: price * 1.001, low: price * 0.999, close: price, volume: 1000 };
    });
  }

  symbols(): readonly string[] {
    return this.universe;
  }

  async bars(symbol: string, limit: number, signal?: AbortSignal): Promise<Bar[]> {
    await this.clock.sleep(this.latencies.get(symbol)!, signal);
    return this.series.slice(-limit);
  }

  async price(): Promise<number> {
    return this.series.at(-1)!.close;
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * The model scan's central claim: bounded concurrency keeps 32 fetches in flight all the time, so a scan of
 * 500 slow symbols takes about the ideal time, where one-at-a-time and fixed batches of 10 (the usual ways) do not.
 */
export async function benchModelScan(): Promise<Figure[]> {
  const market = new SlowMarket(42);
  const latencies = [...market.latencies.values()];
  const sum = latencies.reduce((a, b) => a + b, 0);
  const ideal = Math.max(sum / CONCURRENCY, Math.max(...latencies));
  const scanner = new ModelScanner({
    clock: new LiveClock(),
    logger: pino({ level: 'silent' }),
    market,
    concurrency: CONCURRENCY,
    bars: 120,
    threshold: 1e9,
    cooldownMs: 0,
    publish: async () => undefined,
  });
  const signal = new AbortController().signal;
  setMaxListeners(1024, signal);
  await scanner.scan(signal); // warm-up
  const wall = await timed(() => scanner.scan(signal));

  const symbols = market.symbols();
  const sequential = await timed(async () => {
    for (const s of symbols) await market.bars(s, 120);
  });
  const batched = await timed(async () => {
    for (let i = 0; i < symbols.length; i += 10) await Promise.all(symbols.slice(i, i + 10).map((s) => market.bars(s, 120)));
  });

  const ratio = wall / ideal;
  const speedup = batched / wall;
  return [
    { name: 'model scan 500 symbols, 20-80 ms fetches, concurrency 32: wall time', value: round(wall), unit: 'ms', baselines: { ideal: { value: round(ideal), unit: 'ms' }, sequential: { value: round(sequential), unit: 'ms' }, 'batches of 10': { value: round(batched), unit: 'ms' } } },
    { name: 'model scan: wall time / ideal bound', value: round(ratio, 3), unit: 'ratio', target: '<= 1.10', pass: ratio <= 1.1 },
    { name: 'model scan: speed-up over batches of 10', value: round(speedup, 2), unit: 'x', target: '>= 3', pass: speedup >= 3, baselines: { sequential: { value: round(sequential / wall, 2), unit: 'x' } } },
  ];
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
