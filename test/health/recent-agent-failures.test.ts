import { describe, expect, it } from 'vitest';
import { flakyAnalyst } from '../helpers/flaky-analyst.js';
import { formatHealth, type HealthLine } from '../../src/health/health-report.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

/**
 * The health line's agent failures counted since the start: an agent that failed in the first half hour (an LLM
 * endpoint down a moment) kept the cockpit's figure in the warning colour, and `conclave health` quoting it, for days.
 */
describe('agent failures of the last hour, beside the total', () => {
  it('are in the health line and `conclave health`, and fall to 0 an hour after the last failure', async () => {
    const flaky = flakyAnalyst();
    const { kernel, clock, logs } = await virtualKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000', CONCLAVE_HEALTH_INTERVAL_MS: '60000' }, { agents: [flaky.agent] });
    flaky.failUntil(clock.now() + 30 * MIN);
    await kernel.start();
    try {
      const health = () => logs.filter((l) => l.msg === 'health').at(-1) as unknown as HealthLine & { discussions: { lastHour: { discussions: number; agentFailures: number } } };
      await runFor(clock, 40 * MIN);
      const early = health().discussions;
      expect(early.agentFailures).toBeGreaterThan(0);
      expect(early.lastHour.agentFailures).toBe(early.agentFailures);
      await runFor(clock, 2 * 60 * MIN);
      const late = health();
      expect(late.discussions.agentFailures).toBe(early.agentFailures);
      expect(late.discussions.lastHour.agentFailures).toBe(0);
      expect(late.discussions.lastHour.discussions).toBeGreaterThan(0);
      expect(formatHealth({ line: late, count: 1 }).text).toContain(`agent failures ${late.discussions.agentFailures} (0 in the last hour, of ${late.discussions.lastHour.discussions} discussions)`);
    } finally {
      await kernel.stop();
    }
  }, 60_000);
});
