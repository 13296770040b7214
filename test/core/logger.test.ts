import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';

describe('logger', () => {
  it('writes JSON lines with the clock time and never a secret', () => {
    const lines: string[] = [];
    const clock = new VirtualClock(1_767_571_200_000);
    const logger = createLogger({ level: 'info', clock, destination: { write: (l: string) => void lines.push(l) } });
    logger.child({ component: 'broker' }).info(
      { apiKey: 'k-123', config: { llmApiKey: 'sk-live-1', exchangeSecret: 's-2', mode: 'live' }, request: { headers: { authorization: 'Bearer t' } } },
      'hello',
    );
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ time: 1_767_571_200_000, component: 'broker', msg: 'hello', level: 'info' });
    expect(line.config.mode).toBe('live');
    const text = lines.join('');
    for (const secret of ['k-123', 'sk-live-1', 's-2', 'Bearer t']) expect(text).not.toContain(secret);
  });
});
