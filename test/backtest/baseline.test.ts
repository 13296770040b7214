import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { runBaseline, percentileOf, percentiles } from '../../src/backtest/baseline.js';
import { CoinFlipAgent, coinFlipPanel } from '../../src/backtest/coin-flip-agents.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { comparableSharpe, seedRunner } from '../../src/backtest/seed-job.js';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { parameterGrid, withParameters } from '../../src/backtest/walk-forward/choose-parameters.js';
import { splitFolds } from '../../src/backtest/walk-forward/folds.js';
import { runFolds } from '../../src/backtest/walk-forward/run-folds.js';
import { stitchRecords } from '../../src/backtest/walk-forward/stitch.js';
import { defaultConfig, iso, ORCL, tempDir } from './helpers.js';

const files = [{ symbol: 'ORCL', file: ORCL }];
const span = { from: iso('2009-01-01'), to: iso('2012-12-31') };

describe('coin-flip baseline', () => {
  it('gives identical figures for the same seeds, run after run', async () => {
    const series = await loadSeries(files, span);
    const config = defaultConfig();
    const bars: [number, number, number][] = [];
    const a = await runBaseline(series, { config, files, outDir: tempDir() }, { seeds: 3, panelSharpe: 0.5, onSeedBars: (seed, done, total) => bars.push([seed, done, total]) });
    // Each seed says how far its run has gone as it goes (the command's progress line moved only between seeds).
    for (const seed of [1, 2, 3]) {
      const own = bars.filter(([s]) => s === seed);
      expect(own.some(([, done, total]) => done > 0 && done < total), `seed ${seed} mid-run`).toBe(true);
      expect(own.at(-1)![1]).toBe(own.at(-1)![2]);
    }
    const b = await runBaseline(series, { config, files, outDir: tempDir() }, { seeds: 3, panelSharpe: 0.5 });
    expect(b).toEqual(a);
    expect(a.seeds).toBe(3);
    expect(a.totalReturn.p50).not.toBeNull();
    expect(a.totalReturn.p10!).toBeLessThanOrEqual(a.totalReturn.p90!);
    // Each seed's figures are recorded, so the percentiles and the panel's place can be recomputed from the report.
    expect(a.runs!.map((r) => r.seed)).toEqual([1, 2, 3]);
    const sharpes = a.runs!.map((r) => r.sharpe!);
    expect(percentiles(sharpes)).toEqual(a.sharpe);
    expect(percentiles(a.runs!.map((r) => r.totalReturn))).toEqual(a.totalReturn);
    expect(percentileOf(sharpes, 0.5)).toBe(a.panelPercentile);
    const inThread = seedRunner(series, { files, span, config, outDir: tempDir() });
    expect(a.runs![1]).toEqual(await inThread.run(2));
  }, 120_000);

  it('gives the same figures with its seeds spread over worker threads as in one thread, and names a seed that fails', async () => {
    // The worker runs compiled JavaScript: the pool of the build (made by the tests' global setup).
    const pool = (await import(resolve(import.meta.dirname, '../../dist/src/backtest/seed-pool.js'))) as typeof import('../../src/backtest/seed-pool.js');
    const script = pool.seedWorkerScript();
    expect(script).not.toBeNull();
    const series = await loadSeries(files, span);
    const job = { files, span, config: defaultConfig(), outDir: tempDir() };
    const inThread = seedRunner(series, job);
    const expected = [await inThread.run(1), await inThread.run(2), await inThread.run(3)];
    const done: number[] = [];
    const bars = new Map<number, number[]>();
    const spread = await pool.runSeedsInWorkers(script!, job, [1, 2, 3], 2, (n) => done.push(n), (seed, d, total) => bars.set(seed, [...(bars.get(seed) ?? []), d / total]));
    expect(spread).toEqual(expected);
    expect(done).toEqual([1, 2, 3]);
    // A worker's seed says how far it has gone as it goes, at most about a hundred times, and last when it is done.
    for (const seed of [1, 2, 3]) {
      const shares = bars.get(seed) ?? [];
      expect(shares.some((x) => x > 0 && x < 1), `seed ${seed} mid-run`).toBe(true);
      expect(shares.length).toBeLessThanOrEqual(102);
      expect(shares.at(-1)).toBe(1);
    }
    expect(existsSync(join(job.outDir, 'baseline', 'seed-1'))).toBe(false);
    // A worker that cannot run its job fails the whole baseline, saying why, instead of hanging.
    const broken = Object.assign({}, job, { files: [{ symbol: 'ORCL', file: join(job.outDir, 'gone.csv') }] });
    await expect(pool.runSeedsInWorkers(script!, broken, [1, 2], 2)).rejects.toThrow(/gone\.csv/);
  }, 120_000);

  it("runs a walk-forward's seeds over its out-of-sample folds, each fold with its parameters, the same on worker threads as in one thread", async () => {
    const pool = (await import(resolve(import.meta.dirname, '../../dist/src/backtest/seed-pool.js'))) as typeof import('../../src/backtest/seed-pool.js');
    const series = await loadSeries(files, span);
    const config = defaultConfig();
    const configs = [withParameters(config, parameterGrid(config)[1]!), config];
    const job = { files, span, config, outDir: tempDir(), walkForward: { folds: 3, configs } };
    const inThread = seedRunner(series, job);
    const expected = [await inThread.run(1), await inThread.run(2)];
    // Seed 1 is its coin flips over folds 2 and 3 with their parameters, run one after the other and stitched.
    const byHand = await runFolds(series, splitFolds(series, 3).slice(1), configs, { config, files, outDir: tempDir() }, (f) => join(tempDir(), `fold-${f.index}`), () => ({ agents: coinFlipPanel(createDefaultAgents(), 1) }));
    const summary = buildReport(stitchRecords('by-hand', byHand)).summary;
    expect(expected[0]).toEqual({ seed: 1, sharpe: comparableSharpe(summary), totalReturn: summary.totalReturn });
    expect(expected[1]).not.toEqual(Object.assign({}, expected[0], { seed: 2 }));
    expect(await pool.runSeedsInWorkers(pool.seedWorkerScript()!, job, [1, 2], 2)).toEqual(expected);
  }, 120_000);

  it('gives different runs for different seeds (the flips really are drawn from the seed)', async () => {
    const series = await loadSeries(files, span);
    const config = defaultConfig();
    const run = async (seed: number) =>
      (await runLoadedBacktest(series, { config, files, outDir: tempDir(), agents: coinFlipPanel(createDefaultAgents(), seed) })).record;
    const [one, two] = [await run(1), await run(2)];
    expect(one.signals.filter((s) => s.role === 'bull').map((s) => s.stance)).not.toEqual(two.signals.filter((s) => s.role === 'bull').map((s) => s.stance));
    expect(one.equity.map((r) => r.equity)).not.toEqual(two.equity.map((r) => r.equity));
  }, 120_000);

  it('keeps the risk doctor and replaces only the directional roles', () => {
    const panel = coinFlipPanel(createDefaultAgents(), 7);
    expect(panel.map((a) => a.role)).toEqual(['bull', 'bear', 'analyst', 'scout', 'riskDoctor']);
    expect(panel.map((a) => a.constructor.name)).toEqual(['CoinFlipAgent', 'CoinFlipAgent', 'CoinFlipAgent', 'CoinFlipAgent', 'RuleAgent']);
  });

  it("flips each agent's direction only: its size, its confidence and its silences stay its own", async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }];
    const series = await loadSeries(files, { from: Date.UTC(2013, 0, 1) });
    const config = defaultConfig();
    const signals = async (agents?: ReturnType<typeof coinFlipPanel>) =>
      (await runLoadedBacktest(series, { config, files, outDir: tempDir(), ...(agents ? { agents } : {}) })).record.signals;
    const real = await signals();
    const flipped = await signals(coinFlipPanel(createDefaultAgents(), 3));
    // Without news the real scout says 0 every time; so does its flip.
    expect(real.filter((s) => s.role === 'scout').length).toBeGreaterThan(10);
    expect(new Set(flipped.filter((s) => s.role === 'scout').map((s) => s.stance))).toEqual(new Set([0]));
    // The first discussion is the same bar for both runs (their positions part later): same sizes, some signs flipped.
    const first = (rows: typeof real) => rows.filter((s) => s.verdictId === rows[0]!.verdictId && s.role !== 'riskDoctor' && s.role !== 'chief');
    expect(first(flipped).map((s) => [s.role, Math.abs(s.stance ?? NaN), s.confidence])).toEqual(first(real).map((s) => [s.role, Math.abs(s.stance ?? NaN), s.confidence]));
    const agent = { role: 'bull', analyze: async () => ({ stance: 0.6, confidence: 0.7, rationale: ['trend'], metrics: {} }) };
    const sides = new Set<number>();
    for (let seed = 1; seed <= 16; seed++) {
      const s = await new CoinFlipAgent(agent, seed).analyze({ opportunity: { symbol: 'X', barTime: 0, direction: 'long', id: 'o', kind: 'model', price: 1, createdAt: 0, reason: '' } } as never, new AbortController().signal);
      expect(Math.abs(s.stance)).toBe(0.6);
      expect(s.confidence).toBe(0.7);
      sides.add(Math.sign(s.stance));
    }
    expect(sides).toEqual(new Set([-1, 1]));
  }, 60_000);

  it('reads percentiles by interpolation and places the panel among the seeds', () => {
    expect(percentiles([3, 1, 2, 5, 4])).toEqual({ p10: 1.4, p50: 3, p90: 4.6 });
    expect(percentiles([])).toEqual({ p10: null, p50: null, p90: null });
    expect(percentileOf([1, 2, 3, 4], 3)).toBe(0.625);
    expect(percentileOf([1, 2, 3, 4], 9)).toBe(1);
    expect(percentileOf([], 1)).toBeNull();
  });

  it('counts a run that never traded as Sharpe 0, so flat seeds stay in the distribution and a flat panel is placed', async () => {
    expect(comparableSharpe({ sharpe: null, volatility: 0 })).toBe(0);
    expect(comparableSharpe({ sharpe: 0.42, volatility: 0.1 })).toBe(0.42);
    expect(comparableSharpe({ sharpe: null, volatility: null })).toBeNull();
    // Over a span too short for any entry every seed is flat: all of them count, at 0, and so does the flat panel.
    const series = await loadSeries(files, { from: iso('2012-01-03'), to: iso('2012-01-20') });
    const b = await runBaseline(series, { config: defaultConfig(), files, outDir: tempDir() }, { seeds: 2, panelSharpe: 0 });
    expect(b.sharpe).toEqual({ p10: 0, p50: 0, p90: 0 });
    expect(b.panelPercentile).toBe(0.5);
  }, 60_000);
});
