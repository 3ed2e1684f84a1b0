// The rules of normalisation table version 2, one class at a time, and a property over every bound
// phrase of the table: the number stated is the end of the range the phrase says it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTable, mergeTable } from '../../src/domain/normalisation-table.js';
import { normaliseQuantity, normaliseShare, normaliseValue, type NormalisedValue } from '../../src/domain/quantities.js';

const range = (value: NormalisedValue) => (value.kind === 'TEXT' ? value.reason : [value.lower, value.upper]);

describe('bound phrases before and after a number', () => {
  it.each([
    ['as many as 600', [null, 600]],
    ['as many as nine', [null, 9]],
    ['as high as 1,800', [null, 1_800]],
    ['as much as 40', [null, 40]],
    ['up to 5,000', [null, 5_000]],
    ['no more than 700', [null, 700]],
    ['not more than 700', [null, 700]],
    ['300 or fewer', [null, 300]],
    ['upwards of 60', [60, null]],
    ['in excess of 4,000', [4_000, null]],
    ['no fewer than 5,000', [5_000, null]],
    ['not less than 80', [80, null]],
    ['5,000 or more', [5_000, null]],
    ['5,000 plus', [5_000, null]],
    ['closer to two thousand', [1_800, 2_000]],
    ['just short of 1,000', [900, 1_000]],
  ])('%s → %j', (text, expected) => {
    expect(range(normaliseQuantity(text))).toEqual(expected);
  });
});

describe('verbs of excess', () => {
  it.each(['exceed', 'exceeds', 'exceeded', 'exceeding', 'surpassed', 'surpasses', 'topped', 'tops', 'passed'])('%s N is N or more', (verb) => {
    expect(normaliseQuantity(`${verb} 2,000`)).toMatchObject({ kind: 'QUANTITY', lower: 2_000, upper: null, rule: 'lower bound' });
    expect(normaliseShare(`${verb} 40 per cent`)).toMatchObject({ kind: 'SHARE', lower: 0.4, upper: null, rule: 'lower bound' });
  });

  it('reads a share of 100 per cent exceeded as 1 or more', () => {
    expect(range(normaliseShare('exceeded 100 per cent'))).toEqual([1, null]);
    expect(range(normaliseShare('topped 100 per cent'))).toEqual([1, null]);
  });
});

describe('the longest phrase wins', () => {
  it.each([
    // "more than" ends "no more than"; "fewer than" ends "no fewer than"; "under" ends "just under".
    ['no more than 50', [null, 50]],
    ['no fewer than 50', [50, null]],
    ['not exceeding 50', [null, 50]],
    ['just under 3,000', [2_700, 3_000]],
  ])('quantity %s → %j', (text, expected) => {
    expect(range(normaliseQuantity(text))).toEqual(expected);
  });

  it('applies to the phrases an override adds', () => {
    const table = mergeTable(defaultTable, { version: 3, upperBoundBefore: [...defaultTable.upperBoundBefore, 'tops out at'] });
    expect(range(normaliseQuantity('tops out at 500', table))).toEqual([null, 500]);
    // Without it "tops" does not end just before the number: the number stands alone.
    expect(range(normaliseQuantity('tops out at 500'))).toEqual([500, 500]);
  });

  it.each([
    ['no more than 50 per cent', [null, 0.5]],
    ['no less than 50 per cent', [0.5, null]],
    ['not exceeding 50%', [null, 0.5]],
    ['more than 50 per cent', [0.5, null]],
  ])('share %s → %j', (text, expected) => {
    expect(range(normaliseShare(text))).toEqual(expected);
  });
});

describe('ranges of shares', () => {
  it.each([
    ['between 47 and 50 per cent', [0.47, 0.5]],
    ['47–50%', [0.47, 0.5]],
    ['47-50%', [0.47, 0.5]],
    ['47%–50%', [0.47, 0.5]],
    ['47 to 50 percent', [0.47, 0.5]],
    ['from 47 per cent to 50 per cent', [0.47, 0.5]],
    ['between forty and fifty per cent', [0.4, 0.5]],
  ])('%s → %j', (text, expected) => {
    expect(normaliseShare(text)).toMatchObject({ kind: 'SHARE', rule: 'range' });
    expect(range(normaliseShare(text))).toEqual(expected);
  });

  it('marks a hedged range approximate and refuses one above 100 percent', () => {
    expect(normaliseShare('roughly 40-45%')).toMatchObject({ lower: 0.4, upper: 0.45, approximate: true });
    expect(normaliseShare('90 to 120 per cent')).toEqual({ kind: 'TEXT', reason: 'a share above 100 percent in "90 to 120 per cent"' });
  });

  it('is detected without a hint', () => {
    expect(normaliseValue('47–50%')).toMatchObject({ kind: 'SHARE', lower: 0.47, upper: 0.5 });
  });
});

describe('fractions in words', () => {
  it.each([
    ['a third', 1 / 3, 1 / 3],
    ['two-thirds', 2 / 3, 2 / 3],
    ['two thirds', 2 / 3, 2 / 3],
    ['a quarter', 0.25, 0.25],
    ['three quarters', 0.75, 0.75],
    ['half', 0.5, 0.5],
    ['one in five', 0.2, 0.2],
  ])('%s is a share', (text, lower, upper) => {
    const value = normaliseShare(text);
    expect(value).toMatchObject({ kind: 'SHARE', approximate: false });
    if (value.kind === 'TEXT') return;
    expect(value.lower).toBeCloseTo(lower, 10);
    expect(value.upper).toBeCloseTo(upper, 10);
  });

  it.each([
    ['around a third', [0.3, 0.3667]],
    ['about half', [0.45, 0.55]],
    ['nearly two-thirds', [0.6, 2 / 3]],
    ['more than half', [0.5, null]],
    ['at least a quarter', [0.25, null]],
    ['up to a third', [null, 1 / 3]],
  ])('%s → %j', (text, [lower, upper]) => {
    const value = normaliseShare(text);
    expect(value.kind).toBe('SHARE');
    if (value.kind === 'TEXT') return;
    for (const [got, want] of [[value.lower, lower], [value.upper, upper]] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want!, 4);
    }
  });

  it('keeps the ranges of vague share words, and refuses numbers that are not fractions', () => {
    expect(range(normaliseShare('nearly all'))).toEqual([0.9, 1]);
    expect(range(normaliseShare('most'))).toEqual([0.5, 1]);
    expect(normaliseShare('3 victims')).toEqual({ kind: 'TEXT', reason: 'no percentage, fraction or known share word in "3 victims"' });
  });
});

describe('numbers in words', () => {
  it.each([
    ['one hundred and twelve', 112],
    ['twelve hundred', 1_200],
    ['a dozen', 12],
    ['3.2 million', 3_200_000],
    ['Forty-one', 41],
  ])('%s is %d', (text, n) => {
    expect(range(normaliseQuantity(text))).toEqual([n, n]);
  });

  it('takes hedges and ranges in words too', () => {
    expect(range(normaliseQuantity('as many as twelve hundred'))).toEqual([null, 1_200]);
    expect(range(normaliseQuantity('between forty and fifty'))).toEqual([40, 50]);
    expect(range(normaliseQuantity('several hundred more'))).toEqual([300, 999]);
  });

  it('refuses two numbers that do not make a range', () => {
    expect(normaliseQuantity('12 dead, 40 wounded')).toEqual({ kind: 'TEXT', reason: 'several numbers in "12 dead, 40 wounded"' });
  });
});

describe('every phrase of the table, for any number', () => {
  const number = fc.integer({ min: 0, max: 1_000_000_000 });
  const written = (n: number, commas: boolean) => (commas ? n.toLocaleString('en-US') : String(n));
  const expectations = (n: number) =>
    [
      ...defaultTable.lowerBoundBefore.map((phrase) => [`${phrase} N`, { lower: n, upper: null }] as const),
      ...defaultTable.lowerBoundAfter.map((phrase) => [`N ${phrase}`, { lower: n, upper: null }] as const),
      ...defaultTable.upperBoundBefore.map((phrase) => [`${phrase} N`, { lower: null, upper: n }] as const),
      ...defaultTable.upperBoundAfter.map((phrase) => [`N ${phrase}`, { lower: null, upper: n }] as const),
      ...defaultTable.nearly.phrases.map((phrase) => [`${phrase} N`, { upper: n }] as const),
    ] as const;

  it('makes a quantity N the bound, or the top of "nearly", on the side the phrase says', () => {
    fc.assert(
      fc.property(number, fc.boolean(), fc.nat(), (n, commas, pick) => {
        const all = expectations(n);
        const [template, expected] = all[pick % all.length]!;
        const value = normaliseQuantity(template.replace('N', written(n, commas)));
        expect(value).toMatchObject({ kind: 'QUANTITY', ...expected });
        if (value.kind !== 'TEXT' && value.lower !== null) expect(value.lower).toBeLessThanOrEqual(n);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a quantity N inside an approximate range', () => {
    fc.assert(
      fc.property(number, fc.constantFrom(...defaultTable.approximately.phrases), (n, phrase) => {
        const value = normaliseQuantity(`${phrase} ${written(n, true)}`);
        expect(value).toMatchObject({ kind: 'QUANTITY', approximate: true });
        if (value.kind === 'TEXT') return;
        expect(value.lower).toBeLessThanOrEqual(n);
        expect(value.upper).toBeGreaterThanOrEqual(n);
      }),
    );
  });

  it('makes a percentage N the bound of a share on the side the phrase says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.constantFrom('%', ' per cent', ' percent'), fc.nat(), (n, sign, pick) => {
        const all = expectations(n / 100);
        const [template, expected] = all[pick % all.length]!;
        expect(normaliseShare(template.replace('N', `${n}${sign}`))).toMatchObject({ kind: 'SHARE', ...expected });
      }),
      { numRuns: 300 },
    );
  });
});
