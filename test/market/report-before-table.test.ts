import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

// LSEG Workspace's "Price History" export, as it saves it: a title, the RIC, a volume-at-price table and statistics,
// then the prices (semicolons, decimal commas, newest first). Every such file was refused, its title quoted as a
// header with no date column.
const FILE = [
  '\uFEFFApple Inc | Price History                                          31-Mar-2026 08:43;;;;;;;;;;;;;;;',
  ';;;;;;;;;;;;;;;',
  'AAPL.OQ;;;;;;;;;;;;;;;',
  'Interval: Daily;;;;;;;;;;;;;;;',
  'VAP: Total;19.032.438.898;;;;;;;;;;;;;;',
  'Price;Volume;%Volume;Count;%Count;;;;;;;;;;;',
  '280.00 - 300.00;67.639.410;0,36%;4;0,40%;;;;;;;;;;;',
  ';;;;;;;;;;;;;;;',
  'AAPL.OQ Statistics     Daily     03-Jan-2022 - 31-Dec-2025;;;;;;;;;;;;;;;',
  'Price;;;Volume;;;;;Up/Down;;Price Change (Close-Close);;;Turnover;;',
  'High;288,60;03-Dec-2025;Max;146.070.652;20-Sep-2024;Advancing;9.761.299.461;Up;529;Up;+15,33%;09-Apr-2025;Max;33.393.771.882,00;20-Sep-2024',
  'Low;124,18;03-Jan-2023;Min;6.069.987;24-Nov-2023;Declining;9.210.736.814;Down;470;Down;-9,25%;03-Apr-2025;Min;1.152.869.769,00;24-Nov-2023',
  ';;;;;;;;;;;;;;;',
  'AAPL.OQ History     Daily     03-Jan-2022 - 31-Dec-2025;;;;;;;;;;;;;;;',
  'Exchange Date;Close;Net;%Chg;Open;Low;High;Volume;Turnover - USD;Flow;;;;;;',
  '05-Jan-2022;174,92;-4,78;-2,66%;179,61;174,67;180,15;23.529.582;4.153.909.144,16;-8.280.070.691,93;;;;;;',
  '04-Jan-2022;179,70;-2,31;-1,27%;182,61;179,12;182,90;22.861.113;4.126.161.547,77;-4.126.161.547,77;;;;;;',
  '03-Jan-2022;182,01;;;177,81;177,72;182,88;20.242.137;3.671.812.827,71;0,00;;;;;;',
].join('\r\n');

describe('a report before the price table', () => {
  it("reads LSEG Workspace's Price History from its table's header on", () => {
    const r = parseOhlcv(FILE, 'AAPL-Price History_20260331_0843.csv', { now: Date.UTC(2026, 3, 1) });
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => b.time)).toEqual([Date.UTC(2022, 0, 3), Date.UTC(2022, 0, 4), Date.UTC(2022, 0, 5)]);
    expect(r.bars[0]).toEqual(expect.objectContaining({ open: 177.81, high: 182.88, low: 177.72, close: 182.01, volume: 20242137 }));
  });
});
