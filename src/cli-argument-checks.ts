import type { Command, Option } from 'commander';
import { EXIT_CONFIG } from './core/errors.js';

/** Options a command takes more than once on purpose (collected into a list); check-data's --times-in is one zone. */
const REPEATABLE: Readonly<Record<string, readonly string[]>> = { backtest: ['--times-in'] };

/**
 * An option that takes one value, given twice with different values (`--config base.json --config mine.json`,
 * `--from 2010 --from 2011`): commander keeps the last without a word, so the first file's settings or the first
 * date were dropped while the user took both for read. Returns the message that names it, or undefined.
 */
export function repeatedOption(program: Command, args: readonly string[]): string | undefined {
  const { tokens, command } = commandOf(program, args);
  const repeatable = REPEATABLE[command?.name() ?? ''] ?? [];
  const all = [...program.options, ...(command?.options ?? [])];
  const options = all.filter((o) => (o.required || o.optional) && o.long && !repeatable.includes(o.long));
  for (const option of options) {
    const values: string[] = [];
    tokens.forEach((t, i) => {
      if (t === option.long || (option.short !== undefined && t === option.short)) values.push(tokens[i + 1] ?? '');
      else if (t.startsWith(`${option.long!}=`)) values.push(t.slice(option.long!.length + 1));
      // -rREASON: the short option with its value attached.
      // (A word that is another option's value, --reason -rate-limited, is that value.)
      else if (option.short !== undefined && t.length > option.short.length && t.startsWith(option.short) && !t.startsWith('--') && !takesValue(all, tokens[i - 1])) values.push(t.slice(option.short.length));
    });
    if (new Set(values).size > 1) {
      return `${option.long!} is given ${values.length} times (${values.map((v) => JSON.stringify(v)).join(', ')}), and only the last would count: give it once`;
    }
  }
  return undefined;
}

/**
 * An option's value that is another of the command's options: commander takes the next word as the value whatever it
 * is, so `halt --reason --flatten` (an unquoted, unset $REASON) halted for the reason "--flatten" with no flatten, and
 * `backtest --out --json FILE` wrote a run into a folder named --json. `--reason=--flatten` still says it is meant.
 */
export function swallowedOption(program: Command, args: readonly string[]): string | undefined {
  const { tokens, command } = commandOf(program, args);
  const options = [...program.options, ...(command?.options ?? [])];
  // Commander's help is no entry of `options`: `write-off X --reason --help` went on to write the position off.
  const known = (token: string) => token === '--help' || token === '-h' || options.some((o) => token === o.long || token === o.short || (o.long !== undefined && token.startsWith(`${o.long}=`)));
  for (const [i, t] of tokens.entries()) {
    const option = options.find((o) => o.required && (t === o.long || t === o.short));
    const next = tokens[i + 1];
    if (option && next !== undefined && known(next)) {
      const flag = option.long ?? t;
      return `${flag} takes a value, and the word after it is ${next}, another option (an unset shell variable gives no word): give ${flag} its value, or write ${flag}=${next} if that is the value`;
    }
  }
  return undefined;
}

/** The tokens before `--`, and the command they name (the first word that is no option nor a global option's value). */
function commandOf(program: Command, args: readonly string[]): { tokens: string[]; command: Command | undefined } {
  const end = args.indexOf('--');
  const tokens = end === -1 ? [...args] : args.slice(0, end);
  const name = tokens.find((t, i) => !t.startsWith('-') && !takesValue(program.options, tokens[i - 1]));
  return { tokens, command: program.commands.find((c) => c.name() === name) };
}

/**
 * `conclave help NAME` for a command there is not: commander printed the whole help with exit 78 and no word of
 * what was wrong, where `conclave NAME` says "unknown command".
 */
export function unknownHelpTopic(program: Command, args: readonly string[]): string | undefined {
  if (args[0] !== 'help' || args[1] === undefined || args[1].startsWith('-')) return undefined;
  const names = program.commands.map((c) => c.name());
  return names.includes(args[1]) || args[1] === 'help' ? undefined : `help: no command ${JSON.stringify(args[1])}; the commands are ${names.join(', ')}`;
}

/** Says a bad argument commander would pass over or leave unnamed on stderr, with exit code 78; true when it did. */
export function refusedArguments(program: Command, args: readonly string[]): boolean {
  const message = unknownHelpTopic(program, args) ?? swallowedOption(program, args) ?? repeatedOption(program, args);
  if (message === undefined) return false;
  process.stderr.write(`conclave: ${message}\n`);
  process.exitCode = EXIT_CONFIG;
  return true;
}

/** Whether `token` is an option of `options` that takes a value (the next token is then that value, not a command). */
function takesValue(options: readonly Option[], token: string | undefined): boolean {
  return token !== undefined && options.some((o) => (o.required || o.optional) && (token === o.long || token === o.short));
}
