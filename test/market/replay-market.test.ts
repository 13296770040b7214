import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { VirtualClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/logger.js';
import { ReplayExhaustedError, ReplayMarket, symbolFromFile } from '../../src/market/replay-market.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const f = (name: string) => path.join(DIR, name);
const MIN = 60_000;

describe('symbolFromFile', () => {
  it('derives symbols from file names', () => {
    expect(symbolFromFile('/x/freqtrade__ADA_BTC-5m.json')).toBe('ADA_BTC');
    expect(symbolFromFile('yfinance__ASAI-L-1h-bad-unit.csv')).toBe('ASAI-L');
    expect(symbolFromFile('backtesting.py__GOOG.csv')).toBe('GOOG');
    expect(symbolFromFile('orcl.csv')).toBe('ORCL');
    expect(symbolFromFile('backtrader__orcl-1995-2014.txt')).toBe('ORCL');
    expect(symbolFromFile('prices/EURUSD_2017.csv')).toBe('EURUSD');
    expect(symbolFromFile('orcl.csv.gz')).toBe('ORCL');
    expect(symbolFromFile('BTCUSDT-1m-2025-01.zip')).toBe('BTCUSDT');
    // TradingView's export names: "EXCHANGE_SYMBOL, INTERVAL" (the symbol kept its comma and space).
    expect(symbolFromFile('exports/BINANCE_BTCUSDT, 60.csv')).toBe('BINANCE_BTCUSDT');
    expect(symbolFromFile('NASDAQ_AAPL, 1D.csv')).toBe('NASDAQ_AAPL');
    expect(symbolFromFile('my prices.csv')).toBe('MY_PRICES');
  });
});

describe('ReplayMarket', () => {
  it('shows the warm-up, then reveals bars as the virtual clock advances', async () => {
    const clock = new VirtualClock();
    const m = await ReplayMarket.load({ files: [{ file: f('freqtrade__XRP_ETH-1m.json'), symbol: 'XRP/ETH' }], clock, warmupBars: 100 });
    expect(m.symbols()).toEqual(['XRP/ETH']);
    const first = await m.bars('XRP/ETH', 1000);
    expect(first).toHaveLength(100);
    expect(first[0]!.time).toBe(1570752000000);
    await clock.advance(5 * MIN);
    const later = await m.bars('XRP/ETH', 1000);
    expect(later).toHaveLength(105);
    expect(await m.price('XRP/ETH')).toBe(later.at(-1)!.close);
    // Never a bar that has not closed at the mapped now.
    expect(later.at(-1)!.time + MIN).toBeLessThanOrEqual(m.mappedNow('XRP/ETH'));
    await clock.advance(30_000);
    expect(await m.bars('XRP/ETH', 1000)).toHaveLength(105);
    expect(await m.bars('XRP/ETH', 3)).toEqual(later.slice(-3));
  });

  it('maps the clock onto each file independently, at a chosen speed', async () => {
    const clock = new VirtualClock();
    const m = await ReplayMarket.load({
      files: [f('backtrader__orcl-1995-2014.txt'), f('freqtrade__ADA_BTC-5m.json')],
      clock, warmupBars: 10, speed: 60,
    });
    expect(m.symbols()).toEqual(['ORCL', 'ADA_BTC']);
    await clock.advance(MIN); // one hour of history
    expect(await m.bars('ADA_BTC', 1000)).toHaveLength(22); // 10 + 12 five-minute bars
    expect(await m.bars('ORCL', 1000)).toHaveLength(10);
    expect(m.stats().ADA_BTC).toMatchObject({ bars: 5720, visible: 22, rejected: 0, quarantined: 0, exhausted: false });
  });

  it('says when a file is exhausted instead of looping', async () => {
    const clock = new VirtualClock();
    const m = await ReplayMarket.load({ files: [{ file: f('yfinance__ASAI-L-1h-bad-unit.csv'), symbol: 'ASAI.L' }], clock, warmupBars: 5, onEnd: 'error' });
    expect(m.stats()['ASAI.L']).toMatchObject({ bars: 19, quarantined: 1 });
    await clock.advance(30 * 86_400_000);
    expect(m.isExhausted('ASAI.L')).toBe(true);
    await expect(m.bars('ASAI.L', 10)).rejects.toBeInstanceOf(ReplayExhaustedError);
    await expect(m.price('ASAI.L')).rejects.toThrow(/exhausted/);
    const warnings: string[] = [];
    const logger = { warn: (_o: object, msg: string) => warnings.push(msg) } as unknown as Logger;
    const held = await ReplayMarket.load({ files: [f('yfinance__ASAI-L-1h-bad-unit.csv')], clock, logger, warmupBars: 5 });
    await clock.advance(30 * 86_400_000);
    expect(await held.bars('ASAI-L', 100)).toHaveLength(19);
    expect(await held.price('ASAI-L')).toBe(71.75);
    expect(held.stats()['ASAI-L']!.exhausted).toBe(true);
    expect(warnings.filter((w) => /exhausted/.test(w))).toHaveLength(1);
  });

  it('never serves the quarantined split bars', async () => {
    const clock = new VirtualClock();
    const m = await ReplayMarket.load({ files: [{ file: f('yfinance__4063-T-1d-bad-stock-split.csv'), symbol: '4063.T' }], clock, warmupBars: 5 });
    await clock.advance(60 * 86_400_000);
    const bars = await m.bars('4063.T', 100);
    // Adapted (look-ahead): the bars after the split were served; now those before it are, and nothing after it.
    expect(bars).toHaveLength(9);
    expect(bars.every((b) => b.close > 19_000 && b.time < Date.UTC(2023, 2, 28, 15))).toBe(true);
  });

  it('refuses files that are all warm-up, and warns of one among others', async () => {
    const clock = new VirtualClock();
    // ASAI-L has 19 usable bars: under the default warm-up of 200 all are visible at start and none would ever close.
    const refused = await ReplayMarket.load({ files: [f('yfinance__ASAI-L-1h-bad-unit.csv')], clock }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).key).toBe('replayWarmupBars');
    expect((refused as Error).message).toMatch(/nothing to replay.*ASAI-L .*19 bars has no more: lower CONCLAVE_REPLAY_WARMUP_BARS \(now 200\)/);
    const warnings: string[] = [];
    const logger = { warn: (_o: object, msg: string) => warnings.push(msg), info: () => {} } as unknown as Logger;
    await ReplayMarket.load({ files: [f('yfinance__ASAI-L-1h-bad-unit.csv'), f('backtesting.py__GOOG.csv')], clock, logger });
    expect(warnings.filter((w) => /replay of ASAI-L has 19 bars, all shown at start/.test(w))).toHaveLength(1);
  });

  it('refuses a bad universe with configuration errors', async () => {
    const clock = new VirtualClock();
    await expect(ReplayMarket.load({ files: [], clock })).rejects.toThrow(/replayFiles is empty/);
    await expect(ReplayMarket.load({ files: ['/nope.csv'], clock })).rejects.toThrow(/cannot read OHLCV file \/nope.csv/);
    await expect(ReplayMarket.load({ files: [f('backtesting.py__GOOG.csv'), f('backtesting.py__GOOG.csv')], clock })).rejects.toThrow(/two files/);
    const m = await ReplayMarket.load({ files: [f('backtesting.py__GOOG.csv')], clock });
    await expect(m.bars('AAPL', 1)).rejects.toThrow(/no symbol AAPL; the universe is GOOG/);
  });
});

describe('a replayed file with the zone of its times', () => {
  it('replays its bars at the instants its clock times name in that zone (replayFiles {"timesIn"})', async () => {
    const file = f('backtrader__2006-01-02-volume-min-001.txt');
    const asUtc = await ReplayMarket.load({ files: [{ file, symbol: 'FUT' }], clock: new VirtualClock(), warmupBars: 10 });
    const inBerlin = await ReplayMarket.load({ files: [{ file, symbol: 'FUT', timesIn: 'Europe/Berlin' }], clock: new VirtualClock(), warmupBars: 10 });
    const [utc, berlin] = [await asUtc.bars('FUT', 10), await inBerlin.bars('FUT', 10)];
    expect(berlin.map((b) => b.time + 3_600_000)).toEqual(utc.map((b) => b.time)); // CET: an hour ahead of UTC
    expect(berlin[0]!.time).toBe(Date.parse('2006-01-02T08:01:00Z'));
  });

  it('says of an intraday file whose times carry no zone that they are read as UTC, as the backtest does, and of no other', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_o: object, msg: string) => warnings.push(msg), info: () => undefined } as unknown as Logger;
    const file = f('backtrader__2006-01-02-volume-min-001.txt');
    await ReplayMarket.load({ files: [{ file, symbol: 'FUT' }], clock: new VirtualClock(), warmupBars: 10, logger });
    expect(warnings).toEqual([expect.stringMatching(/^replay of FUT: .*backtrader__2006-01-02-volume-min-001\.txt writes its times without a zone, read as UTC; if they are another zone's, give its entry in replayFiles "timesIn"/)]);
    warnings.length = 0;
    // Its zone named; a daily file; epoch times (freqtrade's JSON): nothing to say.
    await ReplayMarket.load({ files: [{ file, symbol: 'FUT', timesIn: 'Europe/Berlin' }, f('backtesting.py__GOOG.csv'), f('freqtrade__XRP_ETH-1m.json')], clock: new VirtualClock(), warmupBars: 10, logger });
    expect(warnings).toEqual([]);
  });
});
