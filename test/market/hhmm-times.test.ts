import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
// Tongdaxin's (通达信) minute export: a date, then the bar's time as HHMM digits, in the exchange's local time.
const TEXT = [
  '600000 浦发银行 5分钟线 不复权',
  '      日期\t    时间\t    开盘\t    最高\t    最低\t    收盘\t    成交量\t    成交额',
  '2025/09/22,0935,13.50,13.55,13.48,13.52,120000,1622400.00',
  '2025/09/22,0940,13.52,13.58,13.51,13.57,98000,1328880.00',
  '2025/09/22,1500,13.57,13.60,13.55,13.58,310000,4209800.00',
  '数据来源:通达信',
].join('\r\n');

describe('a time column written as HHMM digits', () => {
  it('is read in the zone --times-in names', () => {
    const r = parseOhlcv(TEXT, 'SH#600000.txt', { ...NOW, timesIn: 'Asia/Shanghai' });
    // The times were read as UTC, 8 hours late, and the zone was said to apply to 0 rows.
    expect(r.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2025-09-22T01:35:00.000Z', '2025-09-22T01:40:00.000Z', '2025-09-22T07:00:00.000Z']);
  });

  it('HHMMSS likewise', () => {
    const six = TEXT.replace(/,(\d{4}),/g, ',$100,');
    const r = parseOhlcv(six, 'SH#600000.txt', { ...NOW, timesIn: 'Asia/Shanghai' });
    expect(r.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2025-09-22T01:35:00.000Z', '2025-09-22T01:40:00.000Z', '2025-09-22T07:00:00.000Z']);
  });
});
