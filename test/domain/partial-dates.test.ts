import { describe, expect, it } from 'vitest';
import { keyRange, sortKey } from '../../src/domain/partial-dates.js';

describe('partial date keys', () => {
  it.each([
    [{ year: 1988 }, 19880000],
    [{ year: 1988, month: 7 }, 19880700],
    [{ year: 2019, month: 12, day: 23 }, 20191223],
    [{ month: 9, day: 7 }, null],
    [null, null],
  ])('sortKey(%o) = %s', (date, key) => {
    expect(sortKey(date)).toBe(key);
  });

  it.each([
    ['1988', { from: 19880000, to: 19881299 }],
    ['1988-07', { from: 19880700, to: 19880799 }],
    ['2019-12-23', { from: 20191223, to: 20191223 }],
    ['1988-13', undefined],
    ['July 1988', undefined],
    ['', undefined],
  ])('keyRange(%j)', (text, range) => {
    expect(keyRange(text)).toEqual(range);
  });

  it('orders a year before its months and a month before its days', () => {
    expect(sortKey({ year: 1988 })!).toBeLessThan(sortKey({ year: 1988, month: 1 })!);
    expect(sortKey({ year: 1988, month: 7 })!).toBeLessThan(sortKey({ year: 1988, month: 7, day: 1 })!);
    expect(keyRange('1988')!.to).toBeGreaterThan(sortKey({ year: 1988, month: 12, day: 31 })!);
  });
});
