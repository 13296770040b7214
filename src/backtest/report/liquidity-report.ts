import type { BacktestRecord } from '../backtest-record.js';
import type { LiquidityReport } from './report-types.js';
import { VOLUME_BARS } from '../../trading/volume-cap.js';
import { count } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';

/**
 * The liquidity cap in the report: as configured, the entries it cut (the risk gate's max_volume_share clamps and
 * refusals), the exits sold above it, and the symbols it could not cap for want of volume. Absent when not recorded.
 */
export function liquidityReport(record: BacktestRecord): LiquidityReport | undefined {
  const l = record.liquidity;
  if (!l) return undefined;
  const byCap = (record.decisions?.riskGate ?? []).filter((r) => r.rule === 'max_volume_share');
  return {
    maxVolumeShare: l.maxVolumeShare,
    volumeBars: VOLUME_BARS,
    entriesClamped: byCap.filter((r) => r.outcome === 'clamped').length,
    entriesRefused: byCap.filter((r) => r.outcome === 'rejected').length,
    exitsOverCap: l.exitsOverCap,
    noVolume: [...l.noVolume].sort(),
  };
}

/**
 * What the cap did, in one sentence for the CLI's summary and the page's; null when it did nothing worth a line (no cut,
 * no exit above it, every symbol with volume).
 */
export function liquidityText(l: LiquidityReport | undefined): string | null {
  if (!l) return null;
  if (!(l.maxVolumeShare > 0)) return null;
  const parts: string[] = [];
  if (l.entriesClamped + l.entriesRefused > 0) parts.push(`${counted(l.entriesClamped, 'entry', 'entries', count(l.entriesClamped))} cut to it, ${count(l.entriesRefused)} refused`);
  if (l.exitsOverCap > 0) parts.push(`${counted(l.exitsOverCap, 'exit', 'exits', count(l.exitsOverCap))} above it sold in full all the same (exits are never held back: a real market would have moved)`);
  if (l.noVolume.length > 0) parts.push(`no volume in the bars of ${l.noVolume.join(', ')}: not capped`);
  if (parts.length === 0) return null;
  return `Liquidity: entries capped at ${+(l.maxVolumeShare * 100).toPrecision(4)} % of the mean volume of the last ${l.volumeBars} closed bars (maxVolumeShare); ${parts.join('; ')}`;
}
