import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('Google Finance’s getprices answer', () => {
  it('reads its a-prefixed epoch bases and interval counts, columns in its COLUMNS order, over a daylight-saving change', () => {
    // As react-stockcharts keeps MSFT's minutes (docs/data/MSFT_INTRA_DAY.csv): refused for having no date column.
    const text = [
      'https://www.google.com/finance/getprices?i=60&p=100d&f=d,o,h,l,c,v&df=cpct&q=MSFT',
      'EXCHANGE%3DNASDAQ',
      'MARKET_OPEN_MINUTE=570',
      'MARKET_CLOSE_MINUTE=960',
      'INTERVAL=60',
      'COLUMNS=DATE,CLOSE,HIGH,LOW,OPEN,VOLUME',
      'DATA=',
      'TIMEZONE_OFFSET=-300',
      'a1457620200,52.1,52.2,52,52.05,1000',
      '390,52.3,52.4,52.2,52.25,900',
      'TIMEZONE_OFFSET=-240',
      'a1457962200,53.1,53.2,53,53.05,800',
      '1,53.2,53.3,53.1,53.1,700',
    ].join('\n');
    const r = parseOhlcv(text, 'MSFT_INTRA_DAY.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2016, 2, 10, 14, 30), 52.05, 52.2, 52, 52.1, 1000],
      [Date.UTC(2016, 2, 10, 21, 0), 52.25, 52.4, 52.2, 52.3, 900],
      [Date.UTC(2016, 2, 14, 13, 30), 53.05, 53.2, 53, 53.1, 800],
      [Date.UTC(2016, 2, 14, 13, 31), 53.1, 53.3, 53.1, 53.2, 700],
    ]);
    // Epoch times carry their zone: no warning that the clock times were read as UTC.
    expect(r.zonelessClock).toBe(false);
  });
});
