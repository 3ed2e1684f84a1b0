import { describe, expect, it } from 'vitest';
import { splitBoilerplate, toRaw } from '../../src/domain/boilerplate.js';

const raw = 'Headline\n\nFirst paragraph.\n\nShare on Twitter\n\nSecond paragraph.\n\nCopyright © 2020';

describe('splitBoilerplate', () => {
  const regions = [
    { start: 0, end: 8 },
    { start: raw.indexOf('Share'), end: raw.indexOf('Share') + 'Share on Twitter'.length },
    { start: raw.indexOf('Copyright'), end: raw.length },
  ];

  it('keeps the pieces between regions, trimmed and joined by a blank line', () => {
    expect(splitBoilerplate(raw, regions).body).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('maps every body offset of a piece back to the same character of the raw text', () => {
    const split = splitBoilerplate(raw, regions);
    for (const word of ['First', 'paragraph.', 'Second']) {
      const start = split.body.indexOf(word);
      const rawStart = toRaw(split, start)!;
      expect(raw.slice(rawStart, rawStart + word.length)).toBe(word);
    }
  });

  it('returns the whole text, trimmed, without regions', () => {
    expect(splitBoilerplate('  text  ', []).body).toBe('text');
  });

  it('refuses overlapping regions', () => {
    expect(() => splitBoilerplate(raw, [{ start: 0, end: 10 }, { start: 5, end: 12 }])).toThrow('boilerplate regions 0–10 and 5–12 overlap');
  });
});
