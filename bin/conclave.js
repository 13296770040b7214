#!/usr/bin/env node
// The installed `conclave` command runs the compiled CLI (`npm run build` compiles it; `npm start` does so first).
import { runCli } from '../dist/src/cli.js';

await runCli(process.argv);
