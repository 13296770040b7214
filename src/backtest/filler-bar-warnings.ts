import { fillerBars, fillerBarsText } from '../market/filler-bars.js';
import type { LoadedSeries } from './load-series.js';

/**
 * Files with bars filled in, flat and without volume, among bars that trade (market/filler-bars.ts). check-data said
 * so, the run did not: Dukascopy's hours of Novo Nordisk, three in four of them the closed market's, were traded as
 * sessions with nothing said.
 */
export function fillerBarWarnings(series: readonly LoadedSeries[]): string[] {
  const lines: string[] = [];
  for (const s of series) {
    const flat = fillerBars(s.bars);
    if (flat.length > 0) lines.push(`${s.file} (${s.symbol}) has ${fillerBarsText(flat, s.bars.length)}`);
  }
  return lines;
}
