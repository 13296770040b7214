import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent-port.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { VirtualClock } from '../../src/core/clock.js';
import { virtualKernel } from '../helpers/kernel-harness.js';
import { SteppingClock } from '../helpers/stepping-clock.js';

const HOUR = 3_600_000;

/**
 * The daemon on 5-minute simulated bars for three hours, its bull agent's work spanning a suspend of the machine when asked
 * to: the wall clock jumps an hour while Node's timers (monotonic) stand still, so the agents' deadline does not stop
 * the discussion, which resumes and decides on the bars of an hour before.
 */
async function day(suspendMidDiscussion: boolean) {
  const clock = new SteppingClock(new VirtualClock(Date.UTC(2026, 0, 5, 0, 0, 0)));
  const agents: Agent[] = createDefaultAgents().map((agent) =>
    agent.role !== 'bull'
      ? agent
      : {
          role: agent.role,
          analyze: (context, signal) => {
            if (suspendMidDiscussion) clock.step(HOUR);
            return agent.analyze(context, signal);
          },
        },
  );
  const h = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0', CONCLAVE_SIM_BAR_MS: '300000', CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000' }, { clock, agents });
  await h.kernel.start();
  for (let i = 0; i < 3 * 60; i++) await clock.advance(60_000);
  const db = h.kernel.store.db;
  const buys = (db.prepare(`SELECT COUNT(*) n FROM verdicts WHERE action = 'BUY'`).get() as { n: number }).n;
  const entries = (db.prepare(`SELECT COUNT(*) n FROM orders WHERE purpose = 'entry'`).get() as { n: number }).n;
  const stale = db.prepare(`SELECT reason FROM risk_decisions WHERE rule = 'stale_verdict'`).all() as { reason: string }[];
  const warned = h.logs.filter((l) => l.rule === 'stale_verdict' && l.level === 'warn').length;
  await h.kernel.stop();
  return { buys, entries, stale, warned };
}

describe('a machine suspended in the middle of a discussion', () => {
  it('places no entry on the verdict it resumes with, and says why', async () => {
    const control = await day(false);
    // The same day without a suspend trades: the test would prove nothing otherwise.
    expect(control.entries).toBeGreaterThan(0);
    expect(control.stale).toEqual([]);
    const suspended = await day(true);
    expect(suspended.buys).toBeGreaterThan(0);
    expect(suspended.entries).toBe(0);
    expect(suspended.stale.length).toBeGreaterThan(0);
    for (const { reason } of suspended.stale) {
      // An hour at least (discussions run side by side, so another's suspend may add to it).
      expect(reason).toMatch(/^its discussion began reading bars \d+ s ago: the verdict rests on bars read too long ago/);
      expect(Number(/(\d+) s ago/.exec(reason)![1])).toBeGreaterThanOrEqual(3600);
    }
    expect(suspended.warned).toBe(suspended.stale.length);
  });
});
