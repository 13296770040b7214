import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent-port.js';
import { Chief } from '../../src/agents/chief.js';
import { AsyncQueue } from '../../src/bus/async-queue.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { TurningClock } from '../helpers/turning-clock.js';
import { createLogger } from '../../src/core/logger.js';
import { OpportunityConsumer } from '../../src/consumer/opportunity-consumer.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import type { MarketData } from '../../src/market/market-port.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { openStore } from '../../src/store/store.js';
import { DAY, uptrend } from '../agents/series.js';
import { turnsDuring } from '../helpers/turns.js';

const bars = uptrend(120);

/**
 * Bars in memory and rule agents answer as microtasks: a backlog of opportunities was discussed in one task, the event
 * loop held for all of them (about a second with a 3,000-symbol universe), while the HTTP server, the WebSocket and the
 * loops' timers waited.
 */
describe('the consumer working through a backlog', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives the event loop a turn every few milliseconds, and discusses every opportunity once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-turns-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const clock = new TurningClock(bars.at(-1)!.time + DAY);
    const logger = createLogger({ level: 'warn', clock, destination: { write: () => undefined } });
    const market: MarketData = { name: 'bars', symbols: () => ['ACME'], bars: async (_s, limit) => bars.slice(-limit), price: async () => bars.at(-1)!.close, barMs: () => DAY };
    // A rule agent that works 0.5 ms of real time, synchronously, as the built-in ones do.
    const busy: Agent = {
      role: 'analyst',
      analyze: async () => {
        const until = performance.now() + 0.5;
        while (performance.now() < until);
        return { stance: 0.1, confidence: 0.5, rationale: ['busy'], metrics: {} };
      },
    };
    const queue = new AsyncQueue<Opportunity>({ capacity: 200, overflow: 'wait' });
    const acted: string[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    const consumer = new OpportunityConsumer({
      clock, logger, queue, agents: [busy], chief: new Chief(), deadlineMs: 60_000, concurrency: 4, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      act: async (event) => {
        acted.push(event.opportunity.id);
        if (acted.length === 100) done();
      },
    });
    for (let i = 0; i < 100; i++) {
      const o: Opportunity = { id: `o-${i}`, symbol: 'ACME', source: 'model', direction: 'long', score: 1, price: 1, reason: 't', createdAt: clock.now() };
      store.insertOpportunity(o);
      await queue.put(o);
    }
    // 100 discussions of at least 0.5 ms each: 50 ms or more of work, in turns of about 2 ms.
    const { turns } = await turnsDuring(async () => {
      consumer.start();
      await all;
    });
    await consumer.stop();
    expect(new Set(acted).size).toBe(100);
    expect(turns).toBeGreaterThanOrEqual(10);
    store.close();
  });
});
