import { isoTime } from '../core/iso-time.js';
import type { HealthLine, LatestHealth } from './health-report.js';

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

/**
 * What the log says after its latest health line, when it says the daemon is not running: a fatal error (a stop that
 * followed one is not an operator's), a clean stop, or silence. Null while the daemon looks alive.
 */
export function healthEnding(latest: LatestHealth, now: number): string | null {
  if (latest.fatal !== undefined) {
    const stopped = latest.stoppedAt !== undefined ? ', and stopped on it' : '';
    return `FATAL: the daemon logged a fatal error at ${isoTime(latest.fatal.at)}, after its last health line${stopped}: ${latest.fatal.message}`;
  }
  if (latest.stoppedAt !== undefined) {
    return `STOPPED: the daemon logged "conclave stopped" at ${isoTime(latest.stoppedAt)}, after its last health line: it was stopped (SIGTERM, docker stop, systemctl stop), not stuck`;
  }
  return healthSilence(latest.line, now);
}
