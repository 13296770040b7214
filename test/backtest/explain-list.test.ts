import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backtest, ORCL } from './helpers.js';

const explain = (store: string) => spawnSync(process.execPath, ['bin/conclave.js', 'explain', '--store', store], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });

describe('conclave explain without a verdict id, over a backtest store', () => {
  it('says that a store holds no verdict (it printed nothing and exited 0)', async () => {
    const run = await backtest([{ symbol: 'ORCL', file: ORCL }], { from: '2005-03-01', to: '2005-03-31' });
    const r = explain(run.storeFile);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("conclave explain: no verdict in this store yet: no opportunity has reached the panel (a backtest's summary says why)\n");
  }, 60_000);

  it('says how many verdicts the 20 it lists are the latest of', async () => {
    const run = await backtest([{ symbol: 'ORCL', file: ORCL }], { from: '2010-01-01', to: '2013-12-31' });
    const total = run.record.decisions!.verdicts.length;
    expect(total).toBeGreaterThan(20);
    const r = explain(run.storeFile);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(20);
    expect(r.stderr).toBe(`conclave explain: the latest 20 of ${total} verdicts; name one to explain it (a backtest's fills.csv gives the verdictId of each entry and signal exit)\n`);
  }, 60_000);
});
