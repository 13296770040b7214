import { runDaemon } from './daemon.js';

// The process entry: `npm start` and the Docker image run this file. The exit code is the daemon's contract.
runDaemon().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conclave: fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
