import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { CcxtMarket } from '../../src/market/ccxt-market.js';
import { ExchangeClockSkew } from '../../src/market/exchange-clock.js';
import { buildMarket } from '../../src/kernel/kernel-sources.js';
import { loadConfig } from '../../src/config/config.js';
import { startBinance, type BinanceState, type Kline } from '../helpers/loopback-binance.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';

const MIN = 60_000;
// Real 1-minute candles (XRP/ETH, scaled to look like BTC/USDT) served as Binance klines.
const source = JSON.parse(readFileSync(path.resolve(process.cwd(), '../shared/data/ohlcv/freqtrade__XRP_ETH-1m.json'), 'utf8')) as number[][];
const klines: Kline[] = source.slice(0, 120).map((r) => [r[0]!, ...r.slice(1, 5).map((v) => (v! * 5e7).toFixed(2)), r[5]!.toFixed(4)] as Kline);
const lastOpen = klines.at(-1)![0];
const httpDate = (t: number) => new Date(t).toUTCString();

function recording(clock = new VirtualClock(0)) {
  const lines: { level: string; msg: string; offsetMs?: number }[] = [];
  const logger = createLogger({ level: 'info', clock, destination: { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) } });
  return { lines, logger };
}

describe('this machine’s clock against the exchange’s, from the Date of its answers', () => {
  it('bounds the offset from each answer and narrows it as answers come', () => {
    const skew = new ExchangeClockSkew('binance');
    expect(skew.offset()).toBeUndefined();
    expect(skew.aheadAtMost()).toBe(0);
    // This clock 3.4 s ahead; answers 40 ms long, at various fractions of the exchange's second.
    const ahead = 3400;
    for (const sent of [1_000_000_000_120, 1_000_000_001_730, 1_000_000_003_480, 1_000_000_004_910]) {
      const exchangeAtAnswer = sent + 20 - ahead;
      skew.observe(sent, sent + 40, httpDate(exchangeAtAnswer));
    }
    const { offsetMs, uncertaintyMs } = skew.offset()!;
    expect(Math.abs(offsetMs - ahead)).toBeLessThanOrEqual(uncertaintyMs);
    expect(uncertaintyMs).toBeLessThan(500);
    // Never less than the truth: a candle is judged by a time the exchange has surely reached.
    expect(skew.aheadAtMost()).toBeGreaterThanOrEqual(ahead);
  });

  it('takes nothing off a clock in step or behind, ignores cached, dateless and lone stale answers, and starts anew when a clock is set', () => {
    const skew = new ExchangeClockSkew('binance');
    const t = 1_000_000_000_500;
    skew.observe(t, t + 30, httpDate(t + 15));
    expect(skew.aheadAtMost()).toBeLessThan(1000);
    skew.observe(t + 1000, t + 1030, null);
    skew.observe(t + 2000, t + 2030, 'not a date');
    skew.observe(t + 3000, t + 3030, httpDate(t - 60_000), '120');
    expect(skew.aheadAtMost()).toBeLessThan(1000);
    // Behind by 8 s: nothing is moved forward.
    const behind = new ExchangeClockSkew('binance');
    behind.observe(t, t + 30, httpDate(t + 8000));
    expect(behind.aheadAtMost()).toBe(0);
    expect(behind.offset()!.offsetMs).toBeLessThan(-7000);
    // One answer dated a minute back with no Age (a cache that strips it) does not move the bounds alone.
    skew.observe(t + 4000, t + 4030, httpDate(t - 56_000));
    expect(skew.aheadAtMost()).toBeLessThan(1000);
    skew.observe(t + 5000, t + 5030, httpDate(t + 5015));
    expect(skew.aheadAtMost()).toBeLessThan(1000);
    // This clock set 5 s forward: two answers in a row that no longer fit the bounds, but each other, are the new offset.
    skew.observe(t + 10_000, t + 10_030, httpDate(t + 5015));
    expect(skew.aheadAtMost()).toBeLessThan(1000);
    skew.observe(t + 11_000, t + 11_030, httpDate(t + 6015));
    expect(skew.aheadAtMost()).toBeGreaterThanOrEqual(5000);
  });

  it('warns once when the clocks disagree by more than 2 s, saying what to do, and says when they agree again', () => {
    const { lines, logger } = recording();
    const skew = new ExchangeClockSkew('binance', logger);
    const t = 1_000_000_000_000;
    for (let i = 0; i < 5; i++) skew.observe(t + i * 1000 + 100, t + i * 1000 + 130, httpDate(t + i * 1000 + 110 - 4000));
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/^this machine's clock is at least 3\.1 s ahead of binance's: candles are judged closed by binance's time .*timedatectl set-ntp true/);
    skew.observe(t + 20_000, t + 20_030, httpDate(t + 20_015));
    skew.observe(t + 21_000, t + 21_030, httpDate(t + 21_015));
    expect(lines.at(-1)!.msg).toBe("this machine's clock agrees with binance's again");
    for (let i = 0; i < 3; i++) skew.observe(t + 30_000 + i * 1000, t + 30_030 + i * 1000, httpDate(t + 36_015 + i * 1000));
    expect(lines.filter((l) => l.level === 'warn').at(-1)!.msg).toMatch(/^this machine's clock is at least 6\.0 s behind binance's: closed candles are read that much late/);
  });
});

describe('a live market whose clock is ahead of this machine’s by less than a bar', () => {
  let server: LoopbackServer | undefined;
  afterEach(() => server?.close());

  it('does not take the candle still forming at the exchange for a closed one, and shows the offset in the health stats', async () => {
    // This machine's clock stands 2 s past the end of the last candle; the exchange's, 5 s behind it, 3 s before.
    const clock = new VirtualClock(lastOpen + MIN + 2000);
    const state: BinanceState = { klines: new Map([['BTCUSDT', klines]]), lastPrice: new Map([['BTCUSDT', '70712.50']]), faults: [], clock: () => clock.now() - 5000 };
    server = await startBinance(state);
    const { lines, logger } = recording(clock);
    const market = await CcxtMarket.create({ exchange: 'binance', symbols: ['BTC/USDT'], clock, timeframe: '1m', apiBaseUrl: server.url, timeoutMs: 2000, exchangeOptions: { fetchMarkets: { types: ['spot'] } }, logger });
    const bars = await market.bars('BTC/USDT', 10);
    expect(bars.at(-1)!.time).toBe(lastOpen - MIN);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([expect.stringMatching(/^this machine's clock is at least [45]\.\d s ahead of binance's/)]);
    // Once the exchange's clock has passed the candle's end, it is closed.
    await clock.advanceTo(lastOpen + MIN + 5001);
    expect((await market.bars('BTC/USDT', 10)).at(-1)!.time).toBe(lastOpen);

    const config = loadConfig({ env: { CONCLAVE_MARKET_SOURCE: 'ccxt', CONCLAVE_CCXT_API_BASE_URL: server.url, CONCLAVE_UNIVERSE: '[{"symbol":"BTC/USDT","name":"Bitcoin"}]' } });
    const built = await buildMarket(config, clock, createLogger({ level: 'silent', clock }));
    expect(built!.stats()['exchangeClock']).toBeNull();
    await built!.source.bars('BTC/USDT', 10);
    const offset = built!.stats()['exchangeClock'] as { offsetMs: number; uncertaintyMs: number };
    expect(Math.abs(offset.offsetMs - 5000)).toBeLessThanOrEqual(offset.uncertaintyMs);
  });
});
