import { describe, expect, it } from 'vitest';
import { parseIsoArgument } from '../../src/backtest/span-arguments.js';

describe('--from and --to written to the microsecond, as Python and pandas write them', () => {
  it('reads a fraction of more than three digits to the millisecond (it was refused as "not an ISO 8601 date")', () => {
    expect(parseIsoArgument('--from', '2005-01-03T10:00:00.123456Z')).toBe(Date.parse('2005-01-03T10:00:00.123Z'));
    expect(parseIsoArgument('--from', '2005-01-03T10:00:00.123456+02:00')).toBe(Date.parse('2005-01-03T08:00:00.123Z'));
    expect(parseIsoArgument('--to', '2005-01-03 10:00:00.000000', true)).toBe(Date.parse('2005-01-03T10:00:00Z'));
    expect(parseIsoArgument('--to', '2005-01-03T10:00:00.123456789Z', true)).toBe(Date.parse('2005-01-03T10:00:00.123Z'));
  });

  it('reads a date-time with its zone and a space around it as without (a Z followed by a space was refused)', () => {
    expect(parseIsoArgument('--from', ' 2005-01-03T10:00Z ')).toBe(Date.parse('2005-01-03T10:00:00Z'));
    expect(parseIsoArgument('--from', '2005-01-03T10:00 ')).toBe(Date.parse('2005-01-03T10:00:00Z'));
  });

  it('still refuses a fraction without digits or past nanoseconds, naming the argument', () => {
    for (const text of ['2005-01-03T10:00:00.Z', '2005-01-03T10:00:00.1234567891Z']) {
      expect(() => parseIsoArgument('--from', text), text).toThrow(`--from ${JSON.stringify(text)} is not an ISO 8601 date`);
    }
  });
});
