import { describe, expect, it } from 'vitest';
import { formatHealth, latestHealth, type HealthLine } from '../../src/health/health-report.js';

const line = (time: number) => JSON.stringify({ level: 'info', time, name: 'conclave', component: 'health', uptimeS: 5, loops: { health: { runs: 1, errors: 0, lastOkAt: time, intervalMs: 30_000 } }, msg: 'health' });

/**
 * `journalctl -u conclave | conclave health` (without -o cat) and `docker logs -t conclave | ...` put a prefix before
 * each JSON line. Such a log was "no health line found" (exit 2): an operator's probe judged nothing.
 */
describe('reading health lines', () => {
  it('finds them behind the prefix of journalctl or docker logs --timestamps', () => {
    const journal = [
      `Dec 02 07:15:27 vm conclave[1234]: ${line(1000)}`,
      'Dec 02 07:15:28 vm systemd[1]: Started conclave.',
      `Dec 02 07:15:57 vm conclave[1234]: ${line(31_000)}`,
    ];
    expect(latestHealth(journal)).toMatchObject({ count: 2, line: { time: 31_000 } });
    const docker = [`2026-12-02T07:15:27.000000000Z ${line(2000)}`];
    expect(latestHealth(docker)).toMatchObject({ count: 1, line: { time: 2000 } });
    expect(latestHealth(['plain text with a { brace', `{"msg":"verdict","time":1}`])).toBeNull();
  });

  it("passes over another program's \"health\" line, which has no loops: it read as all loops fresh, exit 0", () => {
    const foreign = [JSON.stringify({ level: 30, time: 5000, msg: 'health', status: 'ok' }), JSON.stringify({ time: 6000, msg: 'health', loops: null, queue: 'x' }), JSON.stringify({ time: 7000, msg: 'health', loops: {} })];
    expect(latestHealth(foreign)).toBeNull();
    expect(latestHealth([line(1000), ...foreign])).toMatchObject({ count: 1, line: { time: 1000 } });
  });

  it('passes over a line whose time no date holds (it threw "Invalid time value", exit 1)', () => {
    const mangled = [line(1000).replace('"time":1000', '"time":99999999999999999'), line(1000).replace('"time":1000', '"time":1e400')];
    const latest = latestHealth([line(2000), ...mangled]);
    expect(latest).toMatchObject({ count: 1, line: { time: 2000 } });
    expect(formatHealth(latest!).text).toContain("all loops fresh");
  });

  it('says which outside source fails and its last error, and nothing of one that works again', () => {
    const withSources = JSON.parse(line(2000)) as HealthLine;
    withSources.sources = {
      'feed 127.0.0.1': { state: 'open', failures: 7, successes: 0, consecutiveFailures: 7, shortCircuited: 2, lastError: 'ECONNREFUSED: nothing listens there: check the host and port' },
      'feed example.org': { state: 'closed', failures: 3, successes: 40, consecutiveFailures: 0, shortCircuited: 0, lastError: 'timed out' },
    };
    const { text } = formatHealth({ line: withSources, count: 1 });
    expect(text).toContain('\nsource    feed 127.0.0.1  breaker open  7 failed in a row; last error: ECONNREFUSED: nothing listens there: check the host and port\n');
    expect(text).not.toContain('example.org');
  });

  it('notes a clean stop logged after the latest health line, and only then', () => {
    const stopped = (time: number) => JSON.stringify({ level: 'info', time, name: 'conclave', msg: 'conclave stopped; store closed' });
    expect(latestHealth([line(1000), stopped(2000)])).toEqual(expect.objectContaining({ stoppedAt: 2000 }));
    expect(latestHealth([stopped(500), line(1000)])).not.toHaveProperty('stoppedAt');
  });

  it('notes the fatal error logged after the latest health line, the last one, and none from before it', () => {
    const fatal = (time: number, msg: string) => JSON.stringify({ level: 'fatal', time, name: 'conclave', msg });
    const stopped = JSON.stringify({ level: 'info', time: 3000, name: 'conclave', msg: 'conclave stopped; store closed' });
    expect(latestHealth([line(1000), fatal(2000, 'store deleted'), fatal(2500, 'then this'), stopped])).toEqual(
      expect.objectContaining({ stoppedAt: 3000, fatal: { at: 2500, message: 'then this' } }),
    );
    expect(latestHealth([fatal(500, 'an earlier run'), line(1000)])).not.toHaveProperty('fatal');
    expect(latestHealth([`Dec 02 07:15:27 vm conclave[1]: ${line(1000)}`, `Dec 02 07:15:28 vm conclave[1]: ${fatal(2000, 'x')}`])).toHaveProperty('fatal.message', 'x');
  });
});

/** The first health line is taken while the loops' first runs are under way: it said "never succeeded" of each. */
describe('a health line from the first seconds', () => {
  it('says a loop whose first run is under way is starting, and one past three intervals never succeeded', () => {
    const loops = {
      modelScanner: { runs: 1, errors: 0, lastOkAt: null, intervalMs: 180_000, startedAt: 10_000 },
      newsScanner: { runs: 4, errors: 4, lastOkAt: null, intervalMs: 1_000, startedAt: 10_000 },
      health: { runs: 2, errors: 0, lastOkAt: 40_000, intervalMs: 30_000, startedAt: 10_000 },
    };
    const { text, stale } = formatHealth({ line: { time: 50_000, loops } as HealthLine, count: 1 });
    expect(stale).toEqual(['newsScanner']);
    expect(text).toMatch(/modelScanner +runs 1 +errors 0 +first run under way \(started 40\.0 s before\)\n/);
    expect(text).toMatch(/newsScanner +runs 4 +errors 4 +never succeeded +STALE/);
    expect(text).toMatch(/health +runs 2 +errors 0 +last ok 10\.0 s before\n/);
  });
});

describe('a health line with an account limit tripped', () => {
  it('says which limit stops new entries, since when and why (the daemon looked fine while rejecting every entry)', () => {
    const limit = { rule: 'daily_loss_limit', reason: "today's loss 8 % reached the daily limit 5 %", since: Date.UTC(2026, 0, 5, 14) };
    const { text } = formatHealth({ line: { time: Date.UTC(2026, 0, 5, 15), loops: {}, limit } as HealthLine, count: 1 });
    expect(text).toContain("LIMIT: daily_loss_limit stops new entries since 2026-01-05T14:00:00.000Z: today's loss 8 % reached the daily limit 5 %");
    expect(formatHealth({ line: { time: 1, loops: {}, limit: null } as HealthLine, count: 1 }).text).not.toContain('LIMIT');
  });
});

describe('a health line with LLM roles', () => {
  it('says CLOCK when this machine’s clock surely disagrees with the exchange’s by more than 2 s, and nothing within it', () => {
    const said = (exchangeClock: unknown) => formatHealth({ line: { time: 1, loops: {}, exchangeClock } as HealthLine, count: 1 }).text.split('\n').filter((l) => l.startsWith('CLOCK'));
    expect(said({ offsetMs: 4500, uncertaintyMs: 500 })).toEqual([
      "CLOCK: this machine's clock is at least 4.0 s ahead of the exchange's (measured 4500 ms ± 500): candles are judged by the exchange's time meanwhile, and the exchange may refuse orders; sync it (timedatectl set-ntp true, or chrony; in Docker, the host clock)",
    ]);
    expect(said({ offsetMs: -6200, uncertaintyMs: 40 })).toEqual([expect.stringMatching(/^CLOCK: this machine's clock is at least 6\.2 s behind the exchange's \(measured -6200 ms ± 40\): closed candles are read that much late/)]);
    // Within 2 s once the uncertainty is counted, or not measured: nothing.
    expect([...said({ offsetMs: 2300, uncertaintyMs: 500 }), ...said({ offsetMs: -900, uncertaintyMs: 20 }), ...said(null), ...said(undefined)]).toEqual([]);
  });

  it('shows the day’s LLM requests against the budget, and when it is spent', () => {
    const line = (llm: unknown) => formatHealth({ line: { time: 1, loops: {}, llm } as HealthLine, count: 1 }).text;
    expect(line({ day: '2026-01-05', requests: 350, perDay: 1000, refused: 0 })).toMatch(/^llm +350 requests today of 1000$/m);
    expect(line({ day: '2026-01-05', requests: 1000, perDay: 1000, refused: 12 })).toMatch(/^llm +1000 requests today of 1000 +BUDGET SPENT: 12 not asked/m);
    expect(line({ day: '2026-01-05', requests: 7, perDay: 0, refused: 0 })).toMatch(/^llm +7 requests today of no limit$/m);
    expect(line(null)).not.toMatch(/^llm/m);
  });
});

/** A halted daemon (an operator's halt, a drawdown halt) read "all loops fresh" in `conclave health`, and nothing else. */
describe('a health line of a halted daemon', () => {
  it('says it is halted, with the reason and time of the kill switch’s last line', () => {
    const halted = (time: number) => JSON.stringify({ level: 'info', time, name: 'conclave', component: 'health', halted: true, loops: { health: { runs: 1, errors: 0, lastOkAt: time, intervalMs: 30_000 } }, msg: 'health' });
    const on = JSON.stringify({ level: 'warn', time: 2000, component: 'kill-switch', reason: 'drawdown 21 % reached the limit 20 %', since: Date.UTC(2026, 0, 5, 14), flatten: false, msg: 'kill switch on: no new entries (open positions keep their stops) until `conclave resume`' });
    const latest = latestHealth([line(1000), on, halted(2000), halted(32_000)]);
    expect(latest).not.toBeNull();
    expect(formatHealth(latest!).text).toMatch(/^HALTED since 2026-01-05T14:00:00.000Z: no new entries: drawdown 21 % reached the limit 20 %; `conclave resume` lifts the kill switch$/m);
    expect(formatHealth(latestHealth([halted(2000)])!).text).toMatch(/^HALTED: no new entries \(`conclave status` says why\)/m);
    expect(formatHealth(latestHealth([on, halted(2000), line(3000)])!).text).not.toContain('HALTED');
  });

  it('says where a halt --flatten stands, from the line’s flatten', () => {
    const halted = (flatten: string | null) => formatHealth({ line: { time: 1, loops: {}, halted: true, flatten } as HealthLine, count: 1 }).text;
    expect(halted('under way')).toMatch(/^HALTED: no new entries \(`conclave status` says why\); flatten under way: open positions are being closed; `conclave resume` lifts the kill switch$/m);
    expect(halted('done')).toMatch(/; flattened: the positions were closed; /m);
    expect(halted(null)).not.toMatch(/flatten/);
  });

  it('tells a halt by a fatal condition or a damaged store from the kill switch, by the line’s cause and switch', () => {
    const halts = (extra: Record<string, unknown>) =>
      formatHealth({ line: { time: 1, loops: {}, halted: true, ...extra } as HealthLine, count: 1 }).text.split('\n').filter((l) => l.startsWith('HALTED'));
    expect(halts({ haltCause: 'fatal', killSwitch: false })).toEqual(['HALTED: no new entries: conclave is stopping on a fatal condition (its FATAL line says why)']);
    expect(halts({ haltCause: 'fatal', killSwitch: true })).toHaveLength(2);
    expect(halts({ haltCause: 'store', killSwitch: false, storeCheck: { damage: 'Tree 7 page 7: invalid page number 99' } })).toEqual([]);
    expect(halts({ haltCause: 'store', killSwitch: true, storeCheck: { damage: 'Tree 7 page 7: invalid page number 99' } })).toEqual([
      'HALTED: no new entries (`conclave status` says why); `conclave resume` lifts the kill switch',
    ]);
    expect(halts({ haltCause: 'kill_switch', killSwitch: true })).toEqual(['HALTED: no new entries (`conclave status` says why); `conclave resume` lifts the kill switch']);
  });
});

describe('a health line whose store check found damage', () => {
  it("says what to do as a start refusing the store does, naming the line's store, or the mode's in the data dir for a line without it", () => {
    const damaged = (storeCheck: Record<string, unknown>) =>
      formatHealth({ line: { time: 1, loops: {}, halted: true, mode: 'live', storeCheck: { intervalMs: 60_000, runs: 1, failures: 0, lastAt: 0, lastMs: 5, damage: 'Tree 7 page 7: btreeInitPage() returns error code 11', ...storeCheck } } as HealthLine, count: 1 }).text;
    expect(damaged({ file: '/srv/conclave/conclave-live.db' })).toContain(
      'STORE DAMAGED (found by the periodic check at 1970-01-01T00:00:00.000Z): /srv/conclave/conclave-live.db: Tree 7 page 7: btreeInitPage() returns error code 11. ' +
        'New entries are halted (`conclave resume` does not lift it); open positions are still watched. Do not trade on it: stop conclave, then move the store and its ' +
        '-wal and -shm files away, and copy your latest backup (conclave backup) in their place; to start a new account on purpose, move them away and delete ' +
        '/srv/conclave/conclave-live.created; the next start checks the whole store',
    );
    expect(damaged({})).toContain('<data dir>/conclave-live.db: Tree 7 page 7');
    expect(damaged({})).toContain('delete <data dir>/conclave-live.created;');
  });
});

describe('a health line with notifications failing or the ledger broken', () => {
  it('says the notices not delivered with the last error, and a broken ledger: both were in the line only', () => {
    const notify = { sent: 3, failed: 4, dropped: 0, queued: 0, channels: { webhook: { sent: 3, failed: 4, lastError: 'webhook (json): HTTP 500' }, telegram: { sent: 0, failed: 0 } } };
    const text = (extra: Record<string, unknown>) => formatHealth({ line: { time: 1, loops: {}, ...extra } as HealthLine, count: 1 }).text.split('\n');
    expect(text({ notify })).toContain('notify    sent 3  failed 4  dropped 0  NOT DELIVERED, last error: webhook (json): HTTP 500');
    expect(text({ notify: { sent: 2, failed: 0, dropped: 0, channels: {} } })).toContain('notify    sent 2  failed 0  dropped 0');
    expect(text({ notify: null }).some((l) => l.startsWith('notify'))).toBe(false);
    expect(text({ ledger: { ok: false, diff: -12.5 } })).toContain(
      'LEDGER BROKEN (difference -12.5): cash plus the cost of open positions no longer equals starting cash plus realised P&L less fees; inspect the store (conclave status)',
    );
    expect(text({ ledger: { ok: true, diff: 0 } }).some((l) => l.startsWith('LEDGER'))).toBe(false);
  });
});
