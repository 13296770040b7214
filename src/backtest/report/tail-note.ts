import type { BacktestReport } from './report-types.js';
import { utcTime } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';
import { checkDataCommand } from '../check-data-command.js';

/**
 * A file whose rows from some time on were all quarantined: the run saw none of them, so if they were a real move (a
 * crash of a split's size, not a split) it is in no figure. Said with the table: a warning line on stderr was missed.
 */
export function tailNote(s: BacktestReport['symbols'][number]): string | undefined {
  const tail = s.quarantinedTail;
  if (!tail || !s.lastBar) return undefined;
  const daily = s.barMs % 86_400_000 === 0;
  const what = tail.code === 'unadjusted-split' ? 'a split the file is not adjusted for, or a real move of its size' : tail.code === 'unit-error' ? 'prices on another unit' : 'a jump too large to trust';
  return (
    `${s.symbol}: no bar after ${utcTime(Date.parse(s.lastBar), daily)} is used: its ${counted(tail.rows, 'row')} from ${utcTime(Date.parse(tail.from), daily)} on are quarantined ` +
    `(${tail.code}: ${what}); what ${s.symbol} did from then on is in none of these figures. ${checkDataCommand(s.file, s.timesIn)} tells why and what to do`
  );
}
