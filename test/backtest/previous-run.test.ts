import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ORCL, tempDir } from './helpers.js';

const conclave = (out: string, args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', '--out', out, ...args, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
};

/** The decision time of the first verdict in a store. */
const firstVerdict = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT min(decided_at) AS t FROM verdicts').get() as { t: number }).t;
  } finally {
    db.close();
  }
};

describe('a backtest into the folder of another run', () => {
  it('leaves no store or fold of the previous run beside its own outputs', () => {
    const out = tempDir();
    conclave(out, ['--from', '2004-01-01']);
    expect(firstVerdict(join(out, 'conclave-paper.db'))).toBeLessThan(Date.UTC(2005, 0, 1));
    // A walk-forward writes no top-level store: the plain run's must not stay to be explained as this run's.
    conclave(out, ['--walk-forward', '3', '--from', '2010-01-01']);
    expect(existsSync(join(out, 'conclave-paper.db'))).toBe(false);
    expect(readdirSync(join(out, 'folds')).sort()).toEqual(['fold-2', 'fold-3']);
    // Fewer folds: the old last fold goes; a note of the user's among them stays.
    writeFileSync(join(out, 'folds', 'notes.txt'), 'mine');
    conclave(out, ['--walk-forward', '2', '--from', '2010-01-01']);
    expect(readdirSync(join(out, 'folds')).sort()).toEqual(['fold-2', 'notes.txt']);
    // A plain run again: no folds left over.
    conclave(out, ['--from', '2012-01-01']);
    expect(readdirSync(join(out, 'folds'))).toEqual(['notes.txt']);
    rmSync(join(out, 'folds', 'notes.txt'));
    conclave(out, ['--from', '2012-01-01']);
    expect(existsSync(join(out, 'folds'))).toBe(false);
    expect(firstVerdict(join(out, 'conclave-paper.db'))).toBeGreaterThanOrEqual(Date.UTC(2012, 0, 1));
  }, 180_000);

  it("leaves no report or coin-flip seed of the previous run, even when the new one is stopped with Ctrl-C", async () => {
    const out = tempDir();
    const run = (args: string[]) => spawn(process.execPath, ['bin/conclave.js', 'backtest', '--json', '--out', out, ...args, `ORCL=${ORCL}`], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const ended = (child: ChildProcess) => new Promise<number | null>((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 128 : null))));
    conclave(out, ['--from', '2013-01-01']);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['report.json', 'run.json']));
    // A long run stopped during its panel's run: the folder holds no report, so none is read as this run's.
    const stopped = async (when: () => boolean) => {
      const long = run(['--baseline-seeds', '20', '--jobs', '1']);
      let stderr = '';
      long.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = ended(long);
      while (!when()) await new Promise((r) => setTimeout(r, 10));
      long.kill('SIGINT');
      expect(await code).toBe(130);
      return stderr;
    };
    expect(await stopped(() => existsSync(join(out, 'conclave-paper.db')) && !existsSync(join(out, 'report.json')))).toMatch(/stopped by SIGINT before the end: no report was written/);
    for (const file of ['report.json', 'report.html', 'fills.csv', 'trades.csv', 'equity.csv', 'run.json']) expect(existsSync(join(out, file)), file).toBe(false);
    // Stopped once its coin-flip seeds have begun, the panel's run complete: its report is this run's, never the
    // previous one's, and none of its seeds is left.
    conclave(out, ['--from', '2013-01-01']);
    expect(await stopped(() => existsSync(join(out, 'baseline')))).toMatch(/stopped by SIGINT during the coin-flip baseline/);
    expect((JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { span: { from: string } }).span.from.slice(0, 4)).toBe('1995');
    expect(existsSync(join(out, 'baseline'))).toBe(false);
  }, 120_000);

  it('keeps the previous run whole when the new one is refused for its --news (exit 78), as for any bad argument', () => {
    // News the run cannot use was read only after the folder was cleared: the report, store and CSVs of the run there
    // were gone, and the folder held a log and nothing else.
    const out = tempDir();
    conclave(out, ['--from', '2013-01-01']);
    const before = readFileSync(join(out, 'report.json'), 'utf8');
    const notNews = join(tempDir(), 'prices.jsonl');
    writeFileSync(notNews, 'Date,Open,High,Low,Close\n2013-01-02,1,2,0.5,1.5\n');
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--out', out, '--news', notNews, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });
    expect(r.stderr).toContain(`--news ${notNews}: cannot read recorded news (holds price bars, not news`);
    expect(r.status).toBe(78);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(before);
    for (const file of ['run.json', 'conclave-paper.db', 'fills.csv', 'equity.csv', 'report.html']) expect(existsSync(join(out, file)), file).toBe(true);
  }, 120_000);

  it('says when a run replaces an earlier one in the default folder (named by the files and span only)', () => {
    const data = tempDir();
    const run = () => spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', '--from', '2014-06-01', `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: data }, timeout: 120_000 });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toBe(`conclave backtest: note: this run replaces the earlier one in ${join(data, 'backtests', 'ORCL_20140602-20141231')} (same symbols and span); give --out to keep both\n`);
    // An --out of the user's is rewritten in silence by the same run, and with a note over another one.
    const out = tempDir();
    const into = (from: string) => spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--baseline-seeds', '0', '--json', '--from', from, '--out', out, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: data }, timeout: 120_000 });
    expect(into('2014-06-01').stderr).toBe('');
    expect(into('2014-06-01').stderr).toBe('');
    expect(into('2014-09-01').stderr).toBe(`conclave backtest: note: this run (ORCL_20140902-20141231) replaces the backtest ORCL_20140602-20141231 in --out ${out}\n`);
  }, 120_000);

  it("touches no folder of the user's that no backtest wrote", () => {
    const out = tempDir();
    mkdirSync(join(out, 'folds'));
    writeFileSync(join(out, 'folds', 'mine.txt'), 'keep me');
    conclave(out, ['--from', '2014-06-01']);
    expect(existsSync(join(out, 'folds', 'mine.txt'))).toBe(true);
  }, 60_000);
});

describe("a backtest into a folder of the user's", () => {
  const run = (out: string, args: string[]) => spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--out', out, ...args, `ORCL=${ORCL}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 });

  it('refuses (exit 78, naming them) files and folders no backtest wrote that the run would write over or remove', () => {
    const out = tempDir();
    // The coin-flip seeds' folder is removed whole at the end of a run: a baseline/ of the user's went with it.
    mkdirSync(join(out, 'baseline'));
    writeFileSync(join(out, 'baseline', 'mine.txt'), 'keep me');
    writeFileSync(join(out, 'equity.csv'), 'my,own,sheet\n');
    const r = run(out, ['--baseline-seeds', '1', '--from', '2014-06-01']);
    expect(r.status).toBe(78);
    expect(r.stderr).toBe(`conclave: --out ${out} already holds equity.csv, baseline, which no backtest wrote (no run.json or backtest.log beside them): a run would write over or remove them; choose another folder\n`);
    expect(readFileSync(join(out, 'baseline', 'mine.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(out, 'equity.csv'), 'utf8')).toBe('my,own,sheet\n');
    expect(existsSync(join(out, 'backtest.log'))).toBe(false);
  }, 60_000);
});
