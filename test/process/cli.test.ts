import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';
import { openStore } from '../../src/store/store.js';

const DATA = resolve(process.cwd(), '../shared/data');

function conclave(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Health lines are judged against the reader's clock too (a silent daemon is not healthy): times near now, taken
// before each test, since this file's tests can take minutes on a busy machine and a line would age past "fresh".
let T = Date.now();
beforeEach(() => {
  T = Date.now();
});
const healthLine = (time: number, lastOkAt: number) =>
  JSON.stringify({
    level: 'info',
    time,
    msg: 'health',
    uptimeS: 100,
    queue: { depth: 0, capacity: 1000, published: 5, consumed: 5, dropped: 0 },
    loops: { modelScanner: { runs: 3, errors: 0, lastOkAt, intervalMs: 1000 }, health: { runs: 9, errors: 0, lastOkAt: time, intervalMs: 60_000 } },
    eventLoopDelayMs: { p50: 0.1, p99: 1, max: 2 },
    memory: { rssMb: 80, heapUsedMb: 20 },
    discussions: { total: 5, p50Ms: 3, p95Ms: 9, agentFailures: 0 },
    positions: { open: 1 },
    equity: 100_010,
  });

describe('the conclave command', () => {
  it('exits 78 for a bad argument to any command, naming it, and 0 for --help', () => {
    for (const [args, message] of [
      [['check-data'], /missing required argument 'file'/],
      [['explain', '--bogus'], /unknown option '--bogus'/],
      [['scorecard', '--store'], /option '--store <file>' argument missing/],
      [['no-such-command'], /unknown command 'no-such-command'/],
      // It fetched with a NaN timeout and said "timed out after NaN ms".
      [['check-feed', '--timeout-ms', 'abc', 'feed.xml'], /option '--timeout-ms <ms>' argument 'abc' is invalid\. Give an integer from 100 to 300000/],
      [['check-feed', '--max-bytes', '0', 'feed.xml'], /option '--max-bytes <n>' argument '0' is invalid\. Give an integer from 1024 to 104857600/],
      // An option of one value given twice: the last was kept without a word (base.json's settings dropped, 2010 lost).
      [['status', '--config', 'base.json', '-c', 'mine.json'], /^conclave: --config is given 2 times \("base\.json", "mine\.json"\), and only the last would count: give it once\n$/],
      [['backtest', '--from', '2010', '--from=2011', 'x.csv'], /^conclave: --from is given 2 times \("2010", "2011"\), and only the last would count: give it once\n$/],
      [['--environment-file', 'a.env', 'halt', '--environment-file', 'b.env'], /^conclave: --environment-file is given 2 times/],
      // A short option with its value attached (-rA) slipped past that check; check-data reads one zone.
      [['halt', '-rA', '-r', 'B'], /^conclave: --reason is given 2 times \("A", "B"\)/],
      [['check-data', '--times-in', 'UTC', '--times-in', 'America/New_York', 'x.csv'], /^conclave: --times-in is given 2 times/],
      // The next option taken for a value: halted for the reason "--flatten" with no flatten; a run written into ./--json.
      [['halt', '--reason', '--flatten'], /^conclave: --reason takes a value, and the word after it is --flatten, another option \(an unset shell variable gives no word\): give --reason its value, or write --reason=--flatten if that is the value\n$/],
      [['halt', '--who', '--flatten', '--reason', 'x'], /^conclave: --who takes a value, and the word after it is --flatten/],
      [['write-off', 'X', '--reason', '--help'], /^conclave: --reason takes a value, and the word after it is --help/],
      [['backtest', 'x.csv', '--out', '--json'], /^conclave: --out takes a value, and the word after it is --json/],
      // --config "$CFG" with CFG unset ran on the defaults.
      [['config', '--config', ''], /The configuration file named \(--config or CONCLAVE_CONFIG\) is empty: name the file, or give neither for the defaults/],
      [['resume', '--reason', ' '], /The argument is empty: give the reason/],
      // An empty name read stdin, or was taken for the working directory.
      [['health', '--file', ''], /The argument is empty: give the log file/],
      [['--environment-file', '', 'config'], /^conclave: --environment-file is empty: name the file of KEY=VALUE lines/],
      // It printed the whole help, exit 78, without a word of what was wrong.
      [['help', 'backtset'], /^conclave: help: no command "backtset"; the commands are start, status, backup, write-off, health, config, explain, scorecard, halt, resume, check-data, check-feed, backtest\n$/],
    ] as [string[], RegExp][]) {
      const r = conclave(args);
      expect(r.code, args.join(' ')).toBe(78);
      expect(r.err).toMatch(message);
    }
    // The same value twice, a repeatable option, a flag twice, and an option's name after "--" are no repetition.
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    expect(conclave(['halt', '--reason', 'x', '--reason', 'x', '--flatten', '--flatten'], { CONCLAVE_DATA_DIR: dir }).err).not.toContain('given 2 times');
    expect(conclave(['backtest', '--times-in', 'UTC', '--times-in', 'X=UTC', 'x.csv']).err).not.toContain('given 2 times');
    expect(conclave(['explain', '--store', join(dir, 'a.db'), '--', '--store']).err).not.toContain('given 2 times');
    expect(conclave(['check-data', '--help']).code).toBe(0);
    const version = conclave(['--version']);
    expect([version.code, version.out]).toEqual([0, `${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`]);
    expect(conclave(['help', 'backtest']).code).toBe(0);
    // It said "default data/backtests/<name>/": with CONCLAVE_DATA_DIR (/data in the image) the run goes there.
    expect(conclave(['backtest', '--help']).out.replace(/\s+/g, ' ')).toContain('--out <dir> output folder (default: backtests/<name>/ in the data dir, CONCLAVE_DATA_DIR)');
  });

  it('explain, scorecard and status --store say which file to name when given a folder, a walk-forward run or not a store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    const run = join(dir, 'run');
    mkdirSync(run);
    writeFileSync(join(run, 'conclave-paper.db'), '');
    writeFileSync(join(run, 'conclave-paper.db-wal'), '');
    const walk = join(dir, 'walk');
    for (const fold of ['fold-10', 'fold-2']) mkdirSync(join(walk, 'folds', fold), { recursive: true });
    const foreign = join(dir, 'other.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    for (const [store, message] of [
      // It said "disk I/O error. Check that the data directory is writable".
      [run, `conclave: ${run} is a folder: name the store file, ${join(run, 'conclave-paper.db')}\n`],
      [walk, `conclave: ${walk} holds a walk-forward run, with a store per out-of-sample fold: name one, ${join(walk, 'folds/fold-2/conclave-paper.db')}, ${join(walk, 'folds/fold-10/conclave-paper.db')}\n`],
      [join(walk, 'conclave-paper.db'), `conclave: ${walk} holds a walk-forward run, with a store per out-of-sample fold: name one, ${join(walk, 'folds/fold-2/conclave-paper.db')}, ${join(walk, 'folds/fold-10/conclave-paper.db')}\n`],
      // It said "file is not a database", naming nothing.
      [join(DATA, 'ohlcv/backtesting.py__GOOG.csv'), `conclave: ${join(DATA, 'ohlcv/backtesting.py__GOOG.csv')} cannot be read as a SQLite database (file is not a database): it is damaged or not a store. The daemon's store: restore it from a backup; another file: name a conclave store, such as a backtest's conclave-paper.db\n`],
      [foreign, `conclave: ${foreign} holds no conclave store (a SQLite file without conclave's schema): name a conclave store, such as a backtest's conclave-paper.db\n`],
      // A tab completion's -wal: its empty WAL was answered "restore it from a backup; ... delete the empty file".
      [join(run, 'conclave-paper.db-wal'), `conclave: ${join(run, 'conclave-paper.db-wal')} is the store's write-ahead log, not the store: name ${join(run, 'conclave-paper.db')}\n`],
    ]) {
      for (const command of ['explain', 'scorecard', 'status']) {
        const r = conclave([command, '--store', store!]);
        expect(r.code, `${command} ${store}`).toBe(78);
        expect(r.err, `${command} ${store}`).toBe(message);
      }
    }
  });

  it('keeps its exit code when its reader closes the pipe early (health judged STALE exited 0), and says a full disk in a line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-cli-')), 'log.jsonl');
    writeFileSync(file, [healthLine(T, T - 500), healthLine(T + 10_000, T - 500)].join('\n'));
    const child = spawn(process.execPath, ['bin/conclave.js', 'health', '--file', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(1);
    if (existsSync('/dev/full')) {
      const full = spawnSync(process.execPath, ['bin/conclave.js', '--help'], { stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'], encoding: 'utf8' });
      expect(full.status).toBe(1);
      expect(full.stderr).toBe('conclave: cannot write the output: ENOSPC: no space left on device, write\n');
    }
  });

  it('health: prints the latest state from stdin or a file and exits 1 when a loop is stale', () => {
    const fresh = ['not json', '{"msg":"verdict","time":1}', healthLine(T, T - 500)].join('\n');
    const ok = conclave(['health'], {}, fresh);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/all loops fresh/);
    expect(ok.out).toMatch(/queue\s+depth 0\/1000/);

    const file = join(mkdtempSync(join(tmpdir(), 'conclave-cli-')), 'log.jsonl');
    writeFileSync(file, [healthLine(T, T - 500), healthLine(T + 10_000, T - 500)].join('\n'));
    const stale = conclave(['health', '--file', file]);
    expect(stale.code).toBe(1);
    expect(stale.out).toMatch(/STALE: modelScanner/);
    // A log logrotate compressed: read through gunzip (it said "no health line found").
    writeFileSync(`${file}.1.gz`, gzipSync(readFileSync(file)));
    const rotated = conclave(['health', '--file', `${file}.1.gz`]);
    expect([rotated.code, rotated.out]).toEqual([1, stale.out]);

    // Every loop fresh, but the daemon reported market data that stopped advancing.
    const stalledLine = JSON.stringify({ ...JSON.parse(healthLine(T, T - 500)), stalled: ['market'] });
    const stalled = conclave(['health'], {}, stalledLine);
    expect(stalled.code).toBe(1);
    expect(stalled.out).toMatch(/all loops fresh\nSTALLED: market/);

    expect(conclave(['health'], {}, 'nothing here\n').code).toBe(2);
  });

  it('health: a log file it cannot read exits 2 (nothing to judge), not 1 (a stale daemon), and says what to name', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'conclave-cli-')), 'no-such.log');
    const r = conclave(['health', '--file', missing]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`conclave health: cannot read ${missing} (ENOENT: no such file or directory): name the daemon's log file, or pipe its log in (docker logs conclave | docker exec -i conclave conclave health)\n`);
    // A device has no end: /dev/zero took 12 GB of memory and the command never returned.
    const device = spawnSync(process.execPath, ['bin/conclave.js', 'health', '--file', '/dev/zero'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
    expect(device.stderr).toContain('conclave health: cannot read /dev/zero (a device, not a log file)');
    expect(device.status).toBe(2);
  });

  it('says to build first when run from a checkout that was only installed (npm ci), not a module-not-found stack', () => {
    const root = mkdtempSync(join(tmpdir(), 'conclave-unbuilt-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync('bin/conclave.js', join(root, 'bin', 'conclave.js'));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'conclave.js'), 'status'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`conclave: not built yet (no ${root}/dist/src/cli.js): run \`npm run build\` in ${root}/ (\`npm start\` builds too)\n`);
  });

  it('npm start -- --config FILE reads the file as conclave start does; an unknown argument exits 78 (both were ignored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-main-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ queueCapacity: 0 }));
    const main = (args: string[]) =>
      spawnSync(process.execPath, ['dist/src/main.js', ...args], { env: { PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: join(dir, 'data') }, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGTERM' });
    for (const args of [['--config', file], [`--config=${file}`]]) {
      const r = main(args);
      expect(r.status, args.join(' ')).toBe(78);
      expect(r.stderr).toMatch(/queueCapacity.* = 0\. Allowed: an integer from 1 to 1000000/);
    }
    const bogus = main(['--bogus']);
    expect(bogus.status).toBe(78);
    expect(bogus.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('halt and resume on a data dir without a store say that no daemon there is halted or resumed, and exit 1', () => {
    // The operator forgot the daemon's env file: the command acts on another folder while the daemon trades on.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'conclave-cli-')), 'not-the-daemons');
    const halt = conclave(['halt', '--reason', 'test'], { CONCLAVE_DATA_DIR: dataDir });
    expect(halt.code).toBe(1);
    expect(halt.out).toBe('');
    expect(halt.err).toMatch(new RegExp(`^conclave halt: no store at ${dataDir}/conclave-paper\\.db: .*a daemon running elsewhere is NOT halted\\. Run this with the daemon's configuration`));
    expect(existsSync(join(dataDir, 'HALT'))).toBe(true); // a daemon started on this folder starts halted
    const resume = conclave(['resume'], { CONCLAVE_DATA_DIR: dataDir });
    expect(resume.code).toBe(1);
    expect(resume.err).toMatch(/^conclave resume: no store at .*NOT resumed.*HALT was left in place: it halts any daemon on this folder/);
    // It halts whatever daemon runs on the folder (a live one, say): a command of the wrong mode must not lift it.
    expect(existsSync(join(dataDir, 'HALT'))).toBe(true);
    // But it is not paper's alone to lift, nor a flatten of anything: paper has no store there to lift it from, and
    // a live daemon on this folder could never resume (a halt no command lifted).
    openStore(join(dataDir, 'conclave-live.db')).close();
    const flattened = conclave(['halt', '--reason', 'panic', '--flatten'], { CONCLAVE_DATA_DIR: dataDir });
    expect(flattened.err).toContain('conclave halt: --flatten was not recorded: it closes the positions of the mode that asks, and paper has none here');
    const written = JSON.parse(readFileSync(join(dataDir, 'HALT'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ halted: true, reason: 'panic', flatten: false });
    expect(written).not.toHaveProperty('mode');
    const live = { CONCLAVE_DATA_DIR: dataDir, CONCLAVE_MODE: 'live', CONCLAVE_LIVE_CONFIRM: 'I understand this trades real money', CONCLAVE_EXCHANGE_API_KEY: 'k', CONCLAVE_EXCHANGE_SECRET: 's', CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' };
    expect(conclave(['resume'], live)).toMatchObject({ code: 0, out: 'resumed: entries allowed again\n' });
    expect(existsSync(join(dataDir, 'HALT'))).toBe(false);
  });

  it('resume from paper’s configuration does not lift a halt the live daemon engaged on the same data dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    openStore(join(dataDir, 'conclave-paper.db')).close();
    openStore(join(dataDir, 'conclave-live.db')).close();
    // As the live daemon writes it when its drawdown limit trips.
    writeFileSync(join(dataDir, 'HALT'), JSON.stringify({ halted: true, reason: 'drawdown 21 % below the peak', since: 1, flatten: false, mode: 'live' }));
    const resume = conclave(['resume'], { CONCLAVE_DATA_DIR: dataDir });
    expect(resume.code).toBe(1);
    expect(resume.err).toMatch(/^conclave: the kill switch in .* was engaged by live \(drawdown 21 % below the peak\).*CONCLAVE_MODE=live/);
    expect(existsSync(join(dataDir, 'HALT'))).toBe(true);
  });

  // status said "HALTED: no new entries" and nothing of the flatten; resume said "resumed" with positions still open.
  it('status says a halt’s reason and its flatten under way, and resume says what the unfinished flatten left open', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    const store = openStore(join(dataDir, 'conclave-paper.db'));
    const now = Date.UTC(2026, 0, 5);
    const account = store.ensureAccount(10_000, now, '2026-01-05');
    store.savePosition({ symbol: 'ETH/USDT', qty: 2, avgPrice: 100, openedAt: now, stopPrice: 90, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 }, now);
    store.saveAccount(Object.assign({}, account, { cash: account.cash - 200 }), now);
    store.close();
    const env = { CONCLAVE_DATA_DIR: dataDir };
    expect(conclave(['halt', '--reason', 'exchange outage', '--flatten'], env).code).toBe(0);
    const json = JSON.parse(conclave(['status', '--json'], env).out) as { halted: boolean; halt: { reason: string; flatten: string; since: number } };
    expect(json).toMatchObject({ halted: true, halt: { cause: 'kill_switch', reason: 'exchange outage', flatten: 'under way' } });
    expect(Math.abs(json.halt.since - Date.now())).toBeLessThan(60_000);
    expect(conclave(['status'], env).out).toMatch(/^mode paper \(HALTED since \S+: no new entries: exchange outage; flatten under way: open positions are being closed; `conclave resume` lifts it\)\n/);
    const resume = conclave(['resume'], env);
    expect(resume.code).toBe(0);
    expect(resume.out).toBe('resumed: entries allowed again; the flatten asked for had not finished: ETH/USDT stays open under its stops (`conclave halt --flatten` closes them)\n');
    expect(JSON.parse(conclave(['status', '--json'], env).out)).toMatchObject({ halted: false, halt: null });
  });

  it("halt and resume are recorded among the store's operator actions with who asked and why, as the dashboard's are", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    openStore(join(dataDir, 'conclave-paper.db')).close();
    expect(conclave(['halt', '--reason', 'broker outage', '--flatten', '--who', 'ana'], { CONCLAVE_DATA_DIR: dataDir }).code).toBe(0);
    const resume = conclave(['resume'], { CONCLAVE_DATA_DIR: dataDir });
    expect(resume.code).toBe(0);
    expect(resume.err).toBe('');
    expect(resume.out).toBe('resumed: entries allowed again\n');
    // Nothing halted: said so, and no resume is recorded.
    const again = conclave(['resume'], { CONCLAVE_DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.out).toBe('not halted: entries were already allowed; nothing changed\n');
    const store = openStore(join(dataDir, 'conclave-paper.db'), { readonly: true });
    expect(store.cockpit.operatorActions()).toHaveLength(2);
    const [resumed, halted] = store.cockpit.operatorActions();
    store.close();
    expect(halted).toMatchObject({ action: 'halt+flatten', who: `ana (command line, ${hostname()})`, reason: 'broker outage' });
    // A blank reason or who (an unset variable, quoted) halts all the same, with the default reason and the OS user.
    expect(conclave(['halt', '--reason', '', '--who', ' '], { CONCLAVE_DATA_DIR: dataDir }).code).toBe(0);
    expect(openStore(join(dataDir, 'conclave-paper.db'), { readonly: true }).cockpit.operatorActions()[0]).toMatchObject({ action: 'halt', who: `${userInfo().username} (command line, ${hostname()})`, reason: 'operator halt' });
    expect(JSON.parse(readFileSync(join(dataDir, 'HALT'), 'utf8'))).toMatchObject({ reason: 'operator halt' });
    expect(resumed).toMatchObject({ action: 'resume', who: `${userInfo().username} (command line, ${hostname()})`, reason: 'operator resume' });
    expect(Math.abs(resumed!.time - Date.now())).toBeLessThan(60_000);

    // A store it cannot write: the halt stands (the file the daemon obeys) and the missing record is said.
    const broken = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    writeFileSync(join(broken, 'conclave-paper.db'), 'not a database, but a file of that name');
    const halt = conclave(['halt', '--reason', 'x'], { CONCLAVE_DATA_DIR: broken });
    expect(halt.code).toBe(0);
    expect(existsSync(join(broken, 'HALT'))).toBe(true);
    expect(halt.err).toMatch(new RegExp(`^conclave halt: done, but not recorded among the operator actions of ${broken}/conclave-paper\\.db \\(file is not a database\\)\n$`));
  });

  it('health: a latest line older than three health intervals is a silent daemon (stopped or stuck): exit 1, saying so', () => {
    // Every loop fresh at the line's time, but the line is ten minutes old and one is written every minute.
    const old = conclave(['health'], {}, healthLine(T - 600_000, T - 600_500));
    expect(old.code).toBe(1);
    expect(old.out).toMatch(/all loops fresh\nSILENT: the latest health line is 6\d\d s old and the daemon writes one every 60 s: it is stopped or stuck/);
    // Its log ends with a clean stop: said as one, still exit 1 (nothing runs).
    const stopped = JSON.stringify({ level: 'info', time: T - 590_000, name: 'conclave', msg: 'conclave stopped; store closed' });
    const clean = conclave(['health'], {}, `${healthLine(T - 600_000, T - 600_500)}\n${stopped}\n`);
    expect(clean.code).toBe(1);
    expect(clean.out).toContain(`STOPPED: the daemon logged "conclave stopped" at ${new Date(T - 590_000).toISOString()}, after its last health line: it was stopped`);
    expect(clean.out).not.toContain('SILENT');
    // A fatal error before that stop (the store deleted under the daemon) was told as "it was stopped (SIGTERM, docker
    // stop, systemctl stop), not stuck": an operator read it as someone's stop. It is said as the error it was.
    const reason = 'the store was deleted while the daemon had it open. Trading is halted and conclave stops. What to do: restore the store from a backup';
    const died = JSON.stringify({ level: 'fatal', time: T - 595_000, name: 'conclave', msg: reason });
    const fatal = conclave(['health'], {}, `${healthLine(T - 600_000, T - 600_500)}\n${died}\n${stopped}\n`);
    expect(fatal.code).toBe(1);
    expect(fatal.out).toContain(`FATAL: the daemon logged a fatal error at ${new Date(T - 595_000).toISOString()}, after its last health line, and stopped on it: ${reason}`);
    expect(fatal.out).not.toContain('STOPPED');
    // A start that failed logs a fatal line and no health line: it said "no health line found" (exit 2).
    const refused = JSON.stringify({ level: 'fatal', time: T - 5_000, name: 'conclave', msg: 'http server cannot listen: port 8080 is in use' });
    const failed = conclave(['health'], {}, `${refused}\n`);
    expect(failed.code).toBe(1);
    expect(failed.out).toBe(`FATAL: the daemon logged a fatal error at ${new Date(T - 5_000).toISOString()}, before any health line: http server cannot listen: port 8080 is in use\n`);
  });

  it('status --json reads the store of a run: account, positions and the ledger', async () => {
    const { kernel, clock, dataDir } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0' });
    await kernel.start();
    for (let i = 0; i < 24 && kernel.store.positions().length === 0; i++) await runFor(clock, 3600_000);
    await kernel.stop();
    const r = conclave(['status', '--json'], { CONCLAVE_DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    const status = JSON.parse(r.out);
    for (const key of ['startingCash', 'cash', 'equity', 'realizedPnl', 'fees', 'positions', 'ledger']) expect(status).toHaveProperty(key);
    expect(status.ledger.ok).toBe(true);
    expect(status.positions.length).toBeGreaterThan(0);
    expect(status.positions[0]).toHaveProperty('symbol');
    expect(status.positions[0]).toHaveProperty('qty');
    expect(status.positions[0]).toHaveProperty('avgPrice');
    const text = conclave(['status'], { CONCLAVE_DATA_DIR: dataDir });
    expect(text.out).toMatch(/ledger ok/);
    const missing = conclave(['status'], { CONCLAVE_DATA_DIR: join(dataDir, 'nowhere') });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no store at/);
    // A new user's `npx conclave status` before the first `npm start`: what to do, not only what is missing.
    expect(missing.err).toMatch(/yet: start the daemon first \(npm start, conclave start\), or run this with its CONCLAVE_DATA_DIR and CONCLAVE_MODE \(--environment-file FILE reads a service's env file\)\n$/);
    // explain and scorecard also read a backtest's store: an id from its fills.csv is not in the daemon's.
    const explain = conclave(['explain', 'v-1'], { CONCLAVE_DATA_DIR: join(dataDir, 'nowhere') });
    expect(explain.err).toContain(`a backtest's verdicts are in its own store: add --store ${join(dataDir, 'nowhere', 'backtests', '<name>', 'conclave-paper.db')} (its --out folder)`);
    expect(missing.err).not.toMatch(/--store/);
  });

  it('check-data and check-feed report what is wrong with an input', () => {
    const data = conclave(['check-data', join(DATA, 'ohlcv', 'yfinance__ASAI-L-1h-bad-unit.csv')]);
    expect(data.code).toBe(0);
    expect(data.out).toMatch(/unit-error/);
    const notFeed = conclave(['check-feed', join(DATA, 'feeds', 'rss-parser__unrecognized.rss')]);
    expect(notFeed.code).toBe(1);
    expect(notFeed.err).toMatch(/^error: not a feed/);
    const feed = conclave(['check-feed', join(DATA, 'feeds', 'rss-parser__heise.atom')]);
    expect(feed.code).toBe(0);
    // The path was typed on the command line: it said "check the path in the configuration".
    const missing = conclave(['check-data', join(DATA, 'ohlcv', 'no-such.csv')]);
    expect(missing.code).toBe(78);
    expect(missing.out).toBe('');
    expect(missing.err).toMatch(/^error: cannot read OHLCV file .*no-such\.csv: ENOENT.*; check the path \(the file named, or the replayFiles entry\)/);
    // A relative path (a replayFiles entry beside the configuration file) is read from the working directory: said.
    const relative = conclave(['check-data', 'prices/no-such.csv']);
    expect(relative.code).toBe(78);
    expect(relative.err).toContain(`check the path (the file named, or the replayFiles entry; a relative path is read from the working directory, ${process.cwd()})`);
    // A URL's credentials and token were printed in clear on the feed's line; one with credentials is a bad argument
    // (fetch's own words, exit 1), as is a URL that is none ("newsFeeds: ... is not a URL", exit 1).
    const secret = conclave(['check-feed', 'http://user:pa55word@127.0.0.1:9/x?token=SECRETQ1']);
    expect(secret.code).toBe(78);
    expect(secret.out + secret.err).not.toMatch(/pa55word|SECRETQ1/);
    expect(secret.out).toBe('feed: http://(credentials not shown)@127.0.0.1:9/x?token=(not shown)\n');
    expect(secret.err).toContain('the URL holds a user name or password (user:pass@host), which fetch, the HTTP client of the daemon, refuses to send');
    const none = conclave(['check-feed', 'https://']);
    expect(none.code).toBe(78);
    expect(none.err).toContain('https:// is not a URL: give an http(s)://host/... address');
  });

  it('check-feed takes its limits from the configuration, as the daemon does, and says when it cannot read it', () => {
    // A feed over the default 5 MiB: the daemon reads it once feedMaxBytes is raised; check-feed kept 5 MiB and so
    // refused it with the advice to raise feedMaxBytes, which did not help.
    const dir = mkdtempSync(join(tmpdir(), 'conclave-cli-'));
    const big = join(dir, 'big.atom');
    const atom = readFileSync(join(DATA, 'feeds', 'rss-parser__heise.atom'), 'utf8');
    writeFileSync(big, atom.replace('?>', `?><!-- ${'x'.repeat(5 * 1048576)} -->`));
    const refused = conclave(['check-feed', big]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/over the 5242880-byte limit \(raise feedMaxBytes, or give --max-bytes, if the feed is legitimate\)/);
    const raised = conclave(['check-feed', big], { CONCLAVE_FEED_MAX_BYTES: String(8 * 1048576) });
    expect(raised.out).toMatch(/result: OK/);
    expect(raised.code).toBe(0);
    expect(conclave(['check-feed', '--max-bytes', '1024', big], { CONCLAVE_FEED_MAX_BYTES: String(8 * 1048576) }).code).toBe(1);
    // A configuration it cannot read: the items are still shown, and stderr says why they have no symbols.
    const unread = conclave(['check-feed', join(DATA, 'feeds', 'rss-parser__heise.atom')], { CONCLAVE_CONFIG: join(dir, 'missing.json') });
    expect(unread.code).toBe(0);
    expect(unread.err).toMatch(/conclave check-feed: configuration not read \(Cannot read the configuration file .*missing\.json/);
  });
});
