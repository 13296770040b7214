import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent-port.js';
import { Chief } from '../../src/agents/chief.js';
import { AsyncQueue } from '../../src/bus/async-queue.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { OpportunityConsumer } from '../../src/consumer/opportunity-consumer.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import type { MarketData } from '../../src/market/market-port.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { staleLoops } from '../../src/health/staleness.js';
import { openStore } from '../../src/store/store.js';
import { DAY, uptrend } from '../agents/series.js';
import { SteppingClock } from '../helpers/stepping-clock.js';

const bars = uptrend(120);

describe('the consumer when the wall clock steps back', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is judged stale when its work stops moving after the step, not only once the clock has caught up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-step-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const clock = new SteppingClock(new VirtualClock(bars.at(-1)!.time + DAY));
    const logger = createLogger({ level: 'silent', clock });
    const market: MarketData = { name: 'bars', symbols: () => ['ACME'], bars: async (_s, limit) => bars.slice(-limit), price: async () => bars.at(-1)!.close, barMs: () => DAY };
    const agent: Agent = { role: 'analyst', analyze: async () => ({ stance: 0, confidence: 0.5, rationale: ['flat'], metrics: {} }) };
    const queue = new AsyncQueue<Opportunity>({ capacity: 8, overflow: 'wait' });
    let acted = 0;
    const consumer = new OpportunityConsumer({
      clock, logger, queue, agents: [agent], chief: new Chief(), deadlineMs: 60_000, concurrency: 1, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      // The first verdict is acted on; acting on the second hangs (a broker that never answers): the consumer is stuck.
      act: () => (++acted === 1 ? Promise.resolve() : new Promise<void>(() => undefined)),
    });
    const opportunities = [1, 2, 3].map((i): Opportunity => ({ id: `o-${i}`, symbol: 'ACME', source: 'model', direction: 'long', score: 1, price: 1, reason: 't', createdAt: clock.now() }));
    for (const o of opportunities) store.insertOpportunity(o);
    consumer.start();
    await queue.put(opportunities[0]!);
    await clock.advance(1_000);
    clock.step(-3_600_000);
    await queue.put(opportunities[1]!);
    await queue.put(opportunities[2]!);
    await clock.advance(1_000);
    expect(acted).toBe(2);
    expect(staleLoops({ consumer: consumer.loopStats() }, clock.now())).toEqual([]);
    await clock.advance(10 * 60_000);
    expect(staleLoops({ consumer: consumer.loopStats() }, clock.now())).toEqual(['consumer']);
    consumer.abort();
    store.close();
  });
});
