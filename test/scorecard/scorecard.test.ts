import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { scorecards, scorecardsByQuestion } from '../../src/backtest/report/scorecard.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { ForwardTracker } from '../../src/scorecard/forward-tracker.js';
import { readScorecards } from '../../src/scorecard/scorecard-command.js';
import { openStore } from '../../src/store/store.js';
import type { VerdictEvent } from '../../src/domain/events.js';
import { buildBars } from '../agents/series.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { backtest, defaultConfig, GOOG, iso, ORCL, recordedNews, tempDir } from '../backtest/helpers.js';

describe('scorecards', () => {
  it('writes a forward return only once the bar h after the discussed one has closed', () => {
    const store = openStore(join(tempDir(), 'store.db'));
    const clock = new VirtualClock(0);
    const tracker = new ForwardTracker(store, createLogger({ level: 'silent', clock }), [1, 3]);
    const bars = buildBars(Array.from({ length: 10 }, () => ({ drift: 0.01, noise: 0.01, volume: 1 })));
    const event = { opportunity: { id: 'o1', symbol: 'ACME', barTime: bars[4]!.time } } as VerdictEvent;
    tracker.onVerdict(event);
    const rows = () => store.db.prepare('SELECT horizon_bars h, forward_return r FROM forward_returns ORDER BY h').all() as { h: number; r: number }[];
    tracker.observe('ACME', bars.slice(0, 5), 1);
    tracker.observe('OTHER', bars.slice(0, 9), 1);
    expect(rows()).toEqual([]);
    tracker.observe('ACME', bars.slice(0, 6), 2);
    expect(rows()).toEqual([{ h: 1, r: bars[5]!.close / bars[4]!.close - 1 }]);
    tracker.observe('ACME', bars.slice(0, 8), 3);
    expect(rows()).toEqual([{ h: 1, r: bars[5]!.close / bars[4]!.close - 1 }, { h: 3, r: bars[7]!.close / bars[4]!.close - 1 }]);
    expect(tracker.size).toBe(0);
    store.db.close();
  });

  it('bounds what waits for its returns, dropping the oldest', () => {
    const store = openStore(join(tempDir(), 'store.db'));
    const clock = new VirtualClock(0);
    const tracker = new ForwardTracker(store, createLogger({ level: 'silent', clock }), [1], 3);
    for (let i = 0; i < 5; i++) tracker.onVerdict({ opportunity: { id: `o${i}`, symbol: 'ACME', barTime: i }, decidedAt: i } as VerdictEvent);
    expect(tracker.size).toBe(3);
    expect(tracker.dropped).toBe(2);
    store.db.close();
  });

  it('live scorecards of a backtest store match the report computed after the run, and `conclave scorecard` prints them', async () => {
    const run = await backtest([{ symbol: 'GOOG', file: GOOG }], { from: '2008-01-01', to: '2010-12-31' });
    const db = new Database(run.storeFile, { readonly: true });
    const live = readScorecards(db).filter((r) => r.horizonBars === 5 && r.symbol === 'all' && r.question === 'all');
    db.close();
    const report = scorecards(run.record);
    expect(live.map((r) => r.role)).toEqual(report.map((r) => r.role));
    for (const r of report) {
      const l = live.find((x) => x.role === r.role)!;
      // The backtest's last bars are pending in both; the live card scores exactly what had been realised.
      expect({ scored: l.scored, hits: l.hits, calls: l.calls }).toEqual({ scored: r.scored, hits: r.hits, calls: r.calls });
      if (r.spearman !== null) expect(l.spearman).toBeCloseTo(r.spearman, 9);
    }
    const cli = spawnSync(process.execPath, ['bin/conclave.js', 'scorecard', '--store', run.storeFile, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(cli.status).toBe(0);
    const printed = JSON.parse(cli.stdout) as { horizonBars: number; role: string }[];
    expect(new Set(printed.map((r) => r.horizonBars))).toEqual(new Set([1, 5, 20]));
    const text = spawnSync(process.execPath, ['bin/conclave.js', 'scorecard', '--store', run.storeFile], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(text.stdout).toMatch(/5 bars\s+all\s+all\s+chief\s+\d+/);
    // One bar is one bar (it printed "1 bars").
    expect(text.stdout).toMatch(/^1 bar\s+all\s+all\s+chief\s+\d+/m);
    // By question, as the report scores them: each question's rows hold that question's stances.
    const byQuestion = scorecardsByQuestion(run.record);
    expect(byQuestion.map((q) => q.question)).toContain('review');
    const again = new Database(run.storeFile, { readonly: true });
    const rows = readScorecards(again).filter((r) => r.horizonBars === 5 && r.symbol === 'all' && r.question !== 'all');
    again.close();
    expect([...new Set(rows.map((r) => r.question))]).toEqual(byQuestion.map((q) => q.question));
    for (const q of byQuestion) {
      for (const r of q.agents) {
        const l = rows.find((x) => x.question === q.question && x.role === r.role)!;
        expect({ scored: l.scored, hits: l.hits, calls: l.calls }).toEqual({ scored: r.scored, hits: r.hits, calls: r.calls });
      }
    }
    expect(text.stdout).toMatch(/5 bars\s+all\s+review\s+chief\s+\d+/);
    expect(text.stdout).not.toMatch(/\b1 bars\b/);
  }, 120_000);

  it('with recorded news and a configured horizon, `conclave scorecard` on the store still shows the report\'s figures', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }];
    const series = await loadSeries(files, { from: iso('2005-01-01'), to: iso('2006-12-31T23:59:59.999Z') });
    const run = await runLoadedBacktest(series, { config: defaultConfig({ scorecardHorizonBars: 3 }), files, outDir: tempDir(), news: recordedNews() });
    const newsVerdicts = run.record.signals.filter((s) => s.role === 'chief' && s.verdictId.startsWith('v-n-'));
    expect(newsVerdicts.length).toBeGreaterThan(10);
    const db = new Database(run.storeFile, { readonly: true });
    const live = readScorecards(db);
    db.close();
    expect(new Set(live.map((r) => r.horizonBars))).toEqual(new Set([1, 3, 5, 20]));
    const report = scorecards(run.record);
    for (const r of report) {
      const l = live.find((x) => x.horizonBars === 3 && x.symbol === 'all' && x.question === 'all' && x.role === r.role)!;
      expect({ signals: l.signals, pending: l.pending, scored: l.scored, hits: l.hits, calls: l.calls }).toEqual({ signals: r.signals, pending: r.pending, scored: r.scored, hits: r.hits, calls: r.calls });
      // Each symbol's row holds that symbol's stances: together, the row of all.
      const bySymbol = live.filter((x) => x.horizonBars === 3 && x.symbol !== 'all' && x.role === r.role);
      expect(bySymbol.map((x) => x.symbol).sort()).toEqual(['GOOG', 'ORCL']);
      expect(bySymbol.reduce((n, x) => n + x.signals, 0)).toBe(l.signals);
      expect(bySymbol.reduce((n, x) => n + x.scored, 0)).toBe(l.scored);
    }
  }, 120_000);
});

