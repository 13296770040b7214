import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBarTime } from '../../src/market/bar-time.js';

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

describe('parseBarTime, digit by digit', () => {
  it('reads YYYY-MM-DD and YYYY-MM-DD HH:MM:SS as the general path reads the same time with a T or a Z', () => {
    // Out-of-range fields too (month 13, day 31 of a short month, hour 24, second 60): invalid dates must stay NaN.
    const date = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(19), two(39)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const time = fc.tuple(two(29), two(69), two(69)).map(([h, m, s]) => `${h}:${m}:${s}`);
    fc.assert(
      fc.property(date, time, (d, t) => {
        expect(parseBarTime(d)).toBe(parseBarTime(`${d}Z`));
        expect(parseBarTime(`${d} ${t}`)).toBe(parseBarTime(`${d}T${t}`));
        expect(parseBarTime(` ${d} ${t} `)).toBe(parseBarTime(`${d}T${t}Z`));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves what is not all digits to the general path', () => {
    expect(parseBarTime('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseBarTime('2024-02-30')).toBeNaN();
    expect(parseBarTime('2024-01-02 24:00:00')).toBe(Date.UTC(2024, 0, 3));
    expect(parseBarTime('2024-0a-02')).toBeNaN();
    expect(parseBarTime('2024-01-02 9:01:00Z')).toBe(Date.UTC(2024, 0, 2, 9, 1));
    expect(parseBarTime('2024-01-02 09:01:0x')).toBeNaN();
  });
});
