import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { splitFolds } from '../../src/backtest/walk-forward/folds.js';
import { ConfigError } from '../../src/core/errors.js';
import { GOOG, OHLCV, ORCL, iso } from './helpers.js';
import { join } from 'node:path';

const EURUSD = join(OHLCV, 'backtesting.py__EURUSD.csv');

function message(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no ConfigError');
}

describe('walk-forward over files of different years', () => {
  it('names the span every file has bars in when a fold would miss one of them', async () => {
    const series = await loadSeries([{ symbol: 'ORCL', file: ORCL }, { symbol: 'GOOG', file: GOOG }], {});
    expect(message(() => splitFolds(series, 4))).toMatch(/GOOG has 0 bars in fold 1.*the files all have bars only from 2004-08-19 to 2013-03-01: try --from 2004-08-19 --to 2013-03-01\)$/);
    // Inside the shared span the same folds are fine.
    const shared = await loadSeries([{ symbol: 'ORCL', file: ORCL }, { symbol: 'GOOG', file: GOOG }], { from: iso('2004-08-19'), to: iso('2013-03-01') });
    expect(splitFolds(shared, 4)).toHaveLength(4);
  });

  it('says when the files share no time at all, and adds nothing when they share the whole span', async () => {
    const apart = await loadSeries([{ symbol: 'ORCL', file: ORCL }, { symbol: 'EURUSD', file: EURUSD }], {});
    expect(message(() => splitFolds(apart, 3))).toMatch(/the files have no time in common.*run them apart$/);
    const one = await loadSeries([{ symbol: 'ORCL', file: ORCL }], { from: iso('2012-01-03'), to: iso('2012-01-05') });
    expect(message(() => splitFolds(one, 4))).toMatch(/give fewer folds or a longer span$/);
  });
});
