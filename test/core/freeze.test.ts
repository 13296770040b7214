import { describe, expect, it } from 'vitest';
import { frozenCopy, immutable, immutableList, immutableNumbers } from '../../src/core/freeze.js';

describe('frozenCopy', () => {
  it('shares data made immutable at birth, and copies data that is merely frozen', () => {
    const bar = immutable({ time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    const frozenOnly = Object.freeze({ time: 2, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    const copy = frozenCopy({ bars: [bar, frozenOnly] });
    expect(copy.bars[0]).toBe(bar);
    expect(copy.bars[1]).not.toBe(frozenOnly);
    expect(copy.bars[1]).toEqual(frozenOnly);
    expect(Object.isFrozen(copy.bars)).toBe(true);
  });

  it('shares a list of immutable items made immutable, and copies a list holding anything else', () => {
    const bars = [1, 2, 3].map((t) => immutable({ time: t, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }));
    const list = immutableList(bars.slice());
    expect(Object.isFrozen(list)).toBe(true);
    expect(frozenCopy({ bars: list }).bars).toBe(list);
    const mixed = [...bars, { time: 4, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }];
    expect(immutableList(mixed)).toBe(mixed);
    expect(Object.isFrozen(mixed)).toBe(false);
    const copied = frozenCopy({ bars: mixed }).bars;
    expect(copied).not.toBe(mixed);
    expect(copied[0]).toBe(bars[0]);
    expect(Object.isFrozen(copied[3])).toBe(true);
    // Frozen but not marked: copied, as nothing proved its items cannot change.
    const frozen = Object.freeze(bars.slice());
    expect(frozenCopy({ bars: frozen }).bars).not.toBe(frozen);
  });

  it('copies a frozen record whose nested objects can still change', () => {
    const nested = { tags: ['a'] };
    const copy = frozenCopy(Object.freeze({ nested }));
    expect(copy.nested).not.toBe(nested);
    expect(Object.isFrozen(copy.nested.tags)).toBe(true);
    expect(Object.isFrozen(nested.tags)).toBe(false);
  });
});

describe('immutable', () => {
  it('freezes deeply and hides its mark from keys and JSON', () => {
    const value = immutable({ a: 1, nested: { b: 2 } });
    expect(Object.isFrozen(value.nested)).toBe(true);
    expect(Object.keys(value)).toEqual(['a', 'nested']);
    expect(JSON.stringify(value)).toBe('{"a":1,"nested":{"b":2}}');
  });

  it('makes a record of numbers immutable as immutable does: frozen, shared by frozenCopy, its mark hidden', () => {
    const bar = immutableNumbers({ time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
    expect(Object.isFrozen(bar)).toBe(true);
    expect(Object.keys(bar)).toEqual(['time', 'open', 'high', 'low', 'close', 'volume']);
    expect(JSON.stringify(bar)).toBe(JSON.stringify(immutable({ time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 })));
    const list = immutableList([bar]);
    expect(frozenCopy({ bars: list }).bars).toBe(list);
  });
});
