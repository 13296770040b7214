import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runMode } from './config/run-mode.js';
import { configDefault, loadConfig, type Config } from './config/config.js';
import { FIELDS, type ConfigKey } from './config/config-schema.js';
import { ENV_FILE_OPTION, loadEnvFile } from './config/env-file.js';
import { ConfigError, EXIT_CONFIG, errorMessage } from './core/errors.js';
import { damageNoteOf, noStoreFor, openStoreReadOnly, recordCommandAction } from './cli-stores.js';
import { flattenLeft } from './cli-flatten-left.js';
import { haltFile, storeFile, symbolAliases } from './kernel/kernel-paths.js';
import { KillSwitch } from './trading/kill-switch.js';
import { osUser } from './core/os-user.js';
import { packageVersion } from './core/paths.js';
import { addBackupCommand } from './backup-command.js';
import { addStatusCommand } from './status-command.js';
import { addWriteOffCommand } from './write-off-command.js';
import { addConfigCommand, invalidJson } from './config-command.js';
import { addHealthCommand } from './health/health-command.js';
import { out, report } from './cli-output.js';
import { refusedArguments } from './cli-argument-checks.js';
import { notBlank } from './core/not-blank.js';
import { addExamples } from './cli-examples.js';

// A blank --reason or --who (an unset shell variable, quoted) recorded "" among the operator actions. A halt is never
// refused for it (halting is the safe side): its reason is the default, as a resume's who is the OS user.
const haltReason = (text: string) => (text.trim() === '' ? 'operator halt' : text);
const who = (text: string) => (text.trim() === '' ? osUser() : text);

/** A repeatable option's values, in order. */
const collect = (value: string, previous: string[]) => [...previous, value];

/** The configuration as `conclave start` reads it; `origins` is filled with where each set key came from. */
function config(options: { config?: string }, origins?: Map<ConfigKey, string>): Config {
  return loadConfig({ dotenv: true, warn: (m) => process.stderr.write(`conclave: ${m}\n`), ...(options.config !== undefined ? { configFile: options.config } : {}), ...(origins ? { origins } : {}) });
}

/** A key's default for a help text; a broken defaults file is told by the command that reads it, not by every one. */
function shownDefault(key: 'feedTimeoutMs' | 'feedMaxBytes'): string {
  try {
    return String(configDefault(key));
  } catch {
    return 'see config/default.json';
  }
}

/** An option's value judged by its configuration key's own schema (feedTimeoutMs, feedMaxBytes): exit 78 outside. */
const valueOf = (key: 'feedTimeoutMs' | 'feedMaxBytes') => (value: string): number => {
  const parsed = FIELDS[key].schema.safeParse(value.trim() === '' ? NaN : Number(value));
  if (!parsed.success) throw new InvalidArgumentError(`Give ${FIELDS[key].allowed}.`);
  return parsed.data;
};

export function buildCli(): Command {
  const program = new Command('conclave')
    .description('Autonomous trading orchestrator (paper trading unless configured otherwise).')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride()
    // Before or after the command; read before any command runs, so every one that reads the configuration sees it.
    .option(`${ENV_FILE_OPTION} <file>`, "read KEY=VALUE lines (the daemon's env file, e.g. /etc/conclave/conclave.env) for the keys not set in the environment")
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (command, action) => {
      const file = (command.opts() as { environmentFile?: string }).environmentFile;
      try {
        if (file !== undefined) loadEnvFile(file);
      } catch (error) {
        // `config --json` answers in JSON whatever is wrong, the env file it reads included.
        if (action.name() === 'config' && (action.opts() as { json?: boolean }).json && error instanceof ConfigError) out(invalidJson(error));
        throw error;
      }
    });
  const withConfig = (cmd: Command) => cmd.addOption(new Option('-c, --config <file>', 'configuration file (JSON)').env('CONCLAVE_CONFIG'));

  withConfig(program.command('start').description('run the daemon until SIGTERM, SIGINT or SIGHUP')).action(async (opts: { config?: string }) => {
    // The daemon's modules load only for it: every other command (status, explain, --version) answered in 0.7 s, most
    // of it spent loading the kernel. Exit, not just set the code: a timer or socket a failed stop left behind must not
    // keep the process alive.
    const { runDaemon } = await import('./daemon.js');
    process.exit(await runDaemon(opts.config !== undefined ? { configFile: opts.config } : {}));
  });

  addStatusCommand(program, withConfig, config, out);
  addBackupCommand(program, withConfig, config, out);
  addWriteOffCommand(program, withConfig, config, out);

  addHealthCommand(program, out);
  addConfigCommand(program, withConfig, config, out);

  withConfig(program.command('explain').description('print a stored discussion: every agent, the chief, the verdict'))
    .argument('[verdict-id]', 'verdict id (omit to list the latest verdicts)', notBlank('verdict id', 'omit it to list the latest verdicts'))
    .option('--store <file>', "read this SQLite store (a backtest's, in its output folder) instead of the data dir's")
    .action(async (verdictId: string | undefined, opts: { config?: string; store?: string }) => {
      const store = openStoreReadOnly(config(opts), opts.store, true);
      try {
        if (!verdictId) {
          const { LISTED_VERDICTS, verdictList } = await import('./agents/verdict-list.js');
          const { n } = store.db.prepare('SELECT count(*) n FROM verdicts').get() as { n: number };
          const list = verdictList(store.audit.recentVerdicts(LISTED_VERDICTS), n);
          for (const line of list.lines) out(line);
          if (list.note) process.stderr.write(`conclave explain: ${list.note}\n`);
          return;
        }
        const record = store.audit.discussion(verdictId);
        if (!record) {
          process.stderr.write(`conclave explain: no verdict ${verdictId}; run \`conclave explain\` to list recent ones\n`);
          process.exitCode = 1;
          return;
        }
        const { formatDiscussion } = await import('./agents/explain.js');
        const { formatAftermath } = await import('./trading/aftermath-text.js');
        out(`${formatDiscussion(record).trimEnd()}\n`);
        out(formatAftermath(record.verdict.action, store.cockpit.aftermath(verdictId)));
      } finally {
        store.close();
      }
    });

  withConfig(program.command('scorecard').description("each agent's and the chief's hit rate and rank correlation against realised forward returns"))
    .option('--store <file>', "read this SQLite store (a backtest's, in its output folder) instead of the data dir's")
    .option('--json', 'print the scorecards as JSON')
    .action(async (opts: { config?: string; store?: string; json?: boolean }) => {
      // As it is: the scorecard reads every schema that has forward returns (a migrated copy holds the whole store in memory).
      const store = openStoreReadOnly(config(opts), opts.store, true, true);
      try {
        const { formatScorecards, noScorecardYet, readScorecards } = await import('./scorecard/scorecard-command.js');
        const rows = readScorecards(store.db);
        out(opts.json ? JSON.stringify(rows, null, 2) : rows.length > 0 ? formatScorecards(rows) : noScorecardYet(store.db));
      } finally {
        store.close();
      }
    });

  withConfig(program.command('halt').description('kill switch: block new entries (the daemon reads it at every decision)'))
    .option('-r, --reason <text>', 'why', haltReason, 'operator halt')
    .option('--flatten', 'also close open positions')
    .option('--who <name>', "who asks, for the cockpit's operator actions (default: the OS user)", who)
    .action((opts: { config?: string; reason: string; flatten?: boolean; who?: string }) => {
      const cfg = config(opts);
      // Written even without a store there (a daemon started later starts halted): halting more is the safe side. But
      // not as this mode's: a halt paper's configuration wrote on a live data dir was live's to obey and paper's alone to
      // lift, which has no store there to lift it from; nor with a flatten, which closes the asking mode's positions.
      const own = existsSync(storeFile(cfg));
      const flatten = new KillSwitch({ file: haltFile(cfg), ...(own ? { mode: runMode(cfg) } : {}) }).halt(opts.reason, own && (opts.flatten ?? false));
      if (noStoreFor('halt', cfg)) {
        if (opts.flatten) process.stderr.write(`conclave halt: --flatten was not recorded: it closes the positions of the mode that asks, and ${runMode(cfg)} has none here\n`);
        return;
      }
      recordCommandAction(cfg, opts.flatten ? 'halt+flatten' : 'halt', opts.reason, opts.who ?? osUser());
      const kept = flatten && !opts.flatten ? '; the flatten asked for earlier is still under way: open positions will be closed' : '';
      out(`halted: no new entries${opts.flatten ? '; open positions will be closed' : kept}. \`conclave resume\` lifts it.`);
    });

  withConfig(program.command('resume').description('lift the kill switch'))
    .option('-r, --reason <text>', 'why', notBlank('reason', 'why trading resumes'), 'operator resume')
    .option('--who <name>', "who asks, for the cockpit's operator actions (default: the OS user)", who)
    .action((opts: { config?: string; reason: string; who?: string }) => {
      const cfg = config(opts);
      const killSwitch = new KillSwitch({ file: haltFile(cfg), mode: runMode(cfg) });
      // Without this mode's store the halt file is left alone: it halts whatever daemon runs on the folder.
      if (noStoreFor('resume', cfg)) return;
      // "resumed" when nothing was halted read as if the daemon had been stopped; nor is it an operator action.
      // A daemon that found its store damaged halts entries with the switch off, and no resume lifts that.
      const damage = damageNoteOf(cfg);
      const stays = damage ? `; entries stay halted, as the store was found damaged: ${damage}` : '';
      if (!killSwitch.isHalted()) {
        out(damage ? `the kill switch is off, so nothing changed${stays}` : 'not halted: entries were already allowed; nothing changed');
        return;
      }
      const unfinished = killSwitch.state().flatten === true ? flattenLeft(cfg) : '';
      killSwitch.resume();
      recordCommandAction(cfg, 'resume', opts.reason, opts.who ?? osUser());
      out(damage ? `kill switch lifted${unfinished}${stays}` : `resumed: entries allowed again${unfinished}`);
    });

  program
    .command('check-data')
    .description('load an OHLCV file and report its range, bar size, gaps and every rejected or quarantined row')
    .argument('<file>', 'CSV (Yahoo style) or JSON [[ts, o, h, l, c, v], ...], plain, gzipped or zipped', notBlank('file', 'the path of an OHLCV file'))
    .option('--times-in <zone>', 'the IANA time zone of clock times the file writes without one (default UTC), e.g. America/New_York')
    .action(async (file: string, opts: { timesIn?: string }) => {
      const { checkData } = await import('./market/check-data.js');
      process.exitCode = await checkData(file, report, opts.timesIn);
    });

  withConfig(program.command('check-feed'))
    .description('fetch or read a feed and print its parsed items, or the precise reason it cannot be parsed')
    .argument('<url-or-file>', 'an http(s) URL, a saved feed file, or recorded news for backtests (a .jsonl file or a folder of feeds)', notBlank('URL or file', 'an http(s) URL, or the path of a feed file or folder'))
    // Defaults are the daemon's (feedTimeoutMs, feedMaxBytes): a limit raised for the daemon must pass here too.
    .option('--timeout-ms <ms>', `fetch timeout (default: feedTimeoutMs of the configuration, ${shownDefault('feedTimeoutMs')})`, valueOf('feedTimeoutMs'))
    .option('--max-bytes <n>', `largest body accepted (default: feedMaxBytes of the configuration, ${shownDefault('feedMaxBytes')})`, valueOf('feedMaxBytes'))
    .action(async (target: string, opts: { config?: string; timeoutMs?: number; maxBytes?: number }) => {
      const { checkFeed } = await import('./news/check-feed.js');
      const { SymbolMapper } = await import('./news/symbol-map.js');
      let cfg: Config | undefined;
      try {
        cfg = config(opts);
      } catch (error) {
        // Without a valid configuration the items are still printed, only unmapped and with the default limits.
        process.stderr.write(`conclave check-feed: configuration not read (${errorMessage(error)}): items are shown without their symbols, with the default limits\n`);
      }
      process.exitCode = await checkFeed(target, report, {
        timeoutMs: opts.timeoutMs ?? cfg?.feedTimeoutMs ?? configDefault('feedTimeoutMs'),
        maxBytes: opts.maxBytes ?? cfg?.feedMaxBytes ?? configDefault('feedMaxBytes'),
        ...(cfg ? { symbols: new SymbolMapper(symbolAliases(cfg)), maxSymbols: cfg.newsMaxSymbols } : {}),
      });
    });

  withConfig(program.command('backtest'))
    .description("run the daemon's parts over OHLCV files on a virtual clock, as fast as the CPU allows, and write the run's outputs")
    .argument('<files...>', 'OHLCV files (CSV or JSON, plain, gzipped or zipped), one symbol each; SYMBOL=path names the symbol')
    .option('--from <iso>', "first bar of the span (ISO 8601 date-time, UTC; a date alone is the file's own day)")
    .option('--to <iso>', "last bar of the span (ISO 8601; a date alone takes in that whole day, as the file writes its days)")
    .option('--news <path>', 'recorded news: a JSON Lines file or a folder of saved feeds')
    .option('--out <dir>', 'output folder (default: backtests/<name>/ in the data dir, CONCLAVE_DATA_DIR)')
    .option('--json', 'print the summary as JSON')
    .addOption(new Option('--baseline-seeds <n>', 'coin-flip baseline runs to place the panel among (0 = none)').default('20', '20'))
    .option('--jobs <n>', "worker threads for the baseline's seeds (default: the machine's cores less one, at least 1, as many as the free memory holds)")
    .option('--walk-forward <k>', 'K folds by time: parameters chosen on past folds, the report out of sample only')
    .option('--times-in <zone>', 'the IANA time zone of clock times the files write without one (default UTC), e.g. America/New_York; SYMBOL=ZONE for one file; repeatable', collect, [])
    .action(async (files: string[], opts: { config?: string; from?: string; to?: string; news?: string; out?: string; json?: boolean; baselineSeeds?: string; jobs?: string; walkForward?: string; timesIn?: string[] }) => {
      const { backtestCommand } = await import('./backtest/backtest-command.js');
      // Stopped before the end, the run says so (it ended without a word) and that nothing was reported; during the
      // coin-flip seeds the command takes the stop and ends with the panel's report (a second stop ends it at once).
      const stops: { take: ((signal: NodeJS.Signals) => boolean) | null } = { take: null };
      let taken = false;
      const stop = (signal: NodeJS.Signals) => {
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (taken) {
          process.stderr.write(`conclave backtest: stopped again by ${signal}: ended at once, without the panel's report\n`);
          process.exit(signal === 'SIGINT' ? 130 : 143);
        }
        if (stops.take?.(signal)) {
          taken = true;
          return;
        }
        const left = opts.walkForward !== undefined ? "the folds' partial runs, which the next run into it replaces" : "the partial run's store and log";
        process.stderr.write(`conclave backtest: stopped by ${signal} before the end: no report was written (the output folder holds ${left})\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      };
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
      try {
        process.exitCode = await backtestCommand(files, opts, {
          out,
          err: (line) => process.stderr.write(line + '\n'),
          tty: process.stderr.isTTY ? process.stderr : null,
          stops,
        });
        // The seeds still running (in this thread or on workers) are given up.
        if (taken) process.exit(process.exitCode);
      } finally {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, stop);
      }
    });

  addExamples(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  // Node 20 reads `--env-file` as its own flag even after the script (it exits 9 when the file is missing); when the
  // file exists it gets here, as an unknown option: name ours.
  if (argv.slice(2).some((arg) => arg === '--env-file' || arg.startsWith('--env-file='))) {
    process.stderr.write(`conclave: --env-file is node's own option, which node 20 reads even after the command: write ${ENV_FILE_OPTION} FILE\n`);
    process.exitCode = EXIT_CONFIG;
    return;
  }
  const program = buildCli();
  if (refusedArguments(program, argv.slice(2))) return;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).exitCode;
    if (typeof code === 'number' && (error as { code?: string }).code?.startsWith('commander.')) {
      // A bad argument (unknown flag, missing value or file) is a configuration error, for every command: exit 78.
      process.exitCode = code === 0 ? 0 : EXIT_CONFIG;
      return;
    }
    process.stderr.write(`conclave: ${errorMessage(error)}\n`);
    process.exitCode = error instanceof ConfigError ? EXIT_CONFIG : 1;
  }
}
