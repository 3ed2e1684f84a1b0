import { describe, expect, it } from 'vitest';
import { defaultTable, mergeTable } from '../../src/domain/normalisation-table.js';
import fc from 'fast-check';
import { normaliseDate, normaliseQuantity, normaliseShare, normaliseValue, numbersIn, recognizedNumbers } from '../../src/domain/quantities.js';

const range = (value: ReturnType<typeof normaliseQuantity>) => (value.kind === 'TEXT' ? value.kind : [value.lower, value.upper]);

describe('normaliseQuantity (table v2)', () => {
  it.each([
    ['30,000', [30_000, 30_000]],
    ['about 30,000', [27_000, 33_000]],
    ['some 3,800', [3_420, 4_180]],
    ['around 30,000', [27_000, 33_000]],
    ['nearly 3,000', [2_700, 3_000]],
    ['almost 60', [54, 60]],
    ['between 2,800 and 3,800', [2_800, 3_800]],
    ['2,800–3,800', [2_800, 3_800]],
    ['30,000 or more', [30_000, null]],
    ['at least 1,500', [1_500, null]],
    ['more than 1,000', [1_000, null]],
    ['up to 5,000', [null, 5_000]],
    ['fewer than 100', [null, 100]],
    ['thirty thousand', [30_000, 30_000]],
    ['1.5 million', [1_500_000, 1_500_000]],
    ['thousands', [2_000, 9_999]],
    ['several thousand', [3_000, 9_999]],
    ['tens of thousands', [20_000, 99_999]],
    ['hundreds', [200, 999]],
    ['hundreds of thousands', [200_000, 999_999]],
    ['59', [59, 59]],
  ])('%s → %j', (text, expected) => {
    expect(range(normaliseQuantity(text))).toEqual(expected);
  });

  it('flags round numbers and hedges', () => {
    expect(normaliseQuantity('30,000')).toMatchObject({ round: true, approximate: false, rule: 'exact (round number)' });
    expect(normaliseQuantity('59')).toMatchObject({ round: false, rule: 'exact' });
    expect(normaliseQuantity('about 30,000')).toMatchObject({ approximate: true, rule: 'approximately: ±10%' });
    expect(normaliseQuantity('tens of thousands')).toMatchObject({ approximate: true, rule: 'vague: "tens of thousands" (table v2)' });
  });

  it.each([
    ['', 'no number or known vague quantity in ""'],
    ['many', 'no number or known vague quantity in "many"'],
    ['a great number of people', 'no number or known vague quantity in "a great number of people"'],
    ['%$#@!', 'no number or known vague quantity in "%$#@!"'],
    ['1, 2, 3', 'several numbers in "1, 2, 3"'],
  ])('keeps %j as text: %s', (text, reason) => {
    expect(normaliseQuantity(text)).toEqual({ kind: 'TEXT', reason });
  });

  it('reports a European thousands separator instead of guessing', () => {
    expect(normaliseQuantity('30.000')).toEqual({
      kind: 'TEXT',
      reason: 'ambiguous number "30.000": a dot between digit groups is a thousands separator in many languages and a decimal point in English',
    });
    expect(range(normaliseQuantity('30 000'))).toEqual([30_000, 30_000]);
  });
});

describe('normaliseShare', () => {
  it.each([
    ['90 percent', [0.9, 0.9]],
    ['90%', [0.9, 0.9]],
    ['most', [0.5, 1]],
    ['mainly', [0.5, 1]],
    ['the majority', [0.5, 1]],
    ['Most', [0.5, 1]],
    ['nearly all', [0.9, 1]],
    ['at least 60 percent', [0.6, null]],
  ])('%s → %j', (text, expected) => {
    expect(range(normaliseShare(text))).toEqual(expected);
  });

  it('refuses shares over 100 percent and unknown words', () => {
    expect(normaliseShare('120 percent')).toEqual({ kind: 'TEXT', reason: 'a share above 100 percent in "120 percent"' });
    expect(normaliseShare('lots')).toMatchObject({ kind: 'TEXT' });
  });
});

describe('normaliseDate', () => {
  it.each([
    ['summer of 1988', [19880600, 19880999]],
    ['the summer of 1988', [19880600, 19880999]],
    ['July 1988', [19880700, 19880799]],
    ['In 1988', [19880000, 19881299]],
    ['1988', [19880000, 19881299]],
    ['December 23, 2019', [20191223, 20191223]],
    ['winter of 1988', [19881200, 19890299]],
  ])('%s → %j', (text, expected) => {
    expect(range(normaliseDate(text))).toEqual(expected);
  });

  it('keeps a date without a year as text', () => {
    expect(normaliseDate('during that summer')).toEqual({ kind: 'TEXT', reason: 'no date with a year in "during that summer"' });
    expect(normaliseDate('7 September')).toMatchObject({ kind: 'TEXT' });
  });
});

describe('normaliseValue', () => {
  it('detects percentages without a hint and follows a hint', () => {
    expect(normaliseValue('90 percent')).toMatchObject({ kind: 'SHARE', lower: 0.9 });
    expect(normaliseValue('30,000')).toMatchObject({ kind: 'QUANTITY', lower: 30_000 });
    expect(normaliseValue('most', 'SHARE')).toMatchObject({ kind: 'SHARE', lower: 0.5, upper: 1 });
    expect(normaliseValue('July 1988', 'DATE')).toMatchObject({ kind: 'DATE' });
  });
});

describe('the normalisation table', () => {
  it('is version 2 with the ranges the README documents', () => {
    expect(defaultTable.version).toBe(2);
    const vague = Object.fromEntries(defaultTable.vagueQuantities.map((entry) => [entry.phrase, [entry.lower, entry.upper]]));
    expect(vague).toMatchObject({ thousands: [2000, 9999], 'several thousand': [3000, 9999], 'tens of thousands': [20000, 99999] });
  });

  it('can be overridden entry by entry', () => {
    const table = mergeTable(defaultTable, { version: 3, vagueQuantities: [{ phrase: 'thousands', lower: 1000, upper: 9999 }] });
    expect(range(normaliseQuantity('thousands', table))).toEqual([1000, 9999]);
    expect(range(normaliseQuantity('tens of thousands', table))).toEqual([20000, 99999]);
    expect(normaliseQuantity('thousands', table)).toMatchObject({ rule: 'vague: "thousands" (table v3)' });
  });
});

describe('numbers in digits', () => {
  it('are found by the plain pattern exactly as the recognizer finds them', () => {
    const grouped = (n: number, separator: string) => n.toLocaleString('en-US').replace(/,/g, separator);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(',', ' ', '\u00a0', ''),
        fc.constantFrom('', 'at least ', 'more than ', 'between ', 'about ', 'up to ', 'exceeded '),
        fc.constantFrom('', ' people', '%', ' per cent', ' or more'),
        (n, decimals, separator, before, after) => {
          const text = `${before}${separator ? grouped(n, separator) : String(n)}${decimals % 3 === 0 ? `.${decimals}` : ''}${after}`;
          expect(numbersIn(text)).toEqual(recognizedNumbers(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
