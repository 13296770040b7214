import type { Agent, AgentContext, AgentOutcome } from './agent-port.js';
import { AbortError, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { frozenCopy } from './freeze.js';
import { InvalidSignalError, validateSignal } from './validate-signal.js';

export interface DiscussionOptions {
  clock: Clock;
  /** Per-agent deadline in ms, measured on `clock` from the start of the discussion. */
  deadlineMs: number;
  /** Aborting it cuts every agent off at once (shutdown); their outcomes are recorded as errors. */
  signal?: AbortSignal;
}

type Settled =
  | { kind: 'value'; value: unknown }
  | { kind: 'thrown'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: string };

function abortText(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'discussion aborted';
}

/**
 * Runs one untrusted agent: its own AbortController, a deadline on the injected clock, and a race so that an agent
 * which ignores the abort is still cut off at the deadline. Never throws; everything becomes an outcome.
 */
async function runAgent(agent: Agent, context: AgentContext, options: DiscussionOptions): Promise<AgentOutcome> {
  const { clock, deadlineMs, signal: outer } = options;
  const started = clock.now();
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  const outcome = (o: Omit<AgentOutcome, 'role' | 'latencyMs'>): AgentOutcome => ({
    role: agent.role,
    latencyMs: Math.max(0, clock.now() - started),
    ...o,
  });

  if (outer?.aborted) return outcome({ status: 'error', error: `aborted before start: ${abortText(outer)}` });

  const cutoffs = new Promise<Settled>((resolve) => {
    cleanups.push(
      clock.setTimer(deadlineMs, () => {
        controller.abort(new AbortError(`deadline of ${deadlineMs} ms passed`));
        resolve({ kind: 'timeout' });
      }),
    );
    if (outer) {
      const onAbort = () => {
        controller.abort(outer.reason);
        resolve({ kind: 'aborted', reason: abortText(outer) });
      };
      outer.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => outer.removeEventListener('abort', onAbort));
    }
  });
  // Promise.resolve().then() turns a synchronous throw inside analyze into a rejection like any other.
  const work = Promise.resolve()
    .then(() => agent.analyze(context, controller.signal))
    .then(
      (value): Settled => ({ kind: 'value', value }),
      (error: unknown): Settled => ({ kind: 'thrown', error }),
    );

  let settled: Settled;
  try {
    settled = await Promise.race([work, cutoffs]);
  } finally {
    for (const cleanup of cleanups) cleanup();
    // Tell a still-running agent (a late one, or one whose work outlived the race) to stop.
    if (!controller.signal.aborted) controller.abort(new AbortError('discussion settled'));
  }
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
  if (!Number.isFinite(options.deadlineMs) || options.deadlineMs < 0) {
    throw new RangeError(`deadlineMs must be a finite number >= 0, got ${options.deadlineMs}`);
  }
  const snapshot = frozenCopy(context);
  return Promise.all(agents.map((agent) => runAgent(agent, snapshot, options)));
}
