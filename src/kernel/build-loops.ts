import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { Loop } from '../core/loop.js';
import { scanOverrunHint } from './config-warnings.js';

/** Retention prunes hourly (and once at start); each pass works in small batches. */
const RETENTION_INTERVAL_MS = 3_600_000;

export type LoopName = 'modelScanner' | 'newsScanner' | 'positionMonitor' | 'health';

export interface LoopsDeps {
  clock: Clock;
  logger: Logger;
  /** Each loop's body: one iteration, honouring the signal (which aborts when the loop stops). */
  tasks: Record<LoopName | 'retention', (signal: AbortSignal) => Promise<unknown>>;
}

export interface Loops {
  /** The loops the health line shows and /healthz judges. */
  loops: Record<LoopName, Loop>;
  /** Hourly, so not among the health line's loops (whose freshness is judged in seconds); its `store` section shows it. */
  retention: Loop;
  /** In start order: the position monitor, the scanners, health, retention. */
  services: Service[];
}

/** The daemon's fixed-rate loops, each at its configured interval. */
export function buildLoops(config: Config, { clock, logger, tasks }: LoopsDeps): Loops {
  const loop = (name: LoopName | 'retention', intervalMs: number, overrunHint?: () => string) =>
    new Loop({ name, intervalMs, clock, logger: logger.child({ component: name }), task: async (signal) => void (await tasks[name](signal)), ...(overrunHint ? { overrunHint } : {}) });
  const loops = {
    modelScanner: loop('modelScanner', config.modelScanIntervalMs, () => scanOverrunHint(config)),
    newsScanner: loop('newsScanner', config.newsScanIntervalMs),
    positionMonitor: loop('positionMonitor', config.positionCheckIntervalMs),
    health: loop('health', config.healthIntervalMs),
  };
  const retention = loop('retention', RETENTION_INTERVAL_MS);
  return { loops, retention, services: [loops.positionMonitor, loops.modelScanner, loops.newsScanner, loops.health, retention] };
}
