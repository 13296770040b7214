import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { formatHealth, type HealthLine } from '../../src/health/health-report.js';
import { PeriodicStoreCheck } from '../../src/store/periodic-store-check.js';
import { RUN_KEY } from '../../src/store/start-check.js';
import { metaValue } from '../../src/store/store-meta.js';
import { openStore } from '../../src/store/store.js';
import { runAnswered, runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { fakeEndpoint } from '../notify/fakes.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
const kernels: Harness[] = [];
const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const h of kernels.splice(0)) await h.kernel.stop();
  for (const s of servers.splice(0)) await s.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** Garbage over a b-tree page's header and cells, as a failing disk leaves it. */
function damage(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, (page - 1) * 4096 + 8);
  closeSync(fd);
}

/** A daemon on the virtual clock whose store holds 5,000 rows of a table it never touches, written to the file. */
async function daemon(interval: string, env: Record<string, string> = {}): Promise<Harness & { file: string; page: number }> {
  const h = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0', CONCLAVE_MAX_HOLD_MS: '0', CONCLAVE_STORE_CHECK_INTERVAL_MS: interval, ...env });
  kernels.push(h);
  dirs.push(h.dataDir);
  const db = h.kernel.store.db;
  db.exec('CREATE TABLE old_pages (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO old_pages (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) insert.run(`row ${i} `.repeat(10));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const page = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'old_pages'`).get() as { rootpage: number }).rootpage;
  await h.kernel.start();
  return { ...h, file: join(h.dataDir, 'conclave-paper.db'), page };
}

/** `conclave status` on the daemon's data dir, as an operator runs it beside the daemon. */
function status(dataDir: string, json: boolean): string {
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'status', ...(json ? ['--json'] : [])], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const entriesSince = (h: Harness, at: number) => (h.kernel.store.db.prepare(`SELECT COUNT(*) n FROM orders WHERE purpose = 'entry' AND created_at > ?`).get(at) as { n: number }).n;
const lastHealth = (h: Harness) => h.logs.filter((l) => l.msg === 'health').at(-1) as HealthLine;

describe("the running store's periodic check", () => {
  it('finds a page damaged while the daemon runs, halts new entries, says so, and has the next start check it all', async () => {
    const h = await daemon(String(6 * HOUR));
    damage(h.file, h.page);
    await runFor(h.clock, 6 * HOUR - 60_000);
    expect(h.logs.some((l) => l.level === 'error')).toBe(false);
    const entriesBefore = entriesSince(h, 0);
    expect(entriesBefore).toBeGreaterThan(0);
    // The check's worker is told to the clock: the clock stays still until it has answered.
    await runAnswered(h.clock, 60_000);
    const said = h.logs.find((l) => l.component === 'store' && l.level === 'error')!;
    expect(said).toBeDefined();
    expect(said.msg).toMatch(/^The store .+conclave-paper\.db is damaged \(SQLite's quick_check, run while the daemon runs: .+\)\. New entries are halted;/);
    expect(said.msg).toMatch(/move the store and its -wal and -shm files away, and copy your latest backup \(conclave backup\) in their place/);
    const foundAt = h.clock.now();
    // conclave status says the last check's result: it said nothing of the store's damage.
    // ...and that entries are halted, as the daemon's /status does: it said `halted: false` (the kill switch alone).
    expect(JSON.parse(status(h.dataDir, true))).toMatchObject({
      halted: true,
      halt: { cause: 'store', reason: expect.stringMatching(/^the store was found damaged by its periodic check: .+; stop conclave, then move the store/) },
      storeCheck: { at: expect.any(Number), ms: expect.any(Number), damage: expect.stringMatching(/^Tree \d+ page/) },
    });
    expect(status(h.dataDir, false).split('\n')[0]).toBe('mode paper (HALTED: no new entries: the store was found damaged; `conclave resume` does not lift it)');
    expect(status(h.dataDir, false).split('\n')[1]).toMatch(
      new RegExp(`^STORE DAMAGED \\(found by the periodic check at 2026-01-05T0[56]:\\d\\d:\\d\\d\\.\\d{3}Z \\(\\d+ ms\\)\\): ${h.file}: Tree \\d+ page .+ Do not trade on it: stop conclave, then move the store`),
    );
    // conclave resume has nothing to lift, and says entries stay halted: it said "entries were already allowed".
    const resumed = spawnSync(process.execPath, ['bin/conclave.js', 'resume'], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: h.dataDir }, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^the kill switch is off, so nothing changed; entries stay halted, as the store was found damaged: STORE DAMAGED \(found by the periodic check at .+ Do not trade on it: stop conclave, then move the store/);
    await runFor(h.clock, 12 * HOUR);
    expect(entriesSince(h, foundAt)).toBe(0);
    const refused = h.kernel.store.db.prepare(`SELECT reason FROM risk_decisions WHERE rule = 'entries_halted' AND time > ?`).all(foundAt) as { reason: string }[];
    expect(refused.length).toBeGreaterThan(0);
    // Each refusal says why, not "kill switch is on: ... until `conclave resume`", which would not lift it.
    for (const r of refused) expect(r.reason).toMatch(/^the store was found damaged by its periodic check: no new entries until conclave is restarted on a sound store/);
    // `conclave resume` has nothing to lift: the kill switch was never engaged.
    h.kernel.killSwitch.resume();
    await runFor(h.clock, 6 * HOUR);
    expect(entriesSince(h, foundAt)).toBe(0);
    const line = lastHealth(h);
    expect(line).toMatchObject({ halted: true, storeCheck: { runs: 1, damage: expect.any(String) } });
    // /status (and the cockpit's page) says so too: it said "not halted" while the line and /metrics said halted.
    expect(h.kernel.status()).toMatchObject({ halted: true, halt: { cause: 'store', reason: expect.stringMatching(/^the store was found damaged by its periodic check: .+; stop conclave, then move the store/) } });
    expect(formatHealth({ line, count: 1 }).text).toMatch(/STORE DAMAGED \(found by the periodic check at .+\): .+New entries are halted/);
    await h.kernel.stop();
    expect(metaValue(openStore(h.file, { readonly: true }).db, RUN_KEY)).toMatch(/^open \(/);
    expect(() => openStore(h.file, { kind: 'paper' }).close()).toThrow(/is damaged \(SQLite's quick_check: .+; checked whole: the last run on it .+ did not close it cleanly\)/);
    // conclave health says what the start says to do, naming the store the line names (it wrote its own words, no path).
    const refusal = (() => {
      try {
        openStore(h.file, { kind: 'paper' }).close();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    const advice = /Do not trade on it: (.+)\.$/.exec(refusal)![1]!;
    expect(advice).toContain(`delete ${join(h.dataDir, 'conclave-paper.created')}`);
    expect(line.storeCheck).toMatchObject({ file: h.file });
    expect(formatHealth({ line, count: 1 }).text).toContain(`${h.file}: ${String((line.storeCheck as { damage: string }).damage)}`);
    expect(formatHealth({ line, count: 1 }).text).toContain(`Do not trade on it: stop conclave, then ${advice}; the next start checks the whole store`);
    expect(said.msg).toContain(`Do not trade on it: stop conclave, then ${advice}; the next start checks the whole store`);
  }, 120_000);

  it('tells the operator, once, that the store is damaged and what to do: not that a kill switch went on', async () => {
    // The endpoint's clock only dates what it receives.
    const hook = await fakeEndpoint(new VirtualClock());
    servers.push(hook);
    // Health lines every 25 minutes: none falls on the check's instant (6 h), so a notice sent with the next one is later.
    const h = await daemon(String(6 * HOUR), {
      CONCLAVE_NOTIFY_WEBHOOK_URL: `${hook.url}/hook`,
      CONCLAVE_NOTIFY_BATCH_WINDOW_MS: '0',
      CONCLAVE_NOTIFY_MIN_INTERVAL_MS: '0',
      CONCLAVE_NOTIFY_EVENTS: '["halt"]',
      CONCLAVE_HEALTH_INTERVAL_MS: String(25 * 60_000),
    });
    damage(h.file, h.page);
    // The check's worker and the webhook's posts are told to the clock: each holds it until answered.
    await runAnswered(h.clock, 6 * HOUR);
    expect(h.logs.some((l) => l.component === 'store' && l.level === 'error')).toBe(true);
    type Told = { kind: string; severity: string; title: string; text: string; at: number };
    const told = () => hook.received.flatMap((r) => r.body.notices as Told[]);
    // Every post made in these two hours has reached the endpoint and been answered: a second notice would be seen.
    await runAnswered(h.clock, 2 * HOUR);
    const damaged = (lastHealth(h).storeCheck as { damage: string }).damage;
    expect(told()).toEqual([
      {
        kind: 'halt',
        severity: 'critical',
        title: 'store damaged: new entries halted',
        text: expect.stringContaining(`the periodic check found ${h.file} damaged (${damaged}): no new entries until conclave is restarted on a sound store`),
        at: expect.any(Number),
      },
    ]);
    expect(told()[0]!.text).toContain(`Do not trade on it: stop conclave, then move the store and its -wal and -shm files away`);
    // Told as the check found it, not with the next health line (up to healthIntervalMs later).
    const found = h.logs.find((l) => l.component === 'store' && l.level === 'error')!;
    expect(told()[0]!.at).toBe(found.time);
    const firstLine = h.logs.find((l) => l.msg === 'health' && typeof (l.storeCheck as { damage?: unknown } | null)?.damage === 'string')!;
    expect(firstLine.time).toBeGreaterThan(found.time as number);
  }, 120_000);

  it('runs on a sound store, and trades on', async () => {
    const h = await daemon(String(6 * HOUR));
    await runAnswered(h.clock, 6 * HOUR);
    expect(h.logs.filter((l) => l.msg === 'periodic check of the store: sound')).toHaveLength(1);
    await runAnswered(h.clock, 6 * HOUR);
    expect(h.logs.filter((l) => l.msg === 'periodic check of the store: sound')).toHaveLength(2);
    const at = h.clock.now();
    for (let i = 0; i < 48 && entriesSince(h, at) === 0; i++) await runFor(h.clock, HOUR);
    expect(entriesSince(h, at)).toBeGreaterThan(0);
    expect(lastHealth(h)).toMatchObject({ halted: false, storeCheck: { runs: expect.any(Number), failures: 0, damage: null } });
    expect(JSON.parse(status(h.dataDir, true))).toMatchObject({ storeCheck: { at: (lastHealth(h).storeCheck as { lastAt: number }).lastAt, damage: null } });
    expect(status(h.dataDir, false)).toMatch(/^store check: sound \(the periodic check at 2026-01-0\dT\d\d:\d\d:\d\d\.\d{3}Z \(\d+ ms\)\)$/m);
    await h.kernel.stop();
    expect(metaValue(openStore(h.file, { readonly: true }).db, RUN_KEY)).toBe('closed cleanly');
  }, 120_000);

  it('is off at 0: damage on a page nothing reads goes unseen, as before', async () => {
    const h = await daemon('0');
    damage(h.file, h.page);
    // A check that ran would be told to the clock, which then waits for its answer: a fixed sleep passed when the
    // worker answered after it.
    await runAnswered(h.clock, 24 * HOUR);
    expect(h.logs.some((l) => l.level === 'error' || l.msg === 'periodic check of the store: sound')).toBe(false);
    expect(lastHealth(h)).toMatchObject({ halted: false, storeCheck: null });
  }, 120_000);

  it('keeps its cadence on the clock: first one interval after the start, the next one interval after it ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-store-check-'));
    dirs.push(dir);
    const file = join(dir, 'conclave-paper.db');
    openStore(file, { kind: 'paper' }).close();
    const clock = new VirtualClock();
    const found: string[] = [];
    const check = new PeriodicStoreCheck({ file, clock, logger: createLogger({ level: 'silent', clock }), intervalMs: HOUR, onDamage: (m) => found.push(m) });
    check.start();
    await clock.advance(HOUR - 1);
    await check.settled();
    expect(check.stats().runs).toBe(0);
    await clock.advance(1);
    await check.settled();
    expect(check.stats()).toMatchObject({ runs: 1, failures: 0, damage: null });
    // The file's header overwritten: SQLite refuses to read it at all (SQLITE_NOTADB), which is damage too.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    await clock.advance(HOUR);
    await check.settled();
    expect(check.stats()).toMatchObject({ runs: 2, damage: expect.stringMatching(/SQLITE_NOTADB/) });
    expect(found).toHaveLength(1);
    // No check after damage was found.
    await clock.advance(3 * HOUR);
    await check.settled();
    expect(check.stats().runs).toBe(2);
    check.stop();
  });
});
