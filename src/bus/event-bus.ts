import { EventEmitter } from 'eventemitter3';
import type { EventMap, EventName } from './events.js';

type Listener<K extends EventName> = (payload: EventMap[K]) => void;

/**
 * The typed event bus. A throwing listener is reported through `onListenerError` and never stops
 * the emitter or the other listeners: one broken subscriber must not break a trading loop.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly wrapped = new Map<Listener<never>, (payload: unknown) => void>();

  constructor(private readonly onListenerError: (event: EventName, error: unknown) => void) {}

  on<K extends EventName>(event: K, listener: Listener<K>): () => void {
    const wrapper = (payload: unknown) => {
      try {
        listener(payload as EventMap[K]);
      } catch (error) {
        this.onListenerError(event, error);
      }
    };
    this.wrapped.set(listener as Listener<never>, wrapper);
    this.emitter.on(event, wrapper);
    return () => this.off(event, listener);
  }

  /** Subscribes to every event (the WebSocket broadcaster). */
  onAny(listener: <K extends EventName>(event: K, payload: EventMap[K]) => void, events: readonly EventName[]): () => void {
    const offs = events.map((event) => this.on(event, (payload) => listener(event, payload)));
    return () => offs.forEach((off) => off());
  }

  off<K extends EventName>(event: K, listener: Listener<K>): void {
    const wrapper = this.wrapped.get(listener as Listener<never>);
    if (!wrapper) return;
    this.emitter.off(event, wrapper);
    this.wrapped.delete(listener as Listener<never>);
  }

  emit<K extends EventName>(event: K, payload: EventMap[K]): void {
    this.emitter.emit(event, payload);
  }
}
