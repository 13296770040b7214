import { describe, expect, it } from 'vitest';
import { calendar, historyEnd } from '../../src/backtest/calendar.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { splitFolds } from '../../src/backtest/walk-forward/folds.js';
import { foldSeries, runFolds } from '../../src/backtest/walk-forward/run-folds.js';
import { defaultConfig, iso, newsOf, newsOpportunities, ORCL, tempDir } from './helpers.js';

const files = [{ file: ORCL, symbol: 'ORCL' }];
const at = (t: number) => new Date(t).toISOString();

/**
 * A fold's run started with an empty store: a headline its previous fold had seen (or held back for its cooldown) was
 * fresh to it, and published again at its first steps, where a run over the whole span never would.
 */
describe('a walk-forward fold’s news', () => {
  it('takes what was published before the fold as seen, as a run over the whole span does, and nothing after its start', async () => {
    const series = await loadSeries(files, { from: iso('2012-01-01'), to: iso('2012-06-30') });
    const fold = splitFolds(series, 2)[1]!;
    // The step before the fold (the close of its last history bar) and the fold's first step.
    const before = historyEnd(foldSeries(series, fold))!;
    const firstStep = calendar(foldSeries(series, fold)).next().value!.time;
    expect([at(before), at(firstStep)]).toEqual(['2012-03-31T00:00:00.000Z', '2012-04-03T00:00:00.000Z']);
    const config = defaultConfig();
    const title = 'ORCL shares surge on strong earnings beat, profit jumps';
    // Published 10 h before the step before the fold: the previous fold saw it; and 1 h after it: the fold's own.
    for (const [published, expected] of [[before - 10 * 3_600_000, []], [before + 3_600_000, [at(firstStep)]]] as const) {
      const news = newsOf([{ publishedAt: at(published), title }]);
      const whole = await runLoadedBacktest(series, { config, files, outDir: tempDir(), news });
      const outDir = tempDir();
      await runFolds(series, [fold], [config], { config, files, outDir, news }, () => outDir, () => ({}));
      const inFold = newsOpportunities(`${outDir}/conclave-paper.db`);
      expect(inFold, at(published)).toEqual(expected);
      expect(newsOpportunities(whole.storeFile).filter((t) => Date.parse(t) >= firstStep)).toEqual(inFold);
    }
  }, 60_000);
});
