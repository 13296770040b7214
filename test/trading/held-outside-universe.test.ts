import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { virtualKernel } from '../helpers/kernel-harness.js';

/**
 * The operator takes a symbol out of the universe while the store holds a position in it. The daemon started, and
 * the position was held with nothing watching it: no price, so no stop, no exit, no flatten, and an error at every
 * position check. Refused at start instead (exit 78), naming the symbol and what to do.
 */
/** A daemon started on `dataDir` with a universe that no longer lists NOVA: its start, and the daemon to stop. */
async function startWithoutNova(dataDir: string) {
  const universe = JSON.stringify([{ symbol: 'HELX', name: 'Helix Biosciences' }, { symbol: 'ORBT', name: 'Orbital Freight' }]);
  const second = await virtualKernel({ CONCLAVE_UNIVERSE: universe }, {}, dataDir);
  return { second, started: second.kernel.start() };
}

describe('a held position whose symbol left the universe', () => {
  it('stops the start with a configuration error naming the symbol', async () => {
    const first = await virtualKernel();
    await first.kernel.start();
    const store = first.kernel.store;
    store.tx(() => {
      // No mark: a made-up one of 100 is not what the simulation priced NOVA at, which the start refuses on its own.
      store.savePosition({ symbol: 'NOVA', qty: 10, avgPrice: 100, openedAt: first.clock.now(), stopPrice: 90, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: null }, first.clock.now());
      store.saveAccount(Object.assign({}, store.account(), { cash: store.account().cash - 1_000 }), first.clock.now());
    });
    await first.kernel.stop();

    const { second, started } = await startWithoutNova(first.dataDir);
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/NOVA.*CONCLAVE_UNIVERSE.*back in the universe/);
    await second.kernel.stop();

    // With the symbol back, it starts and watches the position again.
    const third = await virtualKernel({}, {}, first.dataDir);
    await third.kernel.start();
    expect(third.kernel.store.positions().map((p) => p.symbol)).toEqual(['NOVA']);
    await third.kernel.stop();
  });

  it('stops the start too for an order left in flight for such a symbol', async () => {
    const first = await virtualKernel();
    await first.kernel.start();
    const store = first.kernel.store;
    store.insertOrder({ clientOrderId: 'co-v-left', symbol: 'NOVA', side: 'buy', qty: 10, verdictId: null, status: 'submitted', purpose: 'entry', createdAt: first.clock.now() });
    await first.kernel.stop();

    const { second, started } = await startWithoutNova(first.dataDir);
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/holds orders in flight for (.*, )?NOVA\b.*co-v-left.*no longer lists.*back in the universe until they have settled/);
    await second.kernel.stop();
  });
});
