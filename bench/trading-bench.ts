import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { percentile } from '../src/core/stats.js';
import { Kernel } from '../src/kernel/kernel.js';
import type { Figure } from './figure.js';
import { RATE, SECONDS, SOAK_SECONDS, type LoadRun } from './trading-load.js';

/** One load run in a fresh process. */
async function loadRunApart(mode: 'background' | 'inline', untuned = false): Promise<LoadRun> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'trading-load.js');
  const args = ['--expose-gc', script, mode, ...(untuned ? ['untuned'] : [])];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as LoadRun;
}

async function latencyUnderLoad(): Promise<Figure[]> {
  // The baseline in the same bench run: SQLite's default, checkpoints inside commits on the event loop.
  const inline = await loadRunApart('inline');
  // And with V8's default heap growth instead of the daemon's GC tuning (src/core/gc-tuning.ts).
  const untuned = await loadRunApart('background', true);
  const { latencies, soakLatencies, rate, rssEarly, rssStart, rssEnd, rssPeak, heapStart, heapEnd } = await loadRunApart('background');
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return [
    {
      name: `publish → order persisted, ${RATE}/s for ${SECONDS} s (instant agents): p99`,
      value: round(p99, 3),
      unit: 'ms',
      target: '<= 5',
      pass: p99 <= 5,
      baselines: {
        p50: { value: round(p50, 3), unit: 'ms' },
        p95: { value: round(percentile(latencies, 95), 3), unit: 'ms' },
        orders: { value: latencies.length, unit: 'orders' },
        'achieved rate': { value: round(rate, 0), unit: 'opp/s' },
        [`p99 over the ${SOAK_SECONDS} s after`]: { value: round(percentile(soakLatencies, 99), 3), unit: 'ms' },
        [`p99 over the ${SOAK_SECONDS} s after, V8's default heap growth`]: { value: round(percentile(untuned.soakLatencies, 99), 3), unit: 'ms' },
        'p99 with inline checkpoints (SQLite default)': { value: round(percentile(inline.latencies, 99), 3), unit: 'ms' },
        'p50 with inline checkpoints': { value: round(percentile(inline.latencies, 50), 3), unit: 'ms' },
      },
    },
    {
      name: `memory over the load run and a ${SOAK_SECONDS} s soak: live heap after GC at the end`,
      value: heapEnd,
      unit: 'MB',
      target: 'flat (within 10 % of start)',
      pass: heapEnd <= heapStart * 1.1,
      baselines: { 'live heap at start': { value: heapStart, unit: 'MB' } },
    },
    {
      // Both ends are read idle, after a full collection; under load, old-generation garbage rises and falls with
      // V8's major collections (the peak).
      name: `memory over the load run and a ${SOAK_SECONDS} s soak: resident (RSS) at the end`,
      value: rssEnd,
      unit: 'MB',
      target: 'flat (within 10 % of the start, after a 15 s warm-up)',
      pass: rssEnd <= rssStart * 1.1,
      baselines: {
        'rss at start': { value: rssStart, unit: 'MB' },
        'rss after only 3 s of load (not yet at working size)': { value: rssEarly, unit: 'MB' },
        'rss peak': { value: rssPeak, unit: 'MB' },
      },
    },
  ];
}

/** Audit events written in transactions of 1,000 versus one transaction each (the naive way), same store, same run. */
async function eventsPersisted(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-bench-'));
  const config = loadConfig({ env: { CONCLAVE_DATA_DIR: dir, CONCLAVE_LOG_LEVEL: 'silent' } });
  const kernel = await Kernel.create(config, { logDestination: { write: () => undefined } });
  const store = kernel.store;
  const event = (i: number) => ({ symbol: 'NOVA', change: 'increased', qty: 1, price: 100 + (i % 7), reason: 'bench', time: i });
  const batched = 200_000;
  let t = performance.now();
  for (let i = 0; i < batched; i += 1000) store.tx(() => {
    for (let j = i; j < i + 1000; j++) store.insertPositionEvent(event(j));
  });
  const batchedRate = batched / ((performance.now() - t) / 1000);
  const single = 2_000;
  t = performance.now();
  for (let i = 0; i < single; i++) store.tx(() => store.insertPositionEvent(event(i)));
  const singleRate = single / ((performance.now() - t) / 1000);
  await kernel.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    name: 'events persisted per second, batched 1,000 per transaction (WAL, synchronous=NORMAL)',
    value: Math.round(batchedRate),
    unit: 'events/s',
    target: '>= 50000',
    pass: batchedRate >= 50_000,
    baselines: { 'one transaction each': { value: Math.round(singleRate), unit: 'events/s' } },
  };
}

export async function benchTrading(): Promise<Figure[]> {
  return [...(await latencyUnderLoad()), await eventsPersisted()];
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
