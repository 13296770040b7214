import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildDashboardPage, builtPagePath } from './dashboard-page.js';

// `npm run build`: the dashboard's one self-contained page, shipped in dist/ (the image has no src/).
const file = builtPagePath();
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, buildDashboardPage());
process.stdout.write(`dashboard page written to ${file}\n`);
