import { describe, expect, it } from 'vitest';
import { bootstrap, analyzeRisk, DEFAULT_RISK_DOCTOR_OPTIONS } from '../../src/agents/risk-doctor.js';
import { seededRandom as mulberry32, seedFromNumbers as seedFrom } from '../../src/core/random.js';
import { buildBars, contextOf, uptrend } from './series.js';

describe('seeded PRNG', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = mulberry32(seedFrom([1, 2, 3]));
    const b = mulberry32(seedFrom([1, 2, 3]));
    const c = mulberry32(seedFrom([1, 2, 3.0000001]));
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(Array.from({ length: 5 }, c)).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it('is roughly uniform', () => {
    const r = mulberry32(1);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(r() * 10)]++;
    for (const n of buckets) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });
});

describe('bootstrap VaR and CVaR', () => {
  it('is exact when every return is the same', () => {
    const mc = bootstrap(new Array(50).fill(-0.01), 10, 500, 0.95);
    expect(mc.var).toBeCloseTo(-Math.expm1(-0.1), 12);
    expect(mc.cvar).toBeCloseTo(-Math.expm1(-0.1), 12);
  });
  it('reports no loss when every return is a gain', () => {
    const mc = bootstrap(new Array(50).fill(0.01), 5, 500, 0.95);
    expect(mc.var).toBe(0);
    expect(mc.cvar).toBe(0);
  });
  it('has CVaR >= VaR and grows with the horizon', () => {
    const returns = Array.from({ length: 100 }, (_, i) => ((i * 37) % 21 - 10) / 500);
    const short = bootstrap(returns, 2, 2000, 0.95);
    const long = bootstrap(returns, 20, 2000, 0.95);
    expect(short.cvar).toBeGreaterThanOrEqual(short.var);
    expect(long.var).toBeGreaterThan(short.var);
  });
  it('gives the same numbers for the same inputs', () => {
    const returns = Array.from({ length: 80 }, (_, i) => Math.sin(i) / 50);
    expect(bootstrap(returns, 10, 1000, 0.95)).toEqual(bootstrap(returns, 10, 1000, 0.95));
  });
  it('checks the abort signal between batches of paths', () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    expect(() => bootstrap([0.01, -0.01], 10, 1000, 0.95, controller.signal)).toThrow('deadline');
  });
});

describe('risk doctor advice', () => {
  it('caps the Kelly fraction and vetoes on a configured CVaR limit', () => {
    const bars = uptrend(150);
    const loose = analyzeRisk(contextOf(bars), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(loose.risk!.fraction).toBeLessThanOrEqual(0.2);
    const strict = analyzeRisk(contextOf(bars), { ...DEFAULT_RISK_DOCTOR_OPTIONS, vetoCvar: 0.001 });
    expect(strict.risk!.veto).toBe(true);
    expect(strict.rationale[0]).toMatch(/^risk extreme, entry vetoed: score [\d.]+, driven by cvar/);
  });
  it('estimates the tail in closed form by default, and by drawing paths with sampleTail 1, to nearly the same CVaR', () => {
    const bars = uptrend(150);
    const closed = analyzeRisk(contextOf(bars), DEFAULT_RISK_DOCTOR_OPTIONS);
    const sampled = analyzeRisk(contextOf(bars), { ...DEFAULT_RISK_DOCTOR_OPTIONS, sampleTail: 1, paths: 20_000 });
    expect(closed.rationale[1]).toContain('bootstrap in closed form of 100 returns');
    expect(sampled.rationale[1]).toContain('from 20000 bootstrap paths of 100 returns');
    expect(Math.abs(closed.metrics!.cvar! - sampled.metrics!.cvar!)).toBeLessThan(0.01);
  });
  it('vetoes when the history is too short to judge', () => {
    const s = analyzeRisk(contextOf(uptrend(10)), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(s.risk).toEqual({ veto: true, fraction: 0, stopDistance: DEFAULT_RISK_DOCTOR_OPTIONS.maxStop });
  });
});

describe('risk doctor, scale-free', () => {
  const steady = (noise: number, n = 150, seed = 9) => buildBars(Array.from({ length: n }, () => ({ drift: 0, noise, volume: 1e6 })), seed);

  it('does not veto a market for being wild by nature: 12 % a bar, as wild as usual, is an entry', () => {
    const s = analyzeRisk(contextOf(steady(0.12)), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(s.metrics!.atrPct!).toBeGreaterThan(0.08);
    expect(s.risk!.veto).toBe(false);
    // The same veto as the same shape at a hundredth of the volatility: the risk level is the series' own.
    const quiet = analyzeRisk(contextOf(steady(0.0012)), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(quiet.risk!.veto).toBe(false);
    expect(s.metrics!.volatilityRatio).toBeCloseTo(quiet.metrics!.volatilityRatio!, 2);
  });

  it('vetoes a volatility shock: the last 20 returns four times as wild as before', () => {
    const bars = buildBars([
      ...Array.from({ length: 130 }, () => ({ drift: 0, noise: 0.002, volume: 1e6 })),
      ...Array.from({ length: 20 }, () => ({ drift: 0, noise: 0.008, volume: 1e6 })),
    ], 4);
    const s = analyzeRisk(contextOf(bars), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(s.metrics!.volatilityRatio!).toBeGreaterThan(2.5);
    expect(s.risk!.veto).toBe(true);
    expect(s.risk!.fraction).toBe(0);
    expect(s.rationale[0]).toMatch(/entry vetoed: score [\d.]+, driven by volShock/);
  });

  it('vetoes a fall far beyond the series own swings, even a small one in percent', () => {
    const bars = buildBars([
      ...Array.from({ length: 120 }, () => ({ drift: 0, noise: 0.001, volume: 1e6 })),
      ...Array.from({ length: 30 }, () => ({ drift: -0.0008, noise: 0.001, volume: 1e6 })),
    ], 5);
    const s = analyzeRisk(contextOf(bars), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(s.metrics!.drawdown!).toBeLessThan(0.05);
    expect(s.metrics!.drawdownSigmas!).toBeGreaterThan(1.5);
    expect(s.risk!.veto).toBe(true);
    expect(s.rationale[0]).toMatch(/driven by drawdown/);
  });

  it('sizes by the tail: the CVaR budget over the CVaR, smaller for a wilder series, capped', () => {
    const calm = analyzeRisk(contextOf(steady(0.03)), DEFAULT_RISK_DOCTOR_OPTIONS);
    const wild = analyzeRisk(contextOf(steady(0.09)), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(calm.risk!.fraction).toBeCloseTo(0.03 / calm.metrics!.cvar!, 3);
    expect(calm.risk!.fraction).toBeLessThan(0.2);
    expect(wild.risk!.fraction).toBeCloseTo(0.03 / wild.metrics!.cvar!, 3);
    expect(wild.risk!.fraction).toBeLessThan(calm.risk!.fraction / 2);
    const tiny = analyzeRisk(contextOf(steady(0.0005)), DEFAULT_RISK_DOCTOR_OPTIONS);
    expect(tiny.risk!.fraction).toBe(DEFAULT_RISK_DOCTOR_OPTIONS.maxFraction);
  });

  it('says when the stop was held to its minimum or maximum distance, not only the ATR multiple', () => {
    const stopLine = (o: Partial<typeof DEFAULT_RISK_DOCTOR_OPTIONS>) => analyzeRisk(contextOf(steady(0.03)), { ...DEFAULT_RISK_DOCTOR_OPTIONS, ...o }).rationale.find((l) => l.startsWith('stop '))!;
    expect(stopLine({ atrStopMultiple: 2, minStop: 0.001, maxStop: 0.5 })).toMatch(/^stop [\d.]+ % below entry \(2 × ATR\)$/);
    expect(stopLine({ atrStopMultiple: 2, minStop: 0.4, maxStop: 0.5 })).toMatch(/^stop 40\.00 % below entry \(2 × ATR = [\d.]+ %, raised to the minimum stop\)$/);
    expect(stopLine({ atrStopMultiple: 2, minStop: 0.001, maxStop: 0.002 })).toMatch(/^stop 0\.20 % below entry \(2 × ATR = [\d.]+ %, cut to the maximum stop\)$/);
  });

  it('still applies an absolute cap when one is configured below 1', () => {
    const s = analyzeRisk(contextOf(steady(0.12)), { ...DEFAULT_RISK_DOCTOR_OPTIONS, vetoAtrPct: 0.08 });
    expect(s.risk!.veto).toBe(true);
    expect(s.rationale[0]).toMatch(/driven by atr/);
  });
});
