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
import type { AgentSignal } from '../../src/domain/verdict.js';
import type { MarketData } from '../../src/market/market-port.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { openStore, type Store } from '../../src/store/store.js';
import { DAY, uptrend } from '../agents/series.js';

const bars = uptrend(120);

/**
 * On a full disk the daemon's shutdown failed ("shutdown failed: database or disk is full", exit 1) whenever
 * opportunities were still queued: marking them expired is a write, it threw out of stop(), and the discussions in
 * flight were no longer waited for before the store closed. Measured on a real tmpfs filled to the brim.
 */
describe('the consumer stopping while the store refuses writes', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('waits for its discussions, leaves the queued opportunities queued for the next start, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-stop-'));
    dirs.push(dir);
    const store: Store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const clock = new VirtualClock(bars.at(-1)!.time + DAY);
    const logs: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
    const market: MarketData = { name: 'bars', symbols: () => ['ACME'], bars: async (_s, limit) => bars.slice(-limit), price: async () => bars.at(-1)!.close, barMs: () => DAY };
    // An agent that answers when the test lets it: the first discussion is in flight when stop() is called.
    let answer: (s: AgentSignal) => void = () => undefined;
    const held: Agent = { role: 'analyst', analyze: () => new Promise<AgentSignal>((resolve) => (answer = resolve)) };
    let full = false;
    const refusing = {
      tx: <T>(fn: () => T): T => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        return store.tx(fn);
      },
      setOpportunityStatus: store.setOpportunityStatus.bind(store),
      insertDiscussion: store.insertDiscussion.bind(store),
    };
    const queue = new AsyncQueue<Opportunity>({ capacity: 8, overflow: 'wait' });
    const consumer = new OpportunityConsumer({
      clock, logger, queue, agents: [held], chief: new Chief(), deadlineMs: 60_000, concurrency: 1, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store: refusing, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      act: async () => undefined,
    });
    const opportunities = [1, 2, 3].map((i): Opportunity => ({ id: `o-${i}`, symbol: 'ACME', source: 'model', direction: 'long', score: 1, price: 1, reason: 't', createdAt: clock.now() }));
    for (const o of opportunities) {
      store.insertOpportunity(o);
      await queue.put(o);
    }
    consumer.start();
    for (let i = 0; i < 10 && consumer.inFlight === 0; i++) await Promise.resolve();
    expect(consumer.inFlight).toBe(1);
    full = true;
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    // Still waiting for the discussion in flight.
    expect(stopped).toBe(false);
    answer({ stance: 0, confidence: 0.5, rationale: ['held'], metrics: {} });
    await stopping;
    expect(consumer.inFlight).toBe(0);
    const statuses = store.db.prepare('SELECT id, status FROM opportunities ORDER BY id').all();
    // The discussion in flight finished and was recorded (its own write; only the consumer's are refused here).
    expect(statuses).toEqual([
      { id: 'o-1', status: 'discussed' },
      { id: 'o-2', status: 'queued' },
      { id: 'o-3', status: 'queued' },
    ]);
    expect(logs.find((l) => l.level === 'warn' && String(l.msg).includes('the next start'))).toMatchObject({ queued: 2 });
    // What the next start does with them.
    expect(store.expireQueuedOpportunities()).toBe(2);
    store.close();
  });
});
