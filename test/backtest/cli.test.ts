import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GOOG, OHLCV, ORCL, tempDir } from './helpers.js';

const conclave = (args: string[]) =>
  spawnSync(process.execPath, ['bin/conclave.js', 'backtest', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

describe('conclave backtest (the real process)', () => {
  it('runs, prints only the summary without a terminal, writes its outputs and a store explain reads', () => {
    const out = tempDir();
    const r = conclave(['--from', '2012-01-01', '--to', '2012-12-31', '--out', out, '--json', `ORCL=${ORCL}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { name: string; bars: number; outDir: string; summary: { startEquity: number } };
    expect(summary).toMatchObject({ name: 'ORCL_20120103-20121231', bars: 250, outDir: out, summary: { startEquity: 100_000 } });
    for (const file of ['report.json', 'fills.csv', 'trades.csv', 'equity.csv', 'report.html']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ summary: summary.summary, baseline: { seeds: 20 } });
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).not.toHaveProperty('warnings');
    expect(existsSync(join(out, 'baseline')), 'the seeds\' folders are removed').toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ bars: 250 });
    // The threads the seeds ran on, not the --jobs asked for.
    const many = tempDir();
    expect(conclave(['--from', '2012-01-01', '--to', '2012-03-31', '--out', many, '--json', '--baseline-seeds', '2', '--jobs', '256', `ORCL=${ORCL}`]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(many, 'run.json'), 'utf8'))).toMatchObject({ baselineSeeds: 2, jobs: 2 });
    const explain = spawnSync(process.execPath, ['bin/conclave.js', 'explain', '--store', join(out, 'conclave-paper.db')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/ORCL/);
  }, 60_000);

  it('takes a year or a month for --from and --to, as the whole of it', () => {
    const r = conclave(['--baseline-seeds', '0', '--json', '--out', tempDir(), '--from', '2014-03', '--to', '2014', ORCL]);
    expect(r.status, r.stderr).toBe(0);
    const { symbols } = JSON.parse(r.stdout) as { symbols: { firstBar: string; lastBar: string }[] };
    expect([symbols[0]!.firstBar, symbols[0]!.lastBar]).toEqual(['2014-03-03T00:00:00.000Z', '2014-12-31T00:00:00.000Z']);
    const feb = conclave(['--baseline-seeds', '0', '--json', '--out', tempDir(), '--from', '2012-02', '--to', '2012-02', ORCL]);
    expect((JSON.parse(feb.stdout) as { symbols: { lastBar: string }[] }).symbols[0]!.lastBar).toBe('2012-02-29T00:00:00.000Z');
    expect(conclave(['--from', '2014-13', ORCL]).status).toBe(78);
  }, 60_000);

  it('exits 78 naming the bad argument', () => {
    const two = join(tempDir(), 'two.zip');
    const made = spawnSync('python3', ['-c', `import zipfile\nwith zipfile.ZipFile(${JSON.stringify(two)}, 'w') as z: z.write(${JSON.stringify(ORCL)}, 'a.csv'); z.write(${JSON.stringify(GOOG)}, 'b.csv')`]);
    expect(made.status).toBe(0);
    const cases: [string[], RegExp][] = [
      // It exited 1 as a file with "no usable bars".
      [[two], /^conclave: FILE .*two\.zip: .* is a zip archive of 2 files \(a\.csv, b\.csv\): unzip it and name the one to read/],
      [['--from', '31/01/2005', ORCL], /--from/],
      [['--from', '2006-01-01', '--to', '2005-01-01', ORCL], /--from .*after --to/],
      [['--bogus', ORCL], /unknown option '--bogus'/],
      [['--baseline-seeds', 'many', ORCL], /--baseline-seeds "many" is not allowed/],
      [['--jobs', '0', ORCL], /--jobs "0" is not allowed: give an integer from 1/],
      [['/nonexistent/file.csv'], /FILE "\/nonexistent\/file.csv" does not exist/],
      [[OHLCV], /^conclave: FILE ".*ohlcv" is a folder: name its files, one symbol each \(.*ohlcv\/\*\.csv in the shell\)/],
      [[`A=${ORCL}`, `A=${GOOG}`], /symbol A comes from two files/],
      [[ORCL, `./${relative(process.cwd(), ORCL)}`], /^conclave: FILE ".*orcl-1995-2014.txt" is given twice \(symbol ORCL\): name each file once/],
      // It said the whole argument was a file that does not exist.
      [[`ETH USD=${ORCL}`], /^conclave: symbol "ETH USD" in "ETH USD=.*" is not allowed: up to 40 Latin letters \(A-Z, a-z\), digits and \. _ \/ : - starting with a letter or digit/],
      // A Yahoo ticker with its own '=' (natural gas futures, NG=F) was cut at its first '=' and "F=path" said not to exist.
      [[`NG=F=${ORCL}`], /^conclave: symbol "NG=F" in "NG=F=.*" is not allowed: .*; '=' is not among them: NG_F=.*orcl-1995-2014.txt, say/],
      // A price in BTC was counted in the run's dollars: 407,084 ETH bought with a fifth of a 100,000 account.
      [[`BTC/USDT=${ORCL}`, `ETH/BTC=${GOOG}`], /^conclave: FILE arguments mix quote currencies: USDT \(BTC\/USDT=.*orcl.*\), BTC \(ETH\/BTC=.*GOOG.*\)\. .*Run one backtest per quote currency/],
    ];
    for (const [args, message] of cases) {
      const r = conclave(args);
      expect(r.status, args.join(' ')).toBe(78);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);

  it('says that a backtest runs on paper when live settings do not validate, instead of only how to trade real money', () => {
    const r = spawnSync(process.execPath, ['bin/conclave.js', 'backtest', '--out', tempDir(), ORCL], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CONCLAVE_MODE: 'live' }, timeout: 60_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/without confirmation\..* A backtest never trades real money \(it runs on paper whatever mode says\) but reads the same configuration: run it with CONCLAVE_MODE=paper in front/);
  });

  it("refuses to replace a store that no backtest wrote", () => {
    const out = tempDir();
    writeFileSync(join(out, 'conclave-paper.db'), 'the daemon');
    const r = conclave(['--out', out, ORCL]);
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/holds a store that no backtest wrote/);
    expect(readFileSync(join(out, 'conclave-paper.db'), 'utf8')).toBe('the daemon');
  }, 60_000);

  it('exits 78 naming --out when the folder cannot hold the outputs, before any run', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    for (const out of [file, join(file, 'below')]) {
      const r = conclave(['--out', out, ORCL]);
      expect(r.status, out).toBe(78);
      expect(r.stderr).toMatch(/--out .* cannot hold the outputs/);
      // Before the file is read: ORCL's own warning (a 1997 gap) came first, once the whole file had loaded.
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    // A blank one: " " made a folder named " " in the working directory and failed with a bare rename ENOENT.
    const cwd = tempDir();
    for (const out of ['', ' ']) {
      const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/conclave.js'), 'backtest', '--out', out, '--baseline-seeds', '0', ORCL], { encoding: 'utf8', cwd, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
      expect(r.stderr).toContain(`--out ${JSON.stringify(out)} is empty: name a folder you can write`);
      expect(r.status).toBe(78);
    }
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);

  it('exits 1 with the reason when no usable bar is left', () => {
    const r = conclave(['--from', '2030-01-01', '--out', tempDir(), ORCL]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no usable bar of .*orcl.* falls between 2030-01-01/);
    // With several files, none in the span is still an exit 1, naming each.
    const none = conclave(['--from', '2030-01-01', '--out', tempDir(), `ORCL=${ORCL}`, `GOOG=${GOOG}`]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/\(ORCL\) falls between .*; no usable bar of .*\(GOOG\) falls between/);
  }, 60_000);

  it('leaves out a file with no bar in the span, says so, and runs the others (the baseline\'s workers too)', () => {
    const out = tempDir();
    const r = conclave(['--from', '1999-01-01', '--to', '1999-06-30', '--baseline-seeds', '2', '--jobs', '2', '--out', out, `ORCL=${ORCL}`, `GOOG=${GOOG}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: no usable bar of .*\(GOOG\) falls between 1999-01-01.*its usable bars run from 2004-.*; the run goes on without GOOG/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { symbols: { symbol: string }[]; baseline: { seeds: number } };
    expect(report.symbols.map((s) => s.symbol)).toEqual(['ORCL']);
    expect(report.baseline.seeds).toBe(2);
  }, 60_000);

  it('gives byte-identical outputs for the same command run twice into the same folder, and prints a summary table', () => {
    const out = tempDir();
    const args = ['--from', '2004-06-01', '--to', '2008-12-31', '--baseline-seeds', '3', '--out', out, `ORCL=${ORCL}`, `GOOG=${GOOG}`];
    const files = ['report.json', 'fills.csv', 'trades.csv', 'equity.csv', 'report.html'];
    const first = conclave(args);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Total return/i);
    const before = files.map((file) => readFileSync(join(out, file)));
    const second = conclave(args);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    files.forEach((file, i) => expect(readFileSync(join(out, file)).equals(before[i]!), file).toBe(true));
    expect(readFileSync(join(out, 'fills.csv'), 'utf8').split('\n').length).toBeGreaterThan(3);
  }, 120_000);

  it('reads recorded news (--news), each item from its published time, and refuses a missing file', () => {
    const dir = tempDir();
    const news = join(dir, 'news.jsonl');
    writeFileSync(
      news,
      [
        { publishedAt: '2012-03-20T21:00:00Z', title: 'Oracle beats estimates and raises guidance as cloud sales surge' },
        { publishedAt: '2012-06-20T21:00:00Z', title: 'Oracle shares plunge after weak hardware sales and guidance cut' },
        { title: 'an item without a date is rejected, not placed on the calendar' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    // The configured universe lends ORCL its company name, so headlines naming Oracle map to it.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ universe: [{ symbol: 'ORCL', name: 'Oracle' }] }));
    const out = join(dir, 'out');
    const r = conclave(['--config', config, '--from', '2012-01-01', '--to', '2012-12-31', '--out', out, '--news', news, '--json', `ORCL=${ORCL}`]);
    // The dateless item is said on stderr, counted, not only logged.
    expect(r.stderr).toBe(`conclave backtest: warning: --news ${news}: 1 item not used (1 no-date); each is logged with its line and why in ${join(out, 'backtest.log')}\n`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ news });
    // The report and the page keep what the terminal warned of (they showed none of it), the output folder's paths
    // named from it, so the same run into another folder writes the same report; --json carries them too.
    const kept = `--news ${news}: 1 item not used (1 no-date); each is logged with its line and why in backtest.log`;
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ warnings: [kept] });
    expect(JSON.parse(r.stdout)).toMatchObject({ warnings: [kept] });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`<li>${kept}</li>`);
    const db = new Database(join(out, 'conclave-paper.db'), { readonly: true });
    const found = db.prepare(`SELECT created_at t FROM opportunities WHERE source = 'news' ORDER BY created_at`).all() as { t: number }[];
    const scout = db.prepare(`SELECT rationale FROM agent_signals WHERE role = 'scout' AND rationale LIKE '%Oracle%'`).all() as { rationale: string }[];
    db.close();
    // Each item is seen at the first bar close after it was published (the daily bar of its day closes at midnight).
    expect(found.map((f) => new Date(f.t).toISOString())).toEqual(['2012-03-21T00:00:00.000Z', '2012-06-21T00:00:00.000Z']);
    expect(scout.length).toBeGreaterThan(0);
    expect(scout[0]!.rationale).toMatch(/Oracle beats estimates.*3\.0 h ago/);
    const missing = conclave(['--news', join(dir, 'nope.jsonl'), '--out', tempDir(), ORCL]);
    expect(missing.status).toBe(78);
    expect(missing.stderr).toMatch(/--news .*does not exist/);
  }, 60_000);
});
