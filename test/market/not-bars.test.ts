import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const refusal = (lines: string[], file: string) => () => parseOhlcv(lines.join('\n'), file, NOW);

// Tables passed by mistake for bars, each as a real file starts: every one was refused as a header with "no open, high,
// low, close column; expected Date,Open,...", or as "closes only", saying neither what it was nor what to use instead.
describe('a table that is not bars', () => {
  it('names an options chain (yfinance option_chain().calls saved by pandas)', () => {
    const chain = [
      ',contractSymbol,lastTradeDate,strike,lastPrice,bid,ask,change,percentChange,volume,openInterest,impliedVolatility,inTheMoney,contractSize,currency',
      '0,NVDA241004C00050000,2024-09-27 14:41:42+00:00,50.0,71.3,70.8,71.8,-2.5999985,-3.518266,20,210,3.378907802734375,True,REGULAR,USD',
      '1,NVDA241004C00055000,2024-09-27 19:03:09+00:00,55.0,65.39,65.8,67.05,2.290001,3.6291614,6,24,2.1093797265624996,True,REGULAR,USD',
    ];
    expect(refusal(chain, 'calls.csv')).toThrow("holds an options chain: a row per contract (strike, bid, ask, implied volatility) at one moment, not one instrument's bars over time; backtest the underlying's bars");
  });

  it('names a funding-rate history (ccxt fetch_funding_rate_history saved by pandas)', () => {
    const funding = ['ts,fundingRate,dt', '1780905600000,-0.0001873552965382,2026-06-08 16:00:00+08:00', '1780934400000,-8.8760975112e-06,2026-06-09 00:00:00+08:00'];
    expect(refusal(funding, 'funding_rate.csv')).toThrow(`OHLCV file funding_rate.csv (header "ts,fundingRate,dt") holds a perpetual swap's funding-rate history, not prices: use the perpetual's candles`);
  });

  it('names quotes, a bid and an ask at each time (an order book top, Dukascopy ticks)', () => {
    const book = ['timestamp,bid_price,bid_vol,ask_price,ask_vol', '2026-04-17T14:37:49.865428+00:00,77772.34,5.47357,77772.35,0.22421', '2026-04-17T14:37:51.204660+00:00,77788.4,4.03289,77788.41,0.51467'];
    expect(refusal(book, 'orderbook.csv')).toThrow('holds quotes, a bid and an ask at each time');
    const ticks = ['Gmt time,Ask,Bid,AskVolume,BidVolume', '01.07.2019 13:30:03.304,203.149,203.107,0.0002,0.0001', '01.07.2019 13:30:03.354,203.212,203.158,0.0001,0.0001'];
    expect(refusal(ticks, 'AAPL_ticks.csv')).toThrow('holds quotes, a bid and an ask at each time (an order book\'s top, or ticks as Dukascopy and TrueFX write them), not bars');
  });

  it('names trades stamped to fractions of a second (mlfinlab), and quotes with an offer for the ask (backtrader)', () => {
    // Each was told its header had no date, open, high, low (or close) column.
    const trades = ['Date and Time,Price,Volume', '2011/07/31 22:38:45.108,1205.0,1', '2011/07/31 22:38:45.934,1005.0,1', '2011/07/31 22:38:47.008,1205.0,1'];
    expect(refusal(trades, 'tick_data.csv')).toThrow('holds trades (ticks): a row per trade, its price and amount, stamped to fractions of a second, not bars');
    const dealt = ['TimeStamp,cross,status,bid, offer, vol bid, vol offer', '01/03/16,23:43:11,EUR/JPY,D,,130.520,,1000000', '01/03/16,23:43:27,EUR/JPY,D,,130.520,,2000000'];
    expect(refusal(dealt, 'bidask2.csv')).toThrow('holds quotes, a bid and an ask at each time');
  });

  it('names ticks written as bars (one price a row, times to fractions of a second), and leaves flat bars on whole times alone', () => {
    // backtrader's ticksample.csv: read as 250 ms bars, "OK", every trade a bar.
    const ms = [146, 151, 821, 73, 330, 79, 540, 550, 316, 665, 832, 189];
    const ticks = ms.map((m, i) => `2015-09-23T20:${String(57 + Math.floor(i / 6)).padStart(2, '0')}:${String(10 + i * 4).padStart(2, '0')}.${String(m).padStart(3, '0')},3067.00,3067.00,3067.00,3067.00,${i + 1},0`);
    expect(refusal(['Datetime,Open,High,Low,Close,Volume,OpenInterest', ...ticks], 'ticksample.csv')).toThrow('holds ticks written as bars: on every row the open, high, low and close are one price, at times to fractions of a second (2015-09-23T20:57:10.146Z');
    const flat = ms.map((_, i) => `2024-01-02 10:${String(i).padStart(2, '0')}:00,1.1,1.1,1.1,1.1,0`);
    expect(parseOhlcv(['Date,Open,High,Low,Close,Volume', ...flat].join('\n'), 'flat.csv', NOW).bars).toHaveLength(12);
  });

  it('names a tick file without a header (TrueFX, HistData) as quotes, not a header lacking a date column', () => {
    // Both were refused as 'header "USD/JPY,20130101 22:00:00.295,..." has no date, open, high, low, close column'.
    const trueFx = ['USD/JPY,20130101 22:00:00.295,86.655,86.728', 'USD/JPY,20130101 22:02:35.907,86.657,86.728', 'USD/JPY,20130101 22:02:35.913,86.655,86.728'];
    expect(refusal(trueFx, 'USDJPY-2013-01.csv')).toThrow('has no header, and its first line ("USD/JPY,20130101 22:00:00.295,86.655,86.728") is a quote, not a bar: a time, a bid and an ask');
    const histData = ['20200101 170000065,1.121200,1.121720,0', '20200101 170010447,1.121200,1.121920,0', '20200101 170010498,1.121170,1.121610,0'];
    expect(refusal(histData, 'DAT_ASCII_EURUSD_T_202001.csv')).toThrow('make bars of the bid or the mid first');
  });

  it('names trades by their repeated times (TAIFEX ticks as MarketData.jl has them) or their trade ids (Binance)', () => {
    const taifex = ['"Date","Symbol","Contract","Time","Price","Volume"', '"20170407","TX","201704","84500","9903","818"', '"20170407","TX","201704","84500","9903","2"', '"20170407","TX","201704","84500","9904","8"'];
    // It was told it held "closes only", to be replaced by "a broker's or Yahoo's daily history".
    expect(refusal(taifex, 'TX-tick.csv')).toThrow('holds trades (ticks): a row per trade, its price and amount, several at one time, not bars; aggregate them into bars first');
    const binance = ['id,price,qty,quote_qty,time,is_buyer_maker', '1,42500.50,0.025,1062.5125,1640000000000,true', '2,42501.00,0.100,4250.1000,1640000001000,false'];
    expect(refusal(binance, 'BTCUSDT-trades-2021-12-20.csv')).toThrow('holds trades (ticks)');
  });

  it('names dividends (yfinance .dividends saved), and a statement by period (yfinance financials saved)', () => {
    expect(refusal(['Date,Dividend', '1990-02-16,0.000982', '1990-05-21,0.000982'], 'AAPL_dividends.csv')).toThrow('holds dividends or splits (corporate actions), not prices');
    const statement = [',2020-01-31,2021-01-31,2022-01-31,2023-01-31,2024-01-31', 'Tax Rate For Calcs,,0.017,0.019,0.21,0.12', 'Normalized EBITDA,,5691000000.0,11351000000.0,7340000000.0,35583000000.0'];
    expect(refusal(statement, 'financials.csv')).toThrow('holds a table by period (a column per date');
  });

  it('names a first line of numbers only, with no time (LOBSTER\'s order book and messages), rather than quote it as a header', () => {
    expect(refusal(['5859400,200,5853300,18,5859800,200,5853000,150', '5859400,200,5853300,18,5859800,200,5853200,18'], 'orderbook_10.csv')).toThrow(
      'OHLCV file orderbook_10.csv has no header, and its first line ("5859400,200,5853300,18,5859800,200,5853000,150") is numbers only, none of them a date or time this reader knows: not bars',
    );
  });

  it('names a table of closes, a column per security (yfinance download()["Close"] saved), and leaves FRED\'s one series as it was', () => {
    expect(refusal(['date,SQQQ,TQQQ', '2010-12-02,32.81,141.25', '2010-12-03,32.53,142.35'], 'etf.csv')).toThrow(
      'OHLCV file etf.csv (header "date,SQQQ,TQQQ") holds one value per date for each of 2 series (SQQQ, TQQQ): closes of several securities side by side, not bars',
    );
    expect(refusal(['DATE,DGS10', '2020-01-02,1.88', '2020-01-03,1.80'], 'DGS10.csv')).toThrow("one value per date, as FRED's series are written");
  });

  it('still calls a daily price series with a volume closes only, its dates not repeating', () => {
    expect(refusal(['Date,Price,Volume', '2024-01-02,185.64,82488700', '2024-01-03,184.25,58414500'], 'closes.csv')).toThrow('holds closes only');
    // R's write.zoo of a series whose first value is NA (returns of GSPC.Close): it was told it had no close column.
    expect(refusal(['"Index","GSPC.Close"', '2010-01-04,NA', '2010-01-05,0.00311', '2010-01-06,0.00055'], 'GSPC.csv')).toThrow("one value per date, as FRED's series are written");
    // CRSP's monthly file with its BID and ASK beside PRC (the close) is closes, not quotes.
    expect(refusal(['PERMNO,date,TICKER,PRC,VOL,BID,ASK', '10107,20240131,MSFT,397.58,521000,397.57,397.58', '10107,20240229,MSFT,413.64,480000,413.63,413.64'], 'msf.csv')).toThrow('holds closes only');
    // Upper-case names it reads (CLOSE, VOLUME) are no tickers.
    expect(refusal(['DATE,CLOSE,VOLUME', '2024-01-02,185.64,82488700', '2024-01-03,184.25,58414500'], 'closes.csv')).toThrow('holds closes only');
    // A row id is no trade id: a database's export of daily closes.
    expect(refusal(['id,Date,Price,Volume', '1,2024-01-02,185.64,82488700', '2,2024-01-03,184.25,58414500'], 'closes.csv')).toThrow('holds closes only');
  });

  it("names freqtrade's funding-rate candles, one value per time with three prices 0, rather than refuse each row as a price of 0", () => {
    const funding = ['[[1637193600017,0.0001,0.0,0.0,0.0,0.0],', '[1637222400007,0.00013046,0.0,0.0,0.0,0.0],', '[1638604800004,-0.00219334,0.0,0.0,0.0,0.0]]'];
    // Every row was refused as "open is 0", told to delete the rows or download more decimals.
    expect(refusal(funding, 'XRP_USDT-8h-funding_rate.json')).toThrow("holds one value per time, not bars: on every row three of the four prices are 0");
    expect(refusal(funding, 'XRP_USDT-8h-funding_rate.json')).toThrow("as freqtrade saves a perpetual's funding rate");
    // Rows of zeros only are placeholders, each refused on its own row as before.
    expect(parseOhlcv('[[1637193600000,0,0,0,0,0],[1637222400000,1,2,0.5,1.5,10]]', 'z.json', NOW).rejected).toHaveLength(1);
  });

  it("names an account's history (a broker's activity export, a backtest's transactions) rather than trades to aggregate into bars", () => {
    // Schwab's and pyfolio's were told they held trades (ticks) to aggregate into bars; Trading 212's and IBKR's Flex
    // trades that they lacked an open, high, low and close column.
    const schwab = ['Date,Action,Symbol,Description,Quantity,Price,Fees & Comm,Amount', '11/01/2023,Reinvest Shares,SPY,SPDR S&P 500 ETF,1.6531,$420.10,,-$694.48', '11/01/2023,Reinvest Dividend,SPY,SPDR S&P 500 ETF,,,,$694.48'];
    expect(refusal(schwab, 'schwab.csv')).toThrow("holds an account's history (Action, Fees & Comm: a broker's transactions or orders, or a backtest's), what was bought and sold, not a market's bars; backtest on the traded security's price bars");
    const pyfolio = [',amount,price,sid,symbol,txn_dollars', '2004-01-09 00:00:00+00:00,448,15.54,0,AMD,-6961.92', '2004-01-09 00:00:00+00:00,4357,4.82375000001,1,CERN,-21017.07875'];
    expect(refusal(pyfolio, 'test_txn.csv')).toThrow("holds an account's history (txn_dollars");
    const flex = ['"Buy/Sell","TradeDate","ISIN","Quantity","TradePrice","TradeMoney","CurrencyPrimary","IBCommission","IBCommissionCurrency"', '"BUY","20240102","IE00B4L5Y983","10","80.1","801","EUR","-1.25","EUR"'];
    expect(refusal(flex, 'flex.csv')).toThrow("holds an account's history (Buy/Sell, ISIN, CurrencyPrimary, IBCommission");
    // A market's trades as ccxt saves them carry an order and a fee, empty: still trades.
    const ccxt = [',timestamp,id,order,type,side,price,amount,cost,fee', '0,1675329600138,1206419187,,,buy,1666.8,26.062,43440.1416,', '1,1675329600138,1206419188,,,sell,1666.79,0.152,253.35208,'];
    expect(refusal(ccxt, 'trades.csv')).toThrow('holds trades (ticks)');
    // A table of securities without a date (an index's constituents with their dividend yield) is no account's.
    const screener = ['Symbol,Name,Sector,Price,Dividend Yield,Market Cap', 'MMM,3M Company,Industrials,177.12,2.53,107.43', 'AOS,A.O. Smith Corp,Industrials,68.04,0.88,11.7'];
    expect(refusal(screener, 'constituents.csv')).not.toThrow("an account's history");
  });

  // Each was told its header lacked a date, open, high, low or close column, which said neither what it was nor what to use.
  it('names positioning (a CFTC Commitments of Traders report, an exchange\'s open interest) and headlines (an RSS feed saved as CSV)', () => {
    const cot = ['"Market and Exchange Names","As of Date in Form YYMMDD","As of Date in Form YYYY-MM-DD","CFTC Contract Market Code","Open Interest (All)","Noncommercial Positions-Long (All)","Noncommercial Positions-Short (All)"', '"WHEAT-SRW - CHICAGO BOARD OF TRADE",240206,2024-02-06,001602,  419546,  121345,  159629'];
    expect(refusal(cot, 'annual.txt')).toThrow("holds positioning, not prices: open interest or traders' long and short positions (a CFTC Commitments of Traders report");
    const oi = ['timestamp,symbol,sumOpenInterest,sumOpenInterestValue', '1704067200000,BTCUSDT,12345.678,520000000.0', '1704067500000,BTCUSDT,12350.100,521000000.0'];
    expect(refusal(oi, 'openInterestHist.csv')).toThrow('holds positioning, not prices');
    const rss = ['title,pubDate,guid,link,description', `Ukraine war 'catastrophic for global food',"Mon, 07 Mar 2022 00:14:42 GMT",https://www.bbc.co.uk/news/business-60623941,https://www.bbc.co.uk/news/business-60623941?at_medium=RSS,One of the world's biggest fertiliser firms says the conflict could deliver a shock.`];
    expect(refusal(rss, 'bbc_business.csv')).toThrow('holds headlines (news items), not prices: news goes to a backtest with --news, as JSON Lines');
    // A futures file with its settlement and open interest but no open, high or low is still closes.
    expect(refusal(['Date,Settle,Volume,Open Interest', '2024-01-02,4.71,1200,53000', '2024-01-03,4.69,1100,53100'], 'settle.csv')).toThrow('holds closes only');
    // Bars whose prices have other names beside an open interest are not positioning: told which columns are missing
    // (rqalpha's CFFEX minutes were called positioning; cffex-minutes.test.ts reads them).
    const px = ['Date,OpenPx,HighPx,LowPx,LastPx,OpenInterest', '2016-11-08,3209.8,3215.8,3209.8,3215.8,537', '2016-11-09,3215.8,3216.8,3200.8,3201.2,536'];
    expect(refusal(px, 'IF1706.csv')).toThrow('has no open, close column; expected Date,Open,High,Low,Close[,Volume]');
  });

  it('names a yield curve, a portfolio\'s positions and a table of securities', () => {
    const ust = ['date,BC_1MONTH,BC_3MONTH,BC_6MONTH,BC_1YEAR,BC_2YEAR,BC_3YEAR,BC_5YEAR,BC_7YEAR,BC_10YEAR,BC_20YEAR,BC_30YEAR,BC_30YEARDISPLAY', '1990-01-02,0.0,7.83,7.89,7.81,7.87,7.9,7.87,7.98,7.94,0.0,8.0,0.0', '1990-01-03,0.0,7.89,7.94,7.85,7.94,7.96,7.92,8.04,7.99,0.0,8.04,0.0'];
    expect(refusal(ust, 'ust.csv')).toThrow('holds a yield curve: a rate per maturity (BC_1MONTH, BC_3MONTH, BC_6MONTH, BC_1YEAR, ...) on each date, not bars');
    expect(refusal(['Date,1 Mo,2 Mo,3 Mo,4 Mo,6 Mo,1 Yr', '01/02/2024,5.55,5.52,5.47,5.43,5.27,4.80'], 'yield.csv')).toThrow('holds a yield curve');
    const positions = ['index,AMD,CERN,COST,DELL,GPS,INTC,MMM,cash', '2004-01-09 00:00:00+00:00,6961.92,21017.07875,7282.266152,21264.55188,7091.08002,21259.33389,21316.129606,-6192.36029804'];
    expect(refusal(positions, 'test_pos.csv')).toThrow("values of several securities and cash side by side (a portfolio's positions, as pyfolio and zipline save them), not bars");
    const constituents = ['Symbol,Security,GICS Sector,GICS Sub-Industry,Headquarters Location,Date added,CIK,Founded', 'MMM,3M,Industrials,Industrial Conglomerates,"Saint Paul, Minnesota",1957-03-04,66740,1902', 'AOS,A. O. Smith,Industrials,Building Products,"Milwaukee, Wisconsin",2017-07-26,91142,1916', 'ABT,Abbott,Health Care,Health Care Equipment,"North Chicago, Illinois",1957-03-04,1800,1888'];
    expect(refusal(constituents, 'constituents.csv')).toThrow('holds a table of securities, a row per security with no date');
    // Bars under names this reader does not know (Greek; Turkish is read since Investing.com's Turkish exports) are
    // still told which columns it expects.
    expect(refusal(['Ημερομηνία,Άνοιγμα,Υψηλό,Χαμηλό,Κλείσιμο', '2024-01-02,10.1,10.5,9.9,10.2'], 'gr.csv')).toThrow('expected Date,Open,High,Low,Close');
  });

  it('reads a "Date and Time" column as the time: mlfinlab\'s tick data is named as trades, a bar file under that name is read', () => {
    const ticks = ['Date and Time,Price,Volume', '2011-07-31 22:38:48.944,1200.75,1', '2011-07-31 22:38:52.951,1201.0,20', '2011-07-31 22:38:52.951,1201.25,1', '2011-07-31 22:38:52.951,1201.5,5'];
    // It was told it had no date column.
    expect(refusal(ticks, 'tick_data.csv')).toThrow('holds trades (ticks): a row per trade');
    const bars = parseOhlcv(['Date and Time,Open,High,Low,Close,Volume', '2024-01-02 09:30:00,10,11,9,10.5,100', '2024-01-02 09:31:00,10.5,11,10,10.8,120'].join('\n'), 'bars.csv', NOW);
    expect(bars.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2024-01-02T09:30:00.000Z', '2024-01-02T09:31:00.000Z']);
  });

  it("names a backtest's results (freqtrade's backtest-result.json) rather than bars without prices", () => {
    const result = JSON.stringify({
      metadata: { StrategyTestV3: { run_id: 'asdf' } },
      strategy_comparison: [{ key: 'StrategyTestV3', trades: 179, profit_mean: 0.0097, profit_sum: 1.74, profit_total_abs: 0.0871, wins: 133, draws: 0, losses: 46 }],
    });
    // It was told its bars had no open, high, low, close.
    expect(() => parseOhlcv(result, 'backtest-result.json', NOW)).toThrow("holds a backtest's results, not bars (keys found: key, trades, profit_mean");
  });
});
