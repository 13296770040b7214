import type { HealthLine } from './health-report.js';

/**
 * A daemon that died or hangs writes no more health lines, and its last one, read on its own, says every loop was
 * fresh. So the latest line is judged against the reader's clock too: older than three of the health loop's own
 * intervals, the daemon has gone silent. Null while it is not (or when the line does not say its interval).
 */
export function healthSilence(line: HealthLine, now: number, factor = 3): string | null {
  const intervalMs = line.loops?.health?.intervalMs;
  if (typeof intervalMs !== 'number' || intervalMs <= 0) return null;
  const ageMs = now - line.time;
  if (ageMs <= factor * intervalMs) return null;
  return (
    `SILENT: the latest health line is ${Math.round(ageMs / 1000)} s old and the daemon writes one every ${intervalMs / 1000} s: ` +
    'it is stopped or stuck (or this log is not its live one); look for a fatal line or "conclave stopped" after it'
  );
}
