import { describe, expect, it } from 'vitest';
import { validateBars, type RawBar } from '../../src/market/bar-validator.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 9);
function series(closes: number[], step = H): RawBar[] {
  return closes.map((c, i) => ({ row: i + 2, time: T0 + i * step, open: c, high: c * 1.01, low: c * 0.99, close: c, volume: 10 }));
}

describe('validateBars', () => {
  it('accepts a clean series and infers the bar size', () => {
    const r = validateBars(series([10, 10.1, 10.2, 10.1]), { file: 'f.csv' });
    expect(r.bars).toHaveLength(4);
    expect(r.rejected).toEqual([]);
    expect(r.quarantined).toEqual([]);
    expect(r.barMs).toBe(H);
  });

  it("rejects bitcoincharts' placeholder for a day without trades (1.7e308, the largest double), keeping the days around it", () => {
    // Quandl's BCHARTS files (BitBay's, 284 of 1,051 days): read as prices, the first of two such days was a spike
    // quarantined with the real day after it, and the second was accepted as a bar at 1.7e308.
    const rows = series([450, 460, 470, 480, 490]);
    for (const i of [1, 2]) Object.assign(rows[i]!, { open: 1.7e308, high: 1.7e308, low: 1.7e308, close: 1.7e308, volume: 1.7e308 });
    const r = validateBars(rows, { file: 'bitbay.json' });
    expect(r.rejected.map((x) => [x.row, x.code])).toEqual([[3, 'non-finite'], [4, 'non-finite']]);
    expect(r.rejected[0]!.message).toBe('open is 1.7e+308, the largest number a double holds: a placeholder for no price (bitcoincharts writes it on days without trades)');
    expect(r.quarantined).toEqual([]);
    expect(r.bars.map((b) => b.close)).toEqual([450, 480, 490]);
  });

  it('quarantines a wick at a tenth or ten times the bar’s open and close, that row alone, and keeps a long real wick', () => {
    const rows = series([11680, 11690, 11700, 11710, 11720, 11730]);
    rows[2]!.low = 1162.7;
    rows[4]!.high = 117_200;
    rows[5]!.low = 11730 * 0.7; // a 30 % wick: a flash crash a bar can hold
    const r = validateBars(rows, { file: 'ETHUSDT.csv' });
    expect(r.quarantined.map((q) => [q.row, q.code, q.since?.row])).toEqual([[4, 'price-spike', 4], [6, 'price-spike', 6]]);
    expect(r.quarantined[0]!.message).toBe("low 1162.7 is 10.063x below the bar's open and close in one bar: a bad print, or a move too large to trust");
    expect(r.bars.map((b) => b.close)).toEqual([11680, 11690, 11710, 11730]);
  });

  it('reads the bar size from every row whose time stands, quarantined ones included', () => {
    // Weekly rows, all but two 100x off (pence for pounds): the two valid bars are 20 weeks apart, the file's bars one.
    const rows = series([15, ...Array.from({ length: 19 }, () => 0.151), 15.2], 7 * 24 * H);
    const r = validateBars(rows, { file: 'weekly.csv' });
    expect(r.quarantined).toHaveLength(19);
    expect(r.bars).toHaveLength(2);
    expect(r.barMs).toBe(7 * 24 * H);
  });

  it('reads a close or open off its high or low by float noise as on it, and still refuses one a tick outside', () => {
    // MSFT's adjusted daily file (react-stockcharts): close 0.096664 beside a high written 0.09666399999999999.
    const rows = series([0.1, 0.1, 0.1, 0.1]);
    Object.assign(rows[1]!, { open: 0.0951, high: 0.09666399999999999, low: 0.09312751673792764, close: 0.096664 });
    Object.assign(rows[2]!, { open: 0.221619, high: 0.23399664957859262, low: 0.22161900000000004, close: 0.2301 });
    Object.assign(rows[3]!, { open: 0.1, high: 0.1, low: 0.099, close: 0.100001 });
    const r = validateBars(rows, { file: 'MSFT_full.tsv' });
    expect(r.bars.map((b) => [b.low, b.high])).toEqual([[0.099, 0.101], [0.09312751673792764, 0.096664], [0.221619, 0.23399664957859262]]);
    expect(r.rejected.map((q) => [q.row, q.code])).toEqual([[5, 'close-outside-range']]);
  });

  it('calls a row before the last one out of order, whatever its prices: a second download appended in another column order', () => {
    // The Hang Seng minutes (DLC-Simulator): June 5-9 written again at the end as open, close, high, low.
    const rows = series([25186, 25190, 25170, 25160]);
    const again = { row: 6, time: rows[1]!.time, open: 25189.61, high: 25134.55, low: 25206.74, close: 25114.52, volume: 0 };
    const r = validateBars([...rows, again], { file: 'HSI.csv' });
    expect(r.rejected.map((q) => [q.row, q.code])).toEqual([[6, 'out-of-order']]);
    expect(r.rejected[0]!.message).toContain('two downloads put one after the other?');
  });

  it('rejects impossible rows with file, row, code and text', () => {
    const rows = series([10, 10, 10, 10, 10, 10, 10, 10, 10]);
    rows[1]!.close = NaN;
    rows[2]!.open = -1;
    rows[3]!.high = 9; // below low 9.9
    rows[4]!.volume = -5;
    rows[5]!.open = 20; // outside [low, high]
    rows[6]!.close = 0;
    rows[7]!.high = Infinity;
    const r = validateBars(rows, { file: 'f.csv' });
    expect(r.rejected.map((x) => [x.row, x.code])).toEqual([
      [3, 'non-finite'],
      [4, 'non-positive-price'],
      [5, 'high-below-low'],
      [6, 'negative-volume'],
      [7, 'open-outside-range'],
      [8, 'non-positive-price'],
      [9, 'non-finite'],
    ]);
    expect(r.rejected[0]).toMatchObject({ file: 'f.csv', severity: 'rejected' });
    expect(r.rejected[0]!.message).toContain('close');
    expect(r.bars.map((b) => b.time)).toEqual([T0, T0 + 8 * H]);
  });

  it('rejects duplicate and out-of-order times', () => {
    const rows = series([10, 10, 10, 10]);
    rows[2]!.time = rows[1]!.time;
    rows[3]!.time = T0 - H;
    const r = validateBars(rows, { file: 'f' });
    expect(r.rejected.map((x) => x.code)).toEqual(['duplicate-time', 'out-of-order']);
    expect(r.rejected[0]!.message).toContain('row 3');
    // What to do, not only what is wrong (a file of two downloads one after the other lost a part with no hint why).
    expect(r.rejected[1]!.message).toMatch(/is before row \d+ \(.*\): rows are read in time order; sort the file by time/);
  });

  it('quarantines a 100x unit error and keeps the bars after it', () => {
    const rows = series([61.5, 61.5, 0.615, 60, 61]);
    rows[2]!.low = 0.6;
    const r = validateBars(rows, { file: 'asai.csv' });
    expect(r.quarantined).toHaveLength(1);
    expect(r.quarantined[0]).toMatchObject({ row: 4, code: 'unit-error', severity: 'quarantined' });
    expect(r.bars).toHaveLength(4);
  });

  // Adapted (look-ahead): a 5x spike used to be told from a 1:5 reverse split by the next bar. The code of the spike
  // row is now decided on arrival (50 is a reverse-split-sized jump), and the spike reverting still costs only it.
  it('quarantines a spike that reverts, but not a move that holds', () => {
    const spike = validateBars(series([10, 10, 47, 10, 10]), { file: 'f' });
    expect(spike.quarantined.map((q) => q.code)).toEqual(['price-spike']);
    const splitSized = validateBars(series([10, 10, 50, 10, 10]), { file: 'f' });
    expect(splitSized.quarantined.map((q) => q.row)).toEqual([4]);
    expect(splitSized.bars.map((b) => b.close)).toEqual([10, 10, 10, 10]);
    // Split-sized bad prints that the market leaves by a jump that is not their exact inverse cost only themselves.
    for (const closes of [[10, 10, 100, 10.5, 10.4], [10, 10, 5, 10.8, 10.7], [10, 10, 50, 12, 12]]) {
      expect(validateBars(series(closes), { file: 'f' }).quarantined.map((q) => q.row)).toEqual([4]);
    }
    // A split-sized bad print of one row, left by a jump that is itself split-sized, still costs only itself.
    expect(validateBars(series([10, 10, 50, 12.4, 12.5]), { file: 'f' }).quarantined.map((q) => q.row)).toEqual([4]);
    const holds = validateBars(series([10, 10, 13, 13, 13]), { file: 'f' });
    expect(holds.quarantined).toEqual([]);
  });

  // Adapted (look-ahead): the rows before a split used to be quarantined because of a later row.
  it('quarantines an unadjusted split from the split on, never the bars before it', () => {
    const rows = series([200, 201, 202, 40.5, 41, 40.8]);
    const r = validateBars(rows, { file: 'split.csv' });
    expect(r.quarantined.map((q) => [q.row, q.code])).toEqual([
      [5, 'unadjusted-split'],
      [6, 'unadjusted-split'],
      [7, 'unadjusted-split'],
    ]);
    expect(r.quarantined[0]!.message).toContain('5:1 split');
    expect(r.quarantined.every((q) => q.since?.row === 5)).toBe(true);
    expect(r.bars.map((b) => b.close)).toEqual([200, 201, 202]);
  });

  it('trusts a declared split ratio with a looser tolerance', () => {
    const rows = series([300, 300, 105, 104]);
    expect(validateBars(rows, { file: 'f' }).quarantined).toEqual([]); // 0.35: no split without a declaration
    rows[2]!.split = 3;
    expect(validateBars(rows, { file: 'f' }).quarantined).toHaveLength(2);
  });

  /** Bars of a market that trades round the clock: each opens at the close before it, `step` apart. */
  function continuous(closes: number[], step: number): RawBar[] {
    return closes.map((c, i) => {
      const open = closes[i - 1] ?? c;
      return { row: i + 2, time: T0 + i * step, open, high: Math.max(open, c) * 1.01, low: Math.min(open, c) * 0.99, close: c, volume: 10 };
    });
  }

  it('lets a month move as a month can: a 5.45x month is kept on monthly bars, a spike on daily ones', () => {
    const DAY = 24 * H;
    // Bitcoin's November 2013 rose 5.45x; a doubling close matches a 2:1 split's ratio by the close alone.
    const closes = [100, 120, 654, 700, 350, 360, 720, 700];
    const monthly = validateBars(continuous(closes, 30 * DAY), { file: 'btc-monthly.csv' });
    expect(monthly.quarantined).toEqual([]);
    expect(monthly.bars.map((b) => b.close)).toEqual(closes);
    const daily = validateBars(continuous(closes, DAY), { file: 'btc-daily.csv' });
    // The halving and the doubling open on the scale before them: moves within the day, not splits (next test).
    expect(daily.quarantined.map((q) => [q.row, q.code])).toEqual([[4, 'price-spike']]);
  });

  it('tells a crash or a rally within a bar from a split: only a split opens on the new scale', () => {
    const DAY = 24 * H;
    // A market that trades round the clock halves in a day and stays there: its bars are the market, from that day on.
    const crash = validateBars(continuous([100, 101, 50.5, 50, 51, 49], DAY), { file: 'crash.csv' });
    expect(crash.quarantined).toEqual([]);
    expect(crash.bars.map((b) => b.close)).toEqual([100, 101, 50.5, 50, 51, 49]);
    // A fall to a third, a rise to twice (1:2 reverse split's ratio), in the bar: the same.
    expect(validateBars(continuous([90, 90, 30.2, 30, 60.3, 61], DAY), { file: 'f' }).quarantined).toEqual([]);
    // The same closes after an open already on the halved scale: a 2:1 split taking effect, quarantined from there on.
    const split = continuous([100, 101, 50.5, 50, 51, 49], DAY);
    Object.assign(split[2]!, { open: 50.4, high: 51, low: 50 });
    expect(validateBars(split, { file: 'split.csv' }).quarantined.map((q) => [q.row, q.code])).toEqual([
      [4, 'unadjusted-split'],
      [5, 'unadjusted-split'],
      [6, 'unadjusted-split'],
      [7, 'unadjusted-split'],
    ]);
    // A fall of 90 % in the bar is beyond the spike limit: that bar is set aside, and the level it holds is trusted next.
    const collapse = validateBars(continuous([100, 100, 10, 10.2, 9.9], DAY), { file: 'f' });
    expect(collapse.quarantined.map((q) => [q.row, q.code])).toEqual([[4, 'price-spike']]);
    expect(collapse.bars.map((b) => b.close)).toEqual([100, 100, 10.2, 9.9]);
  });

  it('on bars longer than a day still quarantines a unit error, a split at the open and a print far beyond the grown limit', () => {
    const WEEK = 7 * 24 * H;
    const unit = validateBars(series([61.5, 61.5, 0.615, 61, 61], WEEK), { file: 'w' });
    expect(unit.quarantined.map((q) => [q.row, q.code])).toEqual([[4, 'unit-error']]);
    const split = continuous([200, 201, 202, 101, 100], WEEK);
    split[3]!.open = 101; // the week opens on the new scale: a 2:1 split taking effect
    split[3]!.low = 99;
    split[3]!.high = 102;
    expect(validateBars(split, { file: 'w' }).quarantined.map((q) => [q.row, q.code])).toEqual([
      [5, 'unadjusted-split'],
      [6, 'unadjusted-split'],
    ]);
    // 4 ** sqrt(7) is about 39: a 47x week is a spike, a 30x one is not.
    expect(validateBars(continuous([10, 10, 470, 10, 10], WEEK), { file: 'w' }).quarantined.map((q) => q.code)).toEqual(['price-spike']);
    expect(validateBars(continuous([10, 10, 300, 300], WEEK), { file: 'w' }).quarantined).toEqual([]);
  });

  it('takes the bar length from the past rows only: a monthly start does not loosen the daily rows after it', () => {
    const DAY = 24 * H;
    const rows = continuous([100, 110, 120, 540, 550], 30 * DAY);
    // From the fourth row on the file is daily: the 4.5x day is judged with the daily limit as it arrives.
    rows[3]!.time = rows[2]!.time + DAY;
    rows[4]!.time = rows[3]!.time + DAY;
    expect(validateBars(rows, { file: 'f' }).quarantined.map((q) => [q.row, q.code])).toEqual([[5, 'price-spike']]);
  });

  it('reports gaps without treating them as errors', () => {
    const rows = series([10, 10, 10, 10]);
    rows[3]!.time = T0 + 7 * H;
    const r = validateBars(rows, { file: 'f', barMs: H });
    expect(r.rejected).toEqual([]);
    expect(r.gaps).toEqual([{ from: T0 + 2 * H, to: T0 + 7 * H, missingBars: 4, kind: 'gap' }]);
  });

  it('keeps an unadjusted stretch quarantined through its next reverse split, even one landing near the old close', () => {
    // VXX's raw hours as QuantConnect keeps them: a 1:4 reverse split, the price decaying for years on the new scale, then
    // another 1:4 that lands nearer the last valid close (10) than the decayed price it leaves (9.3 -> 37.2).
    const decay = Array.from({ length: 30 }, (_, i) => 40 * 0.952 ** i);
    const closes = [10, 10, 10, ...decay, decay.at(-1)! * 4, decay.at(-1)! * 4.02];
    const r = validateBars(series(closes), { file: 'VXX.csv' });
    // The rows after the second split were taken back as valid and spliced onto the close of 10 before the first.
    expect(r.bars.map((b) => b.close)).toEqual([10, 10, 10]);
    expect(r.quarantined).toHaveLength(closes.length - 3);
    expect(r.quarantined.every((q) => q.code === 'unadjusted-split' && q.since?.row === 5)).toBe(true);
  });
});
