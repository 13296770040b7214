/**
 * Column names in the language of the site a file came from: stooq.pl's Polish, finanzen.net's and onvista's German;
 * Investing.com's Italian, Spanish, Portuguese, French, German, Turkish, Russian, Indonesian, Vietnamese and Chinese
 * exports; Profit's (Nelogica's, Brazil) Portuguese;
 * Chinese as NetEase, akshare (eastmoney) and tushare's users write them (开盘 or 开盘价...); Japanese; Korean. And
 * vendors' own names: China's futures data (FIX-style), CRSP's, Refinitiv's.
 */
export const LOCAL_NAMES: Record<string, string> = {
  // Investing.com's Polish export (`"Data","Ostatnio","Otwarcie","Max.","Min.","Wol.","Zmiana%"`): the last price is the close.
  ostatnio: 'close', 'max.': 'high', 'min.': 'low', 'wol.': 'volume',
  data: 'date', otwarcie: 'open', najwyzszy: 'high', najwyższy: 'high', najnizszy: 'low', najniższy: 'low', zamkniecie: 'close', zamknięcie: 'close', wolumen: 'volume',
  datum: 'date', eröffnung: 'open', eroeffnung: 'open', erster: 'open', hoch: 'high', tief: 'low', schluss: 'close', schlusskurs: 'close', volumen: 'volume', stücke: 'volume', stuecke: 'volume',
  // Investing.com in its other languages: the close is the last price (Ultimo, Último, Dernier, Zuletzt).
  ultimo: 'close', último: 'close', apertura: 'open', massimo: 'high', minimo: 'low',
  fecha: 'date', máximo: 'high', maximo: 'high', mínimo: 'low', cierre: 'close', abertura: 'open', máxima: 'high', mínima: 'low',
  // Profit's export (`Ativo;Data;Hora;Abertura;Máximo;Mínimo;Fechamento;Volume;Quantidade`), refused as having no close.
  fechamento: 'close', hora: 'time', ativo: 'symbol',
  dernier: 'close', 'ouv.': 'open', 'plus haut': 'high', 'plus bas': 'low', zuletzt: 'close', 'eröffn.': 'open',
  // Investing.com in Turkish, Russian, Indonesian and Vietnamese (`"Tarih","Şimdi","Açılış",...`, `"Дата","Цена","Откр.",...`,
  // `"Tanggal","Terakhir","Pembukaan",...`, `"Ngày","Lần cuối","Mở",...`), each refused as having no date, open, high, low or
  // close; its last price is the close, as in its other languages. Kapanış and Hacim: Turkish files saved from yfinance.
  tarih: 'date', şimdi: 'close', açılış: 'open', yüksek: 'high', düşük: 'low', 'hac.': 'volume', kapanış: 'close', hacim: 'volume',
  дата: 'date', цена: 'close', 'откр.': 'open', 'макс.': 'high', 'мин.': 'low', объём: 'volume', объем: 'volume',
  tanggal: 'date', terakhir: 'close', pembukaan: 'open', tertinggi: 'high', terendah: 'low',
  ngày: 'date', 'lần cuối': 'close', mở: 'open', cao: 'high', thấp: 'low', kl: 'volume',
  // Investing.com in Chinese (`日期,收盘,开盘,高,低,交易量,涨跌幅`): its high and low one character each; refused as having none.
  高: 'high', 低: 'low', 交易量: 'volume',
  日期: 'date', 交易日期: 'date', 时间: 'time', 开盘: 'open', 开盘价: 'open', 最高: 'high', 最高价: 'high', 最低: 'low', 最低价: 'low', 收盘: 'close', 收盘价: 'close', 成交量: 'volume', 股票代码: 'symbol',
  // 日付け: Investing.com's Japanese export (`"日付け","終値","始値","高値","安値","出来高","変化率 %"`), refused as having no date.
  日付: 'date', 日付け: 'date', 始値: 'open', 高値: 'high', 安値: 'low', 終値: 'close', 出来高: 'volume',
  날짜: 'date', 일자: 'date', 시가: 'open', 고가: 'high', 저가: 'low', 종가: 'close', 거래량: 'volume', 티커: 'ticker', 종목코드: 'symbol', 종목명: 'name',
  'trade date': 'date', 'exchange date': 'date', 'ts code': 'symbol', 前收盘: 'prev close', 前收盘价: 'prev close', 昨收: 'prev close', 昨收价: 'prev close',
  // FIX-style names of China's futures data, rqalpha's CFFEX minutes (close-stamped.ts); refused before.
  mdentrytime: 'time', calendardate: 'date', openingpx: 'open', highpx: 'high', lowpx: 'low', closingpx: 'close', totalvolumetraded: 'volume',
  // CRSP's stock files from WRDS (`PERMNO,date,TICKER,PRC,VOL,OPENPRC,ASKHI,BIDLO`): PRC is the close (negative where it
  // is the bid/ask average of a day without trades, such rows refused as negative), ASKHI and BIDLO the day's high and
  // low, PERMNO the security. Their file of several securities was told it had no open, high, low or close.
  prc: 'close', openprc: 'open', askhi: 'high', bidlo: 'low', permno: 'symbol',
  // Refinitiv's (LSEG's) Data Library, get_history() saved by pandas (`Date,TRDPRC_1,HIGH_1,LOW_1,ACVOL_UNS,OPEN_PRC,BID,
  // ASK,...`): TRDPRC_1 is the last trade, the close; refused as having no open, high, low or close column.
  'trdprc 1': 'close', 'high 1': 'high', 'low 1': 'low', 'open prc': 'open', 'acvol uns': 'volume',
};

/**
 * A column name in LOCAL_NAMES, lower-cased as it is: upper-case Turkish lower-cases apart from its lower case (TARİH to
 * "tari̇h", with a combining dot; AÇILIŞ to "açiliş", the dotless ı lost), so a header written in capitals, as Turkish
 * brokers' exports write it, is looked up again without the dot and with ı as i. It was refused as having no date, open
 * or close column.
 */
const fold = (name: string): string => name.replace(/\u0307/g, '').replace(/ı/g, 'i');
const FOLDED = new Map(Object.entries(LOCAL_NAMES).map(([k, v]) => [fold(k), v]));
export const localName = (name: string): string | undefined => LOCAL_NAMES[name] ?? FOLDED.get(fold(name));
