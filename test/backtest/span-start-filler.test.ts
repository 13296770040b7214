import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { isFlatWithoutVolume } from '../../src/market/filler-bars.js';
import type { Config } from '../../src/config/config.js';
import { backtest, barsByTime, OHLCV } from './helpers.js';

const XRP = join(OHLCV, 'freqtrade__XRP_ETH-1m.json');
/** A panel that enters at once and often, so that an entry is decided at the close of the span's first minute. */
const EAGER = {
  modelThreshold: 0.05,
  feeBps: 0,
  slippageBps: 1,
  takeProfitPct: 0.005,
  trailingStopPct: 0.004,
  trailingActivationPct: 0,
  maxHoldBars: 10,
  atrStopMultiple: 1,
  symbolCooldownBars: 1,
  opportunityCooldownBars: 1,
  dailyLossLimit: 1,
  maxDrawdown: 1,
} as Partial<Config>;

describe('a span that starts in minutes nobody traded in (--from)', () => {
  it('fills no order at them: the bars before the span, which traded, say they are filled in (the real XRP/ETH file)', async () => {
    // 19:21 to 19:28 are 8 minutes filled in flat, after minutes with volume; the span starts at the first of them.
    const run = await backtest([{ symbol: 'XRP/ETH', file: XRP }], { from: '2019-10-11T19:21:00Z' }, EAGER);
    const bars = barsByTime(run, 'XRP/ETH');
    const first = run.record.fills[0]!;
    expect(first.reason).toBe('entry');
    expect(new Date(first.time).toISOString(), 'the first minute that traded after the decision').toBe('2019-10-11T19:29:00.000Z');
    for (const f of run.record.fills) expect(isFlatWithoutVolume(bars.get(f.time)!), `${new Date(f.time).toISOString()} ${f.reason}`).toBe(false);
  });
});
