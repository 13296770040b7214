import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, startDaemon } from '../helpers/daemon-process.js';
import { VERDICT_RULES } from '../../src/domain/verdict.js';

const fastEnv = (dataDir: string, port: number) => ({
  CONCLAVE_DATA_DIR: dataDir,
  CONCLAVE_HTTP_PORT: String(port),
  CONCLAVE_MODEL_SCAN_INTERVAL_MS: '500',
  CONCLAVE_NEWS_SCAN_INTERVAL_MS: '700',
  CONCLAVE_POSITION_CHECK_INTERVAL_MS: '300',
  CONCLAVE_HEALTH_INTERVAL_MS: '300',
  CONCLAVE_MODEL_THRESHOLD: '0.5',
});

describe('the daemon process', () => {
  it('serves /healthz and /ws, trades, and exits 0 with a consistent store on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-proc-'));
    const port = await freePort();
    const daemon = startDaemon(fastEnv(dataDir, port));
    await daemon.waitFor((l) => l.msg === 'health');
    const verdict = await daemon.waitFor((l) => l.msg === 'verdict');
    // The log line says which of the chief's rules decided, so a reader of the logs sees why nothing trades.
    expect(Object.keys(VERDICT_RULES)).toContain(verdict.rule);

    const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const messages: { type: string; ts: number; data: object }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    await daemon.waitFor((l) => l.msg === 'health' && (l.ws as { clients: number } | null)?.clients === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(messages[0]!.type).toBe('snapshot');
    expect(messages.some((m) => m.type === 'health')).toBe(true);
    for (const m of messages) {
      expect(typeof m.type).toBe('string');
      expect(typeof m.ts).toBe('number');
      expect(typeof m.data).toBe('object');
    }
    ws.close();

    const stoppedAt = Date.now();
    daemon.child.kill('SIGTERM');
    const { code } = await daemon.exited;
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(daemon.lines.at(-1)!.msg).toMatch(/stopped; store closed/);

    const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const verdicts = (db.prepare('SELECT COUNT(*) n FROM verdicts').get() as { n: number }).n;
    expect(verdicts).toBeGreaterThan(0);
    expect((db.prepare(`SELECT COUNT(*) n FROM opportunities WHERE status = 'queued'`).get() as { n: number }).n).toBe(0);
    const a = db.prepare('SELECT * FROM account').get() as { starting_cash: number; cash: number; realized_pnl: number; fees: number };
    const openCost = (db.prepare('SELECT COALESCE(SUM(qty * avg_price), 0) c FROM positions').get() as { c: number }).c;
    expect(a.cash + openCost).toBeCloseTo(a.starting_cash + a.realized_pnl - a.fees, 6);
    db.close();
  });

  it('exits 78 naming the key for a bad configuration value', async () => {
    const daemon = startDaemon({ CONCLAVE_QUEUE_CAPACITY: '-5', CONCLAVE_DATA_DIR: mkdtempSync(join(tmpdir(), 'conclave-proc-')) });
    const { code } = await daemon.exited;
    expect(code).toBe(78);
    expect(daemon.stderr.join('')).toMatch(/CONCLAVE_QUEUE_CAPACITY.*-5.*Allowed: an integer from 1 to 1000000/);
  });
});
