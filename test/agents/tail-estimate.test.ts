import { describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/agents/risk-doctor.js';
import { normalQuantile, tailEstimate } from '../../src/agents/tail-estimate.js';
import { logReturns } from '../../src/agents/stats.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { ORCL } from '../backtest/helpers.js';

describe('closed-form tail estimate', () => {
  it('inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('gives constant returns their exact loss, and none for gains', () => {
    const loss = tailEstimate(new Array(50).fill(-0.01), 10, 0.95);
    expect(loss.var).toBeCloseTo(-Math.expm1(-0.1), 12);
    expect(loss.cvar).toBeCloseTo(-Math.expm1(-0.1), 12);
    expect(loss.stdev).toBe(0);
    const gain = tailEstimate(new Array(50).fill(0.01), 5, 0.95);
    expect([gain.var, gain.cvar]).toEqual([0, 0]);
  });

  it('agrees with a 40,000-path bootstrap over windows of the shared ORCL file', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    const returns = logReturns(bars.map((b) => b.close));
    let worst = { mean: 0, stdev: 0, var: 0, cvar: 0 };
    for (let end = 101; end < returns.length; end += 211) {
      const window = returns.slice(end - 100, end);
      const exact = tailEstimate(window, 10, 0.95);
      const sampled = bootstrap(window, 10, 40_000, 0.95);
      expect(exact.cvar).toBeGreaterThanOrEqual(exact.var);
      worst = {
        mean: Math.max(worst.mean, Math.abs(exact.mean - sampled.mean) / sampled.stdev),
        stdev: Math.max(worst.stdev, Math.abs(exact.stdev / sampled.stdev - 1)),
        var: Math.max(worst.var, Math.abs(exact.var - sampled.var) / sampled.stdev),
        cvar: Math.max(worst.cvar, Math.abs(exact.cvar - sampled.cvar) / sampled.stdev),
      };
    }
    // In units of the paths' σ: the mean and σ are exact (sampling noise only); the tail is Cornish-Fisher's.
    expect(worst.mean).toBeLessThan(0.05);
    expect(worst.stdev).toBeLessThan(0.03);
    expect(worst.var).toBeLessThan(0.2);
    expect(worst.cvar).toBeLessThan(0.1);
  });
});
