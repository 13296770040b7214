import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import type { Figure } from './figure.js';
import { benchDiscussion } from './discussion-bench.js';
import { benchFeedParsing } from './feeds-bench.js';
import { benchModelScan } from './model-scan-bench.js';
import { benchOhlcvLoading } from './ohlcv-bench.js';
import { benchTrading } from './trading-bench.js';
import { benchWsFanout } from './ws-fanout-bench.js';
import { benchBacktest } from './backtest-bench.js';

type Bench = { name: string; run: () => Promise<Figure | Figure[]> };

const BENCHES: Bench[] = [
  { name: 'model scan', run: benchModelScan },
  { name: 'feed parsing', run: benchFeedParsing },
  { name: 'ohlcv loading', run: benchOhlcvLoading },
  { name: 'discussion', run: benchDiscussion },
  { name: 'trading', run: benchTrading },
  { name: 'ws fanout', run: benchWsFanout },
  { name: 'backtest', run: benchBacktest },
];

function formatValue(v: number, unit: string): string {
  return `${v.toLocaleString('en-US', { maximumFractionDigits: 3 })} ${unit}`;
}

/** Runs every benchmark (or those whose name contains the argument), prints a table and writes bench/results.json. With --strict, exits 1 when a figure misses its target. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const only = args.find((a) => !a.startsWith('--'));
  // A mistyped name ran nothing and wrote an empty table over the last results.
  if (only && !BENCHES.some((b) => b.name.includes(only))) {
    process.stderr.write(`bench: no benchmark matches "${only}": give part of a name: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    process.exitCode = 78;
    return;
  }
  const figures: Figure[] = [];
  for (const bench of BENCHES) {
    if (only && !bench.name.includes(only)) continue;
    process.stdout.write(`running ${bench.name}...\n`);
    const result = await bench.run();
    figures.push(...(Array.isArray(result) ? result : [result]));
  }
  const rows = figures.map((f) => [
    f.name,
    formatValue(f.value, f.unit),
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'PASS' : 'FAIL',
    Object.entries(f.baselines ?? {}).map(([k, b]) => `${k}: ${formatValue(b.value, b.unit)}`).join('; '),
  ]);
  const header = ['figure', 'value', 'target', '', 'baselines (same run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  process.stdout.write('\n' + line(header) + '\n' + widths.map((w) => '-'.repeat(w)).join('-|-') + '\n');
  for (const row of rows) process.stdout.write(line(row) + '\n');
  const dir = join(packageRoot(), 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, JSON.stringify({ node: process.version, date: new Date().toISOString(), figures }, null, 2) + '\n');
  process.stdout.write(`\nwritten ${file}\n`);
  const missed = figures.filter((f) => f.pass === false);
  if (missed.length > 0) process.stdout.write(`missed targets: ${missed.map((f) => f.name).join('; ')}\n`);
  if (strict && missed.length > 0) process.exitCode = 1;
}

await main();
