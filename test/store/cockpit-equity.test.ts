import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * The dashboard's equity curve (GET /api/equity, on every page load, every minute and after every fill) is thinned to
 * at most 2,000 points. It was not: SQLite got the slice width as a real number, so each row was its own slice, and a
 * year of points (525,600, one a minute) came back whole, about a second of the event loop and 30 MB of JSON each time.
 */
describe('the equity curve the dashboard reads', () => {
  it('is thinned to at most maxPoints, keeping the first slice, the last point and the order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-equity-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const t0 = Date.UTC(2025, 0, 1);
    const n = 20_000;
    const insert = store.db.prepare('INSERT INTO equity_history (time, equity, cash, exposure) VALUES (?, ?, ?, ?)');
    store.tx(() => {
      for (let i = 0; i < n; i++) insert.run(t0 + i * 60_000, 100_000 + i, 50_000, 0.5);
    });
    const points = store.cockpit.equitySeries(2_000);
    expect(points.length).toBeGreaterThan(1_500);
    expect(points.length).toBeLessThanOrEqual(2_000);
    expect(points.at(-1)).toEqual({ time: t0 + (n - 1) * 60_000, equity: 100_000 + n - 1, cash: 50_000, exposure: 0.5 });
    expect(points.every((p, i) => i === 0 || p.time > points[i - 1]!.time)).toBe(true);
    expect(points[0]!.time - t0).toBeLessThan(((n * 60_000) / 2_000) * 1.01);
    // Each point is a stored row, not a mix of rows.
    expect(points.every((p) => p.equity === 100_000 + (p.time - t0) / 60_000)).toBe(true);
    store.close();
  });
});
