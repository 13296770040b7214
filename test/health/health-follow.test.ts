import { PassThrough } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { followHealth } from '../../src/health/health-follow.js';

const T0 = Date.UTC(2026, 11, 4, 12);
const health = (time: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify(Object.assign({ level: 'info', time, name: 'conclave', component: 'health', uptimeS: 1, loops: { health: { runs: 1, errors: 0, lastOkAt: time, intervalMs: 30_000 } }, msg: 'health' }, extra));

/** A followed log: lines are written while the clock runs, as `docker logs -f conclave | conclave health --follow`. */
function follow() {
  const clock = new VirtualClock(T0);
  const input = new PassThrough();
  const printed: string[] = [];
  const done = followHealth({ input, clock, out: (t) => printed.push(t) });
  const write = async (...lines: string[]) => {
    input.write(lines.map((l) => `${l}\n`).join(''));
    for (let i = 0; i < 5; i++) await turn();
  };
  return { clock, input, printed, done, write };
}

describe('conclave health --follow', () => {
  it('prints the state at each health line once the input settles, the replayed past as one state', async () => {
    const f = follow();
    // `docker logs -f` replays the whole log first: one state for the burst, the newest.
    await f.write(...Array.from({ length: 50 }, (_, i) => health(T0 - (50 - i) * 30_000)), 'a line of another program');
    expect(f.printed).toEqual([]);
    await f.clock.advance(300);
    expect(f.printed).toHaveLength(1);
    expect(f.printed[0]).toContain('latest health line of 50: 2026-12-04T11:59:30.000Z');
    await f.clock.advance(29_700);
    await f.write(health(T0 + 30_000, { stalled: ['market data'] }));
    await f.clock.advance(300);
    expect(f.printed).toHaveLength(2);
    expect(f.printed[1]).toContain('latest health line of 51');
    expect(f.printed[1]).toContain('STALLED: market data');
    f.input.end(health(T0 + 60_000) + '\n' + JSON.stringify({ level: 'info', time: T0 + 61_000, msg: 'conclave stopped; store closed' }) + '\n');
    expect(await f.done).toBe(1);
    expect(f.printed.at(-1)).toContain('STOPPED: the daemon logged "conclave stopped"');
  });

  it('says SILENT once when health lines stop coming while the log stays open', async () => {
    const f = follow();
    await f.write(health(T0));
    await f.clock.advance(300);
    expect(f.printed).toHaveLength(1);
    await f.clock.advance(85_000);
    expect(f.printed).toHaveLength(1);
    await f.clock.advance(10_000);
    expect(f.printed).toHaveLength(2);
    expect(f.printed[1]).toMatch(/^SILENT: the latest health line is 9\d s old/);
    await f.clock.advance(60_000);
    expect(f.printed).toHaveLength(2);
    // It comes back: its state is printed, and a later silence is said again.
    await f.write(health(T0 + 160_000));
    await f.clock.advance(300);
    expect(f.printed[2]).toContain('latest health line of 2');
    f.input.end();
    // The log ended with no stop line after the last health line: the daemon was killed.
    expect(await f.done).toBe(1);
    expect(f.printed.at(-1)).toMatch(/^ENDED: the log ended after its last health line/);
  });

  it('says each fatal line of a start that failed as it comes, before any health line (a crash loop under Restart=on-failure)', async () => {
    const f = follow();
    const fatal = (time: number) => JSON.stringify({ level: 'fatal', time, msg: 'cannot build conclave: database disk image is malformed' });
    await f.write(fatal(T0));
    await f.clock.advance(300);
    expect(f.printed).toEqual([`FATAL: the daemon logged a fatal error at 2026-12-04T12:00:00Z, before any health line: cannot build conclave: database disk image is malformed\n`]);
    // The next start fails the same way: said again, with its own time; the end of the log repeats nothing.
    await f.clock.advance(5_000);
    await f.write(fatal(T0 + 5_000));
    await f.clock.advance(300);
    expect(f.printed).toHaveLength(2);
    expect(f.printed[1]).toContain(`fatal error at 2026-12-04T12:00:05Z, before any health line`);
    f.input.end();
    expect(await f.done).toBe(1);
    expect(f.printed).toHaveLength(2);
  });

  it('ends with 2 when the log held no health line', async () => {
    const f = follow();
    f.input.end('not the daemon\n');
    expect(await f.done).toBe(2);
    expect(f.printed).toEqual([]);
  });
});
