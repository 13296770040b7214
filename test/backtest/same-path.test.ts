import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { VirtualClock } from '../../src/core/clock.js';
import { immutable } from '../../src/core/freeze.js';
import { EmptyNews } from '../../src/news/empty-news.js';
import type { LoadedSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { SimMarket } from '../../src/market/sim-market.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';
import { tempDir } from './helpers.js';

const BAR_MS = 60_000;
const RUN_MS = 3 * 3_600_000;

/** What a discussion decided, keyed by the bar it was about: each agent's stance and confidence, and the chief's score. */
type Decisions = Map<string, string>;

describe('same path as live', () => {
  it('a backtest over the simulated market bars reaches the verdicts the daemon reached on the virtual clock', async () => {
    const env = { CONCLAVE_MODEL_SCAN_INTERVAL_MS: String(BAR_MS), CONCLAVE_STORE_CHECKPOINT: 'inline', CONCLAVE_LOG_LEVEL: 'warn' };
    const { kernel, clock, config } = await virtualKernel(env, { news: new EmptyNews() });
    const start = clock.now();
    const live: Decisions = new Map();
    const key = (symbol: string, barTime: number) => `${symbol}@${new Date(barTime).toISOString()}`;
    const describeVerdict = (e: VerdictEvent) =>
      JSON.stringify([...e.outcomes.map((o) => [o.role, o.status, o.signal?.stance ?? null, o.signal?.confidence ?? null]), e.verdict.score]);
    kernel.bus.on('verdict', (e) => void live.set(key(e.opportunity.symbol, e.opportunity.barTime!), describeVerdict(e)));
    await kernel.start();
    await runFor(clock, RUN_MS, BAR_MS);
    await kernel.stop();
    expect(live.size).toBeGreaterThan(20);

    // The same bars, from a market of the same seed and start that keeps them all.
    const later = new VirtualClock(start);
    const full = new SimMarket({ clock: later, seed: config.simSeed, symbols: config.universe.map((u) => u.symbol), barMs: BAR_MS, maxBars: 100_000 });
    await later.advance(RUN_MS);
    const series: LoadedSeries[] = [];
    for (const symbol of full.symbols()) {
      const bars = (await full.bars(symbol, 100_000)).map((b) => immutable({ ...b }));
      const first = bars.findIndex((b) => b.time + BAR_MS > start);
      const end = bars.findIndex((b) => b.time + BAR_MS > start + RUN_MS);
      series.push({ symbol, file: 'sim', barMs: BAR_MS, bars, first, end: end < 0 ? bars.length : end, rejected: 0, quarantined: 0 });
    }
    const run = await runLoadedBacktest(series, { config, files: [], outDir: tempDir() });
    const backtested: Decisions = new Map();
    const byVerdict = new Map<string, typeof run.record.signals>();
    for (const s of run.record.signals) byVerdict.set(s.verdictId, [...(byVerdict.get(s.verdictId) ?? []), s]);
    for (const rows of byVerdict.values()) {
      const agents = rows.filter((r) => r.role !== 'chief');
      const chief = rows.find((r) => r.role === 'chief')!;
      backtested.set(
        key(chief.symbol, chief.time - BAR_MS),
        JSON.stringify([...agents.map((a) => [a.role, a.stance === null ? 'abstained' : 'ok', a.stance, a.stance === null ? null : a.confidence]), chief.stance]),
      );
    }
    // The daemon's run ends mid-way through its last discussions; compare the bars both decided on.
    const common = [...live.keys()].filter((k) => backtested.has(k));
    expect(common.length).toBeGreaterThan(live.size * 0.9);
    for (const k of common) expect(backtested.get(k), k).toBe(live.get(k));
    expect([...backtested.keys()].filter((k) => !live.has(k)).length).toBeLessThanOrEqual(config.universe.length);
  }, 120_000);
});
