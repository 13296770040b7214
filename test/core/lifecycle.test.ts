import { describe, expect, it } from 'vitest';
import { Lifecycle, service, type Service } from '../../src/core/lifecycle.js';

/** Services that write what happens to them into one journal. */
function journaled(names: string[], fail: { start?: string; stop?: string } = {}) {
  const journal: string[] = [];
  const services: Service[] = names.map((name) =>
    service(
      name,
      async () => {
        await Promise.resolve();
        if (fail.start === name) throw new Error(`${name} cannot start`);
        journal.push(`start ${name}`);
      },
      async () => {
        await Promise.resolve();
        journal.push(`stop ${name}`);
        if (fail.stop === name) throw new Error(`${name} cannot stop`);
      },
    ),
  );
  return { journal, services };
}

describe('Lifecycle', () => {
  it('starts services in order and stops them in reverse', async () => {
    const { journal, services } = journaled(['store', 'consumer', 'scanner']);
    const lifecycle = new Lifecycle(services);
    await lifecycle.start();
    expect(lifecycle.running).toEqual(['store', 'consumer', 'scanner']);
    await lifecycle.stop();
    expect(journal).toEqual(['start store', 'start consumer', 'start scanner', 'stop scanner', 'stop consumer', 'stop store']);
    expect(lifecycle.running).toEqual([]);
  });

  it('on a failing start tells of it, stops what already started, in reverse, and rethrows; the rest never starts', async () => {
    const { journal, services } = journaled(['a', 'b', 'c', 'd'], { start: 'c' });
    const lifecycle = new Lifecycle(services, { onStartFailure: (s, error) => journal.push(`failed ${s.name}: ${(error as Error).message}`) });
    await expect(lifecycle.start()).rejects.toThrow('c cannot start');
    expect(journal).toEqual(['start a', 'start b', 'failed c: c cannot start', 'stop b', 'stop a']);
    // The caller's stop afterwards has nothing left to do.
    await lifecycle.stop();
    expect(journal).toHaveLength(5);
  });

  it('stop is idempotent: concurrent and repeated calls stop each service once', async () => {
    const { journal, services } = journaled(['a', 'b']);
    const lifecycle = new Lifecycle(services);
    await lifecycle.start();
    const [first, second] = [lifecycle.stop(), lifecycle.stop()];
    expect(first).toBe(second);
    await Promise.all([first, second]);
    await lifecycle.stop();
    expect(journal).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('stop before start stops nothing, and it cannot start afterwards', async () => {
    const { journal, services } = journaled(['a']);
    const lifecycle = new Lifecycle(services);
    await lifecycle.stop();
    await expect(lifecycle.start()).rejects.toThrow(/stopped/);
    expect(journal).toEqual([]);
  });

  it('a stop asked for while starting waits for the service starting, starts no more, and stops what is up', async () => {
    const { journal, services } = journaled(['a', 'b', 'c']);
    const lifecycle = new Lifecycle(services);
    const starting = lifecycle.start();
    const stopping = lifecycle.stop();
    await Promise.all([starting, stopping]);
    expect(journal).toEqual(['start a', 'stop a']);
  });

  it('a service that fails to stop is reported; the others still stop and the first failure is rethrown', async () => {
    const { journal, services } = journaled(['a', 'b', 'c'], { stop: 'b' });
    const failures: string[] = [];
    const lifecycle = new Lifecycle(services, { onStopFailure: (s, error) => failures.push(`${s.name}: ${(error as Error).message}`) });
    await lifecycle.start();
    await expect(lifecycle.stop()).rejects.toThrow('b cannot stop');
    expect(journal.slice(3)).toEqual(['stop c', 'stop b', 'stop a']);
    expect(failures).toEqual(['b: b cannot stop']);
  });

  it('start twice starts each service once', async () => {
    const { journal, services } = journaled(['a']);
    const lifecycle = new Lifecycle(services);
    await Promise.all([lifecycle.start(), lifecycle.start()]);
    await lifecycle.start();
    expect(journal).toEqual(['start a']);
  });
});
