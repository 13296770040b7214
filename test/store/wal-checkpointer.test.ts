import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/store/database.js';
import { WalCheckpointer } from '../../src/store/wal-checkpointer.js';

describe('WAL checkpoints in a worker thread', () => {
  it('takes checkpoints off the daemon connection and keeps the WAL from growing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-wal-')), 'c.db');
    const db = openDatabase(file);
    const clock = new VirtualClock(0);
    const checkpointer = new WalCheckpointer({ db, file, clock, logger: pino({ level: 'silent' }) });
    checkpointer.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const insert = db.prepare('INSERT INTO news_seen (id, seen_at) VALUES (?, ?)');
    const walSize = () => statSync(`${file}-wal`).size;
    let largest = 0;
    let firstRound = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 2000; i++) insert.run(`item-${round}-${i}-${'x'.repeat(100)}`, i);
      const before = checkpointer.checkpoints;
      await clock.advance(1_000);
      for (let wait = 0; wait < 200 && checkpointer.checkpoints === before; wait++) await new Promise((r) => setTimeout(r, 10));
      expect(checkpointer.checkpoints).toBeGreaterThan(before);
      if (round === 0) firstRound = walSize();
      largest = Math.max(largest, walSize());
    }
    // A checkpointed WAL is reused from its start, so it stays within about two rounds' pages instead of six.
    expect(largest).toBeLessThan(3 * firstRound);
    await checkpointer.stop();
    expect((db.prepare('SELECT COUNT(*) n FROM news_seen').get() as { n: number }).n).toBe(12_000);
    db.close();
  });
});
