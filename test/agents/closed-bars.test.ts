import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentContext } from '../../src/agents/agent-port.js';
import { Chief } from '../../src/agents/chief.js';
import { closedBars, inferBarLength } from '../../src/agents/closed-bars.js';
import { nthSmallest } from '../../src/core/nth-smallest.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { userPrompt } from '../../src/agents/llm-prompt.js';
import { AsyncQueue } from '../../src/bus/async-queue.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { OpportunityConsumer } from '../../src/consumer/opportunity-consumer.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { NewsBook } from '../../src/scanners/news-book.js';
import type { Opportunity } from '../../src/domain/opportunity.js';
import { openStore } from '../../src/store/store.js';
import { contextOf, DAY, uptrend } from './series.js';

const bars = uptrend(120);

describe('closedBars', () => {
  it('shows a bar only once its open time plus its length has passed', () => {
    const t = bars[10]!.time;
    expect(closedBars(bars.slice(0, 11), t + DAY, DAY)).toHaveLength(11);
    expect(closedBars(bars.slice(0, 11), t + DAY - 1, DAY)).toHaveLength(10);
    expect(closedBars(bars.slice(0, 11), t, DAY)).toHaveLength(10); // opened at now: still forming
  });

  it('infers the bar length from the typical spacing when none is given', () => {
    // Weekdays only: the weekend steps of 3 days do not move the median off one day.
    const weekdays = bars.filter((b) => ![0, 6].includes(new Date(b.time).getUTCDay()));
    const last = weekdays.at(-1)!.time;
    expect(inferBarLength(weekdays, last)).toBe(DAY);
    expect(closedBars(weekdays, last + DAY / 2)).toEqual(weekdays.slice(0, -1));
    expect(closedBars(weekdays, last + DAY)).toEqual(weekdays);
    // Bars opened after now do not count towards the spacing.
    expect(inferBarLength([...weekdays.slice(0, 3), { ...weekdays[3]!, time: last + 10 * DAY }], weekdays[2]!.time)).toBe(DAY);
    expect(inferBarLength(weekdays.slice(0, 1), last)).toBe(0);
  });
});

describe('a bar still open at now never reaches an agent', () => {
  const k = 100;
  /** Now is half-way through bar k+1: bar k+1 is passed in, but it is still forming. */
  const withOpenBar = (scale: number, barMs?: number): AgentContext => {
    const honest = contextOf(bars, { k });
    const open = { ...bars[k + 1]!, high: bars[k + 1]!.high * scale, close: bars[k + 1]!.close * scale, volume: bars[k + 1]!.volume * scale };
    const context: AgentContext = { ...honest, now: honest.now + DAY / 2, bars: [...bars.slice(0, k + 1), open] };
    return barMs === undefined ? context : { ...context, barMs };
  };

  it.each([[DAY], [undefined]])('agents answer the same whatever the forming bar holds (barMs %s)', async (barMs) => {
    const signal = new AbortController().signal;
    const answer = (c: AgentContext) => Promise.all(createDefaultAgents().map((a) => a.analyze(c, signal)));
    const calm = await answer(withOpenBar(1, barMs));
    const wild = await answer(withOpenBar(3, barMs));
    expect(wild).toEqual(calm);
    expect(calm.some((s) => s.rationale.some((l) => l.includes('1 bar(s) still open or after now ignored')))).toBe(true);
    const prompt = JSON.parse(userPrompt(withOpenBar(3, barMs), 500)) as { barsOldestFirst: { rows: unknown[] } };
    expect(prompt.barsOldestFirst.rows).toHaveLength(k + 1);
  });
});

describe('the consumer passes only closed bars, with the market bar length', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([[true], [false]])('a market that includes the forming bar (knows its bar length: %s)', async (knowsLength) => {
    const k = 100;
    const clock = new VirtualClock(bars[k + 1]!.time + DAY / 3);
    const market: MarketData = {
      name: 'forming',
      symbols: () => ['ACME'],
      // Like an exchange: the bar that opened before now is returned too, though it has not closed.
      bars: async (_s, limit) => bars.slice(0, k + 2).slice(-limit),
      price: async () => bars[k + 1]!.close,
      ...(knowsLength ? { barMs: () => DAY } : {}),
    };
    const seen: AgentContext[] = [];
    const spy: Agent = {
      role: 'analyst',
      analyze: async (context) => {
        seen.push(context);
        return { stance: 0, confidence: 0.5, rationale: ['spy'], metrics: {} };
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'conclave-closed-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const opportunity: Opportunity = { id: 'o-1', symbol: 'ACME', source: 'model', direction: 'long', score: 0.5, price: 1, reason: 't', createdAt: clock.now() };
    store.insertOpportunity(opportunity);
    const consumer = new OpportunityConsumer({
      clock, logger: createLogger({ level: 'silent', clock }), queue: new AsyncQueue<Opportunity>({ capacity: 4, overflow: 'wait' }),
      agents: [spy], chief: new Chief(), deadlineMs: 1000, concurrency: 1, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      act: async () => undefined,
    });
    await consumer.discuss(opportunity);
    store.db.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.bars.at(-1)!.time).toBe(bars[k]!.time);
    expect(seen[0]!.bars.every((b: Bar) => b.time + DAY <= clock.now())).toBe(true);
    expect(seen[0]!.barMs).toBe(knowsLength ? DAY : undefined);
  });
});

describe('the consumer and an opportunity that waited past its bar', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('expires it, unjudged, when a newer bar of its symbol has closed; discusses one whose bar is still the newest', async () => {
    const k = 100;
    // Two bars after the one scored have closed by the time the queue hands it over (a backlog).
    const clock = new VirtualClock(bars[k]!.time + DAY);
    const market: MarketData = { name: 'tape', symbols: () => ['ACME'], bars: async (_s, limit) => bars.slice(0, k + 1).slice(-limit), price: async () => bars[k]!.close, barMs: () => DAY };
    let judged = 0;
    const spy: Agent = { role: 'analyst', analyze: async () => (judged++, { stance: 0, confidence: 0.5, rationale: ['spy'], metrics: {} }) };
    const dir = mkdtempSync(join(tmpdir(), 'conclave-expired-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    store.ensureAccount(10_000, 0, '1970-01-01');
    const warnings: string[] = [];
    const consumer = new OpportunityConsumer({
      clock, logger: createLogger({ level: 'warn', clock, destination: { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) } }),
      queue: new AsyncQueue<Opportunity>({ capacity: 4, overflow: 'wait' }),
      agents: [spy], chief: new Chief(), deadlineMs: 1000, concurrency: 1, market, book: new NewsBook(10, DAY), contextBars: 500,
      bus: new EventBus(() => undefined), store, portfolio: () => ({ cash: 10_000, equity: 10_000, openPositions: 0 }), position: () => null,
      act: async () => undefined,
    });
    const scored = (id: string, bar: number): Opportunity => ({ id, symbol: 'ACME', source: 'model', direction: 'long', score: 0.5, price: 1, reason: 't', createdAt: clock.now(), barTime: bars[bar]!.time });
    const old = scored('o-old', k - 2);
    const fresh = scored('o-fresh', k);
    store.insertOpportunity(old);
    store.insertOpportunity(fresh);
    expect(await consumer.discuss(old)).toBeNull();
    expect(await consumer.discuss(fresh)).not.toBeNull();
    const statuses = store.db.prepare('SELECT id, status FROM opportunities ORDER BY id').all();
    store.db.close();
    expect(judged).toBe(1);
    expect(statuses).toEqual([{ id: 'o-fresh', status: 'discussed' }, { id: 'o-old', status: 'expired' }]);
    expect(warnings).toEqual(['opportunities expired in the queue: a newer bar of their symbol closed before their discussion, and is scanned afresh (the consumer does not keep up: raise consumerConcurrency or narrow the universe; said again at most once a minute)']);
  });
});

describe('nthSmallest', () => {
  it('gives what sorting and indexing give, on random and repetitive data', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const values = Float64Array.from({ length: n }, () => (trial % 2 === 0 ? Math.floor(random() * 5) * 86_400_000 : (random() - 0.3) * 1e6));
      const sorted = values.slice().sort();
      const k = Math.floor(random() * n);
      expect(nthSmallest(values.slice(), k)).toBe(sorted[k]);
    }
  });
});
