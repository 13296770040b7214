import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { service, type Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { HealthMonitor, type HealthProviders } from '../health/health-loop.js';
import { SystemdWatchdog, systemdNotify, watchdogIntervalMs, type Notify } from '../health/systemd-watchdog.js';
import { restartWorthy } from '../health/staleness.js';
import { StallExit } from '../health/stall-exit.js';
import type { FatalAlarm } from '../core/fatal-alarm.js';
import type { NotifyStats } from '../notify/notifier.js';
import { KernelMetrics } from '../server/metrics.js';
import type { AlertProviders } from '../server/metrics-alerts.js';

export interface HealthDeps extends HealthProviders {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  /** The health line's other sections (mode, halt, ledger, sources...). */
  extra: () => Record<string, unknown>;
  /** Per outside source: its breaker's counts, for /metrics. */
  sources: () => Record<string, unknown>;
  notify: () => NotifyStats | null;
  /** /metrics' gauges for alerts beyond what the health deps give (liveness, unpriced positions). */
  alerts: Pick<AlertProviders, 'halted' | 'ledgerOk' | 'unprotected' | 'checkpointFailures'>;
  /** /healthz's judgement, which the watchdog pings on. */
  liveness: () => { ok: boolean; stale: string[]; stalled: string[] };
  /** True while the market source fails (its circuit open, its last call failed): the watchdog excuses what waits on it. */
  marketDown?: () => boolean;
  /** sd_notify (tests); by default systemd's, when the process runs under a Type=notify unit; null: none. */
  sdNotify?: Notify | null;
  /** Raised by the stall exit (stallExitMs). */
  fatal: FatalAlarm;
}

export interface Health {
  /** The health line's snapshot; its tick is the health loop's body. */
  health: HealthMonitor;
  metrics: KernelMetrics;
  /** The event-loop delay measurement and the metrics' subscriptions. */
  services: Service[];
  /**
   * Tells systemd READY once everything is up (so it starts last) and STOPPING first, and exits a daemon that has
   * stopped working for `stallExitMs`; empty outside systemd without a stall exit.
   */
  watchdogs: Service[];
}

/** What the daemon tells about itself: the health line, /metrics, and systemd's watchdog. */
export function buildHealth(config: Config, deps: HealthDeps): Health {
  const { clock, logger, bus } = deps;
  const health = new HealthMonitor(clock, logger.child({ component: 'health' }), bus, {
    queue: deps.queue,
    loops: deps.loops,
    discussions: deps.discussions,
    openPositions: deps.openPositions,
    ...(deps.unpricedPositions ? { unpricedPositions: deps.unpricedPositions } : {}),
    ...(deps.unprotectedPositions ? { unprotectedPositions: deps.unprotectedPositions } : {}),
    equity: deps.equity,
    extra: deps.extra,
  });
  const metrics = new KernelMetrics(
    bus,
    {
      queue: deps.queue,
      loops: deps.loops,
      sources: deps.sources,
      openPositions: deps.openPositions,
      equity: deps.equity,
      health: () => health.last(),
      notify: deps.notify,
      alerts: Object.assign(
        {
          liveness: () => Object.assign({ loops: Object.keys(deps.loops()) }, deps.liveness()),
          unpriced: () => deps.unpricedPositions?.().length ?? 0,
        },
        deps.alerts,
      ),
    },
    { defaultMetrics: config.httpPort > 0 },
  );
  const sdNotify = deps.sdNotify === undefined ? systemdNotify(process.env) : deps.sdNotify;
  const working = () => restartWorthy(deps.liveness(), deps.marketDown?.() ?? false);
  const watchdog = sdNotify ? new SystemdWatchdog({ clock, logger: logger.child({ component: 'watchdog' }), notify: sdNotify, intervalMs: watchdogIntervalMs(process.env), working }) : null;
  const stallExit = config.stallExitMs > 0 ? new StallExit({ clock, logger: logger.child({ component: 'stall-exit' }), afterMs: config.stallExitMs, working, raise: (c) => deps.fatal.raise(c) }) : null;
  return {
    health,
    metrics,
    services: [service('health-monitor', () => health.start(), () => health.close()), service('metrics', () => metrics.start(), () => metrics.close())],
    watchdogs: [
      ...(watchdog ? [service('watchdog', () => watchdog.start(), () => watchdog.stop())] : []),
      ...(stallExit ? [service('stall-exit', () => stallExit.start(), () => stallExit.stop())] : []),
    ],
  };
}
