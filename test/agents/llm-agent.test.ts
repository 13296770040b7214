import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmAgent } from '../../src/agents/llm-agent.js';
import { runDiscussion } from '../../src/agents/discussion.js';
import { Semaphore } from '../../src/agents/semaphore.js';
import { createDefaultAgents } from '../../src/agents/default-agents.js';
import { AGENT_ROLES } from '../../src/agents/agent-port.js';
import { LiveClock, VirtualClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import { contextOf, uptrend } from './series.js';

const KEY = 'sk-test-SECRET-123';
type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = () => {};
const requests: { body: Record<string, unknown>; auth: string | undefined; url: string | undefined }[] = [];
let inFlight = 0;
let maxInFlight = 0;
let closedEarly = 0;
let server: Server;
let base: string;

const answer = (content: string) => (_b: unknown, _q: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content } }] }));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ body, auth: req.headers.authorization, url: req.url });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => {
        inFlight--;
        if (!res.writableFinished) closedEarly++;
      });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const context = contextOf(uptrend(150));
const agent = (role: 'bull' | 'riskDoctor' = 'bull', extra: Partial<ConstructorParameters<typeof LlmAgent>[0]> = {}) =>
  new LlmAgent({ role, url: base, model: 'test-model', apiKey: KEY, clock: new LiveClock(), timeoutMs: 2_000, ...extra });
const discuss = (a: LlmAgent, deadlineMs = 3_000) => runDiscussion([a], context, { clock: new LiveClock(), deadlineMs });

describe('LlmAgent against a fake OpenAI-compatible server', () => {
  it('sends a JSON-mode chat completion with the key in the header and accepts a valid answer', async () => {
    handler = answer(JSON.stringify({ stance: 0.6, confidence: 0.7, rationale: ['higher highs', 'MACD up'], metrics: { slope: 0.01 } }));
    const [outcome] = await discuss(agent());
    expect(outcome).toMatchObject({ role: 'bull', status: 'ok' });
    expect(outcome!.signal).toEqual({ stance: 0.6, confidence: 0.7, rationale: ['LLM test-model:', 'higher highs', 'MACD up'], metrics: { slope: 0.01 } });
    const sent = requests.at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.auth).toBe(`Bearer ${KEY}`);
    expect(sent.body.model).toBe('test-model');
    expect(sent.body.response_format).toEqual({ type: 'json_object' });
    const messages = sent.body.messages as { role: string; content: string }[];
    expect(messages[0]!.content).toContain('You are the bull');
    const user = JSON.parse(messages[1]!.content) as { barsOldestFirst: { rows: unknown[] }; now: string };
    expect(user.barsOldestFirst.rows).toHaveLength(120);
    expect(user.now).toBe(new Date(context.now).toISOString());
  });

  it('requires and keeps the risk advice for the risk doctor', async () => {
    handler = answer(JSON.stringify({ stance: -0.2, confidence: 0.6, rationale: ['volatile'], metrics: {}, risk: { veto: false, fraction: 0.05, stopDistance: 0.04 } }));
    const [ok] = await discuss(agent('riskDoctor'));
    expect(ok!.signal!.risk).toEqual({ veto: false, fraction: 0.05, stopDistance: 0.04 });
    handler = answer(JSON.stringify({ stance: -0.2, confidence: 0.6, rationale: ['volatile'], metrics: {} }));
    const [missing] = await discuss(agent('riskDoctor'));
    expect(missing!.status).toBe('invalid');
    expect(missing!.error).toContain('risk');
  });

  it('records content that is not JSON as invalid', async () => {
    handler = answer('I think the stock goes up!');
    const [outcome] = await discuss(agent());
    expect(outcome!.status).toBe('invalid');
    expect(outcome!.error).toContain('not JSON');
  });

  it.each([
    ['a stance out of range', { stance: 1.5, confidence: 0.5, rationale: ['x'] }, 'stance'],
    ['a confidence as text', { stance: 0.5, confidence: 'high', rationale: ['x'] }, 'confidence'],
    ['no rationale', { stance: 0.5, confidence: 0.5 }, 'rationale'],
    ['an extra key', { stance: 0.5, confidence: 0.5, rationale: ['x'], action: 'BUY' }, 'action'],
    ['an array', [0.5, 0.5], '(root)'],
  ])('records %s as invalid, never a guess', async (_label, payload, where) => {
    handler = answer(JSON.stringify(payload));
    const [outcome] = await discuss(agent());
    expect(outcome!.status).toBe('invalid');
    expect(outcome!.error).toContain('failed validation');
    expect(outcome!.error).toContain(where);
    expect(outcome!.signal).toBeUndefined();
  });

  it('records HTTP 500 as an error without leaking the key, even when the server echoes it', async () => {
    handler = (_b, req, res) => {
      res.writeHead(500);
      res.end(`internal error for ${req.headers.authorization}`);
    };
    const [outcome] = await discuss(agent());
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toContain('HTTP 500');
    expect(outcome!.error).not.toContain(KEY);
    expect(outcome!.error).toContain('[redacted]');
  });

  it('sends a key given in the URL’s query as a query, and keeps it out of an error that echoes the request', async () => {
    const secret = 'LLMURLSECRET42';
    handler = (_b, req, res) => {
      res.writeHead(401);
      res.end(`unauthorized: ${req.url ?? ''}`);
    };
    const [outcome] = await discuss(agent('bull', { url: `${base}?key=${secret}` }));
    // The path went before the query: it was sent as /v1?key=LLMURLSECRET42/chat/completions.
    expect(requests.at(-1)!.url).toMatch(new RegExp(`/chat/completions\\?key=${secret}$`));
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toContain('HTTP 401');
    expect(outcome!.error).not.toContain(secret);
  });

  it('says why the endpoint could not be reached, not only "fetch failed"', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve)); // nothing listens on the port now
    const [outcome] = await discuss(agent('bull', { url: `http://127.0.0.1:${port}/v1` }));
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toBe(`bull LLM (test-model): endpoint: fetch failed: connect ECONNREFUSED 127.0.0.1:${port}; nothing listens there: check the host and port, and that the server is up`);
  });

  it('records a body that is not a chat completion as an error', async () => {
    handler = (_b, _q, res) => res.end(JSON.stringify({ hello: 'world' }));
    expect((await discuss(agent()))[0]!.error).toContain('choices[0].message.content');
  });

  it('cuts off a hanging server at the discussion deadline and aborts the request', async () => {
    handler = () => {};
    const before = closedEarly;
    const started = performance.now();
    const [outcome] = await discuss(agent('bull', { timeoutMs: 10_000 }), 150);
    expect(outcome!.status).toBe('timeout');
    // Well short of the agent's own 10 s timeout, which an uncut request would run to; a bound near the 150 ms itself
    // would measure how late a loaded machine fires its timers.
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect.poll(() => closedEarly).toBeGreaterThan(before);
  });

  it('gives up after its own timeout when that comes first', async () => {
    handler = () => {};
    const [outcome] = await discuss(agent('bull', { timeoutMs: 100 }), 3_000);
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toContain('timed out after 100 ms');
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    maxInFlight = 0;
    handler = (_b, _q, res) => {
      globalThis.setTimeout(() => answer(JSON.stringify({ stance: 0, confidence: 0.1, rationale: ['x'] }))(_b, _q, res), 30);
    };
    const limiter = new Semaphore(2);
    const agents = Array.from({ length: 5 }, () => agent('bull', { limiter }));
    const signal = new AbortController().signal;
    const results = await Promise.all(agents.map((a) => a.analyze(context, signal)));
    expect(results).toHaveLength(5);
    expect(maxInFlight).toBe(2);
  });

  it('validates its options', () => {
    const clock = new VirtualClock();
    expect(() => new LlmAgent({ role: 'bull', url: 'not a url', model: 'm', clock })).toThrow(ConfigError);
    expect(() => new LlmAgent({ role: 'bull', url: 'ftp://host/v1', model: 'm', clock })).toThrow('llmUrl must be an http(s) URL');
    expect(() => new LlmAgent({ role: 'bull', url: base, model: '', clock })).toThrow('llmModel');
    expect(() => new LlmAgent({ role: 'bull', url: base, model: 'm', clock, maxConcurrent: 0 })).toThrow('llmMaxConcurrent');
  });
});

describe('createDefaultAgents with LLM roles', () => {
  it('serves only the listed roles by the endpoint, in AGENT_ROLES order', () => {
    const agents = createDefaultAgents({ llm: { roles: ['scout', 'bear'], url: base, model: 'm', clock: new LiveClock() } });
    expect(agents.map((a) => a.role)).toEqual([...AGENT_ROLES]);
    expect(agents.map((a) => a instanceof LlmAgent)).toEqual(AGENT_ROLES.map((role) => role === 'scout' || role === 'bear'));
    expect(createDefaultAgents({ llm: { roles: [], url: base, model: 'm', clock: new LiveClock() } }).some((a) => a instanceof LlmAgent)).toBe(false);
  });
});

describe('Semaphore', () => {
  it('queues in order, hands slots over, and drops aborted waiters', async () => {
    const s = new Semaphore(1);
    const order: string[] = [];
    const r1 = await s.acquire();
    const aborter = new AbortController();
    const w2 = s.acquire(aborter.signal).then(() => order.push('aborted one got in'), () => order.push('w2 aborted'));
    const w3 = s.acquire().then((release) => {
      order.push('w3');
      release();
    });
    aborter.abort();
    r1();
    await Promise.all([w2, w3]);
    expect(order).toEqual(['w2 aborted', 'w3']);
    expect(s.inUse).toBe(0);
    expect(s.waiting).toBe(0);
  });
});
