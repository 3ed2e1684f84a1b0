import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterClaims, compareRanges, relate, type ComparableClaim } from '../../src/domain/compare.js';
import { normaliseQuantity, normaliseShare } from '../../src/domain/quantities.js';

let nextId = 1;
function claim(text: string, options: { share?: boolean; scope?: string; denies?: boolean } = {}): ComparableClaim {
  const value = options.share ? normaliseShare(text) : normaliseQuantity(text);
  return {
    id: nextId++,
    valueText: text,
    value: value.kind === 'TEXT' ? { kind: 'TEXT', text } : { kind: value.kind, lower: value.lower, upper: value.upper },
    denies: options.denies ?? false,
    scope: options.scope ?? '',
  };
}

describe('relations between values', () => {
  it.each([
    ['30,000', 'tens of thousands', 'NARROWER', '30,000 lies within 20,000–99,999'],
    ['tens of thousands', '30,000', 'BROADER', '30,000 lies within 20,000–99,999'],
    ['several thousand', '30,000', 'CONFLICTS', '3,000–9,999 and 30,000 do not overlap'],
    ['30,000', 'about 30,000', 'NARROWER', '30,000 lies within 27,000–33,000'],
    ['30,000', '30,000 or more', 'NARROWER', '30,000 lies within 30,000 or more'],
    ['tens of thousands', '30,000 or more', 'OVERLAPS', '20,000–99,999 and 30,000 or more overlap without either containing the other'],
    ['thousands', 'several thousand', 'BROADER', '3,000–9,999 lies within 2,000–9,999'],
    ['30,000', '30,000', 'SAME', 'both are 30,000'],
    ['thousands', 'many', 'INCOMPARABLE', '"many" could not be normalised to a range'],
  ])('%s vs %s: %s', (a, b, relation, reason) => {
    expect(relate(claim(a), claim(b))).toMatchObject({ relation, reason });
  });

  it('puts 90 percent within most, mainly and the majority', () => {
    for (const word of ['most', 'mainly', 'the majority']) {
      expect(relate(claim('90 percent', { share: true }), claim(word, { share: true }))).toMatchObject({ relation: 'NARROWER', reason: '90% lies within 50%–100%' });
    }
  });

  it('does not treat a figure of another scope as a rival', () => {
    expect(relate(claim('15', { scope: 'pointInTime=by 5 august' }), claim('30,000'))).toMatchObject({ relation: 'INCOMPARABLE' });
  });

  it('makes a denial of the same value a conflict', () => {
    expect(relate(claim('30,000', { denies: true }), claim('30,000'))).toMatchObject({ relation: 'CONFLICTS', reason: 'one denies what the other asserts (both are 30,000)' });
  });

  it('compares entity values: the same entity is SAME, different ones are different facts', () => {
    const role = (entityId: number, label: string, denies = false): ComparableClaim => ({ id: nextId++, valueText: label, value: { kind: 'ENTITY', entityId, label }, denies, scope: '' });
    expect(relate(role(1, 'head of the judiciary'), role(2, 'member of the death commission'))).toMatchObject({ relation: 'INCOMPARABLE' });
    expect(relate(role(1, 'head of the judiciary'), role(1, 'head of the judiciary'))).toMatchObject({ relation: 'SAME' });
    expect(relate(role(1, 'head of the judiciary'), role(1, 'head of the judiciary', true))).toMatchObject({ relation: 'CONFLICTS' });
  });

  const bound = fc.option(fc.integer({ min: -1_000, max: 1_000 }), { nil: null });
  const range = fc.tuple(bound, bound).map(([x, y]) => (x !== null && y !== null && x > y ? { kind: 'QUANTITY', lower: y, upper: x } : { kind: 'QUANTITY', lower: x, upper: y }));
  const mirror = { SAME: 'SAME', OVERLAPS: 'OVERLAPS', CONFLICTS: 'CONFLICTS', NARROWER: 'BROADER', BROADER: 'NARROWER', INCOMPARABLE: 'INCOMPARABLE' } as const;

  it('is symmetric for SAME, OVERLAPS and CONFLICTS, and swaps NARROWER and BROADER (property)', () => {
    fc.assert(
      fc.property(range, range, (a, b) => {
        expect(compareRanges(b, a).relation).toBe(mirror[compareRanges(a, b).relation]);
      }),
    );
  });

  it('calls a range SAME as itself and NARROWER than any range strictly containing it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }), (lower, width, pad) => {
        const inner = { kind: 'QUANTITY', lower, upper: lower + width };
        expect(compareRanges(inner, inner).relation).toBe('SAME');
        expect(compareRanges(inner, { kind: 'QUANTITY', lower: lower - pad, upper: lower + width + pad }).relation).toBe('NARROWER');
        expect(compareRanges(inner, { kind: 'QUANTITY', lower: null, upper: null }).relation).toBe('NARROWER');
      }),
    );
  });
});

describe('clusters', () => {
  it('groups the seed death tolls into maximal consistent sets', () => {
    const claims = ['30,000', '30,000', '30,000 or more', 'about 30,000', 'tens of thousands', 'several thousand', 'thousands'].map((text) => claim(text));
    const clusters = clusterClaims(claims).map((cluster) => cluster.claimIds.map((id) => claims.find((c) => c.id === id)!.valueText).sort());
    expect(clusters).toEqual(
      expect.arrayContaining([
        ['30,000', '30,000', '30,000 or more', 'about 30,000', 'tens of thousands'],
        ['several thousand', 'thousands'],
      ]),
    );
    expect(clusters).toHaveLength(2);
  });

  it('lets a wide value join two clusters that conflict with each other', () => {
    const claims = [claim('between 100 and 300'), claim('between 250 and 500'), claim('between 400 and 600')];
    const clusters = clusterClaims(claims).map((cluster) => cluster.claimIds.map((id) => claims.find((c) => c.id === id)!.valueText).sort());
    expect(clusters).toEqual(expect.arrayContaining([['between 100 and 300', 'between 250 and 500'], ['between 250 and 500', 'between 400 and 600']]));
  });

  it('makes every cluster mutually consistent and every claim belong to one (property)', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 })).map(([lower, width]) => `between ${lower} and ${lower + width}`);
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 12 }), (texts) => {
        const claims = texts.map((text) => claim(text));
        const clusters = clusterClaims(claims);
        const members = new Set(clusters.flatMap((cluster) => cluster.claimIds));
        expect(members.size).toBe(claims.length);
        for (const cluster of clusters) {
          for (const a of cluster.claimIds) for (const b of cluster.claimIds) {
            if (a === b) continue;
            expect(relate(claims.find((c) => c.id === a)!, claims.find((c) => c.id === b)!).relation).not.toBe('CONFLICTS');
          }
        }
      }),
    );
  });
});
