import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { quoteMix, quoteOfText } from '../../src/domain/quote-currency.js';
import { configError } from '../helpers/config-error.js';

const universe = (...symbols: string[]) => JSON.stringify(symbols.map((symbol) => ({ symbol, name: symbol })));

describe('one quote currency per account', () => {
  it('reads the quote between / and :, and none without /', () => {
    expect(quoteOfText('ETH/BTC')).toBe('BTC');
    expect(quoteOfText('BTC/USDT:USDT')).toBe('USDT');
    expect(quoteOfText('eth/usdc')).toBe('USDC');
    expect(quoteOfText('ORCL')).toBeUndefined();
    expect(quoteOfText('EURUSD')).toBeUndefined();
    expect(quoteMix([{ symbol: 'BTC/USDT', quote: 'USDT' }, { symbol: 'ORCL', quote: undefined }])).toBeNull();
  });

  it('refuses a universe of BTC/USDT and ETH/BTC, naming each symbol’s currency and what to do', () => {
    const e = configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: universe('BTC/USDT', 'SOL/USDT', 'ETH/BTC') } }));
    expect(e.key).toBe('universe');
    expect(e.message).toContain('universe mixes quote currencies: USDT (BTC/USDT, SOL/USDT), BTC (ETH/BTC)');
    expect(e.message).toContain('Trade one quote currency per daemon and data dir');
    expect(e.message).toContain('CONCLAVE_UNIVERSE');
  });

  it('refuses USDT beside USDC, and a perpetual in USDT beside a pair in USD, in ccxt mode too', () => {
    expect(configError(() => loadConfig({ env: { CONCLAVE_UNIVERSE: universe('BTC/USDT', 'ETH/USDC') } })).message).toContain('USDT (BTC/USDT), USDC (ETH/USDC)');
    const e = configError(() => loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_UNIVERSE: universe('BTC/USDT:USDT', 'ETH/USD') } }));
    expect(e.message).toContain('USDT (BTC/USDT:USDT), USD (ETH/USD)');
  });

  it('refuses a replay whose named symbols mix currencies, naming replayFiles', () => {
    const replayFiles = JSON.stringify([{ file: 'a.csv', symbol: 'BTC/USDT' }, { file: 'b.csv', symbol: 'ETH/BTC' }]);
    const e = configError(() => loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: replayFiles } }));
    expect(e.key).toBe('replayFiles');
    expect(e.message).toContain('replayFiles mixes quote currencies: USDT (BTC/USDT), BTC (ETH/BTC)');
  });

  it('takes one currency, a perpetual settled in it, and tickers without /', () => {
    expect(loadConfig({ env: { CONCLAVE_UNIVERSE: universe('BTC/USDT', 'ETH/USDT', 'SOL/USDT:USDT') } }).universe).toHaveLength(3);
    expect(loadConfig({ env: { CONCLAVE_UNIVERSE: universe('ORCL', 'GOOG', 'EURUSD') } }).universe).toHaveLength(3);
    expect(loadConfig({ env: { CONCLAVE_UNIVERSE: universe('BTC/USDT', 'ORCL') } }).universe).toHaveLength(2);
  });
});
