import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatDiscussion } from '../../agents/explain.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage, OperationalError, TransientError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { MarketData } from '../../market/market-port.js';
import type { CockpitRepository } from '../../store/cockpit-repository.js';
import type { AuditRepository } from '../../store/audit-repository.js';
import { ForeignHaltError, type KillSwitch } from '../../trading/kill-switch.js';
import { haltStatus, type EntryHalt } from '../../trading/entry-halt.js';
import { flattenLeftOf, flattenLeftText, type FlattenLeft } from '../../trading/flatten-left.js';
import { loadDashboardPage } from './dashboard-page.js';
import { BacktestListing } from './backtest-listing.js';
import { RepeatedFailure } from '../../core/repeated-failure.js';
import { REPORT_ACCESS_PATH } from '../http-access.js';

export interface DashboardOptions {
  clock: Clock;
  logger: Logger;
  /** Stored discussions, for the verdict page. */
  store: Pick<AuditRepository, 'discussion'>;
  cockpit: CockpitRepository;
  market: MarketData;
  killSwitch: KillSwitch;
  /** Whether entries are halted, by what (entry-halt.ts): a damaged store or a fatal condition halts them with the switch off. */
  entryHalt: () => EntryHalt;
  /** The positions and orders in flight: what a resume leaves of a flatten still under way. */
  held: Parameters<typeof flattenLeftOf>[0];
  /** What /status serves: account, positions, health. */
  status: () => Record<string, unknown>;
  /** Where `conclave backtest` writes its runs by default. */
  backtestsDir: string;
}

const MAX_BODY_BYTES = 16 * 1024;
const BARS_SHOWN = 500;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client still gets its answer.
      if (size > MAX_BODY_BYTES) return void reject(new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`));
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'the body must be a JSON object'));
      }
    });
  });
}

/** A path segment, decoded; a malformed escape (`%ZZ`) is the client's mistake, not an internal error to log. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `the path segment "${raw.slice(0, 100)}" is not valid percent-encoding`);
  }
}

const text = (value: unknown, name: string, max: number): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `"${name}" is required: say ${name === 'who' ? 'who you are' : 'why'}`);
  // Control characters never reach the log or the store; the length is bounded.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max);
};

/**
 * The operator's cockpit over HTTP: the page at `/`, its JSON API under `/api/`, the kill switch (POST, confirmed,
 * recorded with who and why) and the backtest reports in the data dir. Access control sits in front of it, in the
 * server, like every other path but /healthz.
 */
/** The paths `get` serves (the kill switch's take a POST). */
const API_GET = [/^\/api\/(overview|equity|verdicts|backtests)$/, /^\/api\/verdicts\/[^/]+$/, /^\/api\/bars\/[^/]+$/];

export class Dashboard {
  private page: string | null = null;
  /** Failed requests are logged at most once a minute (with how many since): anyone who can reach the port could flood the log. */
  private readonly failures: RepeatedFailure;
  private readonly runs: BacktestListing;

  constructor(private readonly options: DashboardOptions) {
    this.runs = new BacktestListing(options.backtestsDir);
    this.failures = new RepeatedFailure(options.logger, 'dashboard request failed (said at most once a minute)', { clock: options.clock, level: 'error' });
  }

  /** Handles the request when the path is the dashboard's; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    try {
      // HEAD as GET (uptime monitors use it); Node sends the headers without the body.
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        this.page ??= loadDashboardPage();
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          // Everything is inline; the page talks only to this daemon.
          'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
        });
        res.end(this.page);
        return true;
      }
      const backtest = /^\/backtests\/([^/]+)\/report\.html$/.exec(path);
      if (backtest && (req.method === 'GET' || req.method === 'HEAD')) {
        const name = segment(backtest[1]!);
        if (await this.runs.serveReport(name, res)) return true;
        throw new HttpError(404, `no backtest report named ${name}`);
      }
      if (!path.startsWith('/api/')) return false;
      if (req.method === 'POST' && (path === '/api/halt' || path === '/api/resume')) {
        json(200, this.killSwitchAction(path === '/api/halt' ? 'halt' : 'resume', await readJsonBody(req), req));
        return true;
      }
      // HEAD as GET (a monitor's probe): Node sends the headers and drops the body. Another method: a 405 where the
      // path is served (its Allow saying how), a 404 where it is not (a 405 pointed at methods that failed too).
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const halt = path === '/api/halt' || path === '/api/resume';
        if (!halt && !API_GET.some((p) => p.test(path))) throw new HttpError(404, `no such endpoint ${path}`);
        res.setHeader('Allow', halt ? 'POST' : 'GET, HEAD');
        throw new HttpError(405, halt ? `${path} takes a POST with a JSON body` : `${path} is read with GET (POST is served only at /api/halt, /api/resume and ${REPORT_ACCESS_PATH})`);
      }
      // The kill switch's endpoints take a POST only: a GET said "no such endpoint" of an endpoint that exists.
      if (path === '/api/halt' || path === '/api/resume') {
        res.setHeader('Allow', 'POST');
        throw new HttpError(405, `${path} takes a POST with a JSON body (what the cockpit's halt and resume buttons send)`);
      }
      json(200, await this.get(path, new URL(req.url ?? '/', 'http://localhost').searchParams));
      return true;
    } catch (error) {
      if (error instanceof HttpError) json(error.status, { error: error.message });
      // The exchange unavailable for now (its circuit open after a 429, a timeout): the page's chart says so and asks
      // again later; before, a 500 'internal error' and an error line, for what the health line's sources already show.
      else if (error instanceof TransientError) json(503, { error: `market data unavailable for now: ${error.message}` });
      else if (error instanceof OperationalError) {
        // The daemon could not do what was asked (the halt file cannot be written or removed): the operator at the
        // page is the one who must act, so the page gets the message that says what to do, not "see the log".
        this.failures.record(error.message, { path });
        json(500, { error: error.message });
      } else {
        this.failures.record(errorMessage(error), { path });
        json(500, { error: 'internal error; see the daemon log' });
      }
      return true;
    }
  }

  private async get(path: string, query: URLSearchParams): Promise<unknown> {
    const { store, cockpit } = this.options;
    if (path === '/api/overview') {
      return { time: this.options.clock.now(), status: this.options.status(), symbols: this.options.market.symbols(), operatorActions: cockpit.operatorActions(20), halt: this.overviewHalt() };
    }
    if (path === '/api/equity') return { points: cockpit.equitySeries() };
    if (path === '/api/verdicts') {
      // Integers only: 1.5 reached SQLite, which answered "datatype mismatch" (a 500 and an error line per request).
      const limit = query.has('limit') ? Number(query.get('limit')) : 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, `limit must be a whole number from 1 to 500 (got "${String(query.get('limit')).slice(0, 40)}")`);
      const raw = query.get('before');
      const before = raw === null ? undefined : Number(raw);
      if (before !== undefined && (raw!.trim() === '' || !Number.isSafeInteger(before))) {
        throw new HttpError(400, `before must be a verdict's decidedAt, in epoch ms (got "${raw!.slice(0, 40)}")`);
      }
      const beforeId = query.get('beforeId') ?? undefined;
      const verdicts = cockpit.verdicts(limit, before, beforeId);
      if (!verdicts) throw new HttpError(400, `beforeId must be the id of a listed verdict: there is no verdict ${beforeId!.slice(0, 80)}`);
      return { verdicts };
    }
    const verdict = /^\/api\/verdicts\/([^/]+)$/.exec(path);
    if (verdict) {
      const id = segment(verdict[1]!);
      const discussion = store.discussion(id);
      if (!discussion) throw new HttpError(404, `no verdict ${id}`);
      return { discussion, text: formatDiscussion(discussion), aftermath: cockpit.aftermath(id) };
    }
    const bars = /^\/api\/bars\/([^/]+)$/.exec(path);
    if (bars) {
      const symbol = segment(bars[1]!);
      if (!this.options.market.symbols().includes(symbol)) throw new HttpError(404, `${symbol} is not in the universe`);
      const series = await this.options.market.bars(symbol, BARS_SHOWN, AbortSignal.timeout(5_000));
      return { bars: series, fills: cockpit.fillsOf(symbol, series[0]?.time ?? 0) };
    }
    if (path === '/api/backtests') return { backtests: await this.runs.list() };
    throw new HttpError(404, `no such endpoint ${path}`);
  }

  /**
   * The overview's halt: the kill switch's state, or the halt it does not make (a damaged store, a fatal condition),
   * whose reason says what lifts it. The switch's state alone hid such a halt the status beside it showed.
   */
  private overviewHalt(): { halted: boolean; reason?: string | null; since?: number | string | null; flatten?: unknown } {
    const halt = this.options.entryHalt();
    if (halt.cause === null || halt.cause === 'kill_switch') return halt.killSwitch;
    return { halted: true, reason: haltStatus(halt)!.reason };
  }

  private killSwitchAction(action: 'halt' | 'resume', body: Record<string, unknown>, req: IncomingMessage): unknown {
    if (body.confirm !== true) throw new HttpError(400, 'not confirmed: send "confirm": true with who and why');
    const who = text(body.who, 'who', 80);
    const reason = text(body.reason, 'reason', 300);
    // "flatten": "true" (a string, a script's) halted without closing anything, answered 200: refused, nothing done.
    if (action === 'halt' && body.flatten !== undefined && typeof body.flatten !== 'boolean') {
      throw new HttpError(400, `"flatten" is ${JSON.stringify(body.flatten)}: send true (close the open positions) or false; nothing was halted`);
    }
    const asked = action === 'halt' && body.flatten === true;
    const from = req.socket.remoteAddress ?? 'unknown';
    const { killSwitch, cockpit, clock, logger } = this.options;
    // As `conclave resume` does: a resume of nothing changed nothing, and recorded as one it read in the operator
    // actions (and the log) as if trading had been halted until then.
    if (action === 'resume' && !killSwitch.isHalted()) {
      // A damaged store or a fatal condition halts entries with the switch off: "entries were already allowed" was false.
      const other = this.overviewHalt();
      if (other.halted) return { ok: true, halted: true, action: null, message: `the kill switch is off, so nothing changed; entries stay halted: ${other.reason}` };
      return { ok: true, halted: false, action: null, message: 'not halted: entries were already allowed; nothing changed' };
    }
    // A flatten still pending from an earlier halt stays pending (KillSwitch.halt).
    let flatten = false;
    // As `conclave resume` says it: the answer alone ("resumed") read as if the positions asked to be closed were.
    let left: FlattenLeft | null = null;
    if (action === 'halt') flatten = killSwitch.halt(`${reason} (${who}, from the dashboard)`, asked);
    else {
      if (killSwitch.state().flatten === true) left = flattenLeftOf(this.options.held);
      try {
        killSwitch.resume();
      } catch (error) {
        if (error instanceof ForeignHaltError) throw new HttpError(409, error.message);
        throw error;
      }
    }
    const recorded = { time: clock.now(), action: asked ? ('halt+flatten' as const) : action, who: `${who} (dashboard, ${from})`, reason };
    cockpit.recordOperatorAction(recorded);
    // The log line's own time is the clock's: the recorded time again would repeat the "time" key.
    const unfinished = left ? flattenLeftText(left) : '';
    logger.warn(
      Object.assign({ action: recorded.action, who: recorded.who, reason }, unfinished ? { flattenLeft: left } : {}),
      action === 'halt' ? `kill switch: halted from the dashboard${asked ? ', flattening open positions' : flatten ? '; the flatten asked for earlier goes on' : ''}` : `kill switch: resumed from the dashboard${unfinished}`,
    );
    const answer = { ok: true, halted: this.options.entryHalt().halted, action: recorded };
    return unfinished ? Object.assign(answer, { flattenLeft: left, message: `resumed: entries allowed again${unfinished}` }) : answer;
  }
}
