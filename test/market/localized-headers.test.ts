import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const day = (d: number) => Date.UTC(2026, 2, d);

describe('headers in the language of the site the file came from', () => {
  it("reads stooq.pl's Polish columns (Data, Otwarcie, Najwyzszy, Najnizszy, Zamkniecie, Wolumen), semicolons and decimal commas too", () => {
    // As stooq.pl exports an index or a Warsaw stock: every such file was refused for having no date column.
    const comma = 'Data,Otwarcie,Najwyzszy,Najnizszy,Zamkniecie,Wolumen\n2026-03-18,3379.99,3408.97,3338.2,3338.2,29911477\n2026-03-19,3315.79,3315.79,3275.95,3277.8,15096549\n';
    const semicolon = 'Data;Otwarcie;Najwyzszy;Najnizszy;Zamkniecie;Wolumen\n18.03.2026;3379,99;3408,97;3338,2;3338,2;29911477\n19.03.2026;3315,79;3315,79;3275,95;3277,8;15096549\n';
    for (const text of [comma, semicolon]) {
      const r = parseOhlcv(text, 'wig20_d.csv', NOW);
      expect(r.rejected).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
        [day(18), 3379.99, 3408.97, 3338.2, 3338.2, 29_911_477],
        [day(19), 3315.79, 3315.79, 3275.95, 3277.8, 15_096_549],
      ]);
    }
  });

  it('reads the German columns of finanzen.net and onvista exports (Datum, Eröffnung or Erster, Hoch, Tief, Schluss or Schlusskurs, Volumen)', () => {
    for (const header of ['Datum;Eröffnung;Hoch;Tief;Schluss;Volumen', 'Datum;Erster;Hoch;Tief;Schlusskurs;Stuecke;Volumen']) {
      const wide = header.includes('Stuecke');
      const rows = ['18.03.2026;14,384;14,389;14,192;14,235', '19.03.2026;14,235;14,300;14,100;14,250'].map((r) => `${r}${wide ? ';120' : ''};1.500`);
      const r = parseOhlcv([header, ...rows].join('\n'), 'tecdax.csv', NOW);
      expect(r.rejected, header).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close]), header).toEqual([
        [day(18), 14.384, 14.389, 14.192, 14.235],
        [day(19), 14.235, 14.3, 14.1, 14.25],
      ]);
    }
  });

  it('reads Investing.com’s exports in other languages: quoted decimal commas in a comma-separated file, Ultimo or Último as the close', () => {
    // FTSE MIB from it.investing.com: every row was refused, first for having no close column, then "not a number".
    const italian = [
      '"Data","Ultimo","Apertura","Massimo","Minimo","Vol.","Var. %"',
      '"19.03.2026","34.186,18","34.062,02","34.339,73","33.966,30","257,12M","0,07%"',
      '"18.03.2026","34.160,97","33.821,18","34.160,97","33.623,67","1,17B","1,25%"',
    ];
    const spanish = ['"Fecha","Último","Apertura","Máximo","Mínimo","Vol.","% var."', ...italian.slice(1)];
    for (const text of [italian, spanish].map((l) => l.join('\n'))) {
      const r = parseOhlcv(text, 'ftse-mib.csv', NOW);
      expect(r.rejected).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, Math.round(b.volume)])).toEqual([
        [day(18), 33_821.18, 34_160.97, 33_623.67, 34_160.97, 1_170_000_000],
        [day(19), 34_062.02, 34_339.73, 33_966.3, 34_186.18, 257_120_000],
      ]);
    }
    // English exports keep their thousands commas: "1,197.50" is 1197.5, not 1.1975.
    const english = '"Date","Price","Open","High","Low","Vol.","Change %"\n"03/19/2026","1,197.50","1,185.20","1,198.80","1,183.60","1.25K","1.07%"\n';
    expect(parseOhlcv(english, 'palladium.csv', NOW).bars.map((b) => [b.open, b.close, b.volume])).toEqual([[1185.2, 1197.5, 1250]]);
  });

  it('reads Investing.com’s Turkish, Russian, Indonesian, Vietnamese and Chinese exports: their last price is the close', () => {
    // Each was refused as having no date, open, high, low or close column. Made-up prices, newest first.
    const files: [string, string[]][] = [
      ['"Tarih","Şimdi","Açılış","Yüksek","Düşük","Hac.","Fark %"', ['"19.03.2026","34,50","34,10","34,80","33,90","1,25M","1,17%"', '"18.03.2026","34,10","33,60","34,20","33,50","1,10M","1,49%"']],
      ['"Дата","Цена","Откр.","Макс.","Мин.","Объём","Изм. %"', ['"19.03.2026","34,50","34,10","34,80","33,90","1,25M","1,17%"', '"18.03.2026","34,10","33,60","34,20","33,50","1,10M","1,49%"']],
      ['"Tanggal","Terakhir","Pembukaan","Tertinggi","Terendah","Vol.","Perubahan%"', ['"19/03/2026","34,50","34,10","34,80","33,90","1,25M","1,17%"', '"18/03/2026","34,10","33,60","34,20","33,50","1,10M","1,49%"']],
      ['"Ngày","Lần cuối","Mở","Cao","Thấp","KL","% Thay đổi"', ['"19/03/2026","34.50","34.10","34.80","33.90","1.25M","1.17%"', '"18/03/2026","34.10","33.60","34.20","33.50","1.10M","1.49%"']],
      // Chinese: the high and low one character each (高, 低), the date unpadded.
      ['日期,收盘,开盘,高,低,交易量,涨跌幅', ['2026-3-19,34.50,34.10,34.80,33.90,1.25M,1.17%', '2026-3-18,34.10,33.60,34.20,33.50,1.10M,1.49%']],
    ];
    for (const [header, lines] of files) {
      const r = parseOhlcv([header, ...lines].join('\n'), 'investing.csv', NOW);
      expect(r.rejected, header).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, Math.round(b.volume)]), header).toEqual([
        [day(18), 33.6, 34.2, 33.5, 34.1, 1_100_000],
        [day(19), 34.1, 34.8, 33.9, 34.5, 1_250_000],
      ]);
    }
  });

  it('judges a newest-first export’s decimal commas by its oldest rows: its latest ones, written otherwise, change no earlier bar', () => {
    // 60 days of an Italian export, newest first. Its first 20 rows (its latest days) decided: written with points
    // (a price rewritten by a script), every earlier row was read with commas as thousands and refused.
    const comma = (x: number) => x.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const row = (i: number, write: (x: number) => string) => {
      const p = 30_000 + 37 * i;
      const date = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
      return [date, write(p + 5), write(p), write(p + 40), write(p - 30), '1,17B', '0,07%'].map((f) => `"${f}"`).join(',');
    };
    const header = '"Data","Ultimo","Apertura","Massimo","Minimo","Vol.","Var. %"';
    const days = Array.from({ length: 60 }, (_, i) => 59 - i);
    const clean = parseOhlcv([header, ...days.map((i) => row(i, comma))].join('\n'), 'ftse-mib.csv', NOW);
    const rewritten = parseOhlcv([header, ...days.map((i) => row(i, i >= 35 ? (x) => x.toFixed(2) : comma))].join('\n'), 'ftse-mib.csv', NOW);
    expect(clean.rejected).toEqual([]);
    expect(clean.bars[0]).toMatchObject({ open: 30_000, close: 30_005, time: Date.UTC(2026, 0, 1) });
    expect(rewritten.bars.slice(0, 35)).toEqual(clean.bars.slice(0, 35));
    // Minutes of one day, newest first, the time in a column of its own: the order is told by the date and time.
    const minute = (i: number, point: boolean) => {
      const p = (1.1 + i / 10_000).toFixed(4);
      const q = (x: string) => (point ? x : x.replace('.', ','));
      return `02.01.2024;09:${String(i).padStart(2, '0')};${q(p)};${q((Number(p) + 0.0005).toFixed(4))};${q((Number(p) - 0.0005).toFixed(4))};${q(p)};10`;
    };
    const minutes = (point: (i: number) => boolean) => ['Date;Time;Open;High;Low;Close;Volume', ...Array.from({ length: 60 }, (_, k) => 59 - k).map((i) => minute(i, point(i)))].join('\n');
    const commas = parseOhlcv(minutes(() => false), 'eurusd.csv', NOW);
    expect(commas.rejected).toEqual([]);
    expect(commas.bars[0]).toMatchObject({ open: 1.1, time: Date.UTC(2024, 0, 2, 9, 0) });
    expect(parseOhlcv(minutes((i) => i >= 35), 'eurusd.csv', NOW).bars.slice(0, 35)).toEqual(commas.bars.slice(0, 35));
  });

  it('reads Chinese columns as akshare and NetEase write them (日期, 开盘 or 开盘价...), and Japanese and Korean ones', () => {
    const rows = ['2026-03-18,10.5,10.9,10.1,10.8,1200', '2026-03-19,10.8,11.2,10.7,11.0,900'];
    const want = [
      [day(18), 10.5, 10.9, 10.1, 10.8, 1200],
      [day(19), 10.8, 11.2, 10.7, 11, 900],
    ];
    const reorder = (order: number[]) => rows.map((r) => { const f = r.split(','); return order.map((i) => f[i]).join(','); });
    const files: [string, string[]][] = [
      // akshare's stock_zh_a_hist: date, code, open, close, high, low, volume, then amounts the reader leaves alone.
      ['日期,股票代码,开盘,收盘,最高,最低,成交量,成交额', reorder([0, 0, 1, 4, 2, 3, 5, 5]).map((r) => r.replace(/^([^,]+),[^,]+/, '$1,000001'))],
      // NetEase: close first, then high, low, open.
      ['日期,股票代码,名称,收盘价,最高价,最低价,开盘价,前收盘,成交量', reorder([0, 0, 0, 4, 2, 3, 1, 4, 5]).map((r) => r.replace(/^([^,]+),[^,]+,[^,]+/, "$1,'000001,平安银行"))],
      ['日付,始値,高値,安値,終値,出来高', rows],
      ['날짜,시가,고가,저가,종가,거래량', rows],
    ];
    for (const [header, lines] of files) {
      const r = parseOhlcv([header, ...lines].join('\n'), 'cjk.csv', NOW);
      expect(r.rejected, header).toEqual([]);
      expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]), header).toEqual(want);
    }
  });

  it("reads tushare pro's daily bars saved by pandas (,ts_code,trade_date,...,vol,amount: trade_date as YYYYMMDD)", () => {
    const text = ',ts_code,trade_date,open,high,low,close,pre_close,change,pct_chg,vol,amount\n1,600519.SH,20260319,10.8,11.2,10.7,11.0,10.8,0.2,1.85,900,9900\n0,600519.SH,20260318,10.5,10.9,10.1,10.8,10.4,0.4,3.8,1200,12960\n';
    const r = parseOhlcv(text, 'tushare.csv', NOW);
    // The index was read as the time ("1" is not a date), and trade_date was no date column.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.close, b.volume])).toEqual([
      [day(18), 10.8, 1200],
      [day(19), 11, 900],
    ]);
  });
});
