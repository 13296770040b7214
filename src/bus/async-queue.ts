import { AbortError } from '../core/clock.js';

export type OverflowPolicy = 'wait' | 'drop-oldest';

export interface QueueOptions<T> {
  capacity: number;
  /** 'wait': put() waits while full (backpressure). 'drop-oldest': the oldest item is dropped and counted. */
  overflow: OverflowPolicy;
  onDrop?: (item: T) => void;
}

export interface QueueStats {
  depth: number;
  capacity: number;
  published: number;
  consumed: number;
  dropped: number;
  /** Producers currently waiting for room. */
  waitingProducers: number;
  closed: boolean;
}

export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';
  constructor() {
    super('the queue is closed: the daemon is shutting down');
  }
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

/** A bounded FIFO for async producers and consumers. Nothing in it grows past `capacity` items. */
export class AsyncQueue<T> {
  private items: T[] = [];
  private head = 0;
  private readonly takers: Waiter<T | undefined>[] = [];
  private readonly putters: (Waiter<void> & { item: T })[] = [];
  private closed = false;
  private published = 0;
  private consumed = 0;
  private dropped = 0;

  constructor(private readonly options: QueueOptions<T>) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(`queue capacity must be an integer ≥ 1, got ${options.capacity}`);
    }
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  stats(): QueueStats {
    return {
      depth: this.depth,
      capacity: this.options.capacity,
      published: this.published,
      consumed: this.consumed,
      dropped: this.dropped,
      waitingProducers: this.putters.length,
      closed: this.closed,
    };
  }

  /** Adds an item; with the 'wait' policy this waits while the queue is full. Rejects once the queue is closed. */
  put(item: T, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (signal?.aborted) return Promise.reject(new AbortError());
    this.published++;
    if (this.takers.length > 0) {
      this.consumed++;
      this.takers.shift()!.resolve(item);
      return Promise.resolve();
    }
    if (this.depth < this.options.capacity) {
      this.items.push(item);
      return Promise.resolve();
    }
    if (this.options.overflow === 'drop-oldest') {
      const oldest = this.shiftItem();
      this.dropped++;
      this.items.push(item);
      this.options.onDrop?.(oldest);
      return Promise.resolve();
    }
    this.published--; // counted when it actually enters
    return new Promise<void>((resolve, reject) => {
      const waiter = { item, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      const onAbort = () => {
        const index = this.putters.indexOf(waiter);
        if (index >= 0) this.putters.splice(index, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.putters.push(waiter);
    });
  }

  /** The next item; waits while empty. Resolves undefined once the queue is closed and drained. */
  take(signal?: AbortSignal): Promise<T | undefined> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (this.depth > 0) {
      const item = this.shiftItem();
      this.consumed++;
      this.admitWaitingProducer();
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const waiter: Waiter<T | undefined> = {
        resolve: (v) => {
          waiter.cleanup();
          resolve(v);
        },
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      const onAbort = () => {
        const index = this.takers.indexOf(waiter);
        if (index >= 0) this.takers.splice(index, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.takers.push(waiter);
    });
  }

  /** Stops intake: waiting and future producers are rejected; consumers drain what is queued, then get undefined. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const putter of this.putters.splice(0)) {
      putter.cleanup();
      putter.reject(new QueueClosedError());
    }
    if (this.depth === 0) for (const taker of this.takers.splice(0)) taker.resolve(undefined);
  }

  /** Removes and returns everything still queued (used at shutdown to account for unprocessed items). */
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = await this.take();
      if (item === undefined) return;
      yield item;
    }
  }

  private shiftItem(): T {
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T;
    this.head++;
    // Compact now and then so the backing array stays bounded by capacity.
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private admitWaitingProducer(): void {
    const putter = this.putters.shift();
    if (!putter) {
      if (this.closed && this.depth === 0) for (const taker of this.takers.splice(0)) taker.resolve(undefined);
      return;
    }
    putter.cleanup();
    this.items.push(putter.item);
    this.published++;
    putter.resolve();
  }
}
