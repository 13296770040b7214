import { afterEach, describe, expect, it } from 'vitest';
import { holdStopSignals, isStartCommand, StopSignals, STOP_SIGNALS } from '../../src/core/stop-signals.js';

/**
 * A stop signal while the daemon's modules load: before, nothing handled it (exit 143, no word); with a gap between the
 * loading-time handler and the daemon's, a signal in the gap was lost and the daemon ran on. The daemon's handlers go
 * on first, then the hold comes off: there is always exactly one owner.
 */
describe('the stop signals held while loading', () => {
  const base = Object.fromEntries(STOP_SIGNALS.map((s) => [s, process.listenerCount(s)]));
  let signals: StopSignals | undefined;
  afterEach(() => signals?.dispose());

  it('are handled from the hold until the daemon takes them over, with no moment unhandled', () => {
    holdStopSignals();
    for (const s of STOP_SIGNALS) expect(process.listenerCount(s)).toBe(base[s]! + 1);
    const counts: number[] = [];
    const on = process.on.bind(process);
    // Count the listeners at the moment the daemon's handler is added: the hold's must still be there.
    process.on = ((event: string, listener: (...args: unknown[]) => void) => {
      if (event === 'SIGTERM') counts.push(process.listenerCount('SIGTERM'));
      return on(event as 'SIGTERM', listener);
    }) as typeof process.on;
    try {
      signals = new StopSignals(() => undefined);
    } finally {
      process.on = on;
    }
    expect(counts).toEqual([base.SIGTERM! + 1]);
    // Taken over: the daemon's handler alone.
    for (const s of STOP_SIGNALS) expect(process.listenerCount(s)).toBe(base[s]! + 1);
    signals.dispose();
    signals = undefined;
    for (const s of STOP_SIGNALS) expect(process.listenerCount(s)).toBe(base[s]!);
  });
});

describe('which command lines hold the stop signals while loading', () => {
  it('conclave start, with the global environment file before it, and no other command', () => {
    expect(isStartCommand(['start'])).toBe(true);
    expect(isStartCommand(['start', '--config', 'c.json'])).toBe(true);
    // It was held only when start came first: a service started so was killed by a signal while loading.
    expect(isStartCommand(['--environment-file', '/etc/conclave/conclave.env', 'start'])).toBe(true);
    expect(isStartCommand(['--environment-file=/etc/conclave/conclave.env', 'start'])).toBe(true);
    for (const args of [['halt', '--reason', 'start'], ['--environment-file', 'start'], ['status'], [], ['help', 'start']]) expect(isStartCommand(args), args.join(' ')).toBe(false);
  });
});
