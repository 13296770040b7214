import type { Socket } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../bus/event-bus.js';
import type { EventName } from '../bus/events.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { RepeatedFailure } from '../core/repeated-failure.js';

export const BROADCAST_EVENTS: readonly EventName[] = ['opportunity', 'verdict', 'risk', 'order', 'fill', 'position', 'health'];

export interface BroadcasterOptions {
  wss: WebSocketServer;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** A client whose unsent data exceeds this is dropped: one slow reader never holds memory for everyone. */
  maxBufferedBytes: number;
  /**
   * Every this often each client is pinged; one that has not answered the previous ping is dropped. A client that
   * stops reading is caught here even while the kernel's socket buffers still absorb what is sent to it.
   */
  heartbeatMs: number;
  snapshot: () => Record<string, unknown>;
}

/** CPU time one slice of a fan-out may take before the event loop gets a turn (a write is a few microseconds). */
const SLICE_MS = 2;
/** Events waiting to be fanned out; past this the oldest are dropped (and counted), so a burst never holds unbounded memory. */
const MAX_PENDING_EVENTS = 10_000;
/** Connections within this window share one snapshot: a thousand dashboards reconnecting build it once, not a thousand times. */
const SNAPSHOT_TTL_MS = 1_000;

/**
 * One unmasked text frame (RFC 6455, 5.2), as a server sends it: built once per event, so that sending it to a
 * thousand clients is a thousand socket writes and not a thousand times framing and copying.
 */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN, text
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  return frame;
}

/** The client's TCP socket: ws keeps it as `_socket` (stable across ws 8); undefined if that ever changes. */
const socketOf = (ws: WebSocket): Socket | undefined => (ws as unknown as { _socket?: Socket })._socket;

/**
 * Sends every bus event to every client as {"type","ts","data"}, with a snapshot on connect.
 *
 * Each event is encoded and framed once, and every client's socket gets the same bytes; the fan-out runs in slices
 * of at most SLICE_MS with the event loop free in between, so a thousand clients never hold the daemon's loop for
 * the whole fan-out. Events keep their order for every client: a batch is sent to all clients before the next one starts.
 */
export class WsBroadcaster {
  private readonly off: () => void;
  private readonly alive = new WeakSet<WebSocket>();
  /** A drop is logged at most once a minute per reason, with how many since: a thousand silent clients made a thousand lines a heartbeat. */
  private readonly dropLogs = new Map<string, RepeatedFailure>();
  private pending: Buffer[] = [];
  private fanning = false;
  private stopHeartbeat: () => void;
  private cachedSnapshot: { at: number; data: Buffer } | null = null;
  dropped = 0;
  sent = 0;
  /** Events discarded because more than MAX_PENDING_EVENTS were waiting. */
  overflowed = 0;

  constructor(private readonly options: BroadcasterOptions) {
    options.wss.on('connection', (ws) => this.onConnection(ws));
    this.off = options.bus.onAny((type, data) => this.broadcast(type, data), BROADCAST_EVENTS);
    this.stopHeartbeat = options.clock.setTimer(options.heartbeatMs, () => this.heartbeat());
  }

  get clients(): number {
    return this.options.wss.clients.size;
  }

  private envelope(type: string, data: unknown): Buffer {
    return Buffer.from(JSON.stringify({ type, ts: this.options.clock.now(), data }));
  }

  /** An event's frame, built once and shared by every client's write. */
  private frame(type: string, data: unknown): Buffer {
    return textFrame(this.envelope(type, data));
  }

  private snapshot(): Buffer {
    const now = this.options.clock.now();
    if (!this.cachedSnapshot || now - this.cachedSnapshot.at >= SNAPSHOT_TTL_MS) {
      this.cachedSnapshot = { at: now, data: this.frame('snapshot', this.options.snapshot()) };
    }
    return this.cachedSnapshot.data;
  }

  private onConnection(ws: WebSocket): void {
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    ws.on('error', (error) => this.options.logger.debug({ err: error.message }, 'websocket client error'));
    // Clients only listen; anything they send is ignored rather than trusted.
    ws.on('message', () => undefined);
    this.send(ws, this.snapshot());
  }

  private broadcast(type: string, data: unknown): void {
    if (this.options.wss.clients.size === 0) return;
    this.pending.push(this.frame(type, data));
    if (this.pending.length > MAX_PENDING_EVENTS) {
      this.pending.shift();
      this.overflowed++;
    }
    if (!this.fanning) {
      this.fanning = true;
      setImmediate(() => this.fanOut());
    }
  }

  /** Sends the waiting events to every client, a slice of clients per turn of the event loop. */
  private fanOut(): void {
    const batch = this.pending;
    this.pending = [];
    const clients = Array.from(this.options.wss.clients);
    let next = 0;
    const slice = () => {
      const until = performance.now() + SLICE_MS;
      for (; next < clients.length && (next % 32 !== 0 || performance.now() < until); next++) {
        const ws = clients[next]!;
        for (const message of batch) if (!this.send(ws, message)) break;
      }
      if (next < clients.length) return void setImmediate(slice);
      if (this.pending.length > 0) return void setImmediate(() => this.fanOut());
      this.fanning = false;
    };
    slice();
  }

  /**
   * Writes a ready frame to the client's socket; false when the client is gone or was dropped. The server's frames
   * are never compressed (perMessageDeflate is off), so ws's sender never holds frames back and a frame written here
   * cannot land inside one of its own (pings, close).
   */
  private send(ws: WebSocket, frame: Buffer): boolean {
    const socket = socketOf(ws);
    if (ws.readyState !== ws.OPEN || !socket || socket.destroyed) return false;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.drop(ws, { bufferedBytes: ws.bufferedAmount }, 'websocket client too slow; disconnecting it');
      return false;
    }
    socket.write(frame);
    this.sent++;
    return true;
  }

  private drop(ws: WebSocket, context: Record<string, unknown>, message: string): void {
    this.dropped++;
    let log = this.dropLogs.get(message);
    if (!log) this.dropLogs.set(message, (log = new RepeatedFailure(this.options.logger, `${message} (said at most once a minute)`, { clock: this.options.clock })));
    log.record('dropped', context);
    ws.terminate();
  }

  private heartbeat(): void {
    for (const ws of this.options.wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (!this.alive.has(ws)) {
        this.drop(ws, { heartbeatMs: this.options.heartbeatMs }, 'websocket client did not answer a ping; it has stopped reading, disconnecting it');
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
    this.stopHeartbeat = this.options.clock.setTimer(this.options.heartbeatMs, () => this.heartbeat());
  }

  close(): void {
    this.off();
    this.stopHeartbeat();
    this.pending = [];
    for (const ws of this.options.wss.clients) ws.close(1001, 'conclave is shutting down');
  }
}
