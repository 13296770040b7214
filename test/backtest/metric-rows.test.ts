import { describe, expect, it } from 'vitest';
import { METRIC_ROWS } from '../../src/backtest/report/metric-rows.js';

const longest = METRIC_ROWS.find((row) => row.key === 'maxDrawdownBars')!;

describe('the longest drawdown, as the summary table and the page write it', () => {
  it('counts one row as a row (a one-step run whose buy and hold fell read "1 rows")', () => {
    expect(longest.format(1)).toBe('1 row');
    expect(longest.format(0)).toBe('0 rows');
    expect(longest.format(24274)).toBe('24,274 rows');
    expect(longest.format(null)).toBe('—');
  });
});
