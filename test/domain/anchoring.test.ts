import { describe, expect, it } from 'vitest';
import { anchorAt, locateQuote, occurrences } from '../../src/domain/anchoring.js';

const text = 'The 1988 massacre of 30,000 prisoners. The 1988 massacre was ordered. People’s Mojahedin.';

describe('locateQuote', () => {
  it('finds a unique quote with its offsets and context', () => {
    const found = locateQuote(text, { exact: '30,000' });
    expect(found).toEqual({ ok: true, anchors: [{ start: 21, end: 27, exact: '30,000', prefix: 'The 1988 massacre of ', suffix: ' prisoners. The 1988 massacre wa' }] });
  });

  it('reports a repeated quote as ambiguous, with every candidate', () => {
    const found = locateQuote(text, { exact: '1988 massacre' });
    expect(found).toMatchObject({ ok: false, reason: 'ambiguous', candidates: [{ start: 4, end: 17 }, { start: 43, end: 56 }] });
  });

  it('uses prefix and suffix to choose one occurrence', () => {
    expect(locateQuote(text, { exact: '1988 massacre', suffix: ' was' })).toMatchObject({ ok: true, anchors: [{ start: 43 }] });
    expect(locateQuote(text, { exact: '1988 massacre', prefix: 'The ', suffix: ' of' })).toMatchObject({ ok: true, anchors: [{ start: 4 }] });
  });

  it('returns every occurrence when asked for all', () => {
    const found = locateQuote(text, { exact: '1988 massacre' }, { all: true });
    expect(found.ok && found.anchors.map((anchor) => anchor.start)).toEqual([4, 43]);
  });

  it('says whether a missing quote is absent or only out of context', () => {
    expect(locateQuote(text, { exact: '40,000' })).toMatchObject({ ok: false, reason: 'not-found', message: 'the quote does not occur in the text' });
    expect(locateQuote(text, { exact: '30,000', prefix: 'about ' })).toMatchObject({
      ok: false,
      reason: 'not-found',
      message: 'the quote occurs 1 time(s) but never with the given prefix/suffix',
    });
  });

  it('refuses an empty quote', () => {
    expect(locateQuote(text, { exact: '' })).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('counts offsets in UTF-16 code units, as JavaScript slices', () => {
    const emoji = '😀 People’s Mojahedin';
    const found = locateQuote(emoji, { exact: 'Mojahedin' });
    expect(found.ok && found.anchors[0]!.start).toBe(12);
    expect(emoji.slice(12, 21)).toBe('Mojahedin');
  });
});

describe('occurrences and anchorAt', () => {
  it('finds overlapping occurrences', () => {
    expect(occurrences('aaaa', 'aa')).toEqual([0, 1, 2]);
  });
  it('clips context at the ends of the text', () => {
    expect(anchorAt('abc', 0, 1)).toEqual({ start: 0, end: 1, exact: 'a', prefix: '', suffix: 'bc' });
  });
});
