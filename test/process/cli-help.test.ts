import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../src/cli.js';
import { repeatedOption } from '../../src/cli-argument-checks.js';

function help(args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/conclave.js', ...args], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
}

/** The `conclave ...` command lines under a help text's "Examples:" (after a pipe, the part from conclave on). */
function examples(text: string): string[] {
  const block = text.split('\nExamples:\n')[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.slice(l.lastIndexOf('conclave ')));
}

/** Shell words of a line: double-quoted words kept whole. */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

/** Parses argv as the CLI does, every command's action replaced by nothing: throws on what the CLI refuses. */
async function parses(argv: string[]): Promise<void> {
  const program = buildCli();
  const quiet = (c: Command) => c.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  quiet(program);
  for (const command of program.commands) quiet(command).action(() => {});
  const repeated = repeatedOption(program, argv);
  if (repeated) throw new Error(repeated);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // `help NAME` ends in commander's exit 0, which its exitOverride throws.
    if ((error as { exitCode?: number }).exitCode !== 0) throw error;
  }
}

describe('the help texts', () => {
  it('says the OS user is the default of --who once, without quoting the name of whoever read the help', () => {
    // It read '(default: the OS user) (default: "root")': commander added the value of the user at hand.
    for (const command of ['halt', 'resume']) {
      const text = help(['help', command]).replace(/\s+/g, ' ');
      expect(text).toContain("--who <name> who asks, for the cockpit's operator actions (default: the OS user)");
      expect(text).not.toMatch(/--who[^-]*\(default: "/);
    }
  });

  it('end with examples, each of which the command line takes as written', async () => {
    // The help listed options only: the first whole command came from the README.
    const texts = { '': help(['--help']), backtest: help(['help', 'backtest']), health: help(['help', 'health']), status: help(['help', 'status']) };
    for (const [name, text] of Object.entries(texts)) {
      const lines = examples(text);
      expect(lines.length, `conclave ${name} --help`).toBeGreaterThanOrEqual(2);
      if (name !== '') expect(lines.some((l) => l.startsWith(`conclave ${name}`)), name).toBe(true);
      for (const line of lines) await expect(parses(words(line).slice(1)), line).resolves.toBeUndefined();
    }
    // The check itself refuses what the command line refuses.
    await expect(parses(['halt', '--bogus'])).rejects.toThrow(/unknown option '--bogus'/);
    await expect(parses(['backtest', '--from', '2005', '--from', '2006', 'a.csv'])).rejects.toThrow(/given 2 times/);
  });
});
