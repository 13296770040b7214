import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from '../core/clock.js';
import { isoTime } from '../core/iso-time.js';
import { formatHealth, HealthLogReader, type HealthLog } from './health-report.js';
import { healthEnding } from './health-silence.js';

export interface FollowOptions {
  /** A log that may never end: `journalctl -u conclave -o cat -f`, `docker logs -f conclave`, `tail -F file`. */
  input: Readable;
  clock: Clock;
  out: (text: string) => void;
  /** Print each state as its health line (JSON) instead of the summary. */
  json?: boolean;
  /**
   * A state is printed once the input has been quiet this long: `docker logs -f` first replays the whole log, and
   * each of its thousands of health lines printed as a screen of its own buried the present one.
   */
  settleMs?: number;
  /** How often silence is looked for while no line comes (a daemon that died writes nothing more). */
  checkMs?: number;
}

/** The exit code of a state, as `conclave health` gives it: 1 when anything is wrong, 2 with nothing to judge. */
export function healthExitCode(log: HealthLog, now: number): 0 | 1 | 2 {
  if (!log.health) return log.lastFatal ? 1 : 2;
  const report = formatHealth(log.health);
  return report.stale.length > 0 || report.stalled.length > 0 || healthEnding(log.health, now) ? 1 : 0;
}

/**
 * `conclave health --follow`: prints the daemon's state each time a health line (or its stop, or a fatal error)
 * arrives, and SILENT once when none has come for three health intervals; returns the exit code of the last state
 * when the input ends. Without it, a log that never ends was read for ever and nothing was printed.
 */
export async function followHealth(options: FollowOptions): Promise<0 | 1 | 2> {
  const { clock, out } = options;
  const reader = new HealthLogReader();
  let shown = '';
  let silenceSaid = false;
  let cancelSettle: (() => void) | undefined;
  /** A verdict beside the state: a line of its own, or with --json an object keyed by what it is. */
  const say = (key: string, text: string) => out(options.json ? JSON.stringify({ [key]: text }) : `${text}\n`);

  let fatalShown = '';
  const show = () => {
    cancelSettle = undefined;
    const { health, lastFatal } = reader.result();
    // A start that fails (a port taken, a damaged store) writes no health line; a crash loop (Restart=on-failure,
    // --restart) logs one such fatal line a start, each said as it comes: nothing was said until the log ended.
    if (!health) {
      const key = lastFatal ? `${lastFatal.at}|${lastFatal.message}` : '';
      if (lastFatal && key !== fatalShown) say('ending', fatalBeforeHealthText(lastFatal));
      fatalShown = key;
      return;
    }
    const key = `${health.line.time}|${health.count}|${health.stoppedAt ?? ''}|${health.fatal?.at ?? ''}|${health.halt?.reason ?? ''}`;
    if (key === shown) return;
    shown = key;
    out(options.json ? JSON.stringify(health.line) : formatHealth(health).text);
    const ending = healthEnding(health, clock.now());
    // A line of the replayed past that is already silent is said with it, not again by the check.
    if (ending) say('ending', ending);
    silenceSaid = ending !== null;
  };
  const check = () => {
    const { health } = reader.result();
    if (!health || silenceSaid || cancelSettle) return;
    const ending = healthEnding(health, clock.now());
    if (!ending) return;
    silenceSaid = true;
    say('ending', ending);
  };

  let cancelCheck: () => void = () => undefined;
  const every = options.checkMs ?? 5_000;
  const schedule = () => {
    cancelCheck = clock.setTimer(every, () => {
      check();
      schedule();
    });
  };
  schedule();
  try {
    for await (const line of createInterface({ input: options.input, crlfDelay: Infinity })) {
      reader.add(line);
      cancelSettle?.();
      cancelSettle = clock.setTimer(options.settleMs ?? 250, show);
    }
  } finally {
    cancelCheck();
    cancelSettle?.();
  }
  show();
  const log = reader.result();
  // A followed log ends when what wrote it did (docker logs -f, as the container exits): without the daemon's stop or
  // a fatal line after its last health line, it was killed (SIGKILL, out of memory) with no word.
  if (log.health && !healthEnding(log.health, clock.now())) {
    say('ending', 'ENDED: the log ended after its last health line with neither "conclave stopped" nor a fatal line: the daemon was killed (SIGKILL, out of memory) or what followed the log stopped');
    return 1;
  }
  return healthExitCode(log, clock.now());
}

/** A fatal line with no health line before it: the only account of a start that failed. */
export const fatalBeforeHealthText = (fatal: { at: number; message: string }): string =>
  `FATAL: the daemon logged a fatal error at ${isoTime(fatal.at)}, before any health line: ${fatal.message}`;
