import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { progressBar } from '../../src/backtest/progress.js';
import { terminal } from '../helpers/fake-terminal.js';

describe('the backtest progress bar', () => {
  it('shows bars done of total at once, and the rate and time left once half a second of wall time has passed', async () => {
    const wall = new VirtualClock(0);
    const { writes, stream } = terminal();
    const bar = progressBar(stream, wall);
    await wall.advance(40);
    bar.update(1, 5036);
    expect(writes).toEqual([`\r[${'.'.repeat(30)}] 1/5036 bars  … bars/s  ETA …   `]);
    await wall.advance(260);
    bar.update(700, 5036);
    expect(writes.at(-1)).toContain('700/5036 bars  … bars/s  ETA …');
    await wall.advance(700);
    bar.update(2518, 5036);
    expect(writes.at(-1)).toBe(`\r[${'#'.repeat(15)}${'.'.repeat(15)}] 2518/5036 bars  2518 bars/s  ETA 1 s   `);
    bar.end();
    expect(writes.at(-1)).toBe('\n');
  });

  it('redraws at most every 100 ms of wall time, and always at the end', async () => {
    const wall = new VirtualClock(0);
    const { writes, stream } = terminal();
    const bar = progressBar(stream, wall, 'baseline seeds');
    bar.update(1, 20);
    await wall.advance(50);
    bar.update(2, 20);
    expect(writes).toHaveLength(1);
    await wall.advance(50);
    bar.update(3, 20);
    expect(writes).toHaveLength(2);
    await wall.advance(20);
    bar.update(20, 20);
    expect(writes).toHaveLength(3);
    expect(writes.at(-1)).toContain('20/20 baseline seeds');
  });

  it('writes nothing at the end of a run that never drew', () => {
    const { writes, stream } = terminal();
    progressBar(stream, new VirtualClock(0)).end();
    expect(writes).toEqual([]);
  });
});
