import { join } from 'node:path';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../config/config.js';
import { service, type Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import { Dashboard } from '../server/dashboard/dashboard-routes.js';
import { HttpServer, type HttpServerOptions } from '../server/http-server.js';
import type { CockpitRepository } from '../store/cockpit-repository.js';
import type { Store } from '../store/store.js';
import type { KillSwitch } from '../trading/kill-switch.js';
import type { EntryHalt } from '../trading/entry-halt.js';

export interface ServerDeps {
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  store: Store;
  cockpit: CockpitRepository;
  market: MarketData;
  killSwitch: KillSwitch;
  entryHalt: () => EntryHalt;
  liveness: HttpServerOptions['health'];
  status: () => Record<string, unknown>;
  metrics: HttpServerOptions['metrics'];
}

export interface Server {
  /** Null when httpPort is 0 (off). */
  server: HttpServer | null;
  services: Service[];
}

/** HTTP (/healthz, /status, /metrics, the cockpit) and the WebSocket, on httpHost:httpPort; nothing when the port is 0. */
export function buildServer(config: Config, deps: ServerDeps): Server {
  if (config.httpPort <= 0) return { server: null, services: [] };
  const { clock, logger } = deps;
  const server = new HttpServer({
    host: config.httpHost,
    port: config.httpPort,
    ...(config.httpToken ? { token: config.httpToken } : {}),
    clock,
    logger: logger.child({ component: 'http' }),
    bus: deps.bus,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    maxClients: config.wsMaxClients,
    heartbeatMs: config.wsHeartbeatMs,
    health: deps.liveness,
    status: deps.status,
    metrics: deps.metrics,
    dashboard: new Dashboard({
      clock,
      logger: logger.child({ component: 'dashboard' }),
      store: deps.store.audit,
      cockpit: deps.cockpit,
      market: deps.market,
      killSwitch: deps.killSwitch,
      entryHalt: deps.entryHalt,
      held: deps.store,
      status: deps.status,
      backtestsDir: join(config.dataDir, 'backtests'),
    }),
  });
  return { server, services: [service('http', () => server.start(), () => server.stop())] };
}
