import { shellArg } from '../core/shell-arg.js';

/**
 * The check-data command a message sends the user to, for a file as the run read it: with the zone its clock times were
 * read in (--times-in). Without it, check-data read them as UTC and listed its rows hours away from the run's times.
 */
export function checkDataCommand(file: string, timesIn?: string): string {
  return `conclave check-data ${shellArg(file)}${timesIn === undefined ? '' : ` --times-in ${shellArg(timesIn)}`}`;
}
