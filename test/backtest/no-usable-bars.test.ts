import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';

describe('a backtest file of which no row is usable', () => {
  it('says the first row’s reason, not only a count, so the user knows what to do without another command', async () => {
    // mplfinance's SP500_NOV2019_IDay.csv: minute bars of 5 to 8 November, no day above the 12th.
    const file = join(tempDir(), 'sp500-iday.csv');
    writeFileSync(file, ['Date,Open,Close,High,Low,Volume', '11/5/2019 9:30,3080.8,3080.49,3081.47,3080.3,0', '11/5/2019 9:31,3080.33,3079.36,3080.33,3079.15,0', '11/8/2019 15:59,3091.16,3092.91,3092.91,3090.96,0'].join('\n'));
    const error = await loadSeries([{ file, symbol: 'SP500' }], {}).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/has no usable bars \(3 rejected, 0 quarantined\); row 2 \[invalid-time\]: time "11\/5\/2019 9:30" in column "Date" is in a file whose dates \(with slashes or dashes, the year last\) cannot be read: no date .*cannot be told apart; rewrite them as YYYY-MM-DD; run conclave check-data .* for every reason$/);
  });
});
