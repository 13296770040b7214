import { describe, expect, it } from 'vitest';
import { offsetAheadMs } from '../../src/market/utc-offset.js';

describe('offsetAheadMs', () => {
  it('reads offsets ahead of UTC, with or without a colon, and nothing else', () => {
    expect(offsetAheadMs('2023-03-20 00:00:00+09:00')).toBe(9 * 3_600_000);
    expect(offsetAheadMs('2023-03-20T00:00:00+0530')).toBe(5.5 * 3_600_000);
    expect(offsetAheadMs('2024-10-21 10:00:00+01:00')).toBe(3_600_000);
    for (const behindOrNone of ['2023-03-20 00:00:00-04:00', '2023-03-20 00:00:00Z', '2023-03-20', '1700000000', '2023-03-20 00:00:00+00:00', '2023-03-20+25:00']) {
      expect(offsetAheadMs(behindOrNone), behindOrNone).toBe(0);
    }
  });
});
