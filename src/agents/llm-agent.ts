/**
 * An agent served by an OpenAI-compatible chat-completions endpoint (off by default). The model is asked for a JSON
 * object; the answer is validated strictly (zod, no extra keys) and anything out of shape throws InvalidSignalError,
 * which the discussion records as 'invalid': an abstention, never a guess. A per-call timeout on the injected clock and
 * a concurrency limit apply. The answer is read in chunks up to `maxBytes` and cut off past it (an endless or huge
 * body never fills memory). The API key is sent only in the Authorization header and scrubbed from every error.
 */
import { z } from 'zod';
import type { Agent, AgentContext } from './agent-port.js';
import type { AgentSignal } from '../domain/verdict.js';
import { readCappedBody } from '../core/capped-body.js';
import { AbortError, toldOutside, type Clock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import { parseOptions } from '../core/schema-text.js';
import { AGENT_REGISTRY } from './registry.js';
import { systemPrompt, userPrompt } from './llm-prompt.js';
import { Semaphore } from './semaphore.js';
import type { LlmBudget } from './llm-budget.js';
import { InvalidSignalError } from './validate-signal.js';
import { withChanges } from '../core/with-changes.js';
import { describeFetchFailure, neverSent } from '../core/fetch-failure.js';
import { withoutUrlSecrets } from '../core/url-secrets.js';

export interface LlmAgentOptions {
  role: string;
  /** What the role looks for; by default its registered descriptor's brief. */
  brief?: string;
  /** Whether the answer must carry risk advice; by default what the role's descriptor says. */
  advisesRisk?: boolean;
  /** Base URL (…/v1) or the full …/chat/completions URL. */
  url: string;
  model: string;
  /** Optional: local servers often need none. */
  apiKey?: string;
  clock: Clock;
  /** Requests in flight at once for this agent (or pass a shared `limiter`). Default 2. */
  maxConcurrent?: number;
  limiter?: Semaphore;
  /** Per-request timeout; keep it below the discussion deadline. Default 20000. */
  timeoutMs?: number;
  /** Largest answer accepted, bytes; a longer one is cut off and the agent abstains. Default 1 MiB. */
  maxBytes?: number;
  /** Requests a day, shared by the LLM roles; past it the agent abstains without asking. None: no limit. */
  budget?: LlmBudget;
  /** Bars sent in the prompt. Default 120. */
  maxBars?: number;
  temperature?: number;
}

const finite = z.number().refine(Number.isFinite, 'must be finite');
const riskSchema = z.strictObject({
  veto: z.boolean(),
  fraction: finite.min(0).max(1),
  stopDistance: finite.gt(0).lt(1),
});
const baseSignal = {
  stance: finite.min(-1).max(1),
  confidence: finite.min(0).max(1),
  rationale: z.array(z.string().trim().min(1).max(500)).min(1).max(8),
  metrics: z.record(z.string(), finite).default({}),
};
const signalSchema = z.strictObject(baseSignal);
const riskSignalSchema = z.strictObject(withChanges(baseSignal, { risk: riskSchema }));
/** The options that come from configuration, under their configuration keys (so errors name those keys). */
const configured = z.object({
  llmUrl: z.url({ protocol: /^https?$/ }).describe('an http(s) URL'),
  llmModel: z.string().min(1).describe('a non-empty model name'),
  llmMaxConcurrent: z.number().int().min(1).default(2),
  llmTimeoutMs: z.number().positive().default(20_000),
  llmMaxBytes: z.number().int().min(1).default(1024 * 1024),
});

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

export class LlmAgent implements Agent {
  readonly role: string;
  private readonly endpoint: string;
  private readonly limiter: Semaphore;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxBars: number;

  readonly brief: string;
  readonly advisesRisk: boolean;

  constructor(private readonly options: LlmAgentOptions) {
    this.role = options.role;
    const known = AGENT_REGISTRY.find((d) => d.role === options.role);
    if (options.brief === undefined && !known) {
      throw new ConfigError(`llmRoles: ${JSON.stringify(options.role)} is not a registered role; known: ${AGENT_REGISTRY.map((d) => d.role).join(', ')}`, 'llmRoles');
    }
    this.brief = options.brief ?? known!.brief;
    this.advisesRisk = options.advisesRisk ?? (known?.advisesRisk === true);
    const checked = parseOptions(
      configured,
      { llmUrl: options.url, llmModel: options.model, llmMaxConcurrent: options.maxConcurrent, llmTimeoutMs: options.timeoutMs, llmMaxBytes: options.maxBytes },
      '',
    );
    // The path goes before a query (a key given as ?key=...): appended after it, it became part of the key.
    const url = new URL(options.url);
    url.pathname = url.pathname.replace(/\/+$/, '');
    if (!url.pathname.endsWith('/chat/completions')) url.pathname += '/chat/completions';
    this.endpoint = url.toString();
    this.limiter = options.limiter ?? new Semaphore(checked.llmMaxConcurrent);
    this.timeoutMs = checked.llmTimeoutMs;
    this.maxBytes = checked.llmMaxBytes;
    this.maxBars = options.maxBars ?? 120;
  }

  async analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal> {
    const release = await this.limiter.acquire(signal);
    // Taken once a slot is held, so a request the deadline abandons in the queue costs nothing.
    const { budget } = this.options;
    const spent = budget?.take() ?? null;
    if (spent !== null) {
      release();
      throw new Error(`${this.role} LLM (${this.options.model}): not asked, ${spent}`);
    }
    const takenOn = budget?.stats().day;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const cancelTimer = this.options.clock.setTimer(this.timeoutMs, () =>
      controller.abort(new AbortError(`LLM request timed out after ${this.timeoutMs} ms`)),
    );
    try {
      const content = await toldOutside(this.options.clock, this.complete(context, controller.signal));
      return this.parse(content);
    } catch (error) {
      if (error instanceof InvalidSignalError) throw error;
      // A request that never left costs nothing. One aborted on its way may have reached the provider: it stays spent.
      if (takenOn !== undefined && neverSent(error)) budget!.giveBack(takenOn);
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      throw new Error(this.scrub(`${this.role} LLM (${this.options.model}): ${errorMessage(reason)}`));
    } finally {
      cancelTimer();
      signal.removeEventListener('abort', onAbort);
      release();
    }
  }

  private async complete(context: AgentContext, signal: AbortSignal): Promise<string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers,
      signal,
      // The key is not sent on to wherever a redirect points: a redirect is an error naming the new address.
      redirect: 'manual',
      body: JSON.stringify({
        model: this.options.model,
        temperature: this.options.temperature ?? 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: systemPrompt(this) },
          { role: 'user', content: userPrompt(context, this.maxBars) },
        ],
      }),
    }).catch((error: unknown) => {
      // Named "endpoint", not by its URL: a key may sit in its query string.
      throw describeFetchFailure('endpoint', error);
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const to = (response.headers.get('location') ?? '(no Location)').slice(0, 200);
      throw new Error(`endpoint answered HTTP ${response.status}, a redirect to ${to}; set llmUrl to the final address (redirects are not followed, so the API key goes nowhere else)`);
    }
    if (!response.ok) {
      // An error page is only quoted: its first bytes are enough.
      const text = await readCappedBody(response, { maxBytes: 4096, tooLarge: () => new Error('long error body') }).then(
        (b) => b.toString('utf8'),
        () => '(a body over 4 KiB or unreadable, not shown)',
      );
      throw new Error(`endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const raw = await readCappedBody(response, {
      maxBytes: this.maxBytes,
      tooLarge: (declared) =>
        new Error(
          `endpoint answered ${declared !== undefined ? `${declared} bytes, over` : 'more than'} the ${this.maxBytes}-byte limit; cut off (raise llmMaxBytes if answers are legitimately that long)`,
        ),
    });
    const text = raw.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error('endpoint answered with a body that is not JSON');
    }
    const completion = completionSchema.safeParse(body);
    if (!completion.success) throw new Error('endpoint answered without choices[0].message.content');
    return completion.data.choices[0]!.message.content;
  }

  private parse(content: string): AgentSignal {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new InvalidSignalError(this.scrub(`${this.role} LLM answered with content that is not JSON: ${content.slice(0, 120)}`));
    }
    const schema = this.advisesRisk ? riskSignalSchema : signalSchema;
    const result = schema.safeParse(json);
    if (!result.success) {
      const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new InvalidSignalError(this.scrub(`${this.role} LLM answer failed validation: ${issues.join('; ')}`));
    }
    const { rationale, ...rest } = result.data;
    return withChanges(rest, { rationale: [`LLM ${this.options.model}:`, ...rationale] }) as AgentSignal;
  }

  private scrub(text: string): string {
    const key = this.options.apiKey;
    return withoutUrlSecrets(key ? text.split(key).join('[redacted]') : text, this.options.url);
  }
}
