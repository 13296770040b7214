/**
 * The honest baseline: the same pipeline over the same bars, with the directional agents replaced by seeded coin
 * flips (coin-flip-agents.ts), once per seed. Where the real panel's Sharpe falls among the seeds' says whether its
 * decisions can be told from chance. The runs are independent and run one after the other, each in its own folder
 * (removed once its figures are read), so memory stays that of one run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDefaultAgents, type DefaultAgentsOptions } from '../agents/default-agents.js';
import { coinFlipPanel } from './coin-flip-agents.js';
import type { LoadedSeries } from './load-series.js';
import { buildReport } from './report/build-report.js';
import type { BaselineReport, Percentiles } from './report/report-types.js';
import { runLoadedBacktest, type BacktestOptions } from './run-backtest.js';

export interface BaselineOptions {
  seeds: number;
  /** The panel's Sharpe, placed in the seeds' distribution (null: no percentile). */
  panelSharpe: number | null;
  /** Called after each seed's run with seeds done and the total. */
  onSeed?: (done: number, total: number) => void;
}

/** The first seed; seed k of a run is FIRST_SEED + k, so N seeds are always the same N. */
const FIRST_SEED = 1;

export async function runBaseline(series: LoadedSeries[], options: BacktestOptions, baseline: BaselineOptions): Promise<BaselineReport> {
  const sharpes: number[] = [];
  const returns: number[] = [];
  const rules = createDefaultAgents(options.config.agents as DefaultAgentsOptions);
  for (let k = 0; k < baseline.seeds; k++) {
    const seed = FIRST_SEED + k;
    const outDir = join(options.outDir, 'baseline', `seed-${seed}`);
    try {
      const run = await runLoadedBacktest(series, {
        config: options.config,
        files: options.files,
        outDir,
        name: `baseline-${seed}`,
        agents: coinFlipPanel(rules, seed),
        ...(options.news ? { news: options.news } : {}),
        ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      });
      const summary = buildReport(run.record).summary;
      if (summary.sharpe !== null) sharpes.push(summary.sharpe);
      returns.push(summary.totalReturn);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    baseline.onSeed?.(k + 1, baseline.seeds);
  }
  rmSync(join(options.outDir, 'baseline'), { recursive: true, force: true });
  return {
    seeds: baseline.seeds,
    sharpe: percentiles(sharpes),
    totalReturn: percentiles(returns),
    panelPercentile: baseline.panelSharpe === null ? null : percentileOf(sharpes, baseline.panelSharpe),
  };
}

/** p10, p50 and p90 by linear interpolation between order statistics; nulls with no value. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number | null => {
    if (sorted.length === 0) return null;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** The share of `values` below `x`, ties counting half: 1 means above every seed. Null with no values. */
export function percentileOf(values: readonly number[], x: number): number | null {
  if (values.length === 0) return null;
  let below = 0;
  for (const v of values) below += v < x ? 1 : v === x ? 0.5 : 0;
  return below / values.length;
}
