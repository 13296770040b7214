/**
 * The walk-forward's tuning: a small grid around the configured chief, each point run over the past folds only, the
 * point with the best Sharpe kept. The grid is centred on the configuration (the configured point first, so it wins
 * ties and a flat past keeps it), never on a file.
 */
import type { Config } from '../../config/config.js';
import { withChanges } from '../../core/with-changes.js';
import type { BacktestRecord } from '../backtest-record.js';
import type { LoadedSeries } from '../load-series.js';
import { summaryOf } from '../report/build-report.js';
import { comparableSharpe } from '../seed-job.js';

export interface WalkParameters {
  buyThreshold: number;
  costMultiple: number;
}

/** Multipliers of the configured values: three entry thresholds (looser, as configured, stricter) × two cost bars. */
export const BUY_THRESHOLD_FACTORS: readonly number[] = Object.freeze([1, 0.6, 1.4]);
export const COST_MULTIPLE_FACTORS: readonly number[] = Object.freeze([1, 2]);

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The grid, the configured point first. A buy threshold stays in (0, 1]; a cost multiple of 0 gets 0 and 1. */
export function parameterGrid(config: Config): WalkParameters[] {
  const { buyThreshold, costMultiple } = config.chief;
  const buys = [...new Set(BUY_THRESHOLD_FACTORS.map((f) => round(Math.min(1, buyThreshold * f))))];
  const costs = [...new Set(COST_MULTIPLE_FACTORS.map((f) => (costMultiple === 0 ? f - 1 : round(Math.min(100, costMultiple * f)))))];
  return costs.flatMap((costMultiple) => buys.map((buyThreshold) => ({ buyThreshold, costMultiple })));
}

/** The configuration with a grid point's chief. */
export function withParameters(config: Config, p: WalkParameters): Config {
  return withChanges(config, { chief: withChanges(config.chief, { buyThreshold: p.buyThreshold, costMultiple: p.costMultiple }) });
}

/** Runs a configuration over series (the past folds) and returns its record. */
export type TrainingRun = (series: LoadedSeries[], config: Config, label: string) => Promise<BacktestRecord>;

export interface Choice {
  parameters: WalkParameters;
  /** The chosen point's Sharpe over the training span (0: it never traded; null: no figure at all). */
  trainingSharpe: number | null;
  /** Every point tried, in grid order, with its training Sharpe. */
  tried: { parameters: WalkParameters; sharpe: number | null }[];
}

/**
 * Tries each grid point over `training` (which holds no bar at or after the fold being chosen for) and keeps the
 * best Sharpe; a point that never traded counts as 0, above one that lost (a flat past must not pick a losing point),
 * a null Sharpe ranks last, ties keep the earlier point.
 */
export async function chooseParameters(training: LoadedSeries[], config: Config, run: TrainingRun): Promise<Choice> {
  const tried: Choice['tried'] = [];
  for (const [i, parameters] of parameterGrid(config).entries()) {
    const record = await run(training, withParameters(config, parameters), `point-${i + 1}`);
    tried.push({ parameters, sharpe: comparableSharpe(summaryOf(record)) });
  }
  let best = tried[0]!;
  for (const t of tried) if ((t.sharpe ?? -Infinity) > (best.sharpe ?? -Infinity)) best = t;
  return { parameters: best.parameters, trainingSharpe: best.sharpe, tried };
}
