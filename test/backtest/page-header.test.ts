import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/backtest/report/write-report.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { backtest, ORCL, tempDir } from './helpers.js';

const header = async (out: string) => /<header>[\s\S]*?<p>([^<]*)<\/p>/.exec(await readFile(path.join(out, 'report.html'), 'utf8'))![1]!;

describe("report.html's header names the span as the summary does", () => {
  it('gives the bars of --from and --to, the time they cover, and counts in the singular when there is one', async () => {
    const one = await backtest([{ symbol: 'ORCL', file: ORCL }], { from: '2005-03-01', to: '2005-03-01' });
    const out = tempDir();
    await writeReport(out, one.record);
    expect(summaryTable(buildReport(one.record))).toMatch(/^ORCL_20050301-20050301: bars 2005-03-01 to 2005-03-01 UTC, 1 step, 1 symbol\n/);
    // It said "Backtest 2005-03-02 to 2005-03-02 (UTC), 0.0 hours · 1 steps": the bar's close, a day the user never named.
    expect(await header(out)).toMatch(/^Backtest bars 2005-03-01 to 2005-03-01 \(UTC\), 24\.0 hours · 1 step · ORCL · /);
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain('0 round trips ·');
    expect(await header(out)).toMatch(/ · no news \(the scout saw none\)$/);
    expect((JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { settings: { news: unknown } }).settings.news).toBeNull();
    const year = await backtest([{ symbol: 'ORCL', file: ORCL }], { from: '2012-01-01', to: '2012-12-31' });
    const yearOut = tempDir();
    await writeReport(yearOut, year.record);
    expect(await header(yearOut)).toMatch(/^Backtest bars 2012-01-03 to 2012-12-31 \(UTC\), 364\.0 days · 250 steps · ORCL · /);
  }, 60_000);
});
