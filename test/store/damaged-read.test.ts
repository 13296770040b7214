import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a read that meets a damaged page', () => {
  it('is a storage failure, as a write is: reported, and the next start checks the whole store and refuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-damaged-read-'));
    dirs.push(dir);
    const file = join(dir, 'conclave-paper.db');
    const store = openStore(file, { kind: 'paper' });
    store.ensureAccount(10_000, 0, '2026-01-05');
    store.tx(() => {
      for (let i = 0; i < 5_000; i++) store.markNewsSeen(`story-${i}-${'x'.repeat(40)}`, 1_700_000_000_000 + i);
    });
    const page = (store.db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_news_seen_by_feed_1'`).get() as { rootpage: number }).rootpage;
    store.close();
    // A bad sector under the news ids' index after a clean close: the start's check of the money tables passes.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, (page - 1) * 4096 + 8);
    closeSync(fd);
    const failures: { error: unknown; read: boolean | undefined }[] = [];
    const reopened = openStore(file, { kind: 'paper', onStorageFailure: (error, read) => failures.push({ error, read }) });
    expect(failures).toEqual([]);
    expect(() => reopened.hasSeenNews('story-unknown')).toThrow(/malformed|corrupt/i);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ read: true, error: { code: expect.stringMatching(/^SQLITE_CORRUPT/) } });
    reopened.close();
    expect(() => openStore(file, { kind: 'paper' }).close()).toThrow(/is damaged \(SQLite's quick_check: .+; checked whole: the last run on it/);
  });
});
