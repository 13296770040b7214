import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveClock, VirtualClock } from '../../src/core/clock.js';

describe('VirtualClock', () => {
  it('only moves when advanced, and fires timers in due order', async () => {
    const clock = new VirtualClock(1_000);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
    expect(clock.now()).toBe(1_000);
    await clock.advance(200);
    expect(fired).toEqual(['a@1100']);
    expect(clock.now()).toBe(1_200);
    await clock.advance(1_000);
    expect(fired).toEqual(['a@1100', 'b@1300', 'c@1300']);
    expect(clock.now()).toBe(2_200);
  });

  it('runs the work a timer starts before the next timer fires', async () => {
    const clock = new VirtualClock(0);
    const log: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(1_000);
        await Promise.resolve();
        log.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(10_000);
    await done;
    expect(log).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it('cancels timers and rejects an aborted sleep', async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    const cancel = clock.setTimer(10, () => (fired = true));
    cancel();
    const ac = new AbortController();
    const sleeping = clock.sleep(1_000, ac.signal);
    ac.abort();
    await expect(sleeping).rejects.toThrow();
    await clock.advance(2_000);
    expect(fired).toBe(false);
    expect(clock.pending).toBe(0);
  });
});

describe('LiveClock', () => {
  it('sleeps for real time', async () => {
    const clock = new LiveClock();
    const start = clock.now();
    await clock.sleep(20);
    expect(clock.now() - start).toBeGreaterThanOrEqual(15);
  });
});

describe('the live clock’s timers', () => {
  afterEach(() => vi.useRealTimers());

  it('wait as long as asked past 24.8 days (setTimeout alone fires such a timer after 1 ms), and can be cancelled meanwhile', () => {
    vi.useFakeTimers();
    const clock = new LiveClock();
    const DAY = 86_400_000;
    let fired = 0;
    clock.setTimer(30 * DAY, () => fired++);
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(30 * DAY - 2_000);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(1);
    const cancel = clock.setTimer(60 * DAY, () => fired++);
    vi.advanceTimersByTime(40 * DAY);
    cancel();
    vi.advanceTimersByTime(40 * DAY);
    expect(fired).toBe(1);
  });
});
