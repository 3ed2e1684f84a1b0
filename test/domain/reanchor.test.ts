import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorAt, CONTEXT_LENGTH, occurrences } from '../../src/domain/anchoring.js';
import { reanchor, reanchorAll, validateSelector, type StoredSelector } from '../../src/domain/reanchor.js';

/** The stored selector of the nth occurrence of quote in text (as the server stores it). */
function span(text: string, quote: string, nth = 0): StoredSelector {
  const start = occurrences(text, quote)[nth];
  if (start === undefined) throw new Error(`test setup: "${quote}" occurs fewer than ${nth + 1} time(s)`);
  return anchorAt(text, start, start + quote.length);
}

const old =
  'In the summer of 1988 the regime executed as many as 30,000 political prisoners in a few months. ' +
  'Most of the victims were PMOI supporters. The killings were ordered by a fatwa. ' +
  'Amnesty International later documented the massacre.';
const quote = 'as many as 30,000 political prisoners'; // 37 code units: up to 9 edits may be fuzzy-matched
const quoteStart = old.indexOf(quote);

const repeated =
  'Survivors describe the massacre in Evin prison. Officials deny the massacre in Gohardasht. ' +
  'Historians date the massacre to the summer of 1988.';

interface Row {
  name: string;
  old: string;
  span: StoredSelector;
  new: string;
  expected:
    | { status: 'ANCHORED' | 'REANCHORED'; method: 'position' | 'quote' | 'whitespace' | 'fuzzy'; start: number; exact: string }
    | { status: 'ORPHANED' };
}

const emojiIntro = '🕯️ In memoriam. '; // 🕯 is two UTF-16 code units, then U+FE0F: 17 units, 16 code points
const secondMassacre = span(repeated, 'the massacre', 1);
// An intro exactly as long as the gap between the first and second "the massacre", so that the
// first one lands on the second's old offsets: the position holds, the context does not.
const gap = secondMassacre.start - repeated.indexOf('the massacre');
const shiftingIntro = 'Updated with new testimony from survivors and officials. '.padEnd(gap, '-').slice(0, gap);

const rows: Row[] = [
  { name: 'unchanged text', old, span: span(old, quote), new: old, expected: { status: 'ANCHORED', method: 'position', start: quoteStart, exact: quote } },
  {
    name: 'insertion before the span shifts its offsets',
    old,
    span: span(old, quote),
    new: `Updated 3 May. ${old}`,
    expected: { status: 'REANCHORED', method: 'quote', start: quoteStart + 15, exact: quote },
  },
  {
    name: 'insertion inside the prefix context shifts its offsets',
    old,
    span: span(old, quote),
    new: old.replace('the regime executed', 'the Islamic regime executed'),
    expected: { status: 'REANCHORED', method: 'quote', start: quoteStart + 8, exact: quote },
  },
  {
    name: 'insertion after the span leaves it where it was',
    old,
    span: span(old, quote),
    new: old.replace('in a few months', 'in a few short months'),
    expected: { status: 'ANCHORED', method: 'position', start: quoteStart, exact: quote },
  },
  {
    name: 'a short insertion inside the span (≤ 1/4 of it) extends the span over it',
    old,
    span: span(old, quote),
    new: old.replace('30,000 political', '30,000 mostly political'),
    expected: { status: 'REANCHORED', method: 'fuzzy', start: quoteStart, exact: 'as many as 30,000 mostly political prisoners' },
  },
  {
    name: 'a long insertion inside the span (> 1/4 of it) orphans it',
    old,
    span: span(old, quote),
    new: old.replace('30,000 political', '30,000 men, women and teenage political'),
    expected: { status: 'ORPHANED' },
  },
  {
    name: 'a short deletion inside the span shrinks it',
    old,
    span: span(old, quote),
    new: old.replace('as many as 30,000', 'as many 30,000'),
    expected: { status: 'REANCHORED', method: 'fuzzy', start: quoteStart, exact: 'as many 30,000 political prisoners' },
  },
  { name: "deleting the span's text orphans it", old, span: span(old, quote), new: old.replace(`${quote} `, ''), expected: { status: 'ORPHANED' } },
  {
    name: 'repeated quote: the context picks the right occurrence after an insertion',
    old: repeated,
    span: secondMassacre,
    new: `Survivors and witnesses describe ${repeated.slice('Survivors describe '.length)}`,
    expected: { status: 'REANCHORED', method: 'quote', start: secondMassacre.start + 14, exact: 'the massacre' },
  },
  {
    name: 'repeated quote: another occurrence landing on the old offsets does not capture the span',
    old: repeated,
    span: secondMassacre,
    new: shiftingIntro + repeated,
    expected: { status: 'REANCHORED', method: 'quote', start: secondMassacre.start + gap, exact: 'the massacre' },
  },
  {
    name: 'repeated quote: deleting an earlier occurrence moves the span with its own text',
    old: repeated,
    span: span(repeated, 'the massacre', 2),
    new: repeated.replace('Survivors describe the massacre in Evin prison. ', ''),
    expected: { status: 'REANCHORED', method: 'quote', start: span(repeated, 'the massacre', 2).start - 48, exact: 'the massacre' },
  },
  {
    name: 'whitespace collapsed: double spaces and a line break inside the span',
    old: old.replace(quote, 'as many  as\n30,000   political prisoners'),
    span: span(old.replace(quote, 'as many  as\n30,000   political prisoners'), 'as many  as\n30,000   political prisoners'),
    new: old,
    expected: { status: 'REANCHORED', method: 'whitespace', start: quoteStart, exact: quote },
  },
  {
    name: 'whitespace expanded: the text reflowed with line breaks and indentation',
    old,
    span: span(old, quote),
    new: old.replace('executed as many as 30,000 political', 'executed as many\n  as 30,000 political'),
    expected: { status: 'REANCHORED', method: 'whitespace', start: quoteStart, exact: 'as many\n  as 30,000 political prisoners' },
  },
  {
    name: 'a typo fixed inside the quote',
    old: old.replace('political', 'politcal'),
    span: span(old.replace('political', 'politcal'), 'as many as 30,000 politcal prisoners'),
    new: old,
    expected: { status: 'REANCHORED', method: 'fuzzy', start: quoteStart, exact: quote },
  },
  {
    name: 'a short quote (under 4 code units) is never fuzzy-matched',
    old,
    span: span(old, 'PMOI'),
    new: old.replace('PMOI', 'MEK'),
    expected: { status: 'ORPHANED' },
  },
  {
    name: 'the whole text replaced',
    old,
    span: span(old, quote),
    new: 'The committee met on Tuesday to discuss the budget for next year and adjourned without a vote.',
    expected: { status: 'ORPHANED' },
  },
  {
    name: 'non-BMP characters (emoji) before the span count as two UTF-16 code units',
    old,
    span: span(old, quote),
    new: emojiIntro + old,
    expected: { status: 'REANCHORED', method: 'quote', start: quoteStart + 17, exact: quote },
  },
];

describe('reanchor: a table of edits', () => {
  it('the emoji row really shifts by 17 code units for 16 code points', () => {
    expect(emojiIntro.length).toBe(17);
    expect([...emojiIntro].length).toBe(16);
  });

  it.each(rows)('$name', (row) => {
    // The stored span is a valid selector of the old text.
    expect(row.old.slice(row.span.start, row.span.end)).toBe(row.span.exact);
    const result = reanchor(row.span, row.new);
    if (row.expected.status === 'ORPHANED') {
      expect(result).toMatchObject({ status: 'ORPHANED', start: null, end: null, method: 'none', exact: row.span.exact, prefix: row.span.prefix, suffix: row.span.suffix });
      return;
    }
    const { status, method, start, exact } = row.expected;
    expect(result).toMatchObject({ status, method, start, end: start + exact.length, exact });
    // The result is itself a valid stored selector of the new text, with fresh context.
    expect(result).toMatchObject(anchorAt(row.new, start, start + exact.length));
    expect(result.score).toBeGreaterThan(0.6);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('scores an unchanged span 1 and a fuzzy one below an exact one', () => {
    const unchanged = reanchor(span(old, quote), old);
    const typo = reanchor(span(old.replace('political', 'politcal'), 'as many as 30,000 politcal prisoners'), old);
    expect(unchanged.score).toBe(1);
    expect(typo).toMatchObject({ errors: 1 });
    expect(typo.score!).toBeLessThan(1);
  });

  it('orphans an empty quote instead of matching everywhere', () => {
    expect(reanchor({ exact: '', prefix: '', suffix: '', start: 0, end: 0 }, old)).toMatchObject({ status: 'ORPHANED' });
  });

  it('reanchors many spans with a tally', () => {
    const spans = [span(old, quote), span(old, 'PMOI'), span(old, 'fatwa')].map((s, id) => ({ ...s, id }));
    const { results, counts } = reanchorAll(spans, `New intro. ${old.replace('PMOI', 'MEK')}`);
    expect(counts).toEqual({ ANCHORED: 0, REANCHORED: 2, ORPHANED: 1 });
    expect(results.map((r) => [r.span.id, r.anchor.status])).toEqual([
      [0, 'REANCHORED'],
      [1, 'ORPHANED'],
      [2, 'REANCHORED'],
    ]);
  });

  it('stays fast on a long document with a fuzzy span', () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ';
    const long = filler.repeat(1000) + old + filler.repeat(1000); // ~170 000 code units
    const stored = span(long, quote);
    const began = performance.now();
    const result = reanchor(stored, long.replace('political', 'politcal'));
    expect(result).toMatchObject({ status: 'REANCHORED', method: 'fuzzy', start: stored.start });
    expect(performance.now() - began).toBeLessThan(2000);
  });
});

describe('reanchor: properties', () => {
  // A small alphabet makes repeated quotes and contexts common, the hard case; 😀 is non-BMP.
  const char = fc.constantFrom('a', 'b', 'c', ' ', '\n', 'é', '😀', '.');
  const text = fc.array(char, { minLength: 1, maxLength: 120 }).map((chars) => chars.join(''));
  const textWithSpan = text.chain((t) =>
    fc
      .tuple(fc.nat({ max: t.length - 1 }), fc.nat({ max: t.length - 1 }))
      .map(([x, y]) => ({ text: t, start: Math.min(x, y), end: Math.max(x, y) + 1 })),
  );

  it('against the unchanged text, every span is ANCHORED with the same offsets', () => {
    fc.assert(
      fc.property(textWithSpan, ({ text, start, end }) => {
        const result = reanchor(anchorAt(text, start, end), text);
        expect(result).toMatchObject({ status: 'ANCHORED', start, end, exact: text.slice(start, end), method: 'position' });
      }),
      { numRuns: 300 },
    );
  });

  it('after an insertion outside the span, the span keeps its exact text', () => {
    fc.assert(
      fc.property(textWithSpan, fc.array(char, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.nat(), ({ text, start, end }, inserted, before, at) => {
        const insertion = inserted.join('');
        const offset = before ? at % (start + 1) : end + (at % (text.length - end + 1));
        const newText = text.slice(0, offset) + insertion + text.slice(offset);
        const result = reanchor(anchorAt(text, start, end), newText);
        expect(result.status).not.toBe('ORPHANED');
        expect(result.exact).toBe(text.slice(start, end));
        expect(newText.slice(result.start!, result.end!)).toBe(text.slice(start, end));
      }),
      { numRuns: 300 },
    );
  });

  it('after an insertion away from a unique span and its context, the offsets shift by the insertion', () => {
    const words = fc.array(fc.constantFrom('massacre', 'prison', '1988', 'of', 'the', 'victims', '30,000', 'Evin', '—', '😀'), { minLength: 20, maxLength: 80 });
    fc.assert(
      fc.property(words, fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 30 }), fc.nat(), (list, x, y, insertion, at) => {
        const text = list.join(' ');
        const start = x % text.length;
        const end = start + 1 + (y % Math.min(30, text.length - start));
        const exact = text.slice(start, end);
        // Before the prefix window or after the suffix window.
        const candidates = [
          ...Array.from({ length: Math.max(0, start - CONTEXT_LENGTH + 1) }, (_, i) => i),
          ...Array.from({ length: Math.max(0, text.length - end - CONTEXT_LENGTH + 1) }, (_, i) => end + CONTEXT_LENGTH + i),
        ];
        fc.pre(candidates.length > 0);
        const offset = candidates[at % candidates.length]!;
        const newText = text.slice(0, offset) + insertion + text.slice(offset);
        fc.pre(occurrences(newText, exact).length === 1);
        const shifted = offset <= start ? start + insertion.length : start;
        expect(reanchor(anchorAt(text, start, end), newText)).toMatchObject({ start: shifted, end: shifted + exact.length, exact });
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateSelector', () => {
  const text = old;
  const at = { start: quoteStart, end: quoteStart + quote.length };

  it('anchors a unique quote, storing both selectors with recaptured context', () => {
    expect(validateSelector(text, { quote: { exact: quote } })).toEqual({ ok: true, anchor: anchorAt(text, at.start, at.end) });
    expect(anchorAt(text, at.start, at.end).prefix).toHaveLength(CONTEXT_LENGTH);
  });

  it('anchors a position alone', () => {
    expect(validateSelector(text, { position: at })).toEqual({ ok: true, anchor: { ...at, exact: quote, prefix: text.slice(at.start - 32, at.start), suffix: text.slice(at.end, at.end + 32) } });
  });

  it('accepts a quote and a position that agree, context included', () => {
    expect(validateSelector(text, { quote: { exact: quote, prefix: 'executed ', suffix: ' in a few' }, position: at })).toMatchObject({ ok: true, anchor: at });
  });

  it('refuses a quote and a position that disagree, pointing at where the quote is', () => {
    const result = validateSelector(text, { quote: { exact: quote }, position: { start: 0, end: quote.length } });
    expect(result).toMatchObject({ ok: false, reason: 'mismatch', closest: { ...at, exact: quote } });
    expect(!result.ok && result.message).toMatch(/^the text at 0–37 is "In the summer/);
  });

  it('refuses a position whose text matches but whose prefix or suffix does not', () => {
    expect(validateSelector(text, { quote: { exact: quote, prefix: 'killed ' }, position: at })).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(validateSelector(text, { quote: { exact: quote, suffix: ' in 1988' }, position: at })).toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it.each([
    [{ start: -1, end: 5 }, 'out-of-range'],
    [{ start: 0, end: text.length + 1 }, 'out-of-range'],
    [{ start: 5, end: 5 }, 'out-of-range'],
    [{ start: 9, end: 4 }, 'out-of-range'],
    [{ start: 1.5, end: 4 }, 'invalid-position'],
  ] as const)('refuses the position %o (%s)', (position, reason) => {
    expect(validateSelector(text, { position })).toMatchObject({ ok: false, reason });
  });

  it('refuses an offset between the two code units of an emoji', () => {
    const emoji = '😀 People’s Mojahedin';
    expect(validateSelector(emoji, { position: { start: 1, end: 9 } })).toMatchObject({ ok: false, reason: 'invalid-position' });
    expect(validateSelector(emoji, { position: { start: 0, end: 2 } })).toMatchObject({ ok: true, anchor: { exact: '😀' } });
  });

  it('refuses a missing quote with the closest fuzzy match as a hint', () => {
    const result = validateSelector(text, { quote: { exact: 'as many as 30,000 politcal prisoners' } });
    expect(result).toMatchObject({ ok: false, reason: 'not-found', message: 'the quote does not occur in the text', closest: { ...at, exact: quote } });
    expect(!result.ok && result.closest!.score).toBeGreaterThan(0.9);
  });

  it('gives no hint when nothing is close', () => {
    const result = validateSelector(text, { quote: { exact: 'the budget committee adjourned' } });
    expect(result).toMatchObject({ ok: false, reason: 'not-found' });
    expect(!result.ok && result.closest).toBeUndefined();
  });

  it('reports an ambiguous quote with every candidate, and accepts it once the context chooses', () => {
    expect(validateSelector(repeated, { quote: { exact: 'the massacre' } })).toMatchObject({
      ok: false,
      reason: 'ambiguous',
      candidates: occurrences(repeated, 'the massacre').map((start) => ({ start, end: start + 12 })),
    });
    expect(validateSelector(repeated, { quote: { exact: 'the massacre', prefix: 'deny ' } })).toMatchObject({ ok: true, anchor: { start: secondMassacre.start } });
  });

  it('refuses an empty selector or quote', () => {
    expect(validateSelector(text, {})).toMatchObject({ ok: false, reason: 'empty' });
    expect(validateSelector(text, { quote: { exact: '' } })).toMatchObject({ ok: false, reason: 'empty' });
  });
});
