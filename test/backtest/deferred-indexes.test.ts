import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deferIndexes } from '../../src/backtest/deferred-indexes.js';
import { openStore } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('deferred audit indexes', () => {
  it('drops the audit tables secondary indexes for the run and builds the same ones again, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-indexes-'));
    dirs.push(dir);
    const store = openStore(join(dir, 'store.db'));
    const schema = () => store.db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`).all();
    const before = schema();
    const restore = deferIndexes(store.db);
    const during = schema().map((r) => (r as { name: string }).name);
    for (const name of ['agent_signals_verdict', 'verdicts_decided', 'verdicts_opportunity', 'opportunities_created', 'forward_returns_known', 'position_events_order', 'position_events_time']) {
      expect(during).not.toContain(name);
    }
    // Keys the writes rely on stay.
    expect(during).toContain('sqlite_autoindex_verdicts_1');
    expect(during).toContain('sqlite_autoindex_forward_returns_1');
    restore();
    restore();
    expect(schema()).toEqual(before);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});
