import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { packageRoot } from '../src/core/paths.js';
import { loadSeries, type SeriesSpec } from '../src/backtest/load-series.js';
import { runLoadedBacktest } from '../src/backtest/run-backtest.js';
import { setSharedComputation } from '../src/agents/shared-computation.js';
import type { Figure } from './figure.js';

const data = (name: string) => resolve(packageRoot(), '../shared/data/ohlcv', name);
const ORCL = data('backtrader__orcl-1995-2014.txt');
const MINUTE = data('backtrader__2006-01-02-volume-min-001.txt');

/** One end-to-end run (files parsed and validated, the run, its record), in a fresh folder: bars per second. */
async function barsPerSecond(files: SeriesSpec[], span: { from?: number; to?: number }, env: Record<string, string> = {}): Promise<{ rate: number; cpuRate: number; bars: number; seconds: number }> {
  const out = mkdtempSync(join(tmpdir(), 'conclave-bench-backtest-'));
  try {
    const config = loadConfig({ env });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const series = await loadSeries(files, span);
    const run = await runLoadedBacktest(series, { config, files, outDir: out });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    // Per CPU-second too (user + system, GC threads included): on a machine shared with other jobs, wall-clock bars/s
    // says more about the neighbours than about the code.
    const cpuSeconds = (used.user + used.system) / 1e6;
    return { rate: Math.round(run.bars / seconds), cpuRate: Math.round(run.bars / cpuSeconds), bars: run.bars, seconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Backtest throughput, end to end, with the default five-agent panel: the shared ORCL daily file (1995-2014), and the
 * whole shared minute file taken as 20 symbols (617,780 bars, about 6 s). The baselines in the same run recompute
 * every agent's indicators from scratch, and run the same files with no opportunity discussed (a model threshold no
 * score reaches): the floor that parsing, the calendar, the scans, the store and the report cost on their own.
 */
export async function benchBacktest(): Promise<Figure[]> {
  const orcl = [{ file: ORCL, symbol: 'ORCL' }];
  const minute = Array.from({ length: 20 }, (_, i) => ({ file: MINUTE, symbol: `M${String(i + 1).padStart(2, '0')}` }));
  await barsPerSecond(orcl, { to: Date.parse('1997-12-31T00:00:00Z') }); // warm-up (JIT)

  setSharedComputation(false);
  const orclScratch = await barsPerSecond(orcl, {});
  const minuteScratch = await barsPerSecond(minute, {});
  setSharedComputation(true);
  const silent = { CONCLAVE_MODEL_THRESHOLD: '1e9' };
  const orclFloor = await barsPerSecond(orcl, {}, silent);
  const minuteFloor = await barsPerSecond(minute, {}, silent);
  const orclRun = await barsPerSecond(orcl, {});
  const minuteRun = await barsPerSecond(minute, {});
  const minuteName = `backtest throughput, minute file as 20 symbols (${minuteRun.bars} bars)`;
  return [
    {
      name: `backtest throughput, ORCL daily (${orclRun.bars} bars, default panel)`,
      value: orclRun.rate,
      unit: 'bars/s',
      target: '>= 30000',
      pass: orclRun.rate >= 30_000,
      baselines: {
        'indicators from scratch': { value: orclScratch.rate, unit: 'bars/s' },
        'no opportunity discussed': { value: orclFloor.rate, unit: 'bars/s' },
        'this run per CPU-second': { value: orclRun.cpuRate, unit: 'bars/cpu-s' },
        'from scratch per CPU-second': { value: orclScratch.cpuRate, unit: 'bars/cpu-s' },
      },
    },
    {
      name: minuteName,
      value: minuteRun.rate,
      unit: 'bars/s',
      target: '>= 100000',
      pass: minuteRun.rate >= 100_000,
      baselines: {
        'indicators from scratch': { value: minuteScratch.rate, unit: 'bars/s' },
        'no opportunity discussed': { value: minuteFloor.rate, unit: 'bars/s' },
        'this run per CPU-second': { value: minuteRun.cpuRate, unit: 'bars/cpu-s' },
        'from scratch per CPU-second': { value: minuteScratch.cpuRate, unit: 'bars/cpu-s' },
      },
    },
  ];
}
