import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, backtest, tempDir } from './helpers.js';

/** The shared ORCL daily file as monthly bars, each dated on the 1st of its month (as Yahoo writes monthly data). */
function monthlyOrcl(): string {
  const rows = readFileSync(ORCL, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const months = new Map<string, { open: number; high: number; low: number; close: number; volume: number }>();
  for (const [date, o, h, l, c, , v] of rows) {
    const key = `${date!.slice(0, 7)}-01`;
    const m = months.get(key);
    if (!m) months.set(key, { open: +o!, high: +h!, low: +l!, close: +c!, volume: +v! });
    else Object.assign(m, { high: Math.max(m.high, +h!), low: Math.min(m.low, +l!), close: +c!, volume: m.volume + +v! });
  }
  const file = join(tempDir(), 'orcl-monthly.csv');
  writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...[...months].map(([d, m]) => `${d},${m.open},${m.high},${m.low},${m.close},${m.volume}`)].join('\n') + '\n');
  return file;
}

describe('monthly bars', () => {
  it('reach the panel in the discussion of their own close, months of 28 and 30 days included', async () => {
    const run = await backtest([{ file: monthlyOrcl(), symbol: 'M' }]);
    const db = new Database(run.storeFile, { readonly: true });
    const rows = db.prepare(`
      SELECT o.bar_time barTime, o.price price, json_extract(s.metrics, '$.close') seen
      FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id JOIN agent_signals s ON s.verdict_id = v.id AND s.role = 'bull'`).all() as { barTime: number; price: number; seen: number }[];
    db.close();
    expect(rows.length).toBeGreaterThan(40);
    // The file's bar length is 31 days (most months): a 30-day month closed, and was discussed, when the next opened,
    // but the agents' guard (open + 31 days <= now) hid it, so they judged the month before.
    const short = rows.filter((r) => [1, 3, 5, 8, 10].includes(new Date(r.barTime).getUTCMonth()));
    expect(short.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.seen, new Date(r.barTime).toISOString()).toBe(r.price);
  }, 60_000);
});
