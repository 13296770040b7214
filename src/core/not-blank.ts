import { InvalidArgumentError } from 'commander';

/**
 * An argument parser that refuses an empty or blank value (exit 78 through commander): "$ID" from a script whose
 * variable is unset made `conclave explain ""` list verdicts, and `conclave write-off ""` look for a position in "".
 */
export function notBlank(what: string, hint: string): (text: string) => string {
  return (text: string) => {
    if (text.trim() === '') throw new InvalidArgumentError(`The argument is empty: give the ${what} (${hint}); an unset shell variable gives an empty one.`);
    return text;
  };
}
