// Profiling entry (not part of `npm run bench`): after a warm-up, one ORCL run (or the minute file as 20 symbols with
// `minute`, its first week only unless `full`, as the bench reads it; indicators from scratch with `scratch`), its bars per wall- and CPU-second, and a hash of its fills and
// signals to compare decisions between changes. E.g. `node --cpu-prof dist/bench/profile-backtest.js minute`.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { packageRoot } from '../src/core/paths.js';
import { loadSeries } from '../src/backtest/load-series.js';
import { runLoadedBacktest } from '../src/backtest/run-backtest.js';
import { setSharedComputation } from '../src/agents/shared-computation.js';

const data = (name: string) => resolve(packageRoot(), '../shared/data/ohlcv', name);
const minute = process.argv.includes('minute');
if (process.argv.includes('scratch')) setSharedComputation(false);
const files = minute
  ? Array.from({ length: 20 }, (_, i) => ({ file: data('backtrader__2006-01-02-volume-min-001.txt'), symbol: `M${i + 1}` }))
  : [{ file: data('backtrader__orcl-1995-2014.txt'), symbol: 'ORCL' }];
const span = minute && !process.argv.includes('full') ? { to: Date.parse('2006-01-06T23:59:00Z') } : {};
const config = loadConfig({ env: {} });
if (!process.argv.includes('cold')) {
  // Warm-up (JIT, modules), as the bench does.
  const warm = mkdtempSync(join(tmpdir(), 'conclave-prof-'));
  const orcl = [{ file: data('backtrader__orcl-1995-2014.txt'), symbol: 'ORCL' }];
  await runLoadedBacktest(await loadSeries(orcl, { to: Date.parse('1997-12-31T00:00:00Z') }), { config, files: orcl, outDir: warm });
  rmSync(warm, { recursive: true, force: true });
}
const out = mkdtempSync(join(tmpdir(), 'conclave-prof-'));
const started = performance.now();
const cpu = process.cpuUsage();
const series = await loadSeries(files, span);
const run = await runLoadedBacktest(series, { config, files, outDir: out });
const s = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
console.log(`cpu ${((used.user + used.system) / 1e6).toFixed(2)} s: ${Math.round(run.bars / ((used.user + used.system) / 1e6))} bars per cpu-second`);
console.log(`${run.bars} bars in ${s.toFixed(2)} s: ${Math.round(run.bars / s)} bars/s; fills ${run.record.fills.length} signals ${run.record.signals.length} hash ${createHash('sha1').update(JSON.stringify([run.record.fills, run.record.signals])).digest('hex').slice(0, 12)}`);
rmSync(out, { recursive: true, force: true });
