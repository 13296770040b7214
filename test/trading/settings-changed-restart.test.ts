import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/**
 * An operator edits the settings and restarts the daemon while positions are held. What the daemon then judges the
 * positions by must be what `conclave status` and the dashboard show, and what it changed must be said.
 */
const env = { CONCLAVE_MODEL_THRESHOLD: '0.5' };

/** A daemon run until it holds two positions, then stopped: its data dir and clock. */
async function holdingTwo() {
  const first = await virtualKernel(env);
  await first.kernel.start();
  for (let i = 0; i < 60 && first.kernel.store.positions().length < 2; i++) await runFor(first.clock, 10 * 60_000);
  expect(first.kernel.store.positions().length).toBeGreaterThanOrEqual(2);
  await first.kernel.stop();
  return first;
}

type StatusPosition = { symbol: string; stopLevel: number | null; stopRule: string | null };

describe('settings changed between restarts while positions are held', () => {
  it('shows the trailing stop a restart turned on at the level the first check judges, before that check', async () => {
    const first = await holdingTwo();
    // The run before had no trailing stop; each position's peak since entry was kept all the same.
    const trailing = Object.assign({}, env, { CONCLAVE_TRAILING_STOP_PCT: '0.002', CONCLAVE_TRAILING_ACTIVATION_PCT: '0' });
    const second = await virtualKernel(trailing, { clock: first.clock }, first.dataDir);
    const shown = new Map((second.kernel.status().positions as StatusPosition[]).map((p) => [p.symbol, p]));
    await second.kernel.start();
    await runFor(first.clock, 60_000);
    await second.kernel.stop();
    // Said at start, per position, before the first check sells.
    const said = second.logs.find((l) => String(l.msg).startsWith('exit settings changed since the last start'));
    expect(said).toMatchObject({ level: 'warn' });
    expect(said!.msg).toMatch(/^exit settings changed since the last start \(trailingStopPct 0 → 0\.002, trailingActivationPct 0\.02 → 0\): held positions are judged from the first check by AQUA stop 177\.5088 \(stop loss\), target none → stop 178\.1790 \(trailing stop\), target none; MRDN .*a level the price is already past exits then\.$/);
    const fired = second.logs.filter((l) => l.msg === 'exit rule fired' && l.reason === 'trailing_stop');
    expect(fired.length).toBeGreaterThan(0);
    for (const line of fired) {
      const level = Number(/ ([\d.]+)$/.exec(String(line.detail))![1]);
      // Before, status showed the position's own stop (stop_loss, lower) until a check had armed the trailing stop.
      expect(shown.get(String(line.symbol))).toMatchObject({ stopRule: 'trailing_stop' });
      expect(shown.get(String(line.symbol))!.stopLevel).toBeCloseTo(level, 9);
    }
  }, 120_000);

  it('says that a lowered stopLossPct moves no held position’s stop: each carries its BUY’s own', async () => {
    const first = await holdingTwo();
    // A first restart records the settings; the operator then lowers the fallback stop and restarts again.
    const again = await virtualKernel(env, { clock: first.clock }, first.dataDir);
    await again.kernel.start();
    await again.kernel.stop();
    expect(again.logs.some((l) => String(l.msg).startsWith('exit settings changed'))).toBe(false);
    const lowered = await virtualKernel(Object.assign({}, env, { CONCLAVE_STOP_LOSS_PCT: '0.001' }), { clock: first.clock }, first.dataDir);
    await lowered.kernel.start();
    await lowered.kernel.stop();
    const said = lowered.logs.find((l) => String(l.msg).startsWith('exit settings changed since the last start'));
    expect(said).toMatchObject({ level: 'info' });
    expect(said!.msg).toBe("exit settings changed since the last start (stopLossPct 0.04 → 0.001): no held position's stop or target moves (each carries the stop and target of its BUY where it has them).");
    // A time stop turned on moves no level either, but sells what is held longer at the first check: a warning.
    const timed = await virtualKernel(Object.assign({}, env, { CONCLAVE_STOP_LOSS_PCT: '0.001', CONCLAVE_MAX_HOLD_BARS: '3' }), { clock: first.clock }, first.dataDir);
    await timed.kernel.start();
    await timed.kernel.stop();
    expect(timed.logs.find((l) => String(l.msg).startsWith('exit settings changed since the last start'))).toMatchObject({
      level: 'warn',
      msg: "exit settings changed since the last start (maxHoldBars 0 → 3): no held position's stop or target moves. The time stop counts from each position's entry: one held longer than the new limit exits at the first check.",
    });
  }, 120_000);

  it('sells nothing for limits lowered below what is held: the same exits as without, and entries refused saying why', async () => {
    const first = await holdingTwo();
    const at = first.clock.now();
    const held = first.kernel.store.positions().map((p) => p.symbol);
    const copy = mkdtempSync(join(tmpdir(), 'conclave-test-'));
    cpSync(first.dataDir, copy, { recursive: true });
    /** Six hours from the stop, on `dataDir`, with `extra` settings: the exits and the risk gate's refusals. */
    const hour = async (dataDir: string, extra: Record<string, string>) => {
      const clock = new VirtualClock(at);
      const run = await virtualKernel(Object.assign({}, env, extra), { clock }, dataDir);
      await run.kernel.start();
      await runFor(clock, 6 * 3_600_000);
      await run.kernel.stop();
      const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
      try {
        // The exits of the positions held at the restart (entries made in those hours are the unchanged run's own).
        const exits = db.prepare(`SELECT symbol, created_at FROM orders WHERE purpose = 'exit' AND symbol IN (${held.map(() => '?').join(', ')}) ORDER BY created_at, symbol`).all(...held);
        const refusals = db.prepare(`SELECT DISTINCT rule, reason FROM risk_decisions WHERE outcome = 'rejected' AND time >= ?`).all(at) as { rule: string; reason: string }[];
        return { exits, refusals };
      } finally {
        db.close();
      }
    };
    const kept = await hour(first.dataDir, {});
    const lowered = await hour(copy, { CONCLAVE_MAX_OPEN_POSITIONS: '1', CONCLAVE_MAX_GROSS_EXPOSURE: '0.05', CONCLAVE_POSITION_FRACTION: '0.01' });
    expect(lowered.exits).toEqual(kept.exits);
    expect(kept.exits.length).toBeGreaterThan(0);
    expect(lowered.refusals.length).toBeGreaterThan(0);
    for (const r of lowered.refusals) expect(r.reason).toMatch(/^\d+ positions open, the maximum is 1$|already at the cap 5 % of equity/);
  }, 120_000);
});
