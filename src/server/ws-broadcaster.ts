import type { WebSocket, WebSocketServer } from 'ws';
import type { EventBus } from '../bus/event-bus.js';
import type { EventName } from '../bus/events.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export const BROADCAST_EVENTS: readonly EventName[] = ['opportunity', 'verdict', 'risk', 'order', 'fill', 'position', 'health'];

export interface BroadcasterOptions {
  wss: WebSocketServer;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** A client whose unsent data exceeds this is dropped: one slow reader never holds memory for everyone. */
  maxBufferedBytes: number;
  snapshot: () => Record<string, unknown>;
}

/** Sends every bus event to every client as {"type","ts","data"}, with a snapshot on connect. */
export class WsBroadcaster {
  private readonly off: () => void;
  dropped = 0;
  sent = 0;

  constructor(private readonly options: BroadcasterOptions) {
    options.wss.on('connection', (ws) => this.onConnection(ws));
    this.off = options.bus.onAny((type, data) => this.broadcast(type, data), BROADCAST_EVENTS);
  }

  get clients(): number {
    return this.options.wss.clients.size;
  }

  private envelope(type: string, data: unknown): string {
    return JSON.stringify({ type, ts: this.options.clock.now(), data });
  }

  private onConnection(ws: WebSocket): void {
    ws.on('error', (error) => this.options.logger.debug({ err: error.message }, 'websocket client error'));
    // Clients only listen; anything they send is ignored rather than trusted.
    ws.on('message', () => undefined);
    this.send(ws, this.envelope('snapshot', this.options.snapshot()));
  }

  private broadcast(type: string, data: unknown): void {
    if (this.options.wss.clients.size === 0) return;
    const message = this.envelope(type, data);
    for (const ws of this.options.wss.clients) this.send(ws, message);
  }

  private send(ws: WebSocket, message: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.dropped++;
      this.options.logger.warn({ bufferedBytes: ws.bufferedAmount }, 'websocket client too slow; disconnecting it');
      ws.terminate();
      return;
    }
    ws.send(message, (error) => {
      if (error) ws.terminate();
    });
    this.sent++;
  }

  close(): void {
    this.off();
    for (const ws of this.options.wss.clients) ws.close(1001, 'conclave is shutting down');
  }
}
