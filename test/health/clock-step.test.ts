import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { ClockStepWatch } from '../../src/health/clock-step.js';
import { SteppingClock } from '../helpers/stepping-clock.js';

function watch(clock: SteppingClock | VirtualClock, monotonic: () => number) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  return { lines, steps: new ClockStepWatch(clock, logger, monotonic) };
}

describe('ClockStepWatch', () => {
  it('says when the wall clock steps back or jumps forward, by how much, and nothing while it keeps time', async () => {
    const clock = new SteppingClock(new VirtualClock(), true);
    const { lines, steps } = watch(clock, () => clock.timers.now());
    expect(steps.check()).toBe(0);
    await clock.advance(30_000);
    clock.step(3_000); // NTP slewing and the moment between the two readings: not a step
    expect(steps.check()).toBe(0);
    await clock.advance(10_000);
    clock.step(-3_600_000);
    await clock.advance(20_000);
    expect(steps.check()).toBe(-3_600_000);
    await clock.advance(30_000);
    expect(steps.check()).toBe(0);
    clock.step(8 * 3_600_000); // suspended for 8 hours: the monotonic clock stood still
    expect(steps.check()).toBe(8 * 3_600_000);
    const warned = lines.filter((l) => l.level === 'warn');
    expect(warned.map((l) => l.stepMs)).toEqual([-3_600_000, 8 * 3_600_000]);
    expect(warned[0]!.msg).toMatch(/^the wall clock stepped back by 60 min \(NTP/);
    expect(warned[1]!.msg).toMatch(/^the wall clock jumped forward by 8 h more than this process ran \(the machine or VM was suspended/);
    expect(steps.steps).toBe(2);
  });

  it('never judges a virtual clock, which moves by hand', async () => {
    const clock = new VirtualClock();
    const { lines, steps } = watch(clock, () => 0);
    steps.check();
    await clock.advance(86_400_000);
    expect(steps.check()).toBe(0);
    expect(lines).toEqual([]);
  });
});
