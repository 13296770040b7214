import type { BacktestRecord, BacktestSymbol } from '../backtest-record.js';
import type { ReportData } from './build-report.js';
import { candleSize, candles, keptRowsByTime, linePoints, type Candle, type LinePoint } from './chart-series.js';
import { wallClockIn } from '../../market/zoned-clock.js';

/** What the page's script draws. Times are UTC seconds (lightweight-charts' UTCTimestamp). */
export interface ChartPayload {
  /** Show times of day on the axes (some symbol is intraday). */
  intraday: boolean;
  equity: { panel: LinePoint[]; hold: LinePoint[]; drawdown: LinePoint[]; holdDrawdown: LinePoint[] };
  symbols: SymbolChart[];
}

export interface SymbolChart {
  symbol: string;
  /** Bars merged per candle (1 = as in the file). */
  barsPerCandle: number;
  candles: Candle[];
  /** [candle time, 'buy' | 'sell', fills in that candle, their reasons joined] */
  markers: [number, 'buy' | 'sell', number, string][];
}

/** Chart values need no more precision than a screen shows; 8 significant digits keep the page small. */
function short(points: LinePoint[]): LinePoint[] {
  for (const p of points) p[1] = Number(p[1].toPrecision(8));
  return points;
}

export function chartPayload(record: BacktestRecord, data: ReportData): ChartPayload {
  const times = record.equity.map((r) => r.time);
  const equity = record.equity.map((r) => r.equity);
  const rows = keptRowsByTime(times, [equity, data.holdEquity, data.drawdown, data.holdDrawdown]);
  return {
    intraday: record.symbols.some((s) => s.barMs < 86_400_000),
    equity: {
      panel: short(linePoints(times, equity, rows)),
      hold: short(linePoints(times, data.holdEquity, rows)),
      drawdown: short(linePoints(times, data.drawdown, rows)),
      holdDrawdown: short(linePoints(times, data.holdDrawdown, rows)),
    },
    symbols: record.symbols.filter((s) => s.bars.length > 0).map((s) => symbolChart(record, s)),
  };
}

function barIndexAtOrBefore(symbol: BacktestSymbol, time: number): number {
  const bars = symbol.bars;
  let lo = 0;
  let hi = bars.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function symbolChart(record: BacktestRecord, symbol: BacktestSymbol): SymbolChart {
  const size = candleSize(symbol.bars.length);
  const merged = candles(symbol.bars, size);
  // A file written ahead of UTC is drawn on its own clock, so a Tokyo bar sits on the day its row names, not the day
  // before (its marks follow its candles); so is a file read in its zone (--times-in), whose candles sat hours off the
  // times its rows write. Times everywhere else on the page stay UTC. The hour the clocks go back would draw two
  // candles at one time, which the chart refuses: each is kept a second after the one before.
  const ahead = (symbol.offsetAheadMs ?? 0) / 1000;
  const wall = symbol.timesIn !== undefined ? wallClockIn(symbol.timesIn) : undefined;
  let last = -Infinity;
  for (const c of merged) {
    c[0] = wall ? Math.max(wall(c[0] * 1000) / 1000, last + 1) : c[0] + ahead;
    last = c[0];
    for (let k = 1; k < 5; k++) c[k] = Number(c[k]!.toPrecision(8));
  }
  // Fills of one side within one candle become one marker, so a busy run does not bury its chart.
  const groups = new Map<string, { time: number; side: 'buy' | 'sell'; n: number; reasons: string[] }>();
  const order: string[] = [];
  for (const f of record.fills) {
    if (f.symbol !== symbol.symbol) continue;
    const candle = merged[Math.min(merged.length - 1, Math.floor(barIndexAtOrBefore(symbol, f.time) / size))]!;
    const key = `${candle[0]}:${f.side}`;
    let g = groups.get(key);
    if (!g) {
      g = { time: candle[0], side: f.side, n: 0, reasons: [] };
      groups.set(key, g);
      order.push(key);
    }
    g.n++;
    if (!g.reasons.includes(f.reason)) g.reasons.push(f.reason);
  }
  const markers = order
    .map((k) => groups.get(k)!)
    .sort((a, b) => a.time - b.time || (a.side < b.side ? -1 : a.side > b.side ? 1 : 0))
    .map((g): [number, 'buy' | 'sell', number, string] => [g.time, g.side, g.n, g.reasons.join(', ')]);
  return { symbol: symbol.symbol, barsPerCandle: size, candles: merged, markers };
}
