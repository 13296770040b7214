/**
 * The currency a symbol is priced in. conclave keeps one account in one currency (paper: startingCash; live: the
 * exchange's balance) and sizes, limits and values every position in it, so every symbol traded must be priced in that
 * one currency: a price in BTC counted as USDT bought 400,000 ETH/BTC with 20,000 "USDT" of a 100,000 account.
 */

/**
 * The quote currency a symbol's text names: ccxt's unified BASE/QUOTE, or BASE/QUOTE:SETTLE for a derivative
 * ("BTC/USDT:USDT" is priced in USDT). A symbol without "/" (a stock ticker, EURUSD, an exchange's own id) names none.
 */
export function quoteOfText(symbol: string): string | undefined {
  const slash = symbol.indexOf('/');
  if (slash < 0) return undefined;
  const quote = symbol.slice(slash + 1).split(':')[0]!.toUpperCase();
  return quote === '' ? undefined : quote;
}

/** Symbols named in a message: enough to find them, not a universe of 5000. */
const SHOWN = 5;

/** "A, B, C, D, E and 3 more": the first symbols of a list, and how many are left out. */
export function someSymbols(symbols: readonly string[]): string {
  const more = symbols.length > SHOWN ? ` and ${symbols.length - SHOWN} more` : '';
  return `${symbols.slice(0, SHOWN).join(', ')}${more}`;
}

/**
 * The currencies of symbols priced in more than one, said as "USDT (BTC/USDT), BTC (ETH/BTC)", most symbols first;
 * null when they share one. A symbol whose quote is unknown (undefined) is not counted.
 */
export function quoteMix(quotes: readonly { symbol: string; quote: string | undefined }[]): string | null {
  const bySymbols = new Map<string, string[]>();
  for (const { symbol, quote } of quotes) {
    if (quote === undefined) continue;
    const symbols = bySymbols.get(quote) ?? [];
    symbols.push(symbol);
    bySymbols.set(quote, symbols);
  }
  if (bySymbols.size < 2) return null;
  return [...bySymbols]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([quote, symbols]) => `${quote} (${someSymbols(symbols)})`)
    .join(', ');
}

/** Why a mix is refused, for the message that names where it came from and what to do. */
export const QUOTE_MIX_WHY =
  'conclave keeps one account in one currency and sizes, limits and values every position in it, so a price in one would be counted as the other (a buy of ETH/BTC at 0.05 BTC sized as if at 0.05 USDT: 400,000 ETH)';

/** The daemon's refusal of a mix in the setting `key` (set by `env`), as its text says, or as exchange `on` lists it. */
export function quoteMixMessage(key: string, mix: string, env: string, on?: string): string {
  return `Invalid configuration: ${key} mixes quote currencies${on === undefined ? '' : ` on ${on}`}: ${mix}. ${QUOTE_MIX_WHY}. Trade one quote currency per daemon and data dir: keep the symbols of one in ${env}, and run another daemon with its own CONCLAVE_DATA_DIR for the others.`;
}
