import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { ConfigError } from '../../src/core/errors.js';
import { loadConfig } from '../../src/config/config.js';
import { backtest, ORCL } from './helpers.js';

describe('the scorecards horizon', () => {
  it('is the configured scorecardHorizonBars: the report scores the same stances over that many bars', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }];
    const five = buildReport(await backtest(files).then((r) => r.record));
    const twenty = buildReport(await backtest(files, {}, { scorecardHorizonBars: 20 }).then((r) => r.record));
    expect(five.settings.scorecardHorizonBars).toBe(5);
    expect(twenty.settings.scorecardHorizonBars).toBe(20);
    // The same stances, scored over another horizon.
    const chief = (r: typeof five) => r.agents.find((a) => a.role === 'chief')!;
    expect(chief(twenty).signals).toBe(chief(five).signals);
    expect(chief(twenty).spearman).not.toBe(chief(five).spearman);
  }, 60_000);

  it('is validated like every key', () => {
    expect(loadConfig({ env: { CONCLAVE_SCORECARD_HORIZON_BARS: '20' } }).scorecardHorizonBars).toBe(20);
    expect(() => loadConfig({ env: { CONCLAVE_SCORECARD_HORIZON_BARS: '0' } })).toThrow(ConfigError);
  });
});
