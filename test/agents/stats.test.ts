import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sliceOf } from '../../src/agents/stats.js';

describe('sliceOf', () => {
  it('is Array.prototype.slice for any integer bounds, on frozen arrays too', () => {
    const bound = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.constant(-0));
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 260 }), bound, fc.option(bound, { nil: undefined }), fc.boolean(), (xs, start, end, frozen) => {
        const input = frozen ? Object.freeze(xs.slice()) : xs;
        expect(sliceOf(input, start, end)).toEqual(xs.slice(start, end));
      }),
      { numRuns: 2000 },
    );
  });
});
