import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { FlattenEvent } from '../../src/domain/events.js';
import { Flattener } from '../../src/trading/flatten.js';

const logger = createLogger({ level: 'silent', clock: new VirtualClock(0) });

describe('a flatten waiting for positions it cannot sell yet', () => {
  it('names each symbol once per flatten: a market halted after the first notice is named too', async () => {
    const held = ['BTC/USDT', 'ETH/USDT'];
    const halted = new Set(['BTC/USDT']);
    const events: FlattenEvent[] = [];
    const flattener = new Flattener({
      logger,
      store: { positions: () => held.map((symbol) => ({ symbol })) as never },
      trader: { exit: async () => undefined, pendingOrders: () => [], saleHalted: (symbol: string) => halted.has(symbol) },
      killSwitch: { flattened: () => undefined },
      onFlatten: (event) => void events.push(event),
    });
    await flattener.step('operator');
    await flattener.step('operator');
    expect(events.map((e) => e.waitingFor)).toEqual([['BTC/USDT: the exchange lists its market as not trading; sold once it trades again']]);
    halted.add('ETH/USDT');
    await flattener.step('operator');
    await flattener.step('operator');
    expect(events).toHaveLength(2);
    expect(events[1]!.waitingFor.map((w) => w.split(': ')[0])).toEqual(['BTC/USDT', 'ETH/USDT']);
    // A source down names a symbol not told yet; one already told is not told again.
    flattener.cannotSellYet('operator', ['ETH/USDT: timeout', 'SOL/USDT: timeout']);
    flattener.cannotSellYet('operator', ['SOL/USDT: timeout']);
    expect(events).toHaveLength(3);
    // A new flatten tells again.
    flattener.idle();
    await flattener.step('operator');
    expect(events).toHaveLength(4);
  });
});
