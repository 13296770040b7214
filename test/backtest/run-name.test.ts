import { describe, expect, it } from 'vitest';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import { runName } from '../../src/backtest/run-backtest.js';

const day = Date.UTC(2019, 0, 2);
const series = (symbols: string[]): LoadedSeries[] =>
  symbols.map((symbol) => ({ symbol, file: `${symbol}.csv`, barMs: 86_400_000, bars: [{ time: day, open: 1, high: 1, low: 1, close: 1, volume: 0 }], first: 0, end: 1, rejected: 0, quarantined: 0 }));

describe('a backtest’s name', () => {
  it('names up to four symbols whole', () => {
    expect(runName(series(['AAPL', 'MSFT', 'GOOG', 'AMZN']))).toBe('AAPL-MSFT-GOOG-AMZN_20190102-20190102');
  });

  // Fifty symbols that differ from another run's fifty past the fourth had its name: in the default folder the
  // earlier run was replaced with a note calling them the same symbols.
  it('tells apart runs whose symbols differ past the fourth, and keeps one name for the same symbols', () => {
    const a = runName(series(['AAPL', 'MSFT', 'GOOG', 'AMZN', 'XOM', 'JPM']));
    const b = runName(series(['AAPL', 'MSFT', 'GOOG', 'AMZN', 'CVX', 'JPM']));
    expect(a).toMatch(/^AAPL-MSFT-GOOG-AMZN-and-2-more-[0-9a-f]{6}_20190102-20190102$/);
    expect(b).not.toBe(a);
    expect(runName(series(['AAPL', 'MSFT', 'GOOG', 'AMZN', 'XOM', 'JPM']))).toBe(a);
  });
});
