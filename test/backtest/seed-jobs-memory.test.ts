import { describe, expect, it } from 'vitest';
import { backtestCommand } from '../../src/backtest/backtest-command.js';
import { ORCL, tempDir } from './helpers.js';

const MB = 1_048_576;

describe('the coin-flip seeds’ threads against the free memory', () => {
  // A plain run sized its seeds' threads by the memory left after the panel's run; a walk-forward's went to --jobs (or
  // the cores) whatever the memory held, without a word.
  it.each([['a walk-forward', { walkForward: '2' }], ['a plain run', {}]] as const)('are sized by it in %s, and a --jobs it cannot hold is said', async (_, mode) => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (line: string) => void err.push(line), tty: null, memory: () => ({ free: 1000 * MB, perRun: 800 * MB }) };
    const code = await backtestCommand([`ORCL=${ORCL}`], Object.assign({ baselineSeeds: '2', jobs: '4', from: '2012-01-01', to: '2012-12-31', out: tempDir() }, mode), io);
    expect(code).toBe(0);
    expect(err).toContain(
      "conclave backtest: note: --jobs 4: the coin-flip seeds' 2 worker threads take about 800 MB each (what the panel's run took), 1600 MB in all, and 1000 MB of memory are free, which hold about 1: the run may be killed for memory",
    );
  }, 120_000);
});
