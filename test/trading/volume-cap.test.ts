import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS, evaluateEntry, type RiskState } from '../../src/trading/risk-gate.js';
import { volumeCapOf } from '../../src/trading/volume-cap.js';
import type { Bar } from '../../src/market/market-port.js';

const bars = (volumes: number[]): Bar[] => volumes.map((volume, i) => ({ time: i * 60_000, open: 1, high: 1, low: 1, close: 1, volume }));
const state: RiskState = { now: 0, equity: 1e9, peakEquity: 1e9, dayStartEquity: 1e9, openPositions: [], lastExitAt: {}, halted: false };
const cap = (qty: number) => ({ qty, meanVolume: qty * 40, share: 0.025, bars: 20 });

describe('the liquidity cap', () => {
  it('is the share of the mean volume of the last 20 bars, the quiet ones counted as nothing traded', () => {
    const reading = volumeCapOf(bars([...Array<number>(30).fill(1e6), ...Array<number>(10).fill(0), ...Array<number>(10).fill(4_000)]), 0.025);
    expect(reading).toEqual({ cap: { qty: 50, meanVolume: 2_000, share: 0.025, bars: 20 } });
  });
  it('is none where no bar read carries volume (an FX file), and nothing to buy where some did but none lately', () => {
    expect(volumeCapOf(bars(Array<number>(101).fill(0)), 0.025)).toEqual({ noVolume: true });
    expect(volumeCapOf(bars([5, ...Array<number>(100).fill(0)]), 0.025)).toMatchObject({ cap: { qty: 0 } });
    expect(volumeCapOf([], 0.025)).toEqual({ unknown: 'no bars' });
  });
  it('clamps an entry to it in the risk gate, however small a share of the size it leaves', () => {
    const d = evaluateEntry({ symbol: 'ORCL', price: 10, qty: 1_000_000, lotStep: 1, volumeCap: cap(2_500.7) }, state, DEFAULT_RISK_LIMITS);
    expect(d).toMatchObject({ outcome: 'clamped', qty: 2_500, rule: 'max_volume_share' });
    expect(d.reason).toContain('2.5 % of the mean volume 100028 over the last 20 bars (maxVolumeShare)');
  });
  it('rejects an entry it leaves below the instrument’s minimum, and lets one under it pass', () => {
    expect(evaluateEntry({ symbol: 'X', price: 10, qty: 100, lotStep: 1, volumeCap: cap(0.4) }, state, DEFAULT_RISK_LIMITS)).toMatchObject({ outcome: 'rejected', rule: 'max_volume_share' });
    expect(evaluateEntry({ symbol: 'X', price: 10, qty: 100, lotStep: 1, volumeCap: cap(100) }, state, DEFAULT_RISK_LIMITS)).toMatchObject({ outcome: 'accepted', qty: 100 });
  });
});
