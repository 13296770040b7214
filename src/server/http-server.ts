import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import { OperationalError } from '../core/errors.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { WsBroadcaster } from './ws-broadcaster.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  maxBufferedBytes: number;
  /** Liveness: ok, or the names of stale loops. */
  health: () => { ok: boolean; stale: string[]; snapshot: unknown };
  /** State sent to a WebSocket client on connect and served at /status. */
  status: () => Record<string, unknown>;
  /** Prometheus text exposition (with its content type). */
  metrics: () => string | Promise<string | { contentType: string; body: string }>;
}

/** GET /healthz, /status, /metrics and the WebSocket at /ws, on one host:port. */
export class HttpServer implements Service {
  readonly name = 'http';
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private broadcaster: WsBroadcaster | null = null;

  constructor(private readonly options: HttpServerOptions) {}

  async start(): Promise<void> {
    const { host, port, logger } = this.options;
    const server = createServer((req, res) => this.handle(req, res));
    const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
    this.broadcaster = new WsBroadcaster({
      wss,
      bus: this.options.bus,
      clock: this.options.clock,
      logger,
      maxBufferedBytes: this.options.maxBufferedBytes,
      snapshot: this.options.status,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new OperationalError(
            `Cannot listen on ${host}:${port}: ${error.code ?? error.message}. Choose another CONCLAVE_HTTP_PORT or set it to 0 to turn the server off.`,
          ),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    server.on('error', (error) => logger.error({ err: error }, 'http server error'));
    this.server = server;
    this.wss = wss;
    logger.info({ url: `http://${host}:${this.port()}`, ws: `ws://${host}:${this.port()}/ws` }, 'http server listening');
  }

  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  wsStats(): { clients: number; sent: number; dropped: number } {
    const b = this.broadcaster;
    return { clients: b?.clients ?? 0, sent: b?.sent ?? 0, dropped: b?.dropped ?? 0 };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.broadcaster?.close();
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    await new Promise<void>((resolve) => this.wss!.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serveMetrics(res: ServerResponse): Promise<void> {
    try {
      const out = await this.options.metrics();
      const { contentType, body } = typeof out === 'string' ? { contentType: 'text/plain; version=0.0.4', body: out } : out;
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    } catch (error) {
      this.options.logger.error({ err: error }, 'metrics failed');
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'metrics failed; see the daemon log' }));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'only GET is served' });
      if (url === '/healthz') {
        const h = this.options.health();
        return json(h.ok ? 200 : 503, h.ok ? { status: 'ok' } : { status: 'stale', stale: h.stale });
      }
      if (url === '/status') return json(200, this.options.status());
      if (url === '/metrics') return void this.serveMetrics(res);
      json(404, { error: `no such endpoint ${url}; try /healthz, /status, /metrics or the WebSocket at /ws` });
    } catch (error) {
      this.options.logger.error({ err: error, url }, 'http handler failed');
      json(500, { error: 'internal error; see the daemon log' });
    }
  }
}
