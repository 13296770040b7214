import type { Agent, AgentContext } from './agent-port.js';
import type { AgentOutcome } from '../domain/verdict.js';
import { AbortError, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { frozenCopy } from '../core/freeze.js';
import { InvalidSignalError, validateSignal } from './validate-signal.js';
import { sharedScope, withSharedScope } from './shared-computation.js';
import { RuleAgent } from './agent-descriptor.js';

type SharedScope = ReturnType<typeof sharedScope>;

export interface DiscussionOptions {
  clock: Clock;
  /** Per-agent deadline in ms, measured on `clock` from the start of the discussion. */
  deadlineMs: number;
  /** Aborting it cuts every agent off at once (shutdown); their outcomes are recorded as errors. */
  signal?: AbortSignal;
  /**
   * The controller whose signal the agents get, when the caller already has one for the same work (Node 20 makes
   * each AbortSignal costly); one is made otherwise, unless every agent is a rule agent (see below). The discussion
   * aborts it once settled.
   */
  controller?: AbortController;
}

type Settled =
  | { kind: 'value'; value: unknown }
  | { kind: 'thrown'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: string };

function abortText(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'discussion aborted';
}

/** What ends the wait for the agents still running: the deadline, or the caller aborting the whole discussion. */
type Cutoff = { kind: 'timeout' } | { kind: 'aborted'; reason: string };

/**
 * Runs one untrusted agent against the discussion's cutoff: an agent which ignores its abort signal is still cut off
 * at the deadline by the race. Never throws; everything becomes an outcome.
 */
async function runAgent(
  agent: Agent,
  context: AgentContext,
  signal: AbortSignal,
  cutoff: Promise<Cutoff>,
  options: DiscussionOptions,
  started: number,
  memo: SharedScope,
): Promise<AgentOutcome> {
  const { clock, deadlineMs } = options;
  const outcome = (o: Omit<AgentOutcome, 'role' | 'latencyMs'>): AgentOutcome => ({
    role: agent.role,
    latencyMs: Math.max(0, clock.now() - started),
    ...o,
  });
  // Promise.resolve().then() turns a synchronous throw inside analyze into a rejection like any other.
  const work = Promise.resolve()
    .then(() => withSharedScope(memo, () => agent.analyze(context, signal)))
    .then(
      (value): Settled => ({ kind: 'value', value }),
      (error: unknown): Settled => ({ kind: 'thrown', error }),
    );
  const settled: Settled | Cutoff = await Promise.race([work, cutoff]);
  switch (settled.kind) {
    case 'timeout':
      return outcome({ status: 'timeout', error: `no answer within the ${deadlineMs} ms deadline` });
    case 'aborted':
      return outcome({ status: 'error', error: `aborted: ${settled.reason}` });
    case 'thrown': {
      const message = describeError(settled.error);
      if (settled.error instanceof InvalidSignalError) return outcome({ status: 'invalid', error: message });
      return outcome({ status: 'error', error: message });
    }
    case 'value': {
      // Even reading the answer is untrusted: a getter or a Proxy may throw.
      let checked: ReturnType<typeof validateSignal>;
      try {
        checked = validateSignal(settled.value);
      } catch (error) {
        checked = { ok: false, reason: `reading the signal threw: ${describeError(error)}` };
      }
      return checked.ok
        ? outcome({ status: 'ok', signal: checked.signal })
        : outcome({ status: 'invalid', error: checked.reason });
    }
  }
}

/** An error's message, safe against errors whose message or toString throws. */
function describeError(error: unknown): string {
  try {
    return errorMessage(error) || 'agent threw without a message';
  } catch {
    return 'agent threw an unprintable error';
  }
}

/**
 * One discussion: every agent in parallel on the same deeply frozen copy of the context. Resolves with one outcome
 * per agent, in the order of `agents`, once each has answered, failed, or been cut off. Never rejects.
 */
export async function runDiscussion(
  agents: readonly Agent[],
  context: AgentContext,
  options: DiscussionOptions,
): Promise<AgentOutcome[]> {
  const { clock, deadlineMs, signal: outer } = options;
  if (!Number.isFinite(deadlineMs) || deadlineMs < 0) {
    throw new RangeError(`deadlineMs must be a finite number >= 0, got ${deadlineMs}`);
  }
  const started = clock.now();
  // Rule agents apply a synchronous rule inside analyze: their work is over when their answer is, before any deadline
  // or later abort, so a signal of the discussion's own (made, then aborted once settled, with an event: a few percent
  // of a backtest on Node 20) would tell them nothing. They read the caller's signal, aborted exactly when the
  // discussion's would be while they run; other agents get the discussion's own, as ever.
  const controller = options.controller ?? (agents.every((a) => a instanceof RuleAgent) ? null : new AbortController());
  const agentSignal = controller?.signal ?? outer ?? NEVER_ABORTED;
  const aborted = outer?.aborted ? outer : agentSignal.aborted ? agentSignal : null;
  if (aborted) {
    const error = `aborted before start: ${abortText(aborted)}`;
    return agents.map((agent) => ({ role: agent.role, status: 'error', error, latencyMs: 0 }));
  }
  const snapshot = frozenCopy(context);
  // All agents start together, so one deadline, one abort signal and one link to the caller's signal serve them all
  // (per agent, these were most of a discussion's cost and of the garbage it left for the old generation).
  let cancelTimer = () => {};
  let onOuterAbort = () => {};
  const cutoff = new Promise<Cutoff>((resolve) => {
    cancelTimer = clock.setTimer(deadlineMs, () => {
      controller?.abort(new AbortError(`deadline of ${deadlineMs} ms passed`));
      resolve({ kind: 'timeout' });
    });
    onOuterAbort = () => {
      controller?.abort(outer!.reason);
      resolve({ kind: 'aborted', reason: abortText(outer!) });
    };
    outer?.addEventListener('abort', onOuterAbort, { once: true });
  });
  try {
    // What the agents compute alike is shared within the discussion, and goes with it (shared-computation.ts).
    const memo = sharedScope();
    return await Promise.all(agents.map((agent) => runAgent(agent, snapshot, agentSignal, cutoff, options, started, memo)));
  } finally {
    cancelTimer();
    outer?.removeEventListener('abort', onOuterAbort);
    // Tell agents still running (late ones, or work that outlived its answer) to stop.
    if (controller && !controller.signal.aborted) controller.abort(SETTLED);
  }
}

const SETTLED = new AbortError('discussion settled');
/** What rule agents read when the caller gives no signal: nothing can abort a discussion then while they run. */
const NEVER_ABORTED = new AbortController().signal;
