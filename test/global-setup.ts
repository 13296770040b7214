import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Process-level tests run the compiled daemon, so compile once before the suite. Type errors do not stop
 * the emit (the typecheck step reports them); only a compiler that cannot run fails the suite.
 *
 * Every temporary folder the tests (and the daemons, CLIs and browsers they start) make goes under one folder of the
 * run, removed when the run ends: the suite left well over a hundred in the machine's temporary folder on each run.
 */
export default function setup(): () => void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (result.error) throw result.error;
  const root = mkdtempSync(join(tmpdir(), 'conclave-tests-'));
  // Open to every user, as /tmp is (sticky): some tests run the daemon as another user, who must reach their folders.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
