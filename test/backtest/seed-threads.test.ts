import { describe, expect, it } from 'vitest';
import { seedThreads } from '../../src/backtest/seed-threads.js';

const MB = 1_048_576;

describe('the coin-flip seeds’ worker threads by default', () => {
  // Each worker loads the files again and runs a seed as the panel ran: on a year of minute bars 550 MB a worker, and
  // the default on 8 cores (7 workers) asked for about 5 GB whatever the machine had.
  it('takes no more than the free memory holds, at what the panel’s run took each, and says so', () => {
    const t = seedThreads(7, 20, { free: 3000 * MB, perRun: 800 * MB });
    expect(t.jobs).toBe(3);
    expect(t.note).toBe("the coin-flip seeds run on 3 worker threads, not 7: each takes about the 800 MB the panel's run took, and 3000 MB of memory are free; give --jobs N to choose");
    expect(seedThreads(7, 20, { free: 900 * MB, perRun: 800 * MB })).toMatchObject({ jobs: 1 });
  });

  it('keeps the cores’ count when the memory holds it, or when there are no more seeds than one thread runs', () => {
    expect(seedThreads(7, 20, { free: 16_000 * MB, perRun: 800 * MB })).toEqual({ jobs: 7 });
    expect(seedThreads(7, 1, { free: 100 * MB, perRun: 800 * MB })).toEqual({ jobs: 7 });
    expect(seedThreads(1, 20, { free: 100 * MB, perRun: 800 * MB })).toEqual({ jobs: 1 });
    // Four seeds on 7 cores: 4 threads are enough, and 4 fit.
    expect(seedThreads(7, 4, { free: 4100 * MB, perRun: 800 * MB })).toEqual({ jobs: 7 });
  });

  it('keeps a --jobs given, and says when the free memory will not hold its threads', () => {
    expect(seedThreads(7, 20, { free: 3000 * MB, perRun: 800 * MB }, 6)).toEqual({
      jobs: 6,
      note: "--jobs 6: the coin-flip seeds' 6 worker threads take about 800 MB each (what the panel's run took), 4800 MB in all, and 3000 MB of memory are free, which hold about 3: the run may be killed for memory",
    });
    expect(seedThreads(7, 20, { free: 3000 * MB, perRun: 800 * MB }, 3)).toEqual({ jobs: 3 });
    // No more seeds than the memory holds threads: the rest of --jobs would sit idle.
    expect(seedThreads(7, 2, { free: 3000 * MB, perRun: 800 * MB }, 6)).toEqual({ jobs: 6 });
  });
});
