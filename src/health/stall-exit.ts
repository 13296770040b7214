import type { Clock } from '../core/clock.js';
import type { FatalCondition } from '../core/fatal-alarm.js';
import type { Logger } from '../core/logger.js';

export interface StallExitOptions {
  clock: Clock;
  logger: Logger;
  /** How long the daemon may be alive but not working before it stops (exit 1). */
  afterMs: number;
  /** The systemd watchdog's judgement: what is stale or stalled, less what only waits on an exchange that is down. */
  working: () => { ok: boolean; stale: string[]; stalled: string[] };
  raise: (condition: FatalCondition) => void;
}

/**
 * The systemd watchdog's rule where there is no systemd (Docker, another supervisor): a daemon alive but not working
 * (a loop hung on a call that never returns, market data no longer advancing) for `afterMs` raises the fatal alarm,
 * so the process exits 1 and its restart policy starts it afresh. Docker only marks such a container unhealthy and
 * leaves it running: its open positions would have no stop for as long as nobody looked.
 */
export class StallExit {
  private cancel: (() => void) | null = null;
  /** Since when the daemon has not been working; null while it works. */
  private since: number | null = null;

  constructor(private readonly options: StallExitOptions) {}

  /** Checked four times per `afterMs` (at most every 15 s), so the exit comes at most a quarter late. */
  get checkMs(): number {
    return Math.min(15_000, Math.max(1_000, Math.floor(this.options.afterMs / 4)));
  }

  start(): void {
    const tick = () => {
      this.cancel = this.options.clock.setTimer(this.checkMs, () => {
        if (this.check()) tick();
      });
    };
    tick();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** One check; false once the alarm is raised (nothing more to check). */
  private check(): boolean {
    const { clock, logger, afterMs } = this.options;
    const state = this.options.working();
    if (state.ok) {
      if (this.since !== null) logger.info('the daemon is working again; the stall exit is called off');
      this.since = null;
      return true;
    }
    const now = clock.now();
    if (this.since === null) {
      this.since = now;
      logger.error({ stale: state.stale, stalled: state.stalled, exitInMs: afterMs }, `the daemon is alive but not working; it exits (code 1) for its restart policy to start it afresh if this lasts ${Math.round(afterMs / 1000)} s`);
      return true;
    }
    if (now - this.since < afterMs) return true;
    const parts = [state.stale.length > 0 ? `stale: ${state.stale.join(', ')}` : '', state.stalled.length > 0 ? `stalled: ${state.stalled.join(', ')}` : ''].filter(Boolean).join('; ');
    this.options.raise({
      reason: `the daemon has been alive but not working for ${Math.round((now - this.since) / 1000)} s (${parts})`,
      action: 'nothing if a restart policy starts it again (docker run --restart unless-stopped); if it stalls again, the warnings before this line name the call or source that stopped answering',
    });
    return false;
  }
}
