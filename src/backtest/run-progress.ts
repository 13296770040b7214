import type { Clock } from '../core/clock.js';
import { rateText, SETTLE_MS } from './progress.js';
import { counted } from '../core/plural.js';

const WIDTH = 20;

export interface RunProgress {
  /** The panel's run: bars revealed of its total. */
  panel(done: number, total: number): void;
  /** A coin-flip seed's run: its bars revealed of its total (each seed runs the panel's bars). */
  seed(seed: number, done: number, total: number): void;
  /** Ends the line (the panel's, before what the run has to say; then the seeds', which go on from there). */
  end(): void;
}

/** Seconds as a terminal reads them best: "42 s", "3 min 5 s", "1 h 12 min". */
export function timeLeft(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * The progress line of a plain backtest on a terminal's stderr, for the whole command: the panel's run, then its
 * coin-flip seeds, each as many bars as the panel's. The bar and the time left count every run: the panel's bar alone
 * said "ETA 0 s" at its end while the seeds, 20 by default and each about a panel's run, were still to come, and the
 * seeds' bar moved only when a whole seed ended. Until the seeds have run long enough to be timed, their time is
 * guessed at the panel's pace, shared by the worker threads (`plan.jobs`, read at each draw: the command may lower it
 * after the panel's run) they run on. Under 80 columns, so the line that
 * `\r` redraws never wraps. Redrawn at most ten times a second of wall time.
 */
export function runProgress(stream: NodeJS.WriteStream, wall: Clock, plan: { seeds: number; jobs: number }): RunProgress {
  const started = wall.now();
  let bars = 0;
  let panelDone = 0;
  let panelMs = 0;
  let seedsFrom: number | null = null;
  let mark: { at: number; bars: number } | null = null;
  const seedDone = new Map<number, number>();
  let drawnAt: number | null = null;
  let phase = '';

  const seedsSum = () => [...seedDone.values()].reduce((a, b) => a + b, 0);
  const draw = (force: boolean) => {
    const now = wall.now();
    const seeding = seedsFrom !== null;
    const label = seeding ? `seeds ${[...seedDone.values()].filter((d) => d >= bars).length}/${plan.seeds} done` : plan.seeds > 0 ? `panel + ${counted(plan.seeds, 'seed')}` : 'panel';
    if (!force && drawnAt !== null && now - drawnAt < 100 && label === phase) return;
    const seedBars = seedsSum();
    const work = bars * (1 + plan.seeds);
    const share = work > 0 ? (panelDone + seedBars) / work : 0;
    const panelElapsed = (seeding ? panelMs : now - started) / 1000;
    const panelRate = panelDone / Math.max(0.001, panelElapsed);
    // The seeds are timed from half a second into them: each run's first bars also pay for building its parts, and
    // timed from their start a 525,600-bar minute file's seeds promised 46 s for 25.
    if (seeding && mark === null && now - seedsFrom! >= SETTLE_MS) mark = { at: now, bars: seedBars };
    const seedsElapsed = mark === null ? 0 : now - mark.at;
    const seedRate = (seedBars - (mark?.bars ?? 0)) / Math.max(0.001, seedsElapsed / 1000);
    const seedsTimed = seedsElapsed >= SETTLE_MS && seedRate > 0;
    const panelTimed = (seeding ? panelMs : now - started) >= SETTLE_MS && panelDone > 0;
    const rate = seeding ? seedRate : panelRate;
    const shown = seeding ? seedsTimed : panelTimed;
    const seedsLeft = bars * plan.seeds - seedBars;
    let left: number | null = null;
    if (seedsTimed) left = seedsLeft / seedRate;
    else if (panelTimed) left = (bars - panelDone) / panelRate + seedsLeft / (panelRate * Math.max(1, Math.min(plan.jobs, plan.seeds)));
    const filled = Math.min(WIDTH, Math.round(share * WIDTH));
    const speed = rateText(shown ? rate : null, 'bars');
    // "~": seeds still to time, guessed from the panel (they ran at 0.9 to 2.5 times its pace in the runs measured).
    const guess = !seedsTimed && seedsLeft > 0 ? '~' : '';
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ${label}  ${speed}  ETA ${left === null ? '…' : guess + timeLeft(left)}  `);
    drawnAt = now;
    phase = label;
  };
  return {
    panel: (done, total) => {
      bars = total;
      panelDone = done;
      if (done === total) panelMs = wall.now() - started;
      draw(done === total);
    },
    seed: (seed, done, total) => {
      bars = total;
      seedsFrom ??= wall.now();
      seedDone.set(seed, done);
      draw(seedsSum() === total * plan.seeds);
    },
    end: () => {
      if (drawnAt !== null) stream.write('\n');
      drawnAt = null;
    },
  };
}
