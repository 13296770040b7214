import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { runProgress, timeLeft } from '../../src/backtest/run-progress.js';
import { terminal } from '../helpers/fake-terminal.js';

describe('the backtest’s progress line over the panel and its coin-flip seeds', () => {
  // The panel's bar said "ETA 0 s" at its end with 20 seeds, each about a panel's run, still to come, and the seeds'
  // bar stood still until a whole seed had ended (minutes, on a long minute file).
  it('counts the seeds in the time left from the panel’s first second, and moves during each seed', async () => {
    const wall = new VirtualClock(0);
    const { writes, stream } = terminal();
    const line = runProgress(stream, wall, { seeds: 4, jobs: 1 });
    await wall.advance(100);
    line.panel(100, 1000);
    expect(writes.at(-1)).toBe(`\r[${'.'.repeat(20)}] 2% panel + 4 seeds  … bars/s  ETA …  `);
    await wall.advance(900);
    line.panel(1000, 1000);
    // 1000 bars a second: the panel is done, four seeds of 1000 bars are left, about 4 s at its pace (a guess: "~").
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(4)}${'.'.repeat(16)}] 20% panel + 4 seeds  1000 bars/s  ETA ~4 s  `);
    line.end();
    expect(writes.at(-1)).toBe('\n');
    line.seed(1, 10, 1000);
    expect(writes.at(-1)).toContain('20% seeds 0/4 done  … bars/s  ETA ~4 s');
    // A seed's first half second (building its parts) is not timed: the guess holds until the seeds have run half a
    // second more, then the time left is at their own pace.
    await wall.advance(600);
    line.seed(1, 100, 1000);
    expect(writes.at(-1)).toContain('22% seeds 0/4 done  … bars/s  ETA ~4 s');
    await wall.advance(600);
    line.seed(1, 700, 1000);
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(7)}${'.'.repeat(13)}] 34% seeds 0/4 done  1000 bars/s  ETA 3 s  `);
    await wall.advance(300);
    line.seed(1, 1000, 1000);
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(8)}${'.'.repeat(12)}] 40% seeds 1/4 done  1000 bars/s  ETA 3 s  `);
    await wall.advance(250);
    line.seed(2, 1000, 1000);
    await wall.advance(500);
    line.seed(3, 500, 1000);
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(14)}${'.'.repeat(6)}] 70% seeds 2/4 done  1455 bars/s  ETA 1 s  `);
    await wall.advance(500);
    line.seed(3, 1000, 1000);
    line.seed(4, 1000, 1000);
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(20)}] 100% seeds 4/4 done  1814 bars/s  ETA 0 s  `);
    line.end();
    expect(writes.at(-1)).toBe('\n');
  });

  it('shares the seeds’ guessed time among their worker threads, and says the panel alone when there are none', async () => {
    const wall = new VirtualClock(0);
    const spread = terminal();
    const line = runProgress(spread.stream, wall, { seeds: 20, jobs: 4 });
    await wall.advance(1000);
    line.panel(1000, 1000);
    expect(spread.writes.at(-1)).toContain('panel + 20 seeds  1000 bars/s  ETA ~5 s');
    const alone = terminal();
    const plain = runProgress(alone.stream, wall, { seeds: 0, jobs: 4 });
    await wall.advance(1000);
    plain.panel(500, 1000);
    expect(alone.writes.at(-1)).toBe(`\r[${'#'.repeat(10)}${'.'.repeat(10)}] 50% panel  500 bars/s  ETA 1 s  `);
  });

  it('redraws at most every 100 ms of wall time, and at once when the phase changes', async () => {
    const wall = new VirtualClock(0);
    const { writes, stream } = terminal();
    const line = runProgress(stream, wall, { seeds: 2, jobs: 1 });
    line.panel(1, 100);
    await wall.advance(50);
    line.panel(2, 100);
    expect(writes).toHaveLength(1);
    line.seed(1, 1, 100);
    expect(writes).toHaveLength(2);
    await wall.advance(99);
    line.seed(1, 2, 100);
    expect(writes).toHaveLength(2);
    await wall.advance(1);
    line.seed(1, 3, 100);
    expect(writes).toHaveLength(3);
  });

  it('writes the time left as minutes and hours past a minute', () => {
    expect([timeLeft(42.4), timeLeft(185), timeLeft(3600 + 12 * 60 + 30)]).toEqual(['42 s', '3 min 5 s', '1 h 12 min']);
  });
});
