import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import type { PositionRow } from '../../src/store/account-repository.js';
import { outOfBand } from '../../src/trading/price-band.js';
import { priceDoubt } from '../../src/trading/entry-inputs.js';
import { planEntry } from '../../src/trading/entry-planner.js';
import { DEFAULT_RISK_LIMITS } from '../../src/trading/risk-gate.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';

const MINUTE = 60_000;
/** Minute bars closing near 100 with ±0.1 % steps, the last closed at `end`. */
const barsUntil = (end: number, count = 30): Bar[] =>
  Array.from({ length: count }, (_, i) => {
    const close = 100 * (1 + 0.001 * (i % 2 === 0 ? 1 : -1));
    return { time: end - (count - i) * MINUTE, open: 100, high: close + 0.05, low: close - 0.05, close, volume: 10 };
  });

describe('the price band of a quote against the closed bars', () => {
  const end = 100 * MINUTE;
  const bars = barsUntil(end);

  it('trusts a quote within a few percent of the last close, and a quote with no bars to measure it by', () => {
    expect(outOfBand(bars, 101.5, MINUTE, end + 1_000)).toBeUndefined();
    expect(outOfBand([], 10, MINUTE, end)).toBeUndefined();
  });

  it('doubts a tenth or ten times the last close, and says by how much', () => {
    expect(outOfBand(bars, 10, MINUTE, end + 1_000)).toMatchObject({ reference: bars.at(-1)!.close });
    expect(outOfBand(bars, 1_000, MINUTE, end + 1_000)?.reason).toBe("901.0 % from the last closed bar's close 99.9, beyond the 3.0 % its recent bars make plausible");
  });

  it('widens with a wilder series and with the time since the last close, never past a 4× move', () => {
    const wild = bars.map((b, i) => ({ ...b, close: 100 * (i % 2 === 0 ? 1.05 : 0.95) }));
    expect(outOfBand(bars, 80, MINUTE, end + 1_000)).toBeDefined();
    expect(outOfBand(wild, 80, MINUTE, end + 1_000)).toBeUndefined();
    expect(outOfBand(bars, 90, MINUTE, end + 1_000)).toBeDefined();
    expect(outOfBand(bars, 90, MINUTE, end + 60 * MINUTE)).toBeUndefined();
    expect(outOfBand(wild, 24, MINUTE, end + 1_000)).toBeDefined();
  });
});

describe('the position monitor and a bad print', () => {
  function setup() {
    const clock = new VirtualClock(100 * MINUTE + 1_000);
    const accounts = new MemoryAccountRepository();
    const exits: string[] = [];
    const marks: number[] = [];
    const logs: { level: string; msg: string }[] = [];
    const quote = { price: 100 };
    let bars = barsUntil(100 * MINUTE);
    const trader = {
      mark: (_symbol: string, price: number) => void marks.push(price),
      refreshEquityMarks: () => {},
      exitPending: () => false,
      followStops: async () => {},
      exit: async (symbol: string, reason: string) => {
        exits.push(`${symbol} ${reason.split(':')[0]!}`);
        accounts.deletePosition(symbol);
      },
    } as unknown as Trader;
    const market = {
      name: 'test',
      symbols: () => ['BTC/USDT'],
      price: async () => quote.price,
      bars: async (_symbol: string, limit: number) => bars.slice(-limit),
      barMs: () => MINUTE,
    } as unknown as MarketData;
    const monitor = new PositionMonitor({
      clock,
      logger: createLogger({ level: 'info', clock, destination: { write: (line: string) => void logs.push(JSON.parse(line) as { level: string; msg: string }) } }),
      store: accounts,
      market,
      trader,
      rules: { stopLossPct: 0.02, trailingStopPct: 0.05, trailingActivationPct: 0.01 },
      killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
    });
    const position: PositionRow = { symbol: 'BTC/USDT', qty: 1, avgPrice: 100, openedAt: 90 * MINUTE, stopPrice: 98, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 };
    accounts.savePosition(position, 0);
    const check = () => monitor.check(new AbortController().signal);
    return { clock, accounts, exits, marks, logs, quote, check, setBars: (b: Bar[]) => void (bars = b), reopen: () => accounts.savePosition(position, 0) };
  }

  it('neither exits nor marks on a tick at a tenth of the price, says so once, and says when quotes are back in line', async () => {
    const { accounts, exits, marks, logs, quote, check } = setup();
    quote.price = 10;
    await check();
    await check();
    expect(exits).toEqual([]);
    expect(marks).toEqual([]);
    expect(accounts.position('BTC/USDT')).toMatchObject({ peakPrice: 100, markPrice: 99.9 });
    expect(logs.filter((l) => l.level === 'warn' && l.msg.includes('taken for a bad print'))).toHaveLength(1);
    quote.price = 100.2;
    await check();
    expect(marks).toEqual([100.2]);
    expect(logs.some((l) => l.level === 'info' && l.msg === 'BTC/USDT quoted in line with its bars again')).toBe(true);
  });

  it('does not move the stored peak on a tick at ten times the price, so no trailing stop fires after it', async () => {
    const { accounts, exits, quote, check } = setup();
    quote.price = 1_000;
    await check();
    quote.price = 100;
    await check();
    expect(accounts.position('BTC/USDT')!.peakPrice).toBeLessThan(101);
    expect(exits).toEqual([]);
  });

  it('exits when a closed bar confirms the fall: the bars judge what the quote could not', async () => {
    const { clock, exits, quote, check, setBars } = setup();
    quote.price = 10;
    await check();
    expect(exits).toEqual([]);
    await clock.advanceTo(101 * MINUTE + 1_000);
    setBars([...barsUntil(100 * MINUTE), { time: 100 * MINUTE, open: 100, high: 100, low: 9, close: 10, volume: 50 }]);
    await check();
    expect(exits).toEqual(['BTC/USDT stop_loss']);
  });

  it('takes the quote for the market once no sound bar has closed for five bars while every quote stayed out of band', async () => {
    const { clock, accounts, exits, marks, logs, quote, check, reopen } = setup();
    // A fall of 99 % in a bar: read as a 100x unit error, every bar from it on is set aside, so none reaches the monitor.
    quote.price = 1;
    for (let minute = 0; minute < 5; minute++) {
      await check();
      await clock.advance(MINUTE);
    }
    expect(exits).toEqual([]);
    expect(accounts.position('BTC/USDT')).toMatchObject({ markPrice: 99.9 });
    await check();
    // Before: held for ever at the last sound close, no stop, its mark in the equity 99 times its price.
    expect(exits).toEqual(['BTC/USDT stop_loss']);
    expect(marks).toEqual([1]);
    const said = logs.filter((l) => l.level === 'error');
    expect(said).toHaveLength(1);
    expect(said[0]!.msg).toMatch(/^BTC\/USDT: no sound bar for 5 bars and every quote since 1970-01-01T01:40:01Z out of band \(now 1, /);
    // A position opened there later starts a doubt of its own: it is not given up at once on the old episode.
    reopen();
    await check();
    expect(exits).toEqual(['BTC/USDT stop_loss']);
    expect(logs.filter((l) => l.level === 'warn' && l.msg.includes('taken for a bad print'))).toHaveLength(2);
  });

  it('keeps doubting a quote while sound bars still close: the quote is what is wrong', async () => {
    const { clock, exits, marks, quote, check, setBars } = setup();
    quote.price = 1;
    for (let minute = 1; minute <= 20; minute++) {
      await clock.advance(MINUTE);
      setBars(barsUntil(100 * MINUTE + minute * MINUTE));
      await check();
    }
    expect(exits).toEqual([]);
    expect(marks).toEqual([]);
  });
});

describe('an entry at a bad print', () => {
  it('is rejected by the risk gate as price_out_of_band when the quote is far from the bars the discussion read', async () => {
    const end = 100 * MINUTE;
    const market = { bars: async () => barsUntil(end), barMs: () => MINUTE } as unknown as MarketData;
    const doubt = await priceDoubt(market, 'BTC/USDT', 10, end + 1_000);
    expect(doubt).toMatch(/^-90\.0 % from the last closed bar's close 99\.9/);
    expect(await priceDoubt(market, 'BTC/USDT', 100.5, end + 1_000)).toBeUndefined();
    const plan = planEntry({
      priceDoubt: doubt, verdictId: 'v1', verdict: { sizeFraction: 0.2, stop: 9.5 }, symbol: 'BTC/USDT', price: 10, lotStep: 0.001, equity: 10_000,
      account: { peakEquity: 10_000, dayStartEquity: 10_000, day: '1970-01-01' }, day: '1970-01-01', now: end + 1_000, openPositions: [],
      lastExitAt: undefined, cooldownBars: 0, barsSinceExit: undefined, halted: false, riskPerTrade: 0.01, limits: DEFAULT_RISK_LIMITS,
    });
    expect(plan.order).toBeNull();
    expect(plan.record).toMatchObject({ outcome: 'rejected', rule: 'price_out_of_band' });
    expect(plan.record.reason).toMatch(/^BTC\/USDT quoted at 10, -90\.0 % .*: taken for a bad print, nothing is bought at it$/);
  });
});
