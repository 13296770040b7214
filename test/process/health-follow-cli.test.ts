import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const line = (time: number) =>
  JSON.stringify({ level: 'info', time, msg: 'health', uptimeS: 1, loops: { health: { runs: 1, errors: 0, lastOkAt: time, intervalMs: 60_000 } } });

/** `conclave health` with a stdin that stays open, as `journalctl -f` or `docker logs -f` keep it. */
function openEnded(args: string[]) {
  const child = spawn(process.execPath, ['bin/conclave.js', 'health', ...args], { env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const until = async (seen: () => boolean) => {
    for (let waited = 0; !seen() && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };
  return { child, out: () => out, err: () => err, until };
}

describe('conclave health on a log that does not end', () => {
  it('--follow prints the state as health lines come, and says when the log ends without the daemon’s stop', async () => {
    const h = openEnded(['--follow']);
    h.child.stdin.write(`${line(Date.now())}\n`);
    await h.until(() => h.out().includes('latest health line of 1'));
    expect(h.out()).toContain('all loops fresh');
    h.child.stdin.write(`${line(Date.now())}\n`);
    await h.until(() => h.out().includes('latest health line of 2'));
    h.child.stdin.end();
    const [code] = (await once(h.child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(h.out()).toContain('ENDED: the log ended after its last health line');
    expect(h.err()).toBe('');
  });

  it('without --follow says, while stdin stays open, that it prints when stdin ends', async () => {
    const h = openEnded([]);
    h.child.stdin.write(`${line(Date.now())}\n`);
    await h.until(() => h.err() !== '');
    // Before, nothing at all was printed until the pipe closed, which journalctl -f never does.
    expect(h.err()).toBe('conclave health: stdin has not ended yet; the state is printed when it does. A log that never ends (journalctl -f, docker logs -f) needs --follow\n');
    expect(h.out()).toBe('');
    h.child.stdin.end();
    const [code] = (await once(h.child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(h.out()).toContain('latest health line of 1');
  }, 30_000);

  it('--follow with --file is refused, saying how to follow a file', async () => {
    const h = openEnded(['--follow', '--file', 'conclave.log']);
    const [code] = (await once(h.child, 'exit')) as [number];
    expect(code).toBe(78);
    expect(h.err()).toBe('conclave health: --follow reads stdin: tail -F conclave.log | conclave health --follow\n');
  });
});
