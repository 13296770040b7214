import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { EmptyNews } from '../../src/news/empty-news.js';
import { loadRecordedNews } from '../../src/news/recorded-news.js';
import { createLogger } from '../../src/core/logger.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { ORCL, tempDir } from './helpers.js';

/** The scout's rationales in a short ORCL run, with the news given (or none). */
async function scoutSays(news?: string): Promise<string[]> {
  const files = [{ file: ORCL, symbol: 'ORCL' }];
  const series = await loadSeries(files, { from: Date.parse('2005-01-01T00:00:00Z'), to: Date.parse('2005-06-30T23:59:59Z') });
  const out = tempDir();
  const run = await runLoadedBacktest(series, {
    config: loadConfig({ env: {} }),
    files,
    outDir: out,
    ...(news ? { news: (clock, lookbackMs) => loadRecordedNews(news, clock, createLogger({ level: 'silent', clock }), { lookbackMs }) } : {}),
  });
  const db = new Database(run.storeFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT rationale FROM agent_signals WHERE role = 'scout'`).all() as { rationale: string }[];
    return [...new Set(rows.map((r) => (JSON.parse(r.rationale) as string[])[0]!))];
  } finally {
    db.close();
  }
}

describe('the scout in a backtest without news', () => {
  it('says the run has no news source, which a quiet spell of a run with news is not', async () => {
    expect(new EmptyNews().name).toBe('none');
    expect(await scoutSays()).toEqual(['no news source in this run (a backtest without --news reads none): no catalyst']);
    const empty = join(tempDir(), 'news.jsonl');
    writeFileSync(empty, '{"publishedAt":"2001-01-02T13:00:00Z","title":"ORCL beats estimates"}\n');
    const quiet = await scoutSays(empty);
    // Its window is in hours or bars, whichever is longer (over a long weekend, 120 h or 168 h).
    expect(quiet.length).toBeGreaterThan(0);
    for (const said of quiet) expect(said).toMatch(/^no news in the last \d+ h: no catalyst$/);
  }, 60_000);
});
