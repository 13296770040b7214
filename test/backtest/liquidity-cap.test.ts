import { describe, expect, it } from 'vitest';
import { immutable } from '../../src/core/freeze.js';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import type { BacktestRun } from '../../src/backtest/run-backtest.js';
import type { Bar } from '../../src/market/market-port.js';
import { buildReport, buildReportData } from '../../src/backtest/report/build-report.js';
import { liquidityText } from '../../src/backtest/report/liquidity-report.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import { reportPage } from '../../src/backtest/report/report-page.js';
import { backtest, ORCL } from './helpers.js';

// A trillion of cash: every entry the panel sizes (a quarter of equity) is far more ORCL than changed hands in a day.
const HUGE = { startingCash: 1e12, maxVolumeShare: 0.025 };
const SPAN = { to: '1997-12-31' };
const files = [{ file: ORCL, symbol: 'ORCL' }];

/** Keeps the run's loaded bars (all of them, history included) to compute the expected caps from. */
function keeping(into: Bar[][], edit: (bars: readonly Bar[]) => readonly Bar[] = (b) => b) {
  return (series: LoadedSeries[]): LoadedSeries[] =>
    series.map((s) => {
      const bars = edit(s.bars);
      into.push(bars as Bar[]);
      return Object.assign({}, s, { bars });
    });
}

/** 2.5 % (maxVolumeShare as set here, zipline's default) of the mean volume of the 20 bars closed before the bar at `time` opened. */
function capBefore(bars: readonly Bar[], time: number): number {
  const i = bars.findIndex((b) => b.time === time);
  expect(i).toBeGreaterThanOrEqual(20);
  const window = bars.slice(i - 20, i);
  return (0.025 * window.reduce((sum, b) => sum + b.volume, 0)) / window.length;
}

const buys = (run: BacktestRun) => run.record.fills.filter((f) => f.side === 'buy');

describe('fills that respect the volume traded (maxVolumeShare)', () => {
  it('caps an entry at 2.5 % of the mean volume of the 20 bars closed when it was decided, a clamp of the risk gate', async () => {
    const kept: Bar[][] = [];
    const run = await backtest(files, SPAN, HUGE, keeping(kept));
    const entries = buys(run);
    expect(entries.length).toBeGreaterThan(1);
    for (const fill of entries) {
      const cap = capBefore(kept[0]!, fill.time);
      // Floored to the lot step (0.001), never above the cap.
      expect(fill.qty).toBeLessThanOrEqual(cap);
      expect(fill.qty).toBeGreaterThan(cap - 0.002);
    }
    const report = buildReport(run.record);
    expect(report.decisions!.riskGate.rules).toContainEqual({ rule: 'max_volume_share', count: entries.length });
    expect(report.liquidity).toMatchObject({ maxVolumeShare: 0.025, volumeBars: 20, entriesClamped: entries.length, entriesRefused: 0, noVolume: [] });
  }, 60_000);

  it('counts and shows the exits above the cap, sold in full all the same', async () => {
    const kept: Bar[][] = [];
    const run = await backtest(files, SPAN, HUGE, keeping(kept));
    const sells = run.record.fills.filter((f) => f.side === 'sell');
    // An exit is measured as an entry would be: against the bars closed before the bar it fills in.
    const over = sells.filter((f) => f.qty > capBefore(kept[0]!, f.time)).length;
    expect(over).toBeGreaterThan(0);
    // Sold in full: every position bought was sold whole (the buys and sells of each round trip match).
    const held = run.record.openPositions.reduce((sum, p) => sum + p.qty, 0);
    expect(buys(run).reduce((sum, f) => sum + f.qty, 0) - sells.reduce((sum, f) => sum + f.qty, 0)).toBeCloseTo(held, 6);
    const data = buildReportData(run.record);
    expect(data.report.liquidity!.exitsOverCap).toBe(over);
    const said = `${over} exit${over === 1 ? '' : 's'} above it sold in full all the same`;
    expect(summaryTable(data.report)).toContain(said);
    expect(reportPage(run.record, data, '')).toContain(said);
  }, 60_000);

  it('never reads the volume of the bar an entry fills in, nor of any later bar', async () => {
    const real = await backtest(files, SPAN, HUGE);
    const first = buys(real)[0]!;
    // From the fill bar on, every volume a thousandth of what it was, and then a thousand times.
    for (const factor of [0.001, 1000]) {
      const kept: Bar[][] = [];
      const poison = (bars: readonly Bar[]) => bars.map((b) => (b.time >= first.time ? immutable(Object.assign({}, b, { volume: b.volume * factor })) : b));
      const poisoned = await backtest(files, SPAN, HUGE, keeping(kept, poison));
      expect(kept[0]!.find((b) => b.time === first.time)!.volume).not.toBe(real.record.symbols[0]!.bars.find((b) => b.time === first.time)!.volume);
      expect(buys(poisoned)[0]).toEqual(first);
    }
    // And the first entry was cut by the cap (else nothing above would tell).
    expect(buildReport(real.record).decisions!.riskGate.rules.map((r) => r.rule)).toContain('max_volume_share');
  }, 60_000);

  it('leaves entries uncapped where the bars carry no volume, and says so once', async () => {
    const noVolume = (bars: readonly Bar[]) => bars.map((b) => immutable(Object.assign({}, b, { volume: 0 })));
    const run = await backtest(files, SPAN, HUGE, keeping([], noVolume));
    const off = await backtest(files, SPAN, Object.assign({ maxVolumeShare: 0 }, HUGE), keeping([], noVolume));
    expect(buys(run).length).toBeGreaterThan(1);
    expect(run.record.fills).toEqual(off.record.fills);
    const report = buildReport(run.record);
    expect(report.liquidity).toMatchObject({ entriesClamped: 0, entriesRefused: 0, noVolume: ['ORCL'] });
    expect(report.decisions!.riskGate.rules.map((r) => r.rule)).not.toContain('max_volume_share');
    const text = summaryTable(report);
    expect(text.split('no volume in the bars of ORCL: not capped').length).toBe(2);
  }, 60_000);

  it('changes nothing at the default cash on ORCL, whose days trade millions of shares', async () => {
    const run = await backtest(files, SPAN);
    const off = await backtest(files, SPAN, { maxVolumeShare: 0 });
    expect(run.record.fills.length).toBeGreaterThan(0);
    expect(run.record.fills).toEqual(off.record.fills);
    expect(buildReport(run.record).liquidity).toMatchObject({ entriesClamped: 0, exitsOverCap: 0 });
  }, 60_000);

  it('shows a tiny cap as the share it is, never as 0 % (which reads as off)', () => {
    const l = { maxVolumeShare: 1e-7, volumeBars: 20, entriesClamped: 2, entriesRefused: 1, exitsOverCap: 0, noVolume: [] };
    expect(liquidityText(l)).toBe('Liquidity: entries capped at 0.00001 % of the mean volume of the last 20 closed bars (maxVolumeShare); 2 entries cut to it, 1 refused');
    expect(liquidityText({ ...l, maxVolumeShare: 0.025 })).toMatch(/^Liquidity: entries capped at 2\.5 % of/);
  });
});
