import type { Config } from '../config/config.js';
import { formatDuration } from '../market/check-data.js';
import type { LoadedSeries } from './load-series.js';

/**
 * A time stop in clock time shorter than a bar of a file: every position in that file leaves by the time stop at the
 * first bar close after its entry. The configuration is valid (a one-bar hold may be meant), but on daily bars an
 * hour-long `maxHoldMs` made all 27 ORCL round trips one-bar time exits with nothing said. Said once, on stderr.
 */
export function durationWarnings(config: Pick<Config, 'maxHoldMs' | 'maxHoldBars'>, series: readonly LoadedSeries[]): string[] {
  if (config.maxHoldBars > 0 || config.maxHoldMs <= 0) return [];
  const longer = series.filter((s) => s.barMs > config.maxHoldMs);
  if (longer.length === 0) return [];
  const which = longer.map((s) => `${s.symbol} (${formatDuration(s.barMs)})`).join(', ');
  return [`maxHoldMs ${config.maxHoldMs} (${formatDuration(config.maxHoldMs)}) is shorter than one bar of ${which}: every position there leaves by the time stop at the first bar close after its entry; give the time stop in bars (maxHoldBars) instead`];
}
