import type { Command } from 'commander';

/**
 * Examples under the help texts: the help listed every option and never one whole command, so a newcomer went to the
 * README for the first `conclave backtest`. Each is checked against the options its command takes (test/process).
 */
export const EXAMPLES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  '': [
    ['conclave start --config my.json', 'run the daemon (npm start does)'],
    ['conclave config', 'check the configuration (exit 78: bad)'],
    ['conclave status', 'account, positions, orders in flight'],
    ['conclave halt --reason "maintenance" --flatten', 'no new entries; sell what is held'],
    ['conclave resume --reason "done"', 'lift the kill switch'],
    ['conclave backup --out backups', 'a checked copy into a folder made first'],
    ['journalctl -u conclave -o cat | conclave health', 'the latest health line of a log'],
    ['conclave backtest ORCL=orcl.csv --from 2005-01-01 --to 2012-12-31', 'history through the daemon\'s parts'],
    ['conclave help backtest', "one command's options and examples"],
  ],
  backtest: [
    ['conclave backtest ORCL=orcl.csv GOOG.csv --from 2005-01-01 --to 2012-12-31', 'two files over a span'],
    ['conclave backtest --walk-forward 4 --baseline-seeds 100 orcl.csv', 'out of sample, against 100 coin flips'],
    ['conclave backtest --times-in SPY=America/New_York SPY=spy-5m.csv', 'clock times written without a zone'],
    ['conclave explain --store data/backtests/ORCL_20050103-20121231/conclave-paper.db', "a run's verdicts"],
  ],
  status: [
    ['conclave status', "the data dir's account: cash, equity, positions, orders in flight"],
    ['conclave status --store data/backtests/ORCL_20050103-20121231/conclave-paper.db --json', "a backtest's account at its end, as JSON"],
  ],
  health: [
    ['journalctl -u conclave -o cat | conclave health', "a systemd unit's log"],
    ['conclave health --file daemon.log --json', 'the latest line as JSON'],
    ['docker logs -f conclave 2>/dev/null | docker exec -i conclave conclave health --follow', 'as the log goes'],
  ],
};

/** Adds the examples above under the program's help and under each command's that has some, as shell lines to copy. */
export function addExamples(program: Command): void {
  for (const [name, examples] of Object.entries(EXAMPLES)) {
    const command = name === '' ? program : program.commands.find((c) => c.name() === name);
    if (!command) throw new Error(`cli-examples: no command ${name}`);
    command.addHelpText('after', `\nExamples:\n${examples.map(([line, what]) => `  # ${what}\n  ${line}`).join('\n')}`);
  }
}
