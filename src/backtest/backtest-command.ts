import { availableParallelism } from 'node:os';
import { dateAlone, parseIsoArgument, wholeDays } from './span-arguments.js';
import { holeWarnings } from './hole-warnings.js';
import { copiedOpenWarnings, fillerBarWarnings, lockedDayWarnings, periodEndLabelWarnings, weekendStubWarnings } from './file-notices.js';
import { unusedZoneWarnings, zonelessTimeWarnings } from './zoneless-warnings.js';
import { withChanges } from '../core/with-changes.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diskLine } from './folder-size.js';
import pino from 'pino';
import { LiveClock, VirtualClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { shellArg } from '../core/shell-arg.js';
import { loadSeries, NoUsableBarsError } from './load-series.js';
import { progressBar } from './progress.js';
import { runProgress } from './run-progress.js';
import { runLoadedBacktest, runName } from './run-backtest.js';
import { readFile } from 'node:fs/promises';
import { createLogger } from '../core/logger.js';
import { loadRecordedNews } from '../news/recorded-news.js';
import { summaryTable } from './report/summary-table.js';
import { writeReport } from './report/write-report.js';
import { writeRunFacts } from './run-facts.js';
import { runBaseline } from './baseline.js';
import { SeedStop, seedJobs } from './seed-stop.js';
import { comparableSharpe } from './seed-job.js';
import { backtestConfig, checkOutDir, prepareOutDir } from './command-inputs.js';
import { summaryOf } from './report/build-report.js';
import type { BacktestRecord } from './backtest-record.js';
import type { BaselineReport, WalkForwardReport } from './report/report-types.js';
import { parseWalkForwardArgument, splitFolds } from './walk-forward/folds.js';
import { runWalkForward, type RunSeeds } from './walk-forward/run-walk-forward.js';
import { droppedRowsLine, logDroppedRows } from './dropped-rows.js';
import { newsRejectedLine, newsSpanLine } from './news-span.js';
import { keepingWarnings, newsSeen, reportWarnings, warnAfterRun } from './after-run.js';
import { clearPreviousRun, previousRunName, foreignOutputs } from './previous-run.js';
import { lockOutDir } from './out-lock.js';
import { precheckNews } from './news-precheck.js';
import type { StoreLock } from '../store/store-lock.js';
import { parseFileArguments, withTimesIn } from './file-arguments.js';
import { durationWarnings } from './duration-warnings.js';
import { configWarnings } from '../kernel/config-warnings.js';
import { newsConfigWarning } from './news-config-warning.js';
import { abstentionWarnings, ignoredSettingsWarnings, llmRolesWarning } from './ignored-settings.js';

/** --baseline-seeds: an integer from 0 (no baseline) to 1000; default 20. */
export function parseSeedsArgument(value: string | number | undefined): number {
  if (value === undefined) return 20;
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new ConfigError(`--baseline-seeds ${JSON.stringify(String(value))} is not allowed: give an integer from 0 (no baseline) to 1000`, '--baseline-seeds');
  }
  return n;
}

/**
 * --jobs: worker threads for the baseline's seeds, an integer from 1 to 256. Default: one core fewer than the machine
 * has (so a daemon trading beside the backtest keeps a core), at least 1. Each worker pays a start-up (modules, a cold
 * JIT): on 2 cores, 2 workers made a short run (ORCL daily) 5 % slower and a long one (31,000 minute bars) 20 % faster.
 */
export function parseJobsArgument(value: string | number | undefined): number {
  if (value === undefined) return Math.max(1, availableParallelism() - 1);
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new ConfigError(`--jobs ${JSON.stringify(String(value))} is not allowed: give an integer from 1 (seeds one after the other) to 256`, '--jobs');
  }
  return n;
}

export interface BacktestCliOptions {
  config?: string;
  from?: string;
  to?: string;
  news?: string;
  out?: string;
  json?: boolean;
  /** Coin-flip baseline runs (default 20; 0 = none). */
  baselineSeeds?: string | number;
  /** Worker threads the baseline's seeds run on (default: the machine's cores). */
  jobs?: string | number;
  /** Walk-forward folds (2..50); absent: one run over the whole span. */
  walkForward?: string | number;
  /** --times-in values: ZONE for every file, SYMBOL=ZONE for one. */
  timesIn?: readonly string[];
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** stderr, when it is a terminal (the progress bar). */
  tty: NodeJS.WriteStream | null;
  /**
   * Where a stop (SIGINT, SIGTERM) goes while the command can still end with a report: `take` is set during the
   * coin-flip seeds (the panel's run complete) and says whether it took the signal; otherwise the caller exits at once.
   */
  stops?: { take: ((signal: NodeJS.Signals) => boolean) | null };
  /** The memory the seeds' worker threads are sized by (seed-stop.ts: seedJobs); default: measured (tests give one). */
  memory?: () => { free: number; perRun: number };
}

/**
 * `conclave backtest`: checks the arguments (exit 78 naming the bad one), loads the files (exit 1 when no usable bar
 * is left, with the reason), runs, writes the outputs and prints the summary. Returns the exit code.
 */
export async function backtestCommand(files: readonly string[], given: BacktestCliOptions, io: CliIo): Promise<number> {
  const held: StoreLock[] = [];
  const warnings: string[] = [];
  try {
    return await lockedRun(files, given, keepingWarnings(io, warnings), held, warnings);
  } finally {
    for (const lock of held) lock.release();
  }
}

/** The command, which puts the output folder's lock in `held` once it takes it; `warnings`: what `io` warned of so far. */
async function lockedRun(files: readonly string[], given: BacktestCliOptions, io: CliIo, held: StoreLock[], warnings: string[]): Promise<number> {
  const opts = withChanges(given, { from: wholeDays(given.from, false), to: wholeDays(given.to, true) });
  const from = opts.from !== undefined ? parseIsoArgument('--from', opts.from) : undefined;
  const to = opts.to !== undefined ? parseIsoArgument('--to', opts.to, true) : undefined;
  if (from !== undefined && to !== undefined && from > to) {
    throw new ConfigError(`--from ${opts.from} is after --to ${opts.to}: the span must run forwards`, '--from');
  }
  const newsPath = opts.news;
  if (newsPath !== undefined && !existsSync(newsPath)) {
    throw new ConfigError(`--news ${JSON.stringify(newsPath)} does not exist: name a JSON Lines file or a folder of saved feeds`, '--news');
  }
  const seeds = parseSeedsArgument(opts.baselineSeeds);
  let jobs = parseJobsArgument(opts.jobs);
  const folds = parseWalkForwardArgument(opts.walkForward);
  const specs = withTimesIn(parseFileArguments(files), opts.timesIn ?? []);
  const config = backtestConfig(io, opts.config);
  // A blank --out (an unset variable in a script) made a folder named " " and failed on a rename inside it.
  if (opts.out !== undefined && opts.out.trim() === '') throw new ConfigError(`--out ${JSON.stringify(opts.out)} is empty: name a folder you can write, or one to be made (or leave --out out for backtests/<name>/ in the data dir)`, '--out');
  if (opts.out !== undefined) checkOutDir(opts.out);
  const span = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(dateAlone(opts.from) ? { fromDay: true } : {}), ...(dateAlone(opts.to) ? { toDay: true } : {}) };
  let series;
  try {
    series = await loadSeries(specs, span, { leaveOutOfSpan: (m) => io.err(`conclave backtest: warning: ${m}`) });
  } catch (error) {
    if (error instanceof NoUsableBarsError) {
      io.err(`conclave backtest: ${error.message}`);
      return 1;
    }
    throw error;
  }
  // The files the run uses (a file left out of the span is not read again by the baseline's workers).
  const used = specs.filter((spec) => series.some((s) => s.symbol === spec.symbol));
  // Rows the run will not use are said, not only counted in report.json (an unadjusted split drops the rest of a file).
  for (const s of series) {
    const line = droppedRowsLine(s);
    if (line) io.err(`conclave backtest: warning: ${line}`);
  }
  const settings = configWarnings(config, { run: 'backtest', barsPerSymbol: series.map((s) => ({ symbol: s.symbol, bars: s.end - s.first })) }).map((w) => w.message);
  for (const line of [...zonelessTimeWarnings(series), ...unusedZoneWarnings(opts.timesIn ?? [], series), ...holeWarnings(series), ...periodEndLabelWarnings(series), ...weekendStubWarnings(series), ...fillerBarWarnings(series), ...copiedOpenWarnings(series), ...lockedDayWarnings(series), ...durationWarnings(config, series), ...settings, newsConfigWarning(config, newsPath), ...ignoredSettingsWarnings(config), llmRolesWarning(config)]) if (line) io.err(`conclave backtest: warning: ${line}`);
  // Folds too short: exit 78 before any run or file.
  if (folds !== undefined) splitFolds(series, folds);
  const name = runName(series);
  const backtestsDir = join(config.dataDir, 'backtests');
  const outDir = opts.out ?? join(backtestsDir, name);
  // The run replaces the store in its folder: never one that a backtest did not write (the daemon's, say). A backtest
  // opens backtest.log before it makes its store, so a run interrupted before its run.json (Ctrl-C) is known as one too.
  if (existsSync(join(outDir, 'conclave-paper.db')) && !existsSync(join(outDir, 'run.json')) && !existsSync(join(outDir, 'backtest.log'))) {
    throw new ConfigError(`--out ${outDir} holds a store that no backtest wrote (no run.json or backtest.log beside it); choose another folder`, '--out');
  }
  const foreign = foreignOutputs(outDir, folds !== undefined);
  if (foreign.length > 0) {
    throw new ConfigError(`--out ${outDir} already holds ${foreign.join(', ')}, which no backtest wrote (no run.json or backtest.log beside them): a run would write over or remove them; choose another folder`, '--out');
  }
  // The default folder is named by the symbols and the span only: a run with other settings or files replaces the
  // earlier one. An --out of one's choosing is rewritten in silence, unless it held a run of other symbols or span.
  if (newsPath !== undefined) await precheckNews(newsPath);
  const previous = previousRunName(outDir);
  prepareOutDir(outDir);
  const wall = new LiveClock();
  // Held to the end of the run (or the process's, which drops it too): a second run into this folder refuses before it clears anything.
  held.push(lockOutDir(outDir, wall.now()));
  if (clearPreviousRun(outDir, folds !== undefined)) {
    if (opts.out === undefined) io.err(`conclave backtest: note: this run replaces the earlier one in ${outDir} (same symbols and span); give --out to keep both`);
    else if (previous !== undefined && previous !== name) io.err(`conclave backtest: note: this run (${name}) replaces the backtest ${previous} in --out ${outDir}`);
  }
  const plan = { seeds, jobs };
  const bar = io.tty && folds === undefined ? runProgress(io.tty, wall, plan) : null;
  const started = wall.now();
  // The parts' log lines (warnings and errors) go to a file beside the outputs: the terminal gets only the result.
  const logFile = join(outDir, 'backtest.log');
  const log = pino.destination({ dest: logFile, sync: true, mkdir: true, append: false });
  logDroppedRows(series, createLogger({ level: 'warn', clock: new VirtualClock(Math.min(...series.map((s) => s.bars[0]!.time))), destination: log }));
  // Recorded news is read once, up front, and shown to the run at each item's published time on its virtual clock.
  let newsSaid = false;
  const news = newsPath === undefined ? undefined : async (clock: VirtualClock, lookbackMs: number) => {
    // Its rejected items are logged by the first run that reads it (the panel's), not again by each coin flip's.
    const source = await loadRecordedNews(newsPath, clock, createLogger({ level: newsSaid ? 'error' : 'warn', clock, destination: log }), { lookbackMs });
    if (!newsSaid) {
      newsSaid = true;
      const stats = source.stats();
      for (const line of [...(stats.notes ?? []).map((n) => `--news ${newsPath}: ${n}`), newsRejectedLine(newsPath, stats, logFile), newsSpanLine(newsPath, stats, series, lookbackMs)]) {
        if (line) io.err(`conclave backtest: warning: ${line}`);
      }
    }
    return source;
  };
  // What the baseline's worker threads need to load the same files, news and log again.
  const workers = { jobs, span, logFile, ...(newsPath !== undefined ? { newsPath } : {}) };
  if (folds !== undefined) {
    const foldBar = io.tty ? progressBar(io.tty, wall, 'walk-forward runs') : null;
    // The seeds run once the folds are complete: sized by the memory then, and a stop ends them as a plain run's.
    const seedStop = new SeedStop(io, seeds);
    const runSeeds: RunSeeds = (start, panelSharpe) => {
      jobs = workers.jobs = seedJobs(io, jobs, seeds, opts.jobs !== undefined);
      return seedStop.run(panelSharpe, (onSeed, signal) => start(jobs, onSeed, signal));
    };
    const walk = await runWalkForward(series, { config, files: used, outDir, name, logDestination: log, ...(news ? { news } : {}) }, { folds, seeds, workers, runSeeds, ...(foldBar ? { onRun: foldBar.update } : {}) });
    foldBar?.end();
    warnAfterRun(io, walk, { newsPath, logFile, symbols: series.map((s) => s.symbol), universe: config.universe, timeoutMs: config.paperFillTimeoutMs });
    const code = await finish(io, opts, { outDir, backtestsDir, name, warnings, newsPath: newsSeen(newsPath, walk), record: walk.record, bars: walk.bars, steps: walk.steps, durationMs: wall.now() - started, store: join(outDir, 'folds'), ...(walk.baseline ? { baseline: walk.baseline, jobs } : {}), walkForward: walk.walkForward });
    return seedStop.stopped ? seedStop.finishStopped(outDir, "the panel's folds were") : code;
  }
  const run = await runLoadedBacktest(series, { config, files: used, outDir, name, logDestination: log, ...(news ? { news } : {}), ...(bar ? { onProgress: bar.panel } : {}) });
  bar?.end();
  warnAfterRun(io, run, { newsPath, logFile, symbols: series.map((s) => s.symbol), universe: config.universe, timeoutMs: config.paperFillTimeoutMs });
  const panelMs = wall.now() - started;
  const panelSharpe = comparableSharpe(summaryOf(run.record));
  jobs = plan.jobs = workers.jobs = seedJobs(io, jobs, seeds, opts.jobs !== undefined);
  const seedStop = new SeedStop(io, seeds);
  const baseline = await seedStop.run(panelSharpe, (onSeed, signal) => runBaseline(series, { config, files: used, outDir, logDestination: log, ...(news ? { news } : {}) }, Object.assign({ seeds, panelSharpe, onSeed, signal }, workers, bar ? { onSeedBars: bar.seed } : {})));
  bar?.end();
  const outcome = { outDir, backtestsDir, name, warnings, newsPath: newsSeen(newsPath, run), record: run.record, bars: run.bars, steps: run.steps, durationMs: wall.now() - started, panelMs, store: run.storeFile };
  const code = await finish(io, opts, Object.assign(outcome, baseline ? { baseline, jobs } : {}));
  return seedStop.stopped ? seedStop.finishStopped(outDir, "the panel's run was") : code;
}

interface Outcome {
  outDir: string;
  /** Where runs go by default (the data dir's backtests/): what they all take is said when this run is one of them. */
  backtestsDir: string;
  name: string;
  /** What the command warned of: the report keeps them too. */
  warnings: readonly string[];
  newsPath: string | undefined;
  record: BacktestRecord;
  bars: number;
  steps: number;
  durationMs: number;
  /** The panel's own run (without the baseline's seeds), when the command made one. */
  panelMs?: number;
  /** Worker threads the baseline's seeds ran on. */
  jobs?: number;
  /** The run's store (a walk-forward's: the folder of its folds' stores). */
  store: string;
  baseline?: BaselineReport;
  walkForward?: WalkForwardReport;
}

/** Writes the report and the run's facts, prints the summary; exit code 0. */
async function finish(io: CliIo, opts: BacktestCliOptions, o: Outcome): Promise<number> {
  const extra = Object.assign({}, o.baseline ? { baseline: o.baseline } : {}, o.walkForward ? { walkForward: o.walkForward } : {});
  // The report says which news the figures were made with: a run with --news and one without read alike.
  for (const line of abstentionWarnings(o.record.signals)) io.err(`conclave backtest: warning: ${line}`);
  const record: BacktestRecord = Object.assign({}, o.record, o.newsPath === undefined ? {} : { news: o.newsPath }, o.warnings.length > 0 ? { warnings: reportWarnings(o.warnings, o.outDir) } : {});
  const written = await writeReport(o.outDir, record, extra);
  await writeRunFacts(o.outDir, {
    durationMs: o.durationMs,
    bars: o.bars,
    steps: o.steps,
    ...(o.panelMs !== undefined ? { panelMs: o.panelMs } : {}),
    // The workers the seeds ran on: --jobs 256 over 20 seeds is 20 threads.
    ...(o.baseline ? { baselineSeeds: o.baseline.seeds, ...(o.jobs !== undefined ? { jobs: Math.max(1, Math.min(o.jobs, o.baseline.seeds)) } : {}) } : {}),
  });
  const report = JSON.parse(await readFile(join(o.outDir, 'report.json'), 'utf8')) as { span: unknown; symbols: unknown; summary: unknown; buyAndHold: unknown; openPositions: unknown; baseline?: unknown; decisions?: unknown; liquidity?: unknown; walkForward?: unknown; warnings?: string[] };
  if (opts.json) {
    const facts = { name: o.name, bars: o.bars, outDir: o.outDir, store: o.store, news: o.newsPath ?? null };
    io.out(JSON.stringify(Object.assign(facts, { span: report.span, symbols: report.symbols, summary: report.summary, buyAndHold: report.buyAndHold, baseline: report.baseline ?? null, decisions: report.decisions ?? null, liquidity: report.liquidity ?? null, openPositions: report.openPositions, warnings: report.warnings ?? [] }, report.walkForward ? { walkForward: report.walkForward } : {}), null, 2));
  } else {
    // Quoted for a shell where it needs to be: an --out with a space in it made a command that failed when copied.
    const where = o.walkForward ? `the folds' stores: ${o.store}/fold-N/conclave-paper.db` : `its store: conclave explain --store ${shellArg(o.store)}`;
    const kept = resolve(o.outDir, '..') === resolve(o.backtestsDir) ? o.backtestsDir : null;
    io.out(`${summaryTable(written)}  outputs in ${o.outDir}: report.html, report.json, fills.csv, trades.csv, equity.csv\n  ${where}\n  ${diskLine(o.outDir, kept)}`);
  }
  return 0;
}
