import { describe, expect, it } from 'vitest';
import { Chief, DEFAULT_CHIEF_OPTIONS } from '../../src/agents/chief.js';
import { AGENT_ROLES } from '../../src/agents/registry.js';
import type { AgentOutcome } from '../../src/domain/verdict.js';
import { ConfigError } from '../../src/core/errors.js';
import { failed, ok, SAFE } from './fakes.js';
import { contextOf, uptrend } from './series.js';

const context = contextOf(uptrend(60));
const price = context.opportunity.price;
const chief = new Chief();

/** Equal weights make the arithmetic in these tables easy to check by hand. */
const flat = new Chief({ weights: { bull: 1, bear: 1, analyst: 1, scout: 1, riskDoctor: 1 } });

describe('Chief.decide', () => {
  it.each([
    ['all five agree bullish', 'BUY', 'buy', [ok('bull', 0.8, 0.8), ok('bear', 0.2, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0.4, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)]],
    ['all five agree bearish, nothing held', 'HOLD', 'longNotBacked', [ok('bull', -0.8, 0.8), ok('bear', -0.9, 0.8), ok('analyst', -0.6, 0.7), ok('scout', -0.2, 0.3), ok('riskDoctor', -0.5, 0.8, SAFE)]],
    ['mixed and weak', 'HOLD', 'longNotBacked', [ok('bull', 0.2, 0.4), ok('bear', -0.2, 0.4), ok('analyst', 0.05, 0.4), ok('scout', 0, 0.05), ok('riskDoctor', 0.1, 0.8, SAFE)]],
    ['only two answered', 'HOLD', 'quorum', [ok('bull', 0.9, 0.9), ok('analyst', 0.9, 0.9), failed('bear'), failed('scout', 'timeout'), failed('riskDoctor', 'invalid')]],
    ['three answered, bullish', 'BUY', 'buy', [ok('bull', 0.9, 0.9), ok('analyst', 0.8, 0.9), ok('riskDoctor', 0.2, 0.8, SAFE), failed('bear', 'timeout'), failed('scout')]],
    ['confident conflict', 'HOLD', 'conflict', [ok('bull', 0.9, 0.8), ok('bear', -0.8, 0.7), ok('analyst', 0.7, 0.7), ok('scout', 0.5, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)]],
    ['bullish but vetoed', 'HOLD', 'riskVeto', [ok('bull', 0.9, 0.9), ok('bear', 0, 0.3), ok('analyst', 0.8, 0.8), ok('scout', 0.5, 0.5), ok('riskDoctor', -0.3, 0.8, { ...SAFE, veto: true })]],
    ['bearish and vetoed, nothing held', 'HOLD', 'longNotBacked', [ok('bull', -0.9, 0.9), ok('bear', -0.9, 0.9), ok('analyst', -0.8, 0.8), ok('scout', 0, 0.1), ok('riskDoctor', -1, 0.8, { ...SAFE, veto: true })]],
    ['bullish, risk doctor abstained', 'HOLD', 'noRiskAdvice', [ok('bull', 0.9, 0.9), ok('bear', 0.1, 0.5), ok('analyst', 0.8, 0.8), ok('scout', 0.5, 0.5), failed('riskDoctor', 'timeout')]],
    ['bullish, risk doctor advises no exposure', 'HOLD', 'noExposure', [ok('bull', 0.9, 0.9), ok('bear', 0.1, 0.5), ok('analyst', 0.8, 0.8), ok('scout', 0.5, 0.5), ok('riskDoctor', 0.2, 0.8, { ...SAFE, fraction: 0 })]],
  ] as [string, string, string, AgentOutcome[]][])('%s → %s (rule %s)', (_label, action, rule, outcomes) => {
    const verdict = chief.decide(outcomes, context);
    expect(verdict.action).toBe(action);
    // The rule that decided, as the backtest's decision tally and the metrics count it.
    expect(verdict.rule).toBe(rule);
  });

  it('computes score = Σ w·c·s / Σ w·c so confidence weighs a stance without shrinking the score', () => {
    // Unanimous but unsure: the score stays at the shared stance; conviction carries the doubt.
    const unsure = [ok('bull', 0.6, 0.2), ok('bear', 0.6, 0.2), ok('analyst', 0.6, 0.2), ok('scout', 0.6, 0.2), ok('riskDoctor', 0.6, 0.2, SAFE)];
    const v = flat.decide(unsure, context);
    expect(v.score).toBeCloseTo(0.6, 12);
    expect(v.conviction).toBeCloseTo(0.6 * 0.2, 12);
    // A confident voice outweighs an unsure one: (1·0.9·0.5 + 1·0.1·(−1)) / (0.9 + 0.1) = 0.35.
    const weighed = flat.decide([ok('bull', 0.5, 0.9), ok('bear', -1, 0.1), ok('analyst', 0, 0), ok('scout', 0, 0), ok('riskDoctor', 0, 0, SAFE)], context);
    expect(weighed.score).toBeCloseTo(0.35, 12);
  });

  it('applies per-role weights', () => {
    const outcomes = [ok('bull', 1, 0.5), ok('bear', -1, 0.5), ok('analyst', 0, 0.5), ok('scout', 0, 0.5), ok('riskDoctor', 0, 0.5, SAFE)];
    const weighted = new Chief({ weights: { bull: 3, bear: 1, analyst: 1, scout: 1, riskDoctor: 1 } }).decide(outcomes, context);
    // (3·0.5 − 1·0.5) / (0.5 · 7) = 1 / 3.5
    expect(weighted.score).toBeCloseTo(1 / 3.5, 12);
    const silenced = new Chief({ weights: { bull: 1, bear: 0, analyst: 1, scout: 1, riskDoctor: 1 } }).decide(outcomes, context);
    expect(silenced.score).toBeCloseTo(0.5 / 2, 12);
  });

  it('sizes, stops and targets a BUY from the risk doctor\'s advice', () => {
    const outcomes = [ok('bull', 0.8, 0.8), ok('bear', 0.2, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0.4, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)];
    const v = chief.decide(outcomes, context);
    expect(v.action).toBe('BUY');
    // The doctor's fraction caps the position; conviction no longer shrinks it (the trader sizes by risk over the stop).
    expect(v.sizeFraction).toBeCloseTo(Math.min(DEFAULT_CHIEF_OPTIONS.maxSizeFraction, SAFE.fraction), 12);
    expect(v.stop).toBeCloseTo(price * (1 - SAFE.stopDistance), 9);
    // The default (chief.takeProfit off) sets no target; with it on, the target is rewardRisk × the stop distance.
    expect(v.target).toBeUndefined();
    expect(new Chief({ takeProfit: true }).decide(outcomes, context).target).toBeCloseTo(price * (1 + SAFE.stopDistance * DEFAULT_CHIEF_OPTIONS.rewardRisk), 9);
    expect(v.reasons[0]).toMatch(/^BUY: score \+0\.\d\d >= 0\.25/);
    expect(v.reasons.join('\n')).toMatch(/for: bull .*analyst/);
    expect(v.reasons.join('\n')).toContain('size cap = min(cap 0.25');
    expect(v.reasons[1]).toMatch(/^hypothesis ACME long .*: accepted \(panel support \+0\.\d\d\)$/);
    expect(v.hypothesis).toMatchObject({ question: 'enter', direction: 'long', accepted: true });
  });

  it('writes the stop of a price under 1 to four significant digits, not four decimals', () => {
    // ADA/BTC at 0.0000584 read "stop 0.0001 = price 0.0001 × (1 − 0.0361)".
    const scale = 0.0000584 / context.opportunity.price;
    const tiny = contextOf(uptrend(60).map((b) => ({ ...b, open: b.open * scale, high: b.high * scale, low: b.low * scale, close: b.close * scale })));
    const outcomes = [ok('bull', 0.8, 0.8), ok('bear', 0.2, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0.4, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)];
    const v = chief.decide(outcomes, tiny);
    expect(v.action).toBe('BUY');
    const line = v.reasons.find((r) => r.startsWith('stop '))!;
    expect(line).toBe(`stop ${v.stop!.toPrecision(4)} = price ${tiny.opportunity.price.toPrecision(4)} × (1 − ${SAFE.stopDistance.toFixed(4)}); no target: held while the panel keeps it`);
    expect(line).toMatch(/^stop 0\.0000\d{4} = price 0\.00005840 /);
  });

  it('caps the size fraction', () => {
    const big = { veto: false, fraction: 1, stopDistance: 0.02 };
    const outcomes = [ok('bull', 1, 0.95), ok('bear', 1, 0.95), ok('analyst', 1, 0.95), ok('scout', 1, 0.95), ok('riskDoctor', 1, 0.95, big)];
    expect(new Chief({ maxSizeFraction: 0.1 }).decide(outcomes, context).sizeFraction).toBe(0.1);
  });

  it('explains HOLD by quorum, conflict and veto in its first reason', () => {
    const quorum = chief.decide([ok('bull', 0.9, 0.9), ok('analyst', 0.9, 0.9), failed('bear'), failed('scout', 'timeout'), failed('riskDoctor', 'invalid')], context);
    expect(quorum.reasons[0]).toBe('HOLD: quorum not met, 2 of 5 agents gave a valid signal (need 3)');
    expect(quorum.reasons[1]).toBe('abstained: bear (error: bear error); scout (timeout: scout timeout); riskDoctor (invalid: riskDoctor invalid)');
    const conflict = chief.decide([ok('bull', 0.9, 0.8), ok('bear', -0.8, 0.7), ok('analyst', 0.7, 0.7), ok('scout', 0.5, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)], context);
    expect(conflict.reasons[0]).toContain('conflict, bull, analyst confidently bullish against bear confidently bearish');
    const veto = chief.decide([ok('bull', 0.9, 0.9), ok('bear', 0, 0.3), ok('analyst', 0.8, 0.8), ok('scout', 0.5, 0.5), ok('riskDoctor', -0.3, 0.8, { ...SAFE, veto: true })], context);
    expect(veto.reasons[0]).toContain('the risk doctor vetoes the entry (stance -0.3)');
    expect(veto.sizeFraction).toBe(0);
    expect(veto.stop).toBeUndefined();
  });

  it('exits a held position on a backed short hypothesis or a review turned against it, and never sells nothing', () => {
    const bearish = [ok('bull', -0.8, 0.8), ok('bear', -0.9, 0.8), ok('analyst', -0.6, 0.7), ok('scout', -0.2, 0.3), ok('riskDoctor', -0.5, 0.8, SAFE)];
    const short = { ...context, opportunity: { ...context.opportunity, direction: 'short' as const, score: -1.8, kind: 'mean-reversion' as const } };
    const nothing = chief.decide(bearish, short);
    expect(nothing.action).toBe('HOLD');
    expect(nothing.reasons[0]).toContain('no open position to sell');
    expect(nothing.rule).toBe('shortNothingHeld');
    expect(nothing.hypothesis).toMatchObject({ direction: 'short', kind: 'mean-reversion', accepted: true });
    const position = { symbol: 'ACME', qty: 12, avgPrice: 100, openedAt: context.now - 1 };
    const v = chief.decide(bearish, { ...short, position });
    expect(v.action).toBe('SELL');
    expect(v.reasons[0]).toMatch(/exit the open position of 12 bought at 100.00, now [+-]\d+\.\d %/);
    expect(v.sizeFraction).toBe(0);
    expect(v.rule).toBe('shortExit');
    const review = { ...context, position, opportunity: { ...context.opportunity, kind: 'review' as const } };
    const out = chief.decide(bearish, review);
    expect(out.action).toBe('SELL');
    expect(out.reasons[0]).toContain('the panel turned against the open position');
    expect(out.rule).toBe('reviewExit');
    expect(out.hypothesis).toMatchObject({ question: 'review', accepted: false });
    const bullish = [ok('bull', 0.8, 0.8), ok('bear', 0.2, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0.4, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)];
    const keep = chief.decide(bullish, review);
    expect(keep.action).toBe('HOLD');
    expect(keep.reasons[0]).toMatch(/^HOLD: keep the open position of 12 bought at 100.00/);
    expect(keep.rule).toBe('reviewKeep');
    expect(chief.decide(bullish, { ...review, position: null }).rule).toBe('reviewNotHeld');
    // A bullish panel does not turn a short hypothesis into a BUY: it rejects the question it was asked.
    const rejected = chief.decide(bullish, short);
    expect(rejected.action).toBe('HOLD');
    expect(rejected.hypothesis?.accepted).toBe(false);
    expect(rejected.rule).toBe('shortNotBacked');
    // For and against the question asked: the bullish agents are against a short hypothesis.
    expect(rejected.reasons).toContainEqual(expect.stringMatching(/^against: bull .*analyst/));
    expect(rejected.reasons).not.toContainEqual(expect.stringMatching(/^for: /));
    expect(nothing.reasons).toContainEqual(expect.stringMatching(/^for: bear /));
  });

  it('holds an entry whose expected move does not clear the round-trip costs', () => {
    const outcomes = [ok('bull', 0.8, 0.8), ok('bear', 0.2, 0.5), ok('analyst', 0.6, 0.7), ok('scout', 0.4, 0.5), ok('riskDoctor', 0.2, 0.8, SAFE)];
    const cheap = new Chief({}, undefined, { feeBps: 10, slippageBps: 5 }).decide(outcomes, context);
    expect(cheap.action).toBe('BUY');
    // The bar an entry clears is 4 round trips of 0.30 % each, and the reason says both figures.
    expect(cheap.reasons).toContainEqual(expect.stringMatching(/^expected move \d+\.\d+ % clears 4× the round-trip costs 0\.300 % = 1\.200 %$/));
    // Expected move = 0.04 × 2 × conviction; at 100 bps fee + 100 bps slippage a round trip costs 4 %.
    const dear = new Chief({}, undefined, { feeBps: 100, slippageBps: 100 }).decide(outcomes, context);
    expect(cheap.conviction * 0.08).toBeLessThan(0.04);
    expect(dear.action).toBe('HOLD');
    expect(dear.rule).toBe('costs');
    // costMultiple defaults to 4 (fees under a quarter of the expected move), so the message says 4×.
    expect(dear.reasons[0]).toMatch(/expected move \d+\.\d+ % .* does not clear 4× the round-trip costs 4\.000 % = 16\.000 %$/);
    expect(new Chief({ costMultiple: 0 }, undefined, { feeBps: 100, slippageBps: 100 }).decide(outcomes, context).action).toBe('BUY');
  });

  it('gives the same verdict whatever order the outcomes arrive in', () => {
    const outcomes = [ok('bull', 0.73, 0.61), ok('bear', -0.31, 0.47), ok('analyst', 0.55, 0.66), ok('scout', 0.12, 0.2), ok('riskDoctor', 0.17, 0.8, SAFE)];
    const a = chief.decide(outcomes, context);
    const b = chief.decide([...outcomes].reverse(), context);
    const c = new Chief().decide([outcomes[2]!, outcomes[4]!, outcomes[0]!, outcomes[3]!, outcomes[1]!], context);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('holds when no agent is confident at all', () => {
    const v = chief.decide([ok('bull', 1, 0), ok('bear', -1, 0), ok('analyst', 1, 0)], context);
    expect(v.action).toBe('HOLD');
    expect(v.reasons[0]).toContain('Σ w·c = 0');
  });
});

describe('Chief options', () => {
  it.each([
    // The bounds and role lists follow the registry (five agents today), so a new agent does not break these.
    [{ quorum: 0 }, `chief.quorum must be an integer in [1, ${AGENT_ROLES.length}], got 0`],
    [{ quorum: 2.5 }, `chief.quorum must be an integer in [1, ${AGENT_ROLES.length}], got 2.5`],
    [{ quorum: AGENT_ROLES.length + 1 }, `chief.quorum must be an integer in [1, ${AGENT_ROLES.length}], got ${AGENT_ROLES.length + 1}`],
    [{ buyThreshold: 0 }, 'chief.buyThreshold must be a number in (0, 1], got 0'],
    [{ sellThreshold: 1.5 }, 'chief.sellThreshold must be a number in (0, 1], got 1.5'],
    [{ maxSizeFraction: NaN }, 'chief.maxSizeFraction must be a number in (0, 1], got NaN'],
    [{ rewardRisk: -1 }, 'chief.rewardRisk must be a number in (0, 20], got -1'],
    [{ weights: { bull: -1 } }, 'chief.weights.bull must be a number in [0, 100], got -1'],
    [{ weights: { bulls: 1 } }, `chief.weights.bulls must be one of ${AGENT_ROLES.join(', ')}, got "bulls"`],
    [{ weights: Object.fromEntries(AGENT_ROLES.map((role) => [role, 0])) }, 'chief.weights must be weights with at least one above 0'],
  ])('rejects %j', (options, message) => {
    const build = () => new Chief(options as never);
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });

  it('names the key on the error', () => {
    try {
      new Chief({ quorum: 9 });
    } catch (error) {
      expect((error as ConfigError).key).toBe('chief.quorum');
    }
    expect.assertions(1);
  });

  it('merges partial weights onto the defaults', () => {
    expect(new Chief({ weights: { bull: 2 } as never }).options.weights).toEqual({ ...DEFAULT_CHIEF_OPTIONS.weights, bull: 2 });
  });
});
