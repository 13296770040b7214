/**
 * The process's stop signals, handled from the first moment of start-up: SIGTERM (docker stop, systemd), SIGINT
 * (Ctrl-C) and SIGHUP (the terminal closed) all ask for the same graceful stop. Without a handler Node would end at
 * once (exit 143, 130, 129) with nothing persisted. A repeated signal never cuts a stop short: it is only reported.
 * The first one also arms a hard deadline in real time, the process's last word: whatever state the daemon is in
 * (a stop that hangs, a store that cannot be written), the process ends before the 10 s the contract promises.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** After this long the process exits 1, graceful stop or not. */
export const HARD_DEADLINE_MS = 9_500;

export type StopListener = (signal: NodeJS.Signals, repeated: boolean) => void;

let releaseHold: (() => void) | null = null;

/**
 * A stop signal while the daemon's modules load (about half a second) ended the process with 143 and no word, before
 * any handler existed. Until the daemon's StopSignals takes over (it releases this hold once its own handlers are on:
 * a gap between the two lost a signal), such a signal ends the process at once with exit 0: nothing has started.
 */
export function holdStopSignals(): void {
  if (releaseHold) return;
  const beforeStart = (signal: NodeJS.Signals) => {
    process.stderr.write(`conclave: ${signal} while loading, before anything started; exiting 0\n`);
    process.exit(0);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, beforeStart);
  releaseHold = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, beforeStart);
  };
}

/**
 * Whether a command line (after node and the script) runs `conclave start`, the global `--environment-file FILE`
 * before it included: only then are stop signals held while the modules load (a held signal is released by the
 * daemon alone, so another command holding one would ignore Ctrl-C). `halt --reason start` is no start.
 */
export function isStartCommand(args: readonly string[]): boolean {
  let i = 0;
  while (args[i]?.startsWith('--environment-file')) i += args[i]!.includes('=') ? 1 : 2;
  return args[i] === 'start';
}

export class StopSignals {
  private received: NodeJS.Signals | null = null;
  private listener: StopListener | null = null;
  private deadlineArmed = false;
  private readonly handler = (signal: NodeJS.Signals) => {
    const repeated = this.received !== null;
    this.received ??= signal;
    this.armHardDeadline(`${signal} received`);
    this.listener?.(signal, repeated);
  };

  constructor(private readonly onDeadline: (why: string) => void = defaultDeadline) {
    for (const signal of STOP_SIGNALS) process.on(signal, this.handler);
    releaseHold?.();
    releaseHold = null;
  }

  /** The first stop signal received so far, or null. */
  get signal(): NodeJS.Signals | null {
    return this.received;
  }

  /** Routes signals to `listener`; one that came before is delivered at once. */
  listen(listener: StopListener): void {
    this.listener = listener;
    if (this.received) listener(this.received, false);
  }

  /** Arms the hard deadline (idempotent): a stop started for any reason must end the process in time. */
  armHardDeadline(why: string): void {
    if (this.deadlineArmed) return;
    this.deadlineArmed = true;
    // Real time on purpose: this bounds the process itself, not the daemon's logic. Unref'd, so a stop that
    // finishes earlier exits at once.
    // eslint-disable-next-line no-restricted-globals -- the process boundary, see above
    setTimeout(() => this.onDeadline(why), HARD_DEADLINE_MS).unref();
  }

  dispose(): void {
    for (const signal of STOP_SIGNALS) process.off(signal, this.handler);
  }
}

function defaultDeadline(why: string): void {
  process.stderr.write(`conclave: the stop (${why}) did not finish within ${HARD_DEADLINE_MS} ms; exiting 1\n`);
  process.exit(1);
}
