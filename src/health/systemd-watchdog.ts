import { execFile } from 'node:child_process';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** Sends one sd_notify state line ("READY=1", "WATCHDOG=1", "STOPPING=1") to the service manager. */
export type Notify = (state: string) => Promise<void>;

/**
 * The real adapter: systemd's own `systemd-notify` (Node has no datagram unix sockets). It waits until systemd has
 * read the message before it exits, so the unit's `NotifyAccess=all` attributes it to the service. Null when the
 * process was not started by systemd with Type=notify (no NOTIFY_SOCKET), as in Docker or a terminal.
 */
export function systemdNotify(env: NodeJS.ProcessEnv): Notify | null {
  if (!env.NOTIFY_SOCKET) return null;
  return (state) =>
    new Promise((resolve, reject) => {
      execFile('systemd-notify', [state], { timeout: 5_000 }, (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
    });
}

/** Half of systemd's WatchdogSec (from WATCHDOG_USEC), as sd_watchdog_enabled advises; null when there is no watchdog. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  return Number.isFinite(usec) && usec > 0 ? Math.max(1, Math.floor(usec / 2_000)) : null;
}

export interface SystemdWatchdogOptions {
  clock: Clock;
  logger: Logger;
  notify: Notify;
  /** Ping cadence; null: tell systemd only READY and STOPPING. */
  intervalMs: number | null;
  /**
   * Whether the daemon is working, not only alive: no loop stale, nothing stalled; `excused`: what is stale or stalled
   * because an outside source is down, which a restart would not mend (pinged on, and said once).
   */
  working: () => { ok: boolean; stale: string[]; stalled: string[]; excused?: string[] };
}

/**
 * Tells systemd the daemon is ready, pings its watchdog only while the daemon is working (no stale loop, no stalled
 * market data or consumer), and says when it stops. A daemon that is alive but not working misses its pings, and
 * systemd restarts it (Restart=on-failure covers the watchdog).
 */
export class SystemdWatchdog {
  private cancel: (() => void) | null = null;
  private withheld = false;
  private excusing = false;
  pings = 0;
  failures = 0;

  constructor(private readonly options: SystemdWatchdogOptions) {}

  start(): void {
    this.send('READY=1');
    if (this.options.intervalMs !== null) this.schedule();
  }

  private schedule(): void {
    this.cancel = this.options.clock.setTimer(this.options.intervalMs!, () => {
      this.beat();
      this.schedule();
    });
  }

  private beat(): void {
    const state = this.options.working();
    const excused = state.ok && (state.excused?.length ?? 0) > 0;
    if (excused && !this.excusing) {
      this.options.logger.warn(
        { excused: state.excused },
        'the exchange is unavailable: /healthz shows what waits on it as stale, but the systemd watchdog is pinged on, since a restart cannot bring the exchange back',
      );
    }
    this.excusing = excused;
    if (state.ok) {
      if (this.withheld) this.options.logger.info('the daemon is working again; pinging the systemd watchdog again');
      this.withheld = false;
      this.pings++;
      this.send('WATCHDOG=1');
      return;
    }
    if (!this.withheld) {
      this.options.logger.error(
        { stale: state.stale, stalled: state.stalled },
        'not pinging the systemd watchdog: the daemon is alive but not working; systemd restarts it if this lasts WatchdogSec',
      );
    }
    this.withheld = true;
  }

  private send(state: string): void {
    this.options.notify(state).catch((error: unknown) => {
      this.failures++;
      this.options.logger.warn({ state, err: errorMessage(error), failures: this.failures }, 'sd_notify failed');
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.send('STOPPING=1');
  }
}
