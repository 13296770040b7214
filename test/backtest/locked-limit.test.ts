import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestBroker } from '../../src/backtest/backtest-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar } from '../../src/market/market-port.js';
import { everyDayFrom, lockedDays, lockedDaysText, lockedSide, windowBlocks } from '../../src/market/locked-bar.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';
import { backtest, ORCL, tempDir } from './helpers.js';
import { checkData } from '../../src/market/check-data.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { lockedDayWarnings } from '../../src/backtest/file-notices.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2015, 6, 6);
const day = (i: number, open: number, high: number, low: number, close: number, volume = 1_000): Bar => ({ time: T0 + i * DAY, open, high, low, close, volume });
/** A day at one price: locked at the limit when 2 % or more from the close before. */
const one = (i: number, price: number, volume = 1_000) => day(i, price, price, price, price, volume);

describe('a day locked at a daily price limit (one price all day, with volume)', () => {
  it('is told by its one price, its volume and its move from the close before, on bars of a day or longer only', () => {
    expect(lockedSide(one(1, 11), 10, DAY)).toBe('buy'); // a limit up: buyers queued unfilled
    expect(lockedSide(one(1, 9), 10, DAY)).toBe('sell'); // a limit down
    expect(lockedSide(one(1, 10.1), 10, DAY), 'a thin stock’s one trade near the close before').toBeUndefined();
    expect(lockedSide(one(1, 11, 0), 10, DAY), 'no volume: nobody traded (filler-bars.ts)').toBeUndefined();
    expect(lockedSide(day(1, 11, 11, 10.5, 11), 10, DAY), 'it traded below the limit').toBeUndefined();
    expect(lockedSide(one(1, 11), 10, 60_000), 'a minute at one price').toBeUndefined();
    expect(lockedSide(one(1, 11), undefined, DAY)).toBeUndefined();
    expect(lockedSide(one(1, 11), 10, undefined)).toBeUndefined();
  });

  it('is never read in a series that trades every day of the week: coins have no daily limits, a thin coin’s day is one trade', async () => {
    // Four weeks of a coin's days, Saturdays and Sundays too, then a day of one trade 5 % up.
    const coin = [...Array.from({ length: 28 }, (_, i) => day(i, 10, 10.2, 9.8, 10)), one(28, 10.5)];
    expect(lockedDays(coin, DAY)).toEqual([]);
    expect(lockedDays([...coin.slice(0, 6), one(6, 10.5)], DAY), 'a few days do not show it yet').toHaveLength(1);
    expect(windowBlocks(coin.slice(-10), DAY), 'a window of ten days shows every day of the week').toEqual(Array(10).fill(undefined));
    expect(windowBlocks(coin.slice(-10).filter((b) => ![0, 6].includes(new Date(b.time).getUTCDay())), DAY).at(-1)).toBe('buy');
    let now = T0;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, barMs: () => DAY });
    for (const bar of coin.slice(0, -1)) {
      broker.openBar('BTC', bar);
      broker.closeBar('BTC');
    }
    now = T0 + 28 * DAY;
    await broker.submit({ clientOrderId: 'buy', symbol: 'BTC', side: 'buy', qty: 1 });
    const [bought] = broker.openBar('BTC', coin.at(-1)!);
    expect(bought!.result.fills[0]).toMatchObject({ price: 10.5, time: T0 + 28 * DAY });
  });

  it('is said to be likely a thin coin’s single trade, once the file goes on to trade every day (check-data’s text)', () => {
    // A coin's first week, a day of one trade 5 % up, then four weeks of every day: read as locked from the past alone.
    const coin = [...Array.from({ length: 6 }, (_, i) => day(i, 10, 10.2, 9.8, 10)), one(6, 10.5), ...Array.from({ length: 28 }, (_, i) => day(i + 7, 10, 10.2, 9.8, 10))];
    const locked = lockedDays(coin, DAY);
    expect(locked).toHaveLength(1);
    expect(lockedDaysText(locked, everyDayFrom(coin))).toMatch(/From 2015-\d\d-\d\dT00:00:00Z the file trades on every day of the week, as coins do, .*likely a thin market's single trades/);
    const stock = coin.filter((b) => ![0, 6].includes(new Date(b.time).getUTCDay()));
    expect(everyDayFrom(stock), 'a stock trading on weekdays').toBeUndefined();
    expect(lockedDaysText(lockedDays(stock, DAY), everyDayFrom(stock))).not.toMatch(/coins/);
  });

  it('fills no buy at a limit up nor any sell at a limit down; the other side fills as at any bar (the backtest’s broker)', async () => {
    let now = T0 + DAY;
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, now: () => now, barMs: () => DAY, fillTimeoutMs: () => 5 * DAY });
    broker.openBar('X', day(0, 10, 10.2, 9.8, 10));
    broker.closeBar('X');
    await broker.submit({ clientOrderId: 'buy', symbol: 'X', side: 'buy', qty: 1 });
    await broker.submit({ clientOrderId: 'sell', symbol: 'X', side: 'sell', qty: 1 });
    const first = broker.openBar('X', one(1, 11));
    expect(first.map((a) => [a.clientOrderId, a.result.fills[0]?.price])).toEqual([['sell', 11]]);
    expect(broker.salesBlocked('X')).toBe(false);
    broker.closeBar('X');
    const [bought] = broker.openBar('X', day(2, 11.5, 12, 11.2, 11.8));
    expect(bought!.result.fills[0]).toMatchObject({ price: 11.5, time: T0 + 2 * DAY });
    broker.closeBar('X');
    now = T0 + 3 * DAY;
    await broker.submit({ clientOrderId: 'stuck', symbol: 'X', side: 'sell', qty: 1 });
    for (let i = 3; i <= 8; i++) {
      expect(broker.openBar('X', one(i, 11.8 * 0.9 ** (i - 2))), `locked limit down, day ${i}`).toEqual([]);
      expect(broker.salesBlocked('X')).toBe(true);
      broker.closeBar('X');
    }
    // Past its 5 days: cancelled, and it says why.
    const [cancelled] = broker.openBar('X', one(9, 4));
    expect(cancelled!.result.status).toBe('cancelled');
    expect(cancelled!.result.reason).toMatch(/^no bar of X a sell could fill in \(6 locked at a daily price limit against it\) after the decision/);
  });

  it('fires no stop in it: the stop fills at the open of the next day that trades (the position monitor)', async () => {
    const clock = new VirtualClock(T0);
    const accounts = new MemoryAccountRepository();
    const exits: { price: number | undefined; at: number | undefined }[] = [];
    const trader = {
      mark: () => {},
      exitPending: () => false,
      exit: async (symbol: string, _reason: string, _fill: string, atPrice?: number, at?: number) => {
        exits.push({ price: atPrice, at });
        accounts.deletePosition(symbol);
      },
    } as unknown as Trader;
    const monitor = new PositionMonitor({
      clock, logger: createLogger({ level: 'silent', clock }), store: accounts, market: { name: 'm', symbols: () => ['X'], bars: async () => [], price: async () => 10 }, trader,
      rules: { stopLossPct: 0.05 }, killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
    });
    accounts.savePosition({ symbol: 'X', qty: 1, avgPrice: 10, openedAt: T0, stopPrice: null, targetPrice: null, atr: null, peakPrice: 10, trailingActive: false, markPrice: 10 }, T0);
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0, barMs: () => DAY });
    // Its stop at 9.5; a day locked at 9 (−10 %), then a day opening at 8.5.
    for (const bar of [day(0, 10, 10.1, 9.9, 10), one(1, 9), day(2, 8.5, 8.9, 8.2, 8.6)]) {
      broker.openBar('X', bar);
      await monitor.checkBar('X', bar, undefined, broker.salesBlocked('X'));
      broker.closeBar('X');
      if (bar.time === T0 + DAY) expect(exits, 'no sale at 9: nobody bought at the limit').toEqual([]);
    }
    expect(exits).toEqual([{ price: 8.5, at: T0 + 2 * DAY }]);
  });

  it('fires no stop in it live either: the check judges the days that traded, and the price now', async () => {
    const clock = new VirtualClock(T0);
    const accounts = new MemoryAccountRepository();
    const exits: number[] = [];
    const trader = { mark: () => {}, refreshEquityMarks: () => {}, followStops: async () => {}, exitPending: () => false, exit: async (_s: string, _r: string, _f: string, atPrice?: number) => void exits.push(atPrice ?? NaN) } as unknown as Trader;
    const bars = [day(0, 10, 10.1, 9.9, 10), one(1, 9)];
    const monitor = new PositionMonitor({
      clock, logger: createLogger({ level: 'silent', clock }), store: accounts, trader,
      market: { name: 'm', symbols: () => ['X'], barMs: () => DAY, bars: async () => bars.filter((b) => b.time + DAY <= clock.now()), price: async () => 9.6 },
      rules: { stopLossPct: 0.05 }, killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
    });
    await monitor.check(new AbortController().signal); // before the entry: the position is this run's, judged from its entry
    accounts.savePosition({ symbol: 'X', qty: 1, avgPrice: 10, openedAt: T0, stopPrice: null, targetPrice: null, atr: null, peakPrice: 10, trailingActive: false, markPrice: 10 }, T0);
    // The next day trades again at 9.6, above the stop at 9.5: no sale could fill at 9 the day before.
    await clock.advanceTo(T0 + 2 * DAY + 3_600_000);
    await monitor.check(new AbortController().signal);
    expect(exits).toEqual([]);
    expect(accounts.position('X')?.markPrice).toBe(9.6);
  });

  it('moves a real entry to the next day when the day it would fill at is locked at a limit up (ORCL)', async () => {
    const span = { from: '2005-01-01', to: '2006-12-31' };
    const plain = await backtest([{ symbol: 'ORCL', file: ORCL }], span);
    const entry = plain.record.fills.find((f) => f.reason === 'entry')!;
    const date = new Date(entry.time).toISOString().slice(0, 10);
    // That day rewritten as a day locked 10 % above the close before (its volume kept): what the panel saw is unchanged.
    const lines = readFileSync(ORCL, 'utf8').trim().split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${date},`));
    const cells = lines[at]!.split(',');
    const before = Number(lines[at - 1]!.split(',')[4]);
    const limit = String(Math.round(before * 1.1 * 100) / 100);
    lines[at] = [cells[0], limit, limit, limit, limit, ...cells.slice(5)].join(',');
    const file = join(tempDir(), 'orcl-locked.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const locked = await backtest([{ symbol: 'ORCL', file }], span);
    const moved = locked.record.fills.find((f) => f.reason === 'entry')!;
    expect(moved.verdictId).toBe(entry.verdictId);
    const next = lines[at + 1]!.split(',');
    expect(new Date(moved.time).toISOString().slice(0, 10)).toBe(next[0]);
    expect(moved.price).toBeGreaterThanOrEqual(Number(next[1]));
  });

  it('is said by check-data and the backtest’s warnings, and so is a file without volume', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 30 }, (_, i) => {
      const date = new Date(T0 + i * DAY).toISOString().slice(0, 10);
      const p = 10 + (i % 3) * 0.1;
      return i === 20 ? `${date},11.11,11.11,11.11,11.11,500` : `${date},${p},${p + 0.2},${p - 0.2},${p},1000`;
    });
    const file = join(dir, 'locked.csv');
    writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n') + '\n');
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l))).toBe(0);
    expect(lines.filter((l) => l.startsWith('locked: '))).toEqual([expect.stringMatching(/^locked: 1 day at one price with volume, 2 % or more from the close before \(the first 2015-07-26T00:00:00Z\): locked at a daily price limit, .*fills no buy in a limit-up day and no sale in a limit-down one/)]);
    expect(lines.some((l) => l.startsWith('volume: '))).toBe(false);
    const warnings = lockedDayWarnings(await loadSeries([{ file, symbol: 'X' }], {}));
    expect(warnings).toEqual([expect.stringMatching(/^.*locked\.csv \(X\) has 1 day at one price with volume/)]);
    // Turnover in money where the volume would be (the Philippine exchange's `value`): no volume is read, and that is said.
    const turnover = join(dir, 'turnover.csv');
    writeFileSync(turnover, ['dt,open,high,low,close,value', ...rows.map((r) => r.replace(/,\d+$/, ',14598650.0'))].join('\n') + '\n');
    const said: string[] = [];
    expect(await checkData(turnover, (l) => said.push(l))).toBe(0);
    expect(said.find((l) => l.startsWith('volume: '))).toMatch(/^volume: none \(every bar's is 0 or missing; a column of turnover in money, as `value` or `amount`, is not read as volume\): .* maxVolumeShare cap does not apply$/);
  });
});
