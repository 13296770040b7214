import { describe, expect, it, vi } from 'vitest';
import type { AgentContext } from '../../src/agents/agent-port.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { coinFlipPanel } from '../../src/backtest/coin-flip-agents.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { StrengthMemo } from '../../src/backtest/strength-memo.js';
import { defaultConfig, iso, ORCL, tempDir } from './helpers.js';

const files = [{ symbol: 'ORCL', file: ORCL }];

describe("the coin-flip seeds' shared answers", () => {
  it('serve a seed what another seed was answered on the same bars, and change none of its decisions', async () => {
    const series = await loadSeries(files, { from: iso('2009-01-01'), to: iso('2011-12-31') });
    const config = defaultConfig();
    const run = async (agents: ReturnType<typeof coinFlipPanel>) => (await runLoadedBacktest(series, { config, files, outDir: tempDir(), agents })).record;
    const rules = createDefaultAgents();
    const bull = vi.spyOn(rules.find((a) => a.role === 'bull')!, 'analyze');
    const memo = new StrengthMemo();
    await run(coinFlipPanel(rules, 1, memo));
    const askedBefore = bull.mock.calls.length;
    const shared = await run(coinFlipPanel(rules, 2, memo));
    const discussed = shared.signals.filter((s) => s.role === 'bull').length;
    // Seed 2 discusses many of seed 1's bars: the bull is asked about the others only.
    expect(discussed).toBeGreaterThan(50);
    expect(bull.mock.calls.length - askedBefore).toBeLessThan(discussed * 0.8);
    const alone = await run(coinFlipPanel(createDefaultAgents(), 2));
    expect(shared.signals).toEqual(alone.signals);
    expect(shared.fills).toEqual(alone.fills);
    expect(shared.equity).toEqual(alone.equity);
    expect(shared.decisions).toEqual(alone.decisions);
  }, 120_000);

  it('keep only the answers that read nothing but the bars, and tell bars and moments apart', () => {
    const memo = new StrengthMemo();
    const byRole = new Map(createDefaultAgents().map((a) => [a.role, a]));
    const bar = (time: number) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    const context = (now: number, times: number[]) => ({ opportunity: { symbol: 'X' }, now, bars: times.map(bar), barMs: 60_000 }) as unknown as AgentContext;
    const at = context(180_000, [0, 60_000, 120_000]);
    for (const role of ['bull', 'bear', 'analyst']) expect(memo.keyOf(byRole.get(role)!, at), role).toBeDefined();
    // The scout reads news, the risk doctor's whole answer is kept; an agent not of the rules may read anything.
    expect(memo.keyOf(byRole.get('scout')!, at)).toBeUndefined();
    expect(memo.keyOf(byRole.get('riskDoctor')!, at)).toBeUndefined();
    expect(memo.keyOf({ role: 'bull', analyze: async () => ({ stance: 0, confidence: 0, rationale: ['x'], metrics: {} }) }, at)).toBeUndefined();
    const bull = byRole.get('bull')!;
    const keys = [at, context(240_000, [0, 60_000, 120_000]), context(180_000, [60_000, 120_000]), context(240_000, [0, 60_000, 120_000, 180_000])].map((c) => memo.keyOf(bull, c));
    expect(new Set(keys).size).toBe(4);
    expect(memo.keyOf(byRole.get('bear')!, at)).not.toBe(keys[0]);
    expect(memo.keyOf(bull, context(180_000, []))).toBeUndefined();
  });
});
