/**
 * What conclave knows about one agent, in one place: its role, its options (a zod schema whose every field has its
 * default), its default weight in the chief's score, what an LLM serving the role is told, and how to build it.
 * The role list, the `agents` and `chief` configuration, the chief's weights and the LLM prompt all derive from the
 * descriptors listed in registry.ts: a new agent is one file exporting a descriptor, and one line there.
 */
import type { z } from 'zod';
import type { Agent, AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { hypothesisOf, supportLine, supportOf } from './hypothesis.js';

/** An options schema: a strict object whose fields all have defaults, so `{}` parses to the full default options. */
export type AgentOptionsSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface AgentDescriptor<R extends string = string, S extends AgentOptionsSchema = AgentOptionsSchema> {
  readonly role: R;
  readonly options: S;
  /** Default weight in the chief's aggregate score (≥ 0; 0 silences the role). */
  readonly weight: number;
  /** What the role looks for, said to an LLM that serves it (llm-prompt.ts). */
  readonly brief: string;
  /**
   * True for the role whose `risk` advice (veto, fraction, stop distance) an entry needs; an LLM must give it too.
   * Its metric `atrPct` (the ATR as a fraction of price), when it reports one, goes on a BUY verdict for the ATR stop.
   */
  readonly advisesRisk?: boolean;
  /** Builds the rule-based agent from parsed options (defaults filled in). */
  create(options: z.output<S>): Agent;
}

/** The pure rule an agent applies: a point-in-time context in, a signal out. */
export type AgentRule<O> = (context: AgentContext, options: O, signal?: AbortSignal) => AgentSignal;

/**
 * The shell every rule-based agent shares: it holds its role and options and applies its rule, after checking that
 * the discussion has not been called off already.
 */
export class RuleAgent<R extends string, O> implements Agent {
  constructor(
    readonly role: R,
    readonly options: O,
    private readonly rule: AgentRule<O>,
  ) {}

  async analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal> {
    signal.throwIfAborted();
    return readAgainstHypothesis(context, this.rule(context, this.options, signal));
  }
}

/** A descriptor for an agent that applies `rule` (the usual case); `const` keeps the role a literal type. */
export function ruleAgent<const R extends string, S extends AgentOptionsSchema>(spec: {
  role: R;
  options: S;
  weight: number;
  brief: string;
  advisesRisk?: boolean;
  rule: AgentRule<z.output<S>>;
}): AgentDescriptor<R, S> {
  const { rule, ...rest } = spec;
  return Object.freeze(Object.assign(rest, { create: (options: z.output<S>) => new RuleAgent(spec.role, options, rule) }));
}

/**
 * The rule's signal, answering the discussion's question: its stance (positive = evidence for being long) read against
 * the opportunity's hypothesis, as a second rationale line and the metric `support` (stance × the hypothesis's sign).
 */
export function readAgainstHypothesis(context: AgentContext, answer: AgentSignal): AgentSignal {
  const hypothesis = hypothesisOf(context.opportunity);
  const [first, ...rest] = answer.rationale;
  const line = supportLine(hypothesis, answer.stance);
  answer.rationale = first === undefined ? [line] : [first, line, ...rest];
  answer.metrics.support = Math.round(supportOf(hypothesis, answer.stance) * 10_000) / 10_000;
  return answer;
}
