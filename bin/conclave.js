#!/usr/bin/env node
// The installed `conclave` command: the compiled CLI (run `npm run build` after changing the sources).
import '../dist/src/cli.js';
