// The scoring of suggestions against corpus labels (src/eval/score.ts): pure functions.
import { describe, expect, it } from 'vitest';
import { aggregate, figures, formatScores, matchPairs, sameSource, scoreDocument, type Labels, type Suggested, type SuggestedClaim } from '../src/eval/score.js';

const text = 'Floods killed at least 1,450 people, the ministry said. Of them, 402 were children.\n\nFollow us on X.';
const at = (exact: string, from = 0) => {
  const start = text.indexOf(exact, from);
  if (start < 0) throw new Error(`"${exact}" not in the text`);
  return { start, end: start + exact.length };
};
const attributedSentence = at('Floods killed at least 1,450 people, the ministry said.');
const childrenSentence = at('Of them, 402 were children.');

function labels(overrides: Partial<Labels> = {}): Labels {
  return {
    id: 'doc',
    text,
    boilerplate: [at('Follow us on X.')],
    mentions: [{ ...at('ministry'), entity: 'ministry' }],
    citations: [{ ...at('Floods killed at least 1,450 people'), source: { kind: 'ENTITY', key: 'ministry' } }],
    claims: [
      { ...attributedSentence, subject: 'floods', property: 'deathToll', value: 'at least 1,450', valueStart: at('at least 1,450').start, valueEnd: at('at least 1,450').end, modality: 'REPORTS', asserter: { kind: 'ENTITY', key: 'ministry' }, qualifiers: [] },
      { ...childrenSentence, subject: 'floods', property: 'deathToll', value: '402', valueStart: at('402').start, valueEnd: at('402').end, modality: 'ASSERTS', asserter: { kind: 'OWN' }, qualifiers: [{ property: 'group', value: 'children', entity: null }] },
    ],
    published: { year: 2025, month: 9, day: 12 },
    publisher: 'wire',
    authors: ['petra-lind'],
    ...overrides,
  };
}

const claim = (exact: string, overrides: Partial<SuggestedClaim> = {}): SuggestedClaim => ({
  ...at(exact),
  subject: 'floods',
  property: 'deathToll',
  value: exact,
  modality: 'ASSERTS',
  asserter: { kind: 'OWN' },
  qualifiers: [],
  ...overrides,
});

function suggested(overrides: Partial<Suggested> = {}): Suggested {
  return { text, boilerplate: [], mentions: [], citations: [], claims: [], published: null, publisher: null, authors: [], ...overrides };
}

describe('matchPairs', () => {
  it('pairs one to one, the heaviest pairs first', () => {
    // l0 fits s0 (3) and s1 (5); l1 fits only s1 (4): the heaviest pair l0–s1 is taken first.
    const weights = [
      [3, 5],
      [0, 4],
    ];
    expect(matchPairs([0, 1], [0, 1], (l, s) => weights[l]![s]!)).toEqual([
      [0, 1],
    ]);
  });
});

describe('sameSource', () => {
  it('compares entities by key, unnamed sources whatever their words, own voice with own voice', () => {
    expect(sameSource({ kind: 'ENTITY', key: 'a' }, { kind: 'ENTITY', key: 'a' })).toBe(true);
    expect(sameSource({ kind: 'ENTITY', key: 'a' }, { kind: 'ENTITY', key: 'b' })).toBe(false);
    expect(sameSource({ kind: 'UNNAMED', description: 'officials' }, { kind: 'UNNAMED', description: 'a spokesman' })).toBe(true);
    expect(sameSource({ kind: 'UNNAMED', description: 'officials' }, { kind: 'OWN' })).toBe(false);
    expect(sameSource({ kind: 'OWN' }, { kind: 'ENTITY', key: 'a' })).toBe(false);
  });
});

describe('scoreDocument', () => {
  it('scores nothing suggested as zero recall and undefined precision', () => {
    const score = scoreDocument(labels(), suggested());
    expect(score.claims).toEqual({ labelled: 2, suggested: 0, matched: 0 });
    const f = figures(aggregate([score]));
    expect(f.claimRecall).toBe(0);
    expect(f.claimPrecision).toBeNull();
    expect(f.dateFound).toBe(0);
    expect(score.details.some((d) => d.startsWith('missed claim deathToll "402"'))).toBe(true);
  });

  it('matches claims by property and overlap, and counts asserter, modality and qualifiers among matched ones', () => {
    const score = scoreDocument(
      labels(),
      suggested({
        claims: [
          claim('at least 1,450', { modality: 'REPORTS', asserter: { kind: 'ENTITY', key: 'ministry' } }),
          claim('402', { qualifiers: [{ property: 'group', value: 'Children ', entity: null }] }),
          claim('402', { property: 'injuredCount' }), // another property: no match
        ],
      }),
    );
    expect(score.claims).toEqual({ labelled: 2, suggested: 3, matched: 2 });
    expect(score.claimAsserter).toEqual({ right: 2, of: 2 });
    expect(score.claimModality).toEqual({ right: 2, of: 2 });
    expect(score.claimQualifiers).toEqual({ right: 2, of: 2 });
    expect(score.attributions).toEqual({ labelled: 1, suggested: 1, matched: 1 });
    expect(score.ownVoiceAttributed).toBe(0);
  });

  it('prefers the suggestion on the labelled value when two labels share a sentence', () => {
    const sentence = at('Of them, 402 were children.');
    const score = scoreDocument(
      labels({
        claims: [
          { ...sentence, subject: 'floods', property: 'deathToll', value: 'them', valueStart: at('them').start, valueEnd: at('them').end, modality: 'ASSERTS', asserter: { kind: 'OWN' }, qualifiers: [] },
          { ...sentence, subject: 'floods', property: 'deathToll', value: '402', valueStart: at('402').start, valueEnd: at('402').end, modality: 'DENIES', asserter: { kind: 'OWN' }, qualifiers: [] },
        ],
      }),
      suggested({ claims: [claim('402', { modality: 'DENIES' })] }),
    );
    expect(score.claims.matched).toBe(1);
    expect(score.claimModality).toEqual({ right: 1, of: 1 });
  });

  it('counts a claim in the own voice where the sentence attributes the value, as a wrong asserter and as the error that must not happen', () => {
    const score = scoreDocument(labels(), suggested({ claims: [claim('at least 1,450'), claim('402')] }));
    expect(score.claims.matched).toBe(2);
    expect(score.claimAsserter).toEqual({ right: 1, of: 2 });
    expect(score.claimModality).toEqual({ right: 1, of: 2 });
    expect(score.attributions).toEqual({ labelled: 1, suggested: 0, matched: 0 });
    expect(score.ownVoiceAttributed).toBe(1);
    // Also when the own-voice suggestion matches no label (another property) but lies in an attributed sentence.
    expect(scoreDocument(labels(), suggested({ claims: [claim('1,450', { property: 'injuredCount' })] })).ownVoiceAttributed).toBe(1);
    // Not for an own-voice claim labelled as such.
    expect(scoreDocument(labels(), suggested({ claims: [claim('402')] })).ownVoiceAttributed).toBe(0);
    // An unnamed asserter is an attribution too, and not the own voice.
    const unnamed = scoreDocument(labels(), suggested({ claims: [claim('at least 1,450', { asserter: { kind: 'UNNAMED', description: 'the ministry' } })] }));
    expect(unnamed.ownVoiceAttributed).toBe(0);
    expect(unnamed.claimAsserter).toEqual({ right: 0, of: 1 });
  });

  it('scores citations and mentions by overlap, mentions by entity too', () => {
    const score = scoreDocument(
      labels(),
      suggested({
        citations: [{ ...at('1,450 people, the ministry'), source: { kind: 'OWN' } }, { ...at('Of them'), source: { kind: 'OWN' } }],
        mentions: [{ ...at('ministry'), entity: 'ministry' }, { ...at('ministry'), entity: 'other' }],
      }),
    );
    expect(score.citations).toEqual({ labelled: 1, suggested: 2, matched: 1 });
    expect(score.citationSource).toEqual({ right: 0, of: 1 });
    expect(score.mentions).toEqual({ labelled: 1, suggested: 2, matched: 1 });
  });

  it('scores boilerplate per non-whitespace character', () => {
    const footer = at('Follow us on X.');
    const nonSpace = text.replace(/\s/g, '').length;
    const exact = scoreDocument(labels(), suggested({ boilerplate: [{ start: footer.start - 2, end: footer.end }] })).boilerplate; // plus the blank line before
    expect(exact).toEqual({ characters: nonSpace, agree: nonSpace, labelled: 12, detected: 12, both: 12 });
    const half = scoreDocument(labels(), suggested({ boilerplate: [at('Follow us')] })).boilerplate;
    expect(half).toMatchObject({ agree: nonSpace - 4, labelled: 12, detected: 8, both: 8 }); // "on X." missed
  });

  it('scores publication dates found and right, and a date for a document that states none as wrong', () => {
    expect(scoreDocument(labels(), suggested({ published: { year: 2025, month: 9, day: 12 } })).dates).toEqual({ stated: 1, found: 1, right: 1, suggested: 1, suggestedRight: 1 });
    expect(scoreDocument(labels(), suggested({ published: { year: null, month: 9, day: 12 } })).dates).toEqual({ stated: 1, found: 1, right: 0, suggested: 1, suggestedRight: 0 });
    expect(scoreDocument(labels({ published: null }), suggested({ published: { year: 2025 } })).dates).toEqual({ stated: 0, found: 0, right: 0, suggested: 1, suggestedRight: 0 });
  });

  it('scores authors and publishers by key', () => {
    const score = scoreDocument(labels(), suggested({ publisher: 'wire', authors: ['petra-lind', 'someone'] }));
    expect(score.publishers).toEqual({ labelled: 1, suggested: 1, matched: 1 });
    expect(score.authors).toEqual({ labelled: 1, suggested: 2, matched: 1 });
  });

  it('refuses suggestions made on another text', () => {
    expect(() => scoreDocument(labels(), suggested({ text: `${text} ` }))).toThrow(/not the text the labels are quoted against/);
  });
});

describe('aggregate', () => {
  it('sums documents and prints one row per kind', () => {
    const one = scoreDocument(labels(), suggested({ claims: [claim('402')] }));
    const two = scoreDocument(labels(), suggested());
    const total = aggregate([one, two]);
    expect(total.documents).toBe(2);
    expect(total.claims).toEqual({ labelled: 4, suggested: 1, matched: 1 });
    expect(figures(total).claimRecall).toBe(0.25);
    expect(figures(total).claimPrecision).toBe(1);
    const lines = formatScores(total);
    expect(lines.find((line) => line.startsWith('claims'))).toMatch(/4\s+1\s+1\s+100\.0%\s+25\.0%/);
    expect(lines.at(-1)).toMatch(/own voice where the text attributes the value: 0/);
  });
});
