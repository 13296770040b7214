import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- NAME', () => {
  it('refuses a name that matches no benchmark, naming them, and leaves bench/results.json alone', () => {
    const results = 'bench/results.json';
    const before = existsSync(results) ? statSync(results).mtimeMs : undefined;
    const r = spawnSync(process.execPath, ['dist/bench/run.js', 'backtst'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toBe('bench: no benchmark matches "backtst": give part of a name: model scan, feed parsing, ohlcv loading, discussion, trading, ws fanout, backtest\n');
    // It ran nothing and wrote an empty table over the last results.
    expect(existsSync(results) ? statSync(results).mtimeMs : undefined).toBe(before);
  });
});
