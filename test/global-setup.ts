import { execFileSync } from 'node:child_process';

/** Process-level tests run the compiled daemon, so compile once before the suite. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
