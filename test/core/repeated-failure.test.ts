import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { RepeatedFailure } from '../../src/core/repeated-failure.js';

function setup(withClock: boolean) {
  const clock = new VirtualClock(0);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', clock, destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  const failure = new RepeatedFailure(logger, 'pass failed; retrying', withClock ? { clock, everyMs: 60_000 } : {});
  return { clock, lines, failure };
}

describe('RepeatedFailure', () => {
  it('counts every failure, warns about the first and then at most once a minute with the count since', async () => {
    const { clock, lines, failure } = setup(true);
    for (let i = 0; i < 300; i++) {
      failure.record(`disk I/O error ${i}`);
      await clock.advance(1_000); // a failure a second for five minutes
    }
    expect(failure.stats()).toEqual({ failures: 300, lastError: 'disk I/O error 299' });
    expect(lines.map((l) => [l.failures, l.sinceLastWarning])).toEqual([[1, 1], [61, 60], [121, 60], [181, 60], [241, 60]]);
    expect(lines.every((l) => l.level === 'warn' && l.msg === 'pass failed; retrying')).toBe(true);
    expect(lines[0]!.err).toBe('disk I/O error 0');
  });

  it('without a clock, warns at the 1st, 10th, 100th… failure', () => {
    const { lines, failure } = setup(false);
    for (let i = 0; i < 1000; i++) failure.record('locked');
    expect(lines.map((l) => l.failures)).toEqual([1, 10, 100, 1000]);
    expect(failure.stats().failures).toBe(1000);
  });
});
