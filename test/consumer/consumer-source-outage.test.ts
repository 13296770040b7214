import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Chief } from '../../src/agents/chief.js';
import { AsyncQueue } from '../../src/bus/async-queue.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { OperationalError, TransientError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { OpportunityConsumer } from '../../src/consumer/opportunity-consumer.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import { ResilientMarketData } from '../../src/market/resilient-market.js';
import type { MarketData } from '../../src/market/market-port.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import { openStore } from '../../src/store/store.js';
import { DAY } from '../agents/series.js';

/**
 * An exchange's first 503s: the queued discussions' bar reads fail one by one until the market's breaker opens (5
 * failures), and each logged its own 'discussion failed' error before the coalesced circuit-open line.
 */
describe('discussions at the start of a market outage', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function run(fail: () => Error): Promise<{ errors: Array<Record<string, unknown>>; failed: number; reached: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-outage-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'info', clock, destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
    const inner: MarketData = { name: 'ccxt:binance', symbols: () => ['ACME'], bars: async () => { throw fail(); }, price: async () => 1, barMs: () => DAY };
    const market = new ResilientMarketData(inner, clock, { retry: { retries: 0 }, breaker: { failureThreshold: 5 } });
    const queue = new AsyncQueue<Opportunity>({ capacity: 200, overflow: 'wait' });
    const consumer = new OpportunityConsumer({
      clock, logger, queue, agents: [], chief: new Chief(), deadlineMs: 60_000, concurrency: 4, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      act: async () => undefined,
    });
    for (let i = 0; i < 20; i++) {
      const o: Opportunity = { id: `o-${i}`, symbol: 'ACME', source: 'model', direction: 'long', score: 1, price: 1, reason: 't', createdAt: clock.now() };
      store.insertOpportunity(o);
      await queue.put(o);
    }
    consumer.start();
    for (let i = 0; i < 200 && consumer.stats().failed < 20; i++) await new Promise((r) => setImmediate(r));
    await consumer.stop();
    const failed = consumer.stats().failed;
    store.close();
    return { errors: lines.filter((l) => l.level === 'error'), failed, reached: market.stats().failures };
  }

  it('says the outage in one line, with its cause, not a line per discussion until the breaker opens', async () => {
    const { errors, failed } = await run(() => new TransientError('binance GET /api/v3/klines 503 Service Unavailable'));
    expect(failed).toBe(20);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ err: expect.stringContaining('503 Service Unavailable'), msg: expect.stringContaining('discussions failed: the market source') });
  });

  it('still says each failure that is not the source’s outage', async () => {
    const { errors, failed, reached } = await run(() => new OperationalError('binance answered a malformed candle list'));
    expect(failed).toBe(20);
    // Those that reached the source (the breaker opens on them too) are each said; those the open circuit refused, in one line.
    expect(reached).toBeGreaterThanOrEqual(5);
    expect(errors.filter((e) => e.msg === 'discussion failed; the consumer goes on')).toHaveLength(reached);
    expect(errors).toHaveLength(reached + 1);
  });
});
