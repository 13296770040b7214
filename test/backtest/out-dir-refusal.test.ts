import { describe, expect, it } from 'vitest';
import { prepareOutDir } from '../../src/backtest/command-inputs.js';

describe('an --out that cannot be made', () => {
  // /proc takes no folder of ours, whoever runs the test (root included): mkdir answers ENOENT.
  it.skipIf(process.platform !== 'linux')('says why in words beside the code (it said only "(ENOENT)")', () => {
    expect(() => prepareOutDir('/proc/conclave-backtest-out')).toThrow(
      '--out /proc/conclave-backtest-out cannot hold the outputs (ENOENT: no such file or directory): name a folder you can write, or one to be made',
    );
  });

  it.skipIf(process.platform !== 'linux')('still says a file in the way as before', () => {
    expect(() => prepareOutDir('/proc/self/status')).toThrow('--out /proc/self/status cannot hold the outputs (not a folder)');
  });
});
