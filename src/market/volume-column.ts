import { mostlyZero } from './csv-fields.js';
import { columnName } from './csv-header.js';

/** Where a CSV file's volume is read from: one column, or two to add up. */
export interface VolumeColumns {
  volume: number;
  upDown?: readonly [number, number];
}

/**
 * The column a file's volume is read from, where its header offers more than one or names it in a vendor's own way;
 * `volume` is the column named as the volume (-1 for none). Judged from the header and the rows at the file's oldest
 * end (mostlyZero), so no later row changes which column an earlier row's volume comes from.
 */
export function volumeColumns(names: readonly string[], volume: number, lines: readonly string[], dataStart: number, sep: string, newestFirst: boolean): VolumeColumns {
  // MetaTrader 5 writes two volumes: <TICKVOL> (ticks) and <VOL> (traded, 0 on most rows of a currency or a CFD); its
  // Python API's copy_rates saved by pandas names them tick_volume and real_volume. The traded volume when the rows
  // have one, else the ticks: <VOL> read 0 on most bars (and 26 billion on one), real_volume nothing at all.
  const named = (...wanted: string[]) => names.findIndex((n) => wanted.includes(columnName(n)));
  // Profit's export (Nelogica's, Brazil: `...;Fechamento;Volume;Quantidade`) calls the money traded its Volume (R$, the
  // "volume financeiro") and the contracts or shares traded its Quantidade: the quantity is the volume. Read as the
  // volume, R$ 442 million in a minute of dollar futures (8,429 contracts) let maxVolumeShare cap no order at all.
  const quantity = named('quantidade');
  if (quantity >= 0) return { volume: quantity };
  const ticks = named('tickvol', 'tick volume', 'tickvolume');
  let at = volume < 0 ? named('real volume', 'realvolume') : volume;
  if (ticks >= 0 && (at < 0 || mostlyZero(lines, dataStart, sep, at, newestFirst))) at = ticks;
  // TradeStation's intraday export ("Date","Time","Open","High","Low","Close","Up","Down") splits its volume in two: the
  // volume traded on upticks and on downticks. Without a volume column it was read as no volume at all.
  const [up, down] = [named('up'), named('down')];
  return at < 0 && up >= 0 && down >= 0 ? { volume: at, upDown: [up, down] } : { volume: at };
}
