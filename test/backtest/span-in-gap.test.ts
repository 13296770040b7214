import { describe, expect, it } from 'vitest';
import { ORCL, iso } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';

const refusal = (from: string, to: string) =>
  loadSeries([{ file: ORCL, symbol: 'ORCL' }], { from: iso(from), to: iso(to) + 86_400_000 - 1, fromDay: true, toDay: true }).then(
    () => '',
    (e: unknown) => (e as Error).message,
  );

describe('a span that holds no bar of a file whose bars run before and after it', () => {
  it('names the bars either side of it (it said only that the bars run from 1995 to 2014, which hold the span)', async () => {
    // A weekend: Friday 2014-06-06, then Monday 2014-06-09.
    expect(await refusal('2014-06-07', '2014-06-08')).toMatch(
      /: its usable bars run from 1995-01-03T00:00:00Z to 2014-12-31T00:00:00Z, and none opens in the span, which falls between two of them: 2014-06-06T00:00:00Z and 2014-06-09T00:00:00Z \(a weekend, a holiday or a hole in the file\); widen --from or --to to take in a bar$/,
    );
    // The 9/11 closure: 2001-09-10, then 2001-09-17.
    expect(await refusal('2001-09-11', '2001-09-14')).toContain('falls between two of them: 2001-09-10T00:00:00Z and 2001-09-17T00:00:00Z');
  });

  it('says only where the bars run when the span lies before or after them all', async () => {
    const message = await refusal('2020-01-01', '2020-12-31');
    expect(message).toMatch(/its usable bars run from 1995-01-03T00:00:00Z to 2014-12-31T00:00:00Z$/);
  });
});
