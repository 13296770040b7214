import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/core/make-folder.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-make-folder-'));
  dirs.push(dir);
  return dir;
};

describe('makeFolder', () => {
  it('makes the missing levels, takes a folder that exists, and refuses a path through a file', () => {
    const base = tempDir();
    makeFolder(join(base, 'a', 'b', 'c'));
    expect(statSync(join(base, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeFolder(join(base, 'a', 'b', 'c'));
    writeFileSync(join(base, 'file'), 'x');
    expect(() => makeFolder(join(base, 'file', 'below'))).toThrow(/ENOTDIR/);
  });

  it.runIf(existsSync('/proc/self'))('fails at once inside /proc, where Node’s recursive mkdir spins for ever', () => {
    // In a child with a deadline: should it spin again, the test fails instead of holding the run.
    const module = resolve(import.meta.dirname, '../../dist/src/core/make-folder.js'); // built by the tests' global setup
    const script = `import(${JSON.stringify(module)}).then((m) => { try { m.makeFolder('/proc/conclave-x/y'); } catch (e) { console.log(e.code); } })`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
