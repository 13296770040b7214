import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

/**
 * Recorded news whose items carry a date without a time (many saved headline sets do): such an item may have come out
 * after that day's close, so it is known only once the day is over. Taken as its midnight, it opened a discussion at
 * the close of the day before and an entry filled at the open of its own day: news traded before it happened.
 */
describe('recorded news with a date alone (publishedAt "2012-03-20")', () => {
  it("is seen at the close of that day's bar, not at the close of the day before", () => {
    const dir = tempDir();
    const news = join(dir, 'news.jsonl');
    writeFileSync(news, `${JSON.stringify({ publishedAt: '2012-03-20', title: 'Oracle beats estimates and raises guidance as cloud sales surge' })}\n`);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ universe: [{ symbol: 'ORCL', name: 'Oracle' }] }));
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--config', config, '--baseline-seeds', '0', '--from', '2012-01-01', '--to', '2012-06-30', '--news', news, '--out', out, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const db = new Database(join(out, 'conclave-paper.db'), { readonly: true });
    const found = db.prepare(`SELECT created_at t FROM opportunities WHERE source = 'news'`).all() as { t: number }[];
    db.close();
    // The ORCL bar of 2012-03-20 closes at 2012-03-21 00:00 UTC; the one of the 19th closes at the 20th's midnight.
    expect(found.map((f) => new Date(f.t).toISOString())).toEqual(['2012-03-21T00:00:00.000Z']);
    // The report says which news its figures were made with (a run without --news read the same).
    expect((JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { settings: { news: string | null } }).settings.news).toBe(news);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`· news from <span title="${news}">news.jsonl</span></p>`);
  }, 60_000);
});
