import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'conclave-long-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// About 70 MB of log, some 16 days of a daemon's at info, the latest health line last.
const T = Date.now();
const file = join(dir, 'conclave.log');
const fd = openSync(file, 'w');
const chunk = `${JSON.stringify({ level: 'info', time: T - 60_000, msg: 'verdict', symbol: 'NOVA', reasons: 'x'.repeat(150) })}\n`.repeat(10_000);
for (let i = 0; i < 30; i++) writeSync(fd, chunk);
const loops = { health: { runs: 9, errors: 0, lastOkAt: T, intervalMs: 60_000 } };
writeSync(fd, `${JSON.stringify({ level: 'info', time: T, msg: 'health', uptimeS: 1_400_000, loops, equity: 100_000 })}\n`);
closeSync(fd);

/** `conclave health` with a 40 MB heap: reading the log whole took more than 64 MB for this one (then died of it). */
function health(args: string[], stdin: 'pipe' | number = 'pipe') {
  const env = { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--max-old-space-size=40' };
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'health', ...args], { env, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'] });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('conclave health on a long log', () => {
  it('reads a file or stdin a line at a time, in bounded memory', () => {
    const fromFile = health(['--file', file]);
    expect(fromFile.err).toBe('');
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toContain('latest health line of 1');
    const input = openSync(file, 'r');
    try {
      const fromStdin = health([], input);
      expect(fromStdin.err).toBe('');
      expect(fromStdin.out).toContain('latest health line of 1');
    } finally {
      closeSync(input);
    }
  });
});
