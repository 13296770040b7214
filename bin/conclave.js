#!/usr/bin/env node
// The installed `conclave` command runs the compiled CLI (`npm run build` compiles it; `npm start` does so first).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new globalThis.URL('../dist/src/cli.js', import.meta.url));
// After `npm ci` alone nothing is compiled yet: say so, rather than Node's ERR_MODULE_NOT_FOUND stack.
if (!existsSync(cli)) {
  const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
  process.stderr.write(`conclave: not built yet (no ${cli}): run \`npm run build\` in ${root} (\`npm start\` builds too)\n`);
  process.exit(1);
}
// `conclave start` (`conclave --environment-file F start` too): a stop signal while the modules load is an exit 0, not
// a kill (src/core/stop-signals.ts).
const signals = await import(new globalThis.URL('../dist/src/core/stop-signals.js', import.meta.url).href);
if (signals.isStartCommand(process.argv.slice(2))) signals.holdStopSignals();
const { runCli } = await import(pathToFileURL(cli).href);

// `conclave explain | head` closes the pipe early: that is the reader's choice, not an error, and the command's own
// exit code stands (`conclave health` judged STALE is 1 even when its reader stopped early; it was 0). Any other
// failure to write (a full disk: > /dev/full) is said in a line, not a stack.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`conclave: cannot write the output: ${error.message}\n`);
  process.exit(1);
});

await runCli(process.argv);
