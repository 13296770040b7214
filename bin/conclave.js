#!/usr/bin/env node
// The installed `conclave` command runs the compiled CLI (`npm run build` compiles it; `npm start` does so first).
import { runCli } from '../dist/src/cli.js';

// `conclave explain | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

await runCli(process.argv);
