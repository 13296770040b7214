import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { parseOhlcv } from '../src/market/ohlcv-file.js';
import type { Figure } from './figure.js';

/** OHLCV loading throughput (parse, validate, gap report) on the largest shared file, repeated for about 1.5 s. */
export async function benchOhlcvLoading(): Promise<Figure> {
  const file = resolve(packageRoot(), '../shared/data/ohlcv/backtrader__2006-01-02-volume-min-001.txt');
  const text = readFileSync(file, 'utf8');
  parseOhlcv(text, file); // warm-up (JIT)
  let bars = 0;
  const start = performance.now();
  while (performance.now() - start < 1500) bars += parseOhlcv(text, file).bars.length;
  const seconds = (performance.now() - start) / 1000;
  return { name: 'OHLCV loading throughput', value: Math.round(bars / seconds), unit: 'bars/s' };
}
