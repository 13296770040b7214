import { describe, expect, it } from 'vitest';
import { runDiscussion } from '../../src/agents/discussion.js';
import type { Agent, AgentContext } from '../../src/agents/agent-port.js';
import type { AgentSignal } from '../../src/domain/verdict.js';
import { VirtualClock } from '../../src/core/clock.js';
import { fakeAgent, hungAgent, signalOf } from './fakes.js';
import { contextOf, uptrend } from './series.js';
import { ruleAgent } from '../../src/agents/agent-descriptor.js';
import { z } from 'zod';

/** A rule agent (as the built-in ones are made) that notes the signal its rule is given. */
function signalNotingRuleAgent(seen: (AbortSignal | undefined)[]): Agent {
  return ruleAgent({
    role: 'bull',
    options: z.strictObject({}),
    weight: 1,
    brief: 'test',
    rule: (_context, _options, signal) => {
      seen.push(signal);
      signal?.throwIfAborted();
      return signalOf(0.2, 0.5);
    },
  }).create({});
}

const context = contextOf(uptrend(40));

async function settle<T>(clock: VirtualClock, promise: Promise<T>, ms: number): Promise<T> {
  await clock.advance(ms);
  return promise;
}

describe('runDiscussion', () => {
  it('runs every agent in parallel and returns outcomes in the order of the agents, with latency on the clock', async () => {
    const clock = new VirtualClock();
    const agents = [
      fakeAgent('bull', signalOf(0.5, 0.6), clock, 30),
      fakeAgent('bear', signalOf(-0.2, 0.4), clock, 10),
      fakeAgent('analyst', signalOf(0.1, 0.5), clock, 20),
    ];
    const outcomes = await settle(clock, runDiscussion(agents, context, { clock, deadlineMs: 100 }), 100);
    expect(outcomes.map((o) => [o.role, o.status, o.latencyMs])).toEqual([
      ['bull', 'ok', 30],
      ['bear', 'ok', 10],
      ['analyst', 'ok', 20],
    ]);
    expect(outcomes[0]!.signal).toEqual(signalOf(0.5, 0.6));
    expect(clock.pending).toBe(0);
  });

  it('cuts off an agent that ignores the abort at its deadline and cleans up its timers', async () => {
    const clock = new VirtualClock();
    const quick = fakeAgent('bull', signalOf(0.3, 0.5), clock, 5);
    let finished = false;
    const pending = runDiscussion([quick, hungAgent('bear')], context, { clock, deadlineMs: 250 }).then((r) => {
      finished = true;
      return r;
    });
    await clock.advance(249);
    expect(finished).toBe(false);
    await clock.advance(1);
    const outcomes = await pending;
    expect(outcomes[0]).toMatchObject({ role: 'bull', status: 'ok', latencyMs: 5 });
    expect(outcomes[1]).toMatchObject({ role: 'bear', status: 'timeout', latencyMs: 250 });
    expect(outcomes[1]!.error).toContain('250 ms');
    expect(clock.pending).toBe(0);
  });

  it('aborts the signal of a slow agent at the deadline, so a cooperative agent stops', async () => {
    const clock = new VirtualClock();
    const slow = fakeAgent('analyst', signalOf(0, 0.5), clock, 1_000);
    const outcomes = await settle(clock, runDiscussion([slow], context, { clock, deadlineMs: 100 }), 100);
    expect(outcomes[0]!.status).toBe('timeout');
    expect(slow.seen[0]!.aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('aborts every agent signal once the discussion settled', async () => {
    const clock = new VirtualClock();
    const agent = fakeAgent('bull', signalOf(0.1, 0.1), clock, 0);
    await settle(clock, runDiscussion([agent], context, { clock, deadlineMs: 100 }), 0);
    expect(agent.seen[0]!.aborted).toBe(true);
  });

  it('records thrown errors, synchronous or not, as errors with their message', async () => {
    const clock = new VirtualClock();
    const syncThrow: Agent = { role: 'bull', analyze: () => { throw new Error('boom'); } };
    const asyncThrow: Agent = { role: 'bear', analyze: async () => { throw new TypeError('bad input'); } };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an untrusted agent may reject with anything
    const stringThrow: Agent = { role: 'scout', analyze: () => Promise.reject('plain string') };
    const outcomes = await settle(clock, runDiscussion([syncThrow, asyncThrow, stringThrow], context, { clock, deadlineMs: 50 }), 0);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['error', 'boom'],
      ['error', 'bad input'],
      ['error', 'plain string'],
    ]);
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['stance above 1', { ...signalOf(0, 0.5), stance: 1.2 }, 'stance'],
    ['stance NaN', { ...signalOf(0, 0.5), stance: NaN }, 'stance'],
    ['confidence below 0', { ...signalOf(0.2, 0.5), confidence: -0.1 }, 'confidence'],
    ['confidence as a string', { ...signalOf(0.2, 0.5), confidence: '0.5' }, 'confidence'],
    ['missing rationale', { stance: 0.2, confidence: 0.5, metrics: {} }, 'rationale'],
    ['empty rationale', { ...signalOf(0.2, 0.5), rationale: [] }, 'rationale'],
    ['a non-string rationale line', { ...signalOf(0.2, 0.5), rationale: [42] }, 'rationale'],
    ['missing metrics', { stance: 0.2, confidence: 0.5, rationale: ['x'] }, 'metrics'],
    ['an infinite metric', { ...signalOf(0.2, 0.5), metrics: { x: Infinity } }, 'metrics.x'],
    ['a broken risk advice', { ...signalOf(0.2, 0.5), risk: { veto: 'no', fraction: 0.1, stopDistance: 0.02 } }, 'risk.veto'],
    ['a risk fraction above 1', { ...signalOf(0.2, 0.5), risk: { veto: false, fraction: 2, stopDistance: 0.02 } }, 'risk.fraction'],
    ['a zero stop distance', { ...signalOf(0.2, 0.5), risk: { veto: false, fraction: 0.1, stopDistance: 0 } }, 'risk.stopDistance'],
    ['null', null, 'object'],
    ['an array', [], 'object'],
  ])('records %s as invalid', async (_label, answer, reason) => {
    const clock = new VirtualClock();
    const outcomes = await settle(clock, runDiscussion([fakeAgent('bull', answer, clock)], context, { clock, deadlineMs: 50 }), 0);
    expect(outcomes[0]!.status).toBe('invalid');
    expect(outcomes[0]!.error).toContain(reason);
    expect(outcomes[0]!.signal).toBeUndefined();
  });

  it('survives answers and errors that throw when read', async () => {
    const clock = new VirtualClock();
    const trap: Agent = {
      role: 'bull',
      // `then` is read by promise resolution itself; every other read throws.
      analyze: async () =>
        new Proxy({}, { get: (_t, key) => { if (key === 'then') return undefined; throw new Error('gotcha'); } }) as AgentSignal,
    };
    const nasty: Agent = {
      role: 'bear',
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an untrusted agent may reject with anything
      analyze: () => Promise.reject({ toString: () => { throw new Error('no'); } }),
    };
    const outcomes = await settle(clock, runDiscussion([trap, nasty], context, { clock, deadlineMs: 50 }), 0);
    expect(outcomes[0]).toMatchObject({ status: 'invalid', error: 'reading the signal threw: gotcha' });
    expect(outcomes[1]).toMatchObject({ status: 'error', error: 'agent threw an unprintable error' });
  });

  it('records a copy of the signal, so the agent cannot change it afterwards', async () => {
    const clock = new VirtualClock();
    const answer = signalOf(0.4, 0.7);
    const outcomes = await settle(clock, runDiscussion([fakeAgent('bull', answer, clock)], context, { clock, deadlineMs: 50 }), 0);
    answer.rationale.push('changed later');
    answer.stance = -1;
    expect(outcomes[0]!.signal).toEqual(signalOf(0.4, 0.7));
  });

  it('hands agents a deeply frozen copy of the context, leaving the caller\'s context untouched', async () => {
    const clock = new VirtualClock();
    const callerContext: AgentContext = contextOf(uptrend(30));
    const vandal: Agent = {
      role: 'bull',
      async analyze(ctx) {
        (ctx.bars as unknown as unknown[]).push({});
        return signalOf(0, 0);
      },
    };
    const vandal2: Agent = {
      role: 'bear',
      async analyze(ctx) {
        (ctx.bars[0] as { close: number }).close = 1;
        return signalOf(0, 0);
      },
    };
    let seen: AgentContext | undefined;
    const reader: Agent = {
      role: 'analyst',
      async analyze(ctx) {
        seen = ctx;
        return signalOf(0, 0.1);
      },
    };
    const outcomes = await settle(clock, runDiscussion([vandal, vandal2, reader], callerContext, { clock, deadlineMs: 50 }), 0);
    expect(outcomes.map((o) => o.status)).toEqual(['error', 'error', 'ok']);
    expect(Object.isFrozen(seen!.bars[0])).toBe(true);
    expect(Object.isFrozen(seen!.opportunity)).toBe(true);
    expect(seen!.bars).toHaveLength(30);
    expect(seen!.bars[0]!.close).toBe(callerContext.bars[0]!.close);
    expect(Object.isFrozen(callerContext.bars)).toBe(false);
  });

  it('cuts every agent off when the outer signal aborts, even agents that ignore it', async () => {
    const clock = new VirtualClock();
    const outer = new AbortController();
    const cooperative = fakeAgent('bull', signalOf(0.1, 0.5), clock, 1_000);
    const pending = runDiscussion([cooperative, hungAgent('bear')], context, { clock, deadlineMs: 5_000, signal: outer.signal });
    await clock.advance(40);
    outer.abort(new Error('shutting down'));
    const outcomes = await pending;
    expect(outcomes.map((o) => [o.status, o.latencyMs])).toEqual([
      ['error', 40],
      ['error', 40],
    ]);
    expect(outcomes[1]!.error).toContain('shutting down');
    expect(cooperative.seen[0]!.aborted).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('does not start agents when the outer signal is already aborted', async () => {
    const clock = new VirtualClock();
    const outer = new AbortController();
    outer.abort();
    const agent = fakeAgent('bull', signalOf(0.1, 0.5), clock);
    const outcomes = await runDiscussion([agent], context, { clock, deadlineMs: 50, signal: outer.signal });
    expect(outcomes[0]!.status).toBe('error');
    expect(agent.seen).toHaveLength(0);
  });

  it('gives the agents the signal of a controller it is handed, and aborts it once settled', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const agent = fakeAgent('bull', signalOf(0.1, 0.1), clock, 0);
    await settle(clock, runDiscussion([agent], context, { clock, deadlineMs: 100, controller }), 0);
    expect(agent.seen[0]).toBe(controller.signal);
    expect(controller.signal.aborted).toBe(true);
  });

  it("gives a panel of rule agents the caller's signal instead of a signal of its own (their rule is over when their answer is)", async () => {
    const clock = new VirtualClock();
    const seen: (AbortSignal | undefined)[] = [];
    const outer = new AbortController();
    const outcomes = await settle(clock, runDiscussion([signalNotingRuleAgent(seen), signalNotingRuleAgent(seen)], context, { clock, deadlineMs: 100, signal: outer.signal }), 0);
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
    expect(seen).toEqual([outer.signal, outer.signal]);
    expect(outer.signal.aborted).toBe(false);
    expect(clock.pending).toBe(0);
    // Without a caller's signal, one that nothing aborts.
    await settle(clock, runDiscussion([signalNotingRuleAgent(seen)], context, { clock, deadlineMs: 100 }), 0);
    expect(seen[2]!.aborted).toBe(false);
  });

  it('tells rule agents of an abort by the caller as it told them through its own signal', async () => {
    const clock = new VirtualClock();
    const seen: (AbortSignal | undefined)[] = [];
    const outer = new AbortController();
    const pending = runDiscussion([signalNotingRuleAgent(seen)], context, { clock, deadlineMs: 100, signal: outer.signal });
    // Aborted after the discussion started, before the agent ran.
    outer.abort(new Error('shutting down'));
    const outcomes = await pending;
    expect(outcomes[0]).toMatchObject({ role: 'bull', status: 'error', error: 'aborted: shutting down' });
    expect(clock.pending).toBe(0);
  });

  it('gives every agent its own signal, aborted once settled, when the panel holds any agent that is not a rule agent', async () => {
    const clock = new VirtualClock();
    const seen: (AbortSignal | undefined)[] = [];
    const outer = new AbortController();
    const other = fakeAgent('bear', signalOf(-0.1, 0.1), clock, 0);
    await settle(clock, runDiscussion([signalNotingRuleAgent(seen), other], context, { clock, deadlineMs: 100, signal: outer.signal }), 0);
    expect(seen[0]).toBe(other.seen[0]);
    expect(seen[0]).not.toBe(outer.signal);
    expect(seen[0]!.aborted).toBe(true);
  });

  it('does not start agents when the controller it is handed is already aborted', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    controller.abort(new Error('bars timed out'));
    const agent = fakeAgent('bull', signalOf(0.1, 0.5), clock);
    const outcomes = await runDiscussion([agent], context, { clock, deadlineMs: 50, controller });
    expect(outcomes[0]).toMatchObject({ status: 'error', error: 'aborted before start: bars timed out' });
    expect(agent.seen).toHaveLength(0);
  });

  it('rejects a negative or non-finite deadline', async () => {
    const clock = new VirtualClock();
    await expect(runDiscussion([], context, { clock, deadlineMs: -1 })).rejects.toThrow('deadlineMs');
    await expect(runDiscussion([], context, { clock, deadlineMs: NaN })).rejects.toThrow('deadlineMs');
  });

  it('a late answer after the deadline does not change the recorded timeout', async () => {
    const clock = new VirtualClock();
    let release: (s: AgentSignal) => void = () => {};
    const late: Agent = { role: 'scout', analyze: () => new Promise<AgentSignal>((resolve) => (release = resolve)) };
    const outcomes = await settle(clock, runDiscussion([late], context, { clock, deadlineMs: 10 }), 10);
    release(signalOf(1, 1));
    await clock.advance(1);
    expect(outcomes[0]!.status).toBe('timeout');
  });
});
