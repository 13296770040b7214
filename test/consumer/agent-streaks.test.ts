import { describe, expect, it } from 'vitest';
import { AgentStreaks } from '../../src/consumer/agent-streaks.js';
import type { AgentOutcome } from '../../src/domain/verdict.js';

const ok = (role: string): AgentOutcome => ({ role, status: 'ok', latencyMs: 1, signal: { stance: 0, confidence: 0.5, rationale: [], metrics: {} } });
const failed = (role: string): AgentOutcome => ({ role, status: 'error', latencyMs: 1, error: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9' });

describe('an agent that keeps failing', () => {
  it('is said once after ten failed discussions in a row, with its last error, and again only after it answered', () => {
    const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
    const streaks = new AgentStreaks({ warn: ((obj: Record<string, unknown>, msg: string) => void warnings.push({ obj, msg })) as never });
    for (let i = 0; i < 9; i++) streaks.observe([ok('bull'), failed('analyst')]);
    expect(warnings).toEqual([]);
    for (let i = 0; i < 15; i++) streaks.observe([ok('bull'), failed('analyst')]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.obj).toEqual({ role: 'analyst', status: 'error', failures: 10, lastError: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9' });
    expect(warnings[0]!.msg).toBe('agent analyst failed its last 10 discussions (each one an abstention); check its endpoint or settings');
    // A timeout now and then does not add up: one answer starts the count again.
    streaks.observe([ok('analyst')]);
    for (let i = 0; i < 9; i++) streaks.observe([failed('analyst')]);
    expect(warnings).toHaveLength(1);
    streaks.observe([failed('analyst')]);
    expect(warnings).toHaveLength(2);
  });
});
