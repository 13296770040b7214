import { ConfigError } from '../core/errors.js';
import { quoteMix, quoteMixMessage, quoteOfText } from '../domain/quote-currency.js';

/** What an exchange says of a market: ccxt's market() takes a unified symbol or the exchange's own id (ETHBTC). */
export interface MarketLookup {
  id: string;
  market?(symbol: string): { quote?: unknown };
}

/**
 * The universe's quote currencies as the exchange's loaded markets say, else as each symbol's text says: a
 * ConfigError naming universe when they are two or more. The exchange's word covers what the text cannot tell, as a
 * universe of Binance's own ids (BTCUSDT beside ETHBTC), which ccxt trades as they are.
 */
export function exchangeQuoteProblem(exchange: MarketLookup, symbols: readonly string[]): ConfigError | null {
  const mix = quoteMix(symbols.map((symbol) => ({ symbol, quote: listedQuote(exchange, symbol) ?? quoteOfText(symbol) })));
  if (mix === null) return null;
  return new ConfigError(quoteMixMessage('universe', mix, 'CONCLAVE_UNIVERSE', exchange.id), 'universe');
}

function listedQuote(exchange: MarketLookup, symbol: string): string | undefined {
  try {
    const quote = exchange.market?.(symbol).quote;
    return typeof quote === 'string' && quote !== '' ? quote.toUpperCase() : undefined;
  } catch {
    // Not listed: its own reads say so (BadSymbol), and its text is all there is to go by.
    return undefined;
  }
}
