import { describe, expect, it } from 'vitest';
import { scoreBars } from '../../src/scanners/model-score.js';
import type { Bar } from '../../src/market/market-port.js';

const DAY = 86_400_000;
/** Bars from closes (open = previous close, a small range around both). */
const barsOf = (closes: number[]): Bar[] =>
  closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return { time: i * DAY, open, high: Math.max(open, close) * 1.002, low: Math.min(open, close) * 0.998, close, volume: 1000 };
  });
/** A deterministic wiggle so the returns have a spread. */
const wiggle = (i: number) => 0.004 * Math.sin(i * 1.7) + 0.003 * Math.cos(i * 0.9);

describe('the model score', () => {
  it('reads a price that rose away from its mean as a long momentum trend, not a short reversion', () => {
    const closes: number[] = [];
    let p = 100;
    // A strong rise, then a gentler one: far above the 50-bar mean, still rising over the last 20 bars.
    for (let i = 0; i < 120; i++) closes.push((p *= Math.exp((i < 70 ? 0 : i < 100 ? 0.012 : 0.0008) + wiggle(i))));
    const s = scoreBars(barsOf(closes))!;
    expect(s.momentum).toBeGreaterThan(0);
    expect(s.reversion).toBeLessThan(0);
    expect(Math.abs(s.reversion)).toBeGreaterThan(Math.abs(s.momentum)); // the old rule would have said "short, mean reversion"
    expect(s).toMatchObject({ kind: 'momentum', score: s.momentum });
  });

  it('reads a falling price below its mean as a short momentum trend', () => {
    const closes: number[] = [];
    let p = 100;
    for (let i = 0; i < 120; i++) closes.push((p *= Math.exp((i < 70 ? 0 : -0.006) + wiggle(i))));
    expect(scoreBars(barsOf(closes))).toMatchObject({ kind: 'momentum' });
    expect(scoreBars(barsOf(closes))!.score).toBeLessThan(0);
  });

  it('keeps mean reversion when both readings agree: a price below its mean that has turned up', () => {
    const closes: number[] = [];
    let p = 100;
    for (let i = 0; i < 120; i++) closes.push((p *= Math.exp((i < 60 ? 0 : i < 100 ? -0.008 : 0.004) + wiggle(i))));
    const s = scoreBars(barsOf(closes))!;
    expect(s.momentum * s.reversion).toBeGreaterThan(0);
    expect(s.kind).toBe(Math.abs(s.momentum) >= Math.abs(s.reversion) ? 'momentum' : 'mean-reversion');
  });
});
