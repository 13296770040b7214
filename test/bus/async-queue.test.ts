import { describe, expect, it } from 'vitest';
import { AsyncQueue, QueueClosedError } from '../../src/bus/async-queue.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('AsyncQueue', () => {
  it('delivers in FIFO order', async () => {
    const q = new AsyncQueue<number>({ capacity: 10, overflow: 'wait' });
    for (const n of [1, 2, 3]) await q.put(n);
    expect([await q.take(), await q.take(), await q.take()]).toEqual([1, 2, 3]);
    expect(q.stats()).toMatchObject({ depth: 0, published: 3, consumed: 3, dropped: 0 });
  });

  it('applies backpressure: put waits while full and resumes when a consumer takes', async () => {
    const q = new AsyncQueue<number>({ capacity: 2, overflow: 'wait' });
    await q.put(1);
    await q.put(2);
    let third = false;
    const pending = q.put(3).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    expect(q.stats()).toMatchObject({ depth: 2, waitingProducers: 1, published: 2 });
    expect(await q.take()).toBe(1);
    await pending;
    expect(third).toBe(true);
    expect(q.stats()).toMatchObject({ depth: 2, published: 3, consumed: 1 });
    expect([await q.take(), await q.take()]).toEqual([2, 3]);
  });

  it('drop-oldest keeps the newest items and counts the dropped ones', async () => {
    const dropped: number[] = [];
    const q = new AsyncQueue<number>({ capacity: 3, overflow: 'drop-oldest', onDrop: (n) => dropped.push(n) });
    for (let n = 1; n <= 5; n++) await q.put(n);
    expect(dropped).toEqual([1, 2]);
    expect(q.stats()).toMatchObject({ depth: 3, dropped: 2, published: 5 });
    expect([await q.take(), await q.take(), await q.take()]).toEqual([3, 4, 5]);
  });

  it('a waiting consumer gets the next item directly', async () => {
    const q = new AsyncQueue<string>({ capacity: 1, overflow: 'wait' });
    const taken = q.take();
    await q.put('a');
    expect(await taken).toBe('a');
  });

  it('close stops intake, rejects waiting producers, and lets consumers drain', async () => {
    const q = new AsyncQueue<number>({ capacity: 2, overflow: 'wait' });
    await q.put(1);
    await q.put(2);
    const blocked = q.put(3);
    q.close();
    await expect(blocked).rejects.toBeInstanceOf(QueueClosedError);
    await expect(q.put(4)).rejects.toBeInstanceOf(QueueClosedError);
    const seen: number[] = [];
    for await (const n of q) seen.push(n);
    expect(seen).toEqual([1, 2]);
    expect(await q.take()).toBeUndefined();
  });

  it('close wakes consumers waiting on an empty queue', async () => {
    const q = new AsyncQueue<number>({ capacity: 2, overflow: 'wait' });
    const waiting = [q.take(), q.take()];
    q.close();
    expect(await Promise.all(waiting)).toEqual([undefined, undefined]);
  });

  it('an aborted take or put leaves the queue consistent', async () => {
    const q = new AsyncQueue<number>({ capacity: 1, overflow: 'wait' });
    const ac = new AbortController();
    const take = q.take(ac.signal);
    ac.abort();
    await expect(take).rejects.toThrow();
    await q.put(1);
    const ac2 = new AbortController();
    const put = q.put(2, ac2.signal);
    ac2.abort();
    await expect(put).rejects.toThrow();
    expect(await q.take()).toBe(1);
    expect(q.stats()).toMatchObject({ depth: 0, waitingProducers: 0, published: 1 });
  });

  it('stays bounded under a long stream', async () => {
    const q = new AsyncQueue<number>({ capacity: 8, overflow: 'drop-oldest' });
    for (let n = 0; n < 10_000; n++) await q.put(n);
    expect(q.depth).toBe(8);
    expect(q.stats().dropped).toBe(10_000 - 8);
    expect(q.drain()).toEqual([9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999]);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new AsyncQueue({ capacity: 0, overflow: 'wait' })).toThrow(/capacity/);
  });
});
