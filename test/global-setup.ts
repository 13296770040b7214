import { spawnSync } from 'node:child_process';

/**
 * Process-level tests run the compiled daemon, so compile once before the suite. Type errors do not stop
 * the emit (the typecheck step reports them); only a compiler that cannot run fails the suite.
 */
export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (result.error) throw result.error;
}
