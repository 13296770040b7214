import { fstatSync } from 'node:fs';
import type { Command } from 'commander';
import { LiveClock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { fatalBeforeHealthText, followHealth } from './health-follow.js';
import { openLogFile, readHealthLogFrom } from './health-log-input.js';
import { formatHealth, type HealthLog } from './health-report.js';
import { healthEnding } from './health-silence.js';
import { notBlank } from '../core/not-blank.js';

const PIPE_HINT = 'pipe its log in (docker logs conclave | docker exec -i conclave conclave health)';
/** Said when stdin has not ended after this long: a followed log (`-f`) never does, and nothing was ever printed. */
const STILL_READING_MS = 5_000;

/** `conclave health`: the daemon's state from its log's health lines (see health-report.ts), once or as it goes. */
export function addHealthCommand(program: Command, out: (line: string) => void): void {
  program
    .command('health')
    .description('read health lines (stdin or --file), print the latest state; exit 1 if a loop is stale, the daemon stalled, fell silent, stopped or died (STALE, STALLED, SILENT, STOPPED, FATAL), 2 with no health line to judge')
    .option('-f, --file <file>', 'log file to read instead of stdin', notBlank('log file', "the daemon's log, or leave --file out and pipe the log in"))
    .option('--json', 'print the latest health line as JSON')
    .option('--follow', 'for a log that does not end (journalctl -f, docker logs -f, tail -F): print the state at each health line, and SILENT when they stop')
    .action(async (opts: { file?: string; json?: boolean; follow?: boolean }) => {
      if (!opts.file && process.stdin.isTTY) {
        process.stderr.write('conclave health: pipe the daemon\'s log in (docker logs conclave | docker exec -i conclave conclave health; journalctl -u conclave -o cat | conclave health) or name a file with --file\n');
        process.exitCode = 2;
        return;
      }
      if (opts.follow && opts.file) {
        process.stderr.write(`conclave health: --follow reads stdin: tail -F ${opts.file} | conclave health --follow\n`);
        process.exitCode = 78;
        return;
      }
      const clock = new LiveClock();
      if (opts.follow) {
        process.exitCode = await followHealth({ input: process.stdin, clock, out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`), json: opts.json === true });
        return;
      }
      let log: HealthLog;
      // A file given as stdin (`< conclave.log`) ends by itself, however long it takes to read: no hint to follow it.
      const cancelHint = opts.file || stdinIsFile()
        ? () => undefined
        : clock.setTimer(STILL_READING_MS, () => process.stderr.write('conclave health: stdin has not ended yet; the state is printed when it does. A log that never ends (journalctl -f, docker logs -f) needs --follow\n'));
      try {
        log = await readHealthLogFrom(opts.file ? openLogFile(opts.file) : process.stdin);
      } catch (error) {
        // Exit 1 means a stale daemon to whoever watches: a wrong path is nothing judged, 2 as for no health line.
        const reason = errorMessage(error).replace(/, \w+ '.*'$/, ''); // Node appends the path, already said
        process.stderr.write(`conclave health: cannot read ${opts.file ?? "stdin"} (${reason}): name the daemon's log file, or ${PIPE_HINT}\n`);
        process.exitCode = 2;
        return;
      } finally {
        cancelHint();
      }
      const { health: latest, lastFatal: fatal } = log;
      if (!latest) {
        // A start that failed logs its fatal line before any health line: that is the news, not "no health line".
        if (fatal) {
          out(fatalBeforeHealthText(fatal));
          process.exitCode = 1;
          return;
        }
        process.stderr.write('conclave health: no health line found (looked for the daemon\'s JSON lines with "msg":"health" and its "loops")\n');
        process.exitCode = 2;
        return;
      }
      const report = formatHealth(latest);
      // A fatal error or a clean stop after the last health line is said as such, not as a daemon gone silent.
      const silent = healthEnding(latest, clock.now());
      out(opts.json ? JSON.stringify(latest.line) : silent ? `${report.text}\n${silent}` : report.text);
      if (report.stale.length > 0 || report.stalled.length > 0 || silent) process.exitCode = 1;
    });
}

function stdinIsFile(): boolean {
  try {
    return fstatSync(0).isFile();
  } catch {
    return false;
  }
}
