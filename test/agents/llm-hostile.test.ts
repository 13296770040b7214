import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmAgent } from '../../src/agents/llm-agent.js';
import { runDiscussion } from '../../src/agents/discussion.js';
import { LiveClock } from '../../src/core/clock.js';
import { startLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { contextOf, uptrend } from './series.js';

const CHUNK = Buffer.alloc(64 * 1024, 0x20);
let server: LoopbackServer;
/** Bytes the server managed to write per request path before the client hung up. */
const sent = new Map<string, number>();

beforeAll(async () => {
  server = await startLoopback((req, res) => {
    req.resume();
    const path = req.url ?? '/';
    if (path.startsWith('/endless') || path.startsWith('/error-endless')) {
      // A JSON-looking body that never ends, written as fast as the client reads it.
      res.writeHead(path.startsWith('/error') ? 500 : 200, { 'content-type': 'application/json' });
      res.write('{"choices":[{"message":{"content":"');
      let total = 0;
      const pump = () => {
        while (!res.destroyed) {
          total += CHUNK.length;
          sent.set(path, total);
          if (!res.write(CHUNK)) return void res.once('drain', pump);
        }
      };
      pump();
    } else if (path.startsWith('/declared')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write(CHUNK);
    } else if (path.startsWith('/moved')) {
      res.writeHead(307, { location: '/elsewhere/v1/chat/completions' }).end();
    } else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const context = contextOf(uptrend(150));
const agent = (path: string, maxBytes?: number) =>
  new LlmAgent({ role: 'bull', url: `${server.url}${path}`, model: 'm', clock: new LiveClock(), timeoutMs: 10_000, ...(maxBytes ? { maxBytes } : {}) });

describe('LlmAgent against a hostile endpoint', () => {
  it('cuts off an endless answer at llmMaxBytes and abstains quickly, memory bounded', async () => {
    globalThis.gc?.();
    const before = process.memoryUsage();
    const started = performance.now();
    const [outcome] = await runDiscussion([agent('/endless/v1')], context, { clock: new LiveClock(), deadlineMs: 15_000 });
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(outcome).toMatchObject({ role: 'bull', status: 'error' });
    expect(outcome!.error).toMatch(/more than the 1048576-byte limit; cut off \(raise llmMaxBytes/);
    // Well before its 10 s timeout: the cap, not the clock, ended it.
    expect(elapsed).toBeLessThan(5_000);
    // The server could push at most the cap plus what the sockets buffer before the client hung up.
    await expect.poll(() => sent.get('/endless/v1/chat/completions') ?? 0).toBeGreaterThan(1024 * 1024);
    expect(sent.get('/endless/v1/chat/completions')!).toBeLessThan(64 * 1024 * 1024);
    const grownMb = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1048576;
    expect(grownMb).toBeLessThan(64);
  });

  it('honours a smaller configured cap', async () => {
    const [outcome] = await runDiscussion([agent('/endless/small', 4096)], context, { clock: new LiveClock(), deadlineMs: 15_000 });
    expect(outcome!.error).toMatch(/more than the 4096-byte limit/);
  });

  it('refuses a declared 50 MB answer without reading it', async () => {
    const started = performance.now();
    const [outcome] = await runDiscussion([agent('/declared/v1')], context, { clock: new LiveClock(), deadlineMs: 15_000 });
    expect(outcome!.error).toMatch(/answered 52428800 bytes, over the 1048576-byte limit/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('does not follow a redirect, so the API key goes nowhere else', async () => {
    const a = new LlmAgent({ role: 'bull', url: `${server.url}/moved/v1`, model: 'm', apiKey: 'sk-redirect-test', clock: new LiveClock(), timeoutMs: 5_000 });
    const [outcome] = await runDiscussion([a], context, { clock: new LiveClock(), deadlineMs: 10_000 });
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toMatch(/HTTP 307, a redirect to \/elsewhere\/v1\/chat\/completions; set llmUrl to the final address/);
    expect(server.requests.some((r) => r.path.startsWith('/elsewhere'))).toBe(false);
  });

  it('quotes only the first bytes of an endless error page', async () => {
    const started = performance.now();
    const [outcome] = await runDiscussion([agent('/error-endless/v1')], context, { clock: new LiveClock(), deadlineMs: 15_000 });
    expect(outcome!.status).toBe('error');
    expect(outcome!.error).toMatch(/^bull LLM \(m\): endpoint answered HTTP 500: \(a body over 4 KiB or unreadable, not shown\)$/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
