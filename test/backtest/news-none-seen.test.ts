import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

/**
 * A --news source the scout saw nothing of (an empty file; items all outside the span) runs as a run without news: the
 * report said "news from e.jsonl" and named the path in settings.news, telling the reader news was used when it was not.
 */
describe('a --news source of which the run saw no item', () => {
  it('is reported as no news, after the warning that said why', () => {
    const dir = tempDir();
    const empty = join(dir, 'e.jsonl');
    writeFileSync(empty, '');
    const late = join(dir, 'late.jsonl');
    writeFileSync(late, `${JSON.stringify({ publishedAt: '2020-03-20T14:00:00Z', title: 'ORCL beats estimates' })}\n`);
    for (const news of [empty, late]) {
      const out = join(dir, `out-${news === empty ? 'empty' : 'late'}`);
      const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--from', '2012-01-01', '--to', '2012-03-31', '--news', news, '--out', out, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/the scout sees no news/);
      expect((JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { settings: { news: string | null } }).settings.news).toBeNull();
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('no news (the scout saw none)');
    }
  }, 60_000);
});
