import type { Clock } from '../core/clock.js';

/** Wall time before a rate means anything: the first bars also pay for compiling the code that runs them. */
export const SETTLE_MS = 500;

/** "1234 bars/s", or "0.42 bars/s" for a slow run; "… bars/s" until a rate means anything. */
export const rateText = (rate: number | null, unit: string): string => (rate === null ? `… ${unit}/s` : `${rate >= 10 ? Math.round(rate) : rate.toFixed(2)} ${unit}/s`);

/**
 * A progress bar on a terminal's stderr: bars done of total, bars per second, time left. Redrawn at most ten times a
 * second of wall time, so drawing never costs the run anything that shows. The rate and the time left are shown once
 * half a second has passed (the first bar's rate once promised 201 s for a run of 2).
 */
export function progressBar(stream: NodeJS.WriteStream, wall: Clock, unit = 'bars'): { update: (done: number, total: number) => void; end: () => void } {
  const started = wall.now();
  let drawnAt: number | null = null;
  const draw = (done: number, total: number) => {
    const now = wall.now();
    const elapsed = (now - started) / 1000;
    const rate = done / Math.max(0.001, elapsed);
    const settled = now - started >= SETTLE_MS;
    const speed = rateText(settled ? rate : null, unit);
    const left = settled && rate > 0 ? `${((total - done) / rate).toFixed(0)} s` : '…';
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}  ${speed}  ETA ${left}   `);
    drawnAt = now;
  };
  return {
    update: (done, total) => {
      if (drawnAt === null || wall.now() - drawnAt >= 100 || done === total) draw(done, total);
    },
    end: () => {
      if (drawnAt !== null) stream.write('\n');
    },
  };
}
