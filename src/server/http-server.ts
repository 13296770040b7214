import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { Dashboard } from './dashboard/dashboard-routes.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import { HttpAccess, pathOf, REPORT_ACCESS_PATH, type AccessVerdict } from './http-access.js';
import { listenError } from './listen-error.js';
import { connectionCap, openFileLimit } from './connection-cap.js';
import { WsBroadcaster } from './ws-broadcaster.js';
import { withChanges } from '../core/with-changes.js';

export interface HttpServerOptions {
  host: string;
  port: number;
  /** The operator's token (httpToken); see HttpAccess for when it is required. */
  token?: string;
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  maxBufferedBytes: number;
  /** WebSocket clients at most at once (every queue and set bounded); one more is refused with 503. */
  maxClients?: number;
  /** Ping interval of WebSocket clients; one that misses a ping is dropped. */
  heartbeatMs: number;
  /** Liveness: ok, or the names of stale loops. */
  health: () => { ok: boolean; stale: string[]; stalled?: string[]; snapshot: unknown };
  /** State sent to a WebSocket client on connect and served at /status. */
  status: () => Record<string, unknown>;
  /** Prometheus text exposition (with its content type). */
  metrics: () => string | Promise<string | { contentType: string; body: string }>;
  /** The operator's cockpit: the page at / and its API. */
  dashboard?: Dashboard;
}

const REJECT_LOG_MS = 60_000;
/** wsMaxClients' default, for a server built without it (tests). */
const DEFAULT_MAX_CLIENTS = 1_000;

/**
 * GET /healthz, /status, /metrics and the WebSocket at /ws, on one host:port. Every request and upgrade passes the
 * access check first (HttpAccess: default deny, /healthz public), so a path added later is guarded too.
 */
export class HttpServer implements Service {
  readonly name = 'http';
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private broadcaster: WsBroadcaster | null = null;
  private readonly access: HttpAccess;
  private rejectLoggedAt = -Infinity;
  private rejectedAtLog = 0;
  /** WebSocket clients refused for wsMaxClients: counted, the first logged, then at most a line a minute. */
  private readonly refusedFull: RepeatedFailure;

  constructor(private readonly options: HttpServerOptions) {
    this.access = new HttpAccess(options.host, options.token);
    this.refusedFull = new RepeatedFailure(options.logger, 'websocket client refused: wsMaxClients reached (said at most once a minute)', { clock: options.clock });
  }

  async start(): Promise<void> {
    const { host, port, logger } = this.options;
    // Every request here is small and answered at once: a client that takes longer to send its headers or request is
    // stalling (slowloris) and holding a socket, so it is cut off well before Node's defaults of 60 s and 300 s.
    const server = createServer({ headersTimeout: 10_000, requestTimeout: 15_000 }, (req, res) => this.handle(req, res));
    // A bound on sockets, below the process's file limit: 1,100 idle connections from anyone who can reach the port
    // took every descriptor, and the news reads and health lines failed (EMFILE). Beyond it Node closes new sockets.
    server.maxConnections = connectionCap(this.options.maxClients ?? DEFAULT_MAX_CLIENTS, openFileLimit());
    // noServer: upgrades are routed (and authenticated) by onUpgrade, and a listen error is not re-emitted on an
    // unwatched WebSocketServer, where it would become an uncaught exception.
    // No compression: the broadcaster writes prebuilt frames (ws-broadcaster.ts), which compression would break.
    const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(wss, req, socket, head));
    this.broadcaster = new WsBroadcaster({
      wss,
      bus: this.options.bus,
      clock: this.options.clock,
      logger,
      maxBufferedBytes: this.options.maxBufferedBytes,
      heartbeatMs: this.options.heartbeatMs,
      snapshot: this.options.status,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(host, port, error)));
        server.listen(port, host, () => resolve());
      });
    } catch (error) {
      this.broadcaster.close();
      this.broadcaster = null;
      throw error;
    }
    server.on('error', (error) => logger.error({ err: error }, 'http server error'));
    this.server = server;
    this.wss = wss;
    const access = this.access.mode;
    logger.info({ url: `http://${host}:${this.port()}`, ws: `ws://${host}:${this.port()}/ws`, access }, 'http server listening');
    if (access === 'healthz-only') {
      logger.warn(
        { host, access },
        `HTTP listens on ${host}, beyond loopback, and CONCLAVE_HTTP_TOKEN is not set: ONLY /healthz IS SERVED; /status, /metrics and /ws answer 403. Set CONCLAVE_HTTP_TOKEN to a long random value (openssl rand -hex 32) to use them.`,
      );
    }
  }

  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  wsStats(): { clients: number; sent: number; dropped: number; rejected: number } {
    const b = this.broadcaster;
    return { clients: b?.clients ?? 0, sent: b?.sent ?? 0, dropped: b?.dropped ?? 0, rejected: this.access.rejected };
  }

  /** Turned-away requests are counted; logging each one would let anyone flood the log, so once a minute at most. */
  private denied(req: IncomingMessage, verdict: AccessVerdict & { ok: false }): void {
    const now = this.options.clock.now();
    if (now - this.rejectLoggedAt < REJECT_LOG_MS) return;
    this.options.logger.warn(
      { path: pathOf(req.url), status: verdict.status, from: req.socket.remoteAddress, rejected: this.access.rejected - this.rejectedAtLog, why: verdict.message },
      verdict.status === 401 ? 'http request refused (no or wrong token)' : 'http request refused',
    );
    this.rejectLoggedAt = now;
    this.rejectedAtLog = this.access.rejected;
  }

  private onUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => undefined);
    const refuse = (status: number, message: string, extra = '') => {
      const body = JSON.stringify({ error: message });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };
    const verdict = this.access.check(req);
    if (!verdict.ok) {
      this.denied(req, verdict);
      return refuse(verdict.status, verdict.message, verdict.status === 401 ? 'WWW-Authenticate: Bearer realm="conclave"\r\n' : '');
    }
    if (pathOf(req.url) !== '/ws') return refuse(404, 'the WebSocket is at /ws');
    const max = this.options.maxClients;
    if (max !== undefined && wss.clients.size >= max) {
      this.refusedFull.record(`${max} clients already`, { max, from: req.socket.remoteAddress });
      return refuse(503, `the daemon already serves ${max} WebSocket clients (wsMaxClients); try again when one has left`, 'Retry-After: 5\r\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
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
    const url = pathOf(req.url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, withChanges(headers, { 'content-type': 'application/json', 'cache-control': 'no-store' }));
      res.end(JSON.stringify(body));
    };
    try {
      const verdict = this.access.check(req);
      if (!verdict.ok) {
        this.denied(req, verdict);
        return json(verdict.status, { error: verdict.message }, verdict.status === 401 ? { 'www-authenticate': 'Bearer realm="conclave"' } : {});
      }
      if (url === REPORT_ACCESS_PATH && req.method === 'POST') {
        // Admitted by the token: the browser gets the cookie that opens the reports (none is needed without a token).
        const cookie = this.access.reportCookie();
        res.writeHead(204, withChanges({ 'cache-control': 'no-store' }, cookie !== undefined ? { 'set-cookie': cookie } : {}));
        return void res.end();
      }
      // A request for the cookie is a POST: a GET said "no such endpoint" of one that exists.
      if (url === REPORT_ACCESS_PATH) return json(405, { error: `${url} takes a POST with the token (what the cockpit sends to open the backtest reports)` }, { allow: 'POST' });
      // The WebSocket's path with no handshake: the 404 named /ws as the place to go.
      if (url === '/ws') return json(426, { error: 'the WebSocket at /ws takes a WebSocket handshake (Upgrade: websocket): connect with a WebSocket client' }, { upgrade: 'websocket', connection: 'Upgrade' });
      const dashboard = this.options.dashboard;
      if (dashboard && (url === '/' || url.startsWith('/api/') || url.startsWith('/backtests/'))) {
        dashboard.handle(req, res, url).then(
          // Not the dashboard's after all (another method on /, a path under /backtests/ that is no report): answered
          // here, or the client would hang until the request timeout.
          (handled) => {
            if (handled) return;
            // The page and a report are read with GET; any other path is not served, whatever the method.
            const page = url === '/' || /^\/backtests\/[^/]+\/report\.html$/.test(url);
            if (page && req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `${req.method ?? ''} ${url}: it is read with GET` }, { allow: 'GET, HEAD' });
            json(404, { error: `${url} is not served` });
          },
          (error: unknown) => {
            this.options.logger.error({ err: error, url }, 'dashboard handler failed');
            if (!res.headersSent) json(500, { error: 'internal error; see the daemon log' });
          },
        );
        return;
      }
      const known = url === '/healthz' || url === '/status' || url === '/metrics';
      if (known && req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `${url} is read with GET (or HEAD)` }, { allow: 'GET, HEAD' });
      if (url === '/healthz') {
        const h = this.options.health();
        if (h.ok) return json(200, { status: 'ok' });
        const stalled = h.stalled ?? [];
        return json(503, stalled.length > 0 ? { status: 'stalled', stale: h.stale, stalled } : { status: 'stale', stale: h.stale });
      }
      if (url === '/status') return json(200, this.options.status());
      if (url === '/metrics') return void this.serveMetrics(res);
      json(404, { error: `no such endpoint ${url}; try / (the dashboard), /healthz, /status, /metrics or the WebSocket at /ws` });
    } catch (error) {
      this.options.logger.error({ err: error, url }, 'http handler failed');
      json(500, { error: 'internal error; see the daemon log' });
    }
  }
}
