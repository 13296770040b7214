import type { Clock } from '../core/clock.js';

/**
 * A progress bar on a terminal's stderr: bars done of total, bars per second, time left. Redrawn at most ten times a
 * second of wall time, so drawing never costs the run anything that shows.
 */
export function progressBar(stream: NodeJS.WriteStream, wall: Clock, unit = 'bars'): { update: (done: number, total: number) => void; end: () => void } {
  const started = wall.now();
  let drawnAt = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const now = wall.now();
    const elapsed = Math.max(1, now - started) / 1000;
    const rate = done / elapsed;
    const left = rate > 0 ? (total - done) / rate : 0;
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}  ${rate >= 10 ? Math.round(rate) : rate.toFixed(2)} ${unit}/s  ETA ${left.toFixed(0)} s   `);
    drawnAt = now;
    drawn = true;
  };
  return {
    update: (done, total) => {
      if (wall.now() - drawnAt >= 100 || done === total) draw(done, total);
    },
    end: () => {
      if (drawn) stream.write('\n');
    },
  };
}
