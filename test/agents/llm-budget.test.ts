import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmAgent } from '../../src/agents/llm-agent.js';
import { LlmBudget } from '../../src/agents/llm-budget.js';
import { Semaphore } from '../../src/agents/semaphore.js';
import { VirtualClock } from '../../src/core/clock.js';
import { openStore } from '../../src/store/store.js';
import { llmSpendIn } from '../../src/store/llm-spend.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { contextOf, uptrend } from './series.js';

const ANSWER = JSON.stringify({ choices: [{ message: { content: JSON.stringify({ stance: 0.3, confidence: 0.5, rationale: ['up'] }) } }] });
let server: LoopbackServer;
let requests = 0;

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    req.resume();
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
  });
});
afterAll(() => server.close());

const context = contextOf(uptrend(150));
const DAY = 86_400_000;

function panel(budget: LlmBudget, clock: VirtualClock) {
  const limiter = new Semaphore(2);
  return ['bull', 'bear'].map((role) => new LlmAgent({ role, url: server.url, model: 'm', clock, timeoutMs: 10_000, limiter, budget }));
}

describe('the LLM request budget', () => {
  it('stops asking once the roles together spent the day’s requests, says so once, and asks again the next UTC day', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 3, 1, 9));
    const warnings: string[] = [];
    const budget = new LlmBudget({ clock, perDay: 3, logger: { warn: (_o: unknown, msg: string) => void warnings.push(msg) } as never });
    const [bull, bear] = panel(budget, clock);
    const before = requests;
    const signal = new AbortController().signal;
    await bull!.analyze(context, signal);
    await bear!.analyze(context, signal);
    await bull!.analyze(context, signal);
    await expect(bear!.analyze(context, signal)).rejects.toThrow(/^bear LLM \(m\): not asked, the LLM budget of 3 requests a day \(llmMaxRequestsPerDay\) is spent until 00:00 UTC/);
    await expect(bull!.analyze(context, signal)).rejects.toThrow(/not asked/);
    expect(requests - before).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/raise llmMaxRequestsPerDay/);
    expect(budget.stats()).toEqual({ day: '2026-04-01', requests: 3, perDay: 3, refused: 2 });
    await clock.advance(15 * 3_600_000);
    await bull!.analyze(context, signal);
    expect(requests - before).toBe(4);
    expect(budget.stats()).toEqual({ day: '2026-04-02', requests: 1, perDay: 3, refused: 0 });
  });

  it('keeps the day’s count across a restart in the store, and starts over on a new day', async () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'conclave-llm-budget-')), 'conclave-paper.db'));
    const clock = new VirtualClock(Date.UTC(2026, 3, 1, 9));
    const signal = new AbortController().signal;
    const first = new LlmBudget({ clock, perDay: 2, saved: llmSpendIn(store) });
    await panel(first, clock)[0]!.analyze(context, signal);
    await panel(first, clock)[0]!.analyze(context, signal);
    // The daemon restarts the same day: the budget read back is spent.
    const before = requests;
    const restarted = new LlmBudget({ clock, perDay: 2, saved: llmSpendIn(store) });
    await expect(panel(restarted, clock)[0]!.analyze(context, signal)).rejects.toThrow(/budget of 2 requests a day/);
    expect(requests).toBe(before);
    await clock.advance(DAY);
    const nextDay = new LlmBudget({ clock, perDay: 2, saved: llmSpendIn(store) });
    expect(nextDay.stats()).toMatchObject({ day: '2026-04-02', requests: 0 });
    await panel(nextDay, clock)[0]!.analyze(context, signal);
    expect(requests).toBe(before + 1);
    store.close();
  });

  it('does not spend the budget on requests that never left: the endpoint refused the connection', async () => {
    const down = await startLoopback((_req, res) => void res.end());
    await down.close();
    const clock = new VirtualClock(Date.UTC(2026, 3, 1, 9));
    const budget = new LlmBudget({ clock, perDay: 2 });
    const limiter = new Semaphore(2);
    const agent = (url: string) => new LlmAgent({ role: 'bull', url, model: 'm', clock, timeoutMs: 10_000, limiter, budget });
    const signal = new AbortController().signal;
    // The endpoint is down all morning: every discussion's request fails to connect.
    for (let i = 0; i < 5; i++) await expect(agent(down.url).analyze(context, signal)).rejects.toThrow(/ECONNREFUSED|nothing listens there/);
    expect(budget.stats()).toEqual({ day: '2026-04-01', requests: 0, perDay: 2, refused: 0 });
    // Back up: the day's two requests are still there to be made.
    const before = requests;
    await agent(server.url).analyze(context, signal);
    await agent(server.url).analyze(context, signal);
    await expect(agent(server.url).analyze(context, signal)).rejects.toThrow(/not asked, the LLM budget of 2/);
    expect(requests - before).toBe(2);
    expect(budget.stats()).toMatchObject({ requests: 2, refused: 1 });
  });

  it('keeps a request that failed on its way spent: the provider may have had it', async () => {
    const dropping = await startLoopback((req) => void req.socket.destroy());
    try {
      const clock = new VirtualClock(Date.UTC(2026, 3, 1, 9));
      const budget = new LlmBudget({ clock, perDay: 2 });
      const bull = new LlmAgent({ role: 'bull', url: dropping.url, model: 'm', clock, timeoutMs: 10_000, budget });
      await expect(bull.analyze(context, new AbortController().signal)).rejects.toThrow(/bull LLM/);
      expect(dropping.requests).toHaveLength(1);
      expect(budget.stats()).toMatchObject({ requests: 1 });
    } finally {
      await dropping.close();
    }
  });

  it('gives a request back to the day it was taken on only', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 3, 1, 23, 59, 59));
    const budget = new LlmBudget({ clock, perDay: 2 });
    expect(budget.take()).toBeNull();
    const day = budget.stats().day;
    await clock.advance(2_000);
    expect(budget.take()).toBeNull();
    budget.giveBack(day);
    expect(budget.stats()).toMatchObject({ day: '2026-04-02', requests: 1 });
  });

  it('counts without refusing when the budget is 0 (no limit)', () => {
    const budget = new LlmBudget({ clock: new VirtualClock(Date.UTC(2026, 3, 1)), perDay: 0 });
    for (let i = 0; i < 5; i++) expect(budget.take()).toBeNull();
    expect(budget.stats()).toMatchObject({ requests: 5, refused: 0 });
  });
});

describe('the daemon’s LLM budget', () => {
  it('holds across its LLM roles, shows in the health line, and is kept in the store', async () => {
    const { virtualKernel, runAnswered } = await import('../helpers/kernel-harness.js');
    const before = requests;
    const { kernel, clock, logs } = await virtualKernel({
      CONCLAVE_LLM_ROLES: '["scout","analyst"]', CONCLAVE_LLM_URL: server.url, CONCLAVE_LLM_MODEL: 'm', CONCLAVE_LLM_MAX_REQUESTS_PER_DAY: '4',
      CONCLAVE_HEALTH_INTERVAL_MS: '60000',
    });
    await kernel.start();
    // The clock stands still while a request is in flight (the agent tells the clock it waits on the outside): on the
    // live clock, a deadline of seconds does not pass in the moment a request takes to leave.
    await runAnswered(clock, 30 * 60_000);
    const health = logs.filter((l) => l.msg === 'health').at(-1)!;
    expect(health.llm).toMatchObject({ requests: 4, perDay: 4 });
    expect((health.llm as { refused: number }).refused).toBeGreaterThan(0);
    // Exactly the budget reaches the server. Stepped a minute at a time regardless of the requests in flight, an agent's
    // deadline could pass on the virtual clock before a busy machine had sent its request (2 or 3 of the 4 arrived).
    expect(requests - before).toBe(4);
    expect(logs.filter((l) => String(l.msg).startsWith('the LLM budget of 4 requests a day'))).toHaveLength(1);
    expect(kernel.store.db.prepare(`SELECT value FROM store_meta WHERE key = 'llm_requests'`).pluck().get()).toMatch(/^\d{4}-\d{2}-\d{2} 4$/);
    await kernel.stop();
  });
});
