import { holdStopSignals } from './core/stop-signals.js';

// Before the daemon's modules load: a stop signal meanwhile is an exit 0, not a kill (stop-signals.ts).
holdStopSignals();
const { runDaemon } = await import('./daemon.js');

// The process entry: `npm start` and the Docker image run this file. The exit code is the daemon's contract.
// With arguments (`npm start -- --config file`) it is `conclave start ...`: the same options, exit 78 for an unknown
// one; they were ignored, so a run meant for a configuration file ran on the defaults.
const args = process.argv.slice(2);
if (args.length > 0) {
  const { runCli } = await import('./cli.js');
  await runCli([process.argv[0]!, process.argv[1]!, 'start', ...args]);
} else {
  runDaemon().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`conclave: fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
