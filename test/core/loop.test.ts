import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { Loop } from '../../src/core/loop.js';
import { OperationalError } from '../../src/core/errors.js';

function setup(task: (signal: AbortSignal, clock: VirtualClock) => Promise<void>, intervalMs = 1_000) {
  const clock = new VirtualClock(0);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  const loop = new Loop({ name: 'test', intervalMs, clock, logger, task: (signal) => task(signal, clock) });
  return { clock, loop, lines };
}

describe('Loop', () => {
  it('runs at once, then at a fixed rate', async () => {
    const times: number[] = [];
    const { clock, loop } = setup(async (_s, c) => void times.push(c.now()));
    loop.start();
    await clock.advance(3_500);
    await loop.stop();
    expect(times).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it('never overlaps iterations and skips the ticks a slow one missed', async () => {
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const { clock, loop } = setup(async (signal, c) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      starts.push(c.now());
      await c.sleep(starts.length === 1 ? 2_500 : 100, signal).catch(() => undefined);
      running--;
    });
    loop.start();
    await clock.advance(5_000);
    await loop.stop();
    expect(maxRunning).toBe(1);
    expect(starts).toEqual([0, 3_000, 4_000, 5_000]);
  });

  it('isolates a failing iteration, counts it, and logs a repeated failure at most once a minute', async () => {
    const { clock, loop, lines } = setup(async () => {
      throw new Error('source down');
    });
    loop.start();
    await clock.advance(150_000);
    await loop.stop();
    const stats = loop.stats();
    expect(stats.runs).toBe(151);
    expect(stats.errors).toBe(151);
    expect(stats.lastOkAt).toBeNull();
    expect(stats.lastError).toBe('source down');
    const logged = lines.filter((l) => l.msg === 'test iteration failed; the loop goes on');
    expect(logged.map((l) => l.time)).toEqual([0, 60_000, 120_000]);
    expect(logged[1]!.repeatedSinceLastLog).toBe(59);
  });

  it('logs a known condition by its message, and an unexpected error with its stack', async () => {
    for (const [error, stack] of [[new OperationalError('replay of ORCL has no bars after 2014-12-31: the file is exhausted'), false], [new TypeError('x is undefined'), true]] as const) {
      const { clock, loop, lines } = setup(async () => {
        throw error;
      });
      loop.start();
      await clock.advance(10);
      await loop.stop();
      const err = lines.find((l) => l.msg === 'test iteration failed; the loop goes on')!.err;
      if (stack) expect(err).toMatchObject({ message: 'x is undefined', stack: expect.stringContaining('TypeError') });
      else expect(err).toBe(error.message);
    }
  });

  it('stops promptly, aborting the iteration in flight, and stop is idempotent', async () => {
    let aborted = false;
    const { clock, loop } = setup(async (signal, c) => {
      await c.sleep(60_000, signal).catch(() => (aborted = true));
    });
    loop.start();
    await clock.advance(10);
    await Promise.all([loop.stop(), loop.stop()]);
    expect(aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });
});
