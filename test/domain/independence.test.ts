import { describe, expect, it } from 'vitest';
import { buildComparison, compareClaimSets, type ClaimSet, type ComparisonClaim } from '../../src/domain/comparison.js';
import { evidenceOf, independentOrigins, innermostSource, originOf, traceOrigin, type ClaimProvenance } from '../../src/domain/independence.js';

const mekIran = { id: 100, name: 'MEK-Iran.com' };
const un = { id: 200, name: 'United Nations' };
const assembly = { id: 201, name: 'UN General Assembly', ancestors: [un] };
const fco = { id: 300, name: 'Foreign and Commonwealth Office' };
const jones = { id: 301, name: 'David Jones' };
const amnesty = { id: 400, name: 'Amnesty International' };

const own = (claimId: number, documentId: number, publisher: typeof mekIran | null = mekIran): ClaimProvenance => ({
  claimId,
  document: { id: documentId, title: `Doc ${documentId}`, publisher },
  asserter: null,
  chain: [],
});

describe('traceOrigin', () => {
  it('traces a claim in the document’s own voice to its publisher', () => {
    expect(traceOrigin(own(1, 10)).origin).toEqual({ key: 'entity:100', kind: 'PUBLISHER', entityId: 100, documentId: null, name: 'MEK-Iran.com' });
  });

  it('traces a document without a publisher to the document itself', () => {
    expect(traceOrigin(own(1, 10, null)).origin).toMatchObject({ key: 'document:10', kind: 'DOCUMENT' });
  });

  it('follows nested quotes to the innermost source, with the chain as evidence', () => {
    const claim: ClaimProvenance = {
      claimId: 2,
      document: { id: 11, title: 'MEK: U.N. Urged', publisher: mekIran },
      asserter: fco,
      chain: [
        { citationId: 1, kind: 'QUOTE', source: { type: 'ENTITY', entity: jones } },
        { citationId: 2, kind: 'PARAPHRASE', source: { type: 'ENTITY', entity: fco } },
      ],
    };
    const trace = traceOrigin(claim);
    expect(trace.origin).toMatchObject({ key: 'entity:300', kind: 'CITED_SOURCE', name: 'Foreign and Commonwealth Office' });
    expect(evidenceOf(claim)).toEqual(['“MEK: U.N. Urged”, published by MEK-Iran.com,', 'quotes David Jones', 'who paraphrases Foreign and Commonwealth Office']);
  });

  it('counts an organisation and its sub-bodies as one origin only when asked', () => {
    const claim: ClaimProvenance = { claimId: 3, document: { id: 12, title: 'x', publisher: mekIran }, asserter: assembly, chain: [] };
    expect(traceOrigin(claim).origin.name).toBe('UN General Assembly');
    expect(traceOrigin(claim, { mergeSubOrganisations: true }).origin.name).toBe('United Nations');
  });

  it('gives the same origin for a chain resolved elsewhere (originOf, innermostSource)', () => {
    const chain: ClaimProvenance['chain'] = [
      { citationId: 1, kind: 'QUOTE', source: { type: 'ENTITY', entity: jones } },
      { citationId: 2, kind: 'PARAPHRASE', source: { type: 'ENTITY', entity: fco } },
      { citationId: 3, kind: 'REFERENCE', source: null },
    ];
    expect(innermostSource(chain)).toEqual({ type: 'ENTITY', entity: fco });
    expect(innermostSource([])).toBeNull();
    const claim: ClaimProvenance = { claimId: 9, document: { id: 13, title: 'x', publisher: mekIran }, asserter: jones, chain };
    expect(originOf({ attributedTo: innermostSource(chain)! })).toBe(traceOrigin(claim).origin);
    expect(originOf({ attributedTo: { type: 'ENTITY', entity: amnesty } })).toBe(traceOrigin({ ...claim, asserter: amnesty, chain: [] }).origin);
    expect(originOf({ ownVoice: own(1, 10).document })).toBe(traceOrigin(own(1, 10)).origin);
    expect(originOf({ ownVoice: own(1, 10, null).document })).toEqual(traceOrigin(own(1, 10, null)).origin);
  });

  it('counts documents of one publisher as one origin', () => {
    expect(independentOrigins([own(1, 10), own(2, 11), own(3, 12)].map((claim) => traceOrigin(claim)))).toHaveLength(1);
  });
});

describe('buildComparison', () => {
  const quantity = (lower: number | null, upper: number | null) => ({ kind: 'QUANTITY' as const, lower, upper });
  const claims: ComparisonClaim[] = [
    { ...own(1, 10), valueText: '30,000', value: quantity(30_000, 30_000), modality: 'ASSERTS', qualifiers: [] },
    { ...own(2, 11), valueText: '30,000', value: quantity(30_000, 30_000), modality: 'ASSERTS', qualifiers: [] },
    { ...own(3, 12), valueText: '30,000', value: quantity(30_000, 30_000), modality: 'ASSERTS', qualifiers: [] },
    {
      claimId: 4,
      document: { id: 12, title: 'Doc 12', publisher: mekIran },
      asserter: fco,
      chain: [
        { citationId: 1, kind: 'QUOTE', source: { type: 'ENTITY', entity: jones } },
        { citationId: 2, kind: 'PARAPHRASE', source: { type: 'ENTITY', entity: fco } },
      ],
      valueText: 'about 30,000',
      value: quantity(27_000, 33_000),
      modality: 'REPORTS',
      qualifiers: [],
    },
    {
      claimId: 5,
      document: { id: 11, title: 'Doc 11', publisher: mekIran },
      asserter: amnesty,
      chain: [{ citationId: 3, kind: 'QUOTE', source: { type: 'ENTITY', entity: amnesty } }],
      valueText: 'several thousand',
      value: quantity(3_000, 9_999),
      modality: 'REPORTS',
      qualifiers: [],
    },
  ];

  it('clusters consistent values and counts their independent origins', () => {
    const comparison = buildComparison(claims);
    const [big, small] = comparison.clusters;
    expect(big).toMatchObject({ claimIds: [1, 2, 3, 4], documentIds: [10, 11, 12], independentOriginCount: 2, valueTexts: ['30,000', 'about 30,000'] });
    expect(big!.origins.map((origin) => origin.name)).toEqual(['MEK-Iran.com', 'Foreign and Commonwealth Office']);
    expect(small).toMatchObject({ claimIds: [5], independentOriginCount: 1 });
  });

  it('relates distinct values once each', () => {
    const comparison = buildComparison(claims);
    expect(comparison.relations).toHaveLength(3);
    expect(comparison.relations.find((relation) => relation.a === 1 && relation.b === 5)).toMatchObject({ relation: 'CONFLICTS' });
    expect(comparison.relations.find((relation) => relation.a === 1 && relation.b === 4)).toMatchObject({ relation: 'NARROWER' });
  });

  it('summarises neutrally, naming who is cited', () => {
    expect(buildComparison(claims).summary).toBe(
      '3 documents from 2 independent origins state “30,000”, “about 30,000” (27,000–33,000); Amnesty International, cited in 1 document, states “several thousand” (3,000–9,999).',
    );
    expect(buildComparison([]).summary).toBe('No document makes a claim about this.');
  });

  it('gives the same relations, clusters and summary from claims grouped into claim sets', () => {
    const set = (index: number, claimCount: number, documentIds: number[]): ClaimSet => {
      const claim = claims[index]!;
      return {
        valueText: claim.valueText,
        value: claim.value,
        denies: false,
        scope: '',
        scopeText: '',
        origin: traceOrigin(claim).origin,
        claimCount,
        documentIds,
        position: [index, 0],
        firstClaimId: claim.claimId,
        lowestClaimId: claim.claimId,
      };
    };
    // As the database groups them: the three 30,000 in their publisher's voice are one set.
    const sets = [set(4, 1, [11]), set(0, 3, [10, 11, 12]), set(3, 1, [12])];
    const comparison = buildComparison(claims);
    expect(compareClaimSets(sets)).toEqual({
      claimCount: 5,
      relations: comparison.relations.map(({ aClaims: _a, bClaims: _b, ...relation }) => relation),
      clusters: comparison.clusters.map(({ claimIds: _ids, ...cluster }) => cluster),
      summary: comparison.summary,
    });
    expect(compareClaimSets(sets).clusters[0]).toMatchObject({ claimCount: 4, documentIds: [10, 11, 12], independentOriginCount: 2 });
    expect(compareClaimSets([]).summary).toBe('No document makes a claim about this.');
  });

  it('never says a value is true', () => {
    const text = JSON.stringify(buildComparison(claims)).toLowerCase();
    for (const word of ['true value', 'correct', 'verified', 'confirmed', 'accurate', 'false claim']) expect(text).not.toContain(word);
  });
});

describe('unnamed sources', () => {
  const described = (claimId: number, documentId: number, description: string): ClaimProvenance => ({ ...own(claimId, documentId), asserterDescription: description });
  const quantity = (lower: number): ComparisonClaim['value'] => ({ kind: 'QUANTITY', lower, upper: lower });
  const compared = (claim: ClaimProvenance, valueText: string, modality: ComparisonClaim['modality'] = 'REPORTS'): ComparisonClaim => ({
    ...claim,
    valueText,
    value: quantity(Number(valueText)),
    modality,
    qualifiers: [],
  });

  it('counts a described asserter as an origin of its own per document and description, never the publisher', () => {
    const origin = traceOrigin(described(1, 10, 'officials')).origin;
    expect(origin).toEqual({ key: 'unnamed:10:officials', kind: 'UNNAMED', entityId: null, documentId: 10, name: 'an unnamed source (“officials”) in “Doc 10”' });
    // The same words in the same document, spacing aside: the same origin; in another document or other words: another.
    expect(traceOrigin(described(2, 10, '  officials ')).origin.key).toBe(origin.key);
    expect(traceOrigin(described(3, 11, 'officials')).origin.key).toBe('unnamed:11:officials');
    expect(traceOrigin(described(4, 10, 'human rights groups')).origin.key).not.toBe(origin.key);
    expect(traceOrigin(own(5, 10)).origin.key).toBe('entity:100');
  });

  it('counts a claim in the own voice carried by a citation of an unnamed source for that source', () => {
    const claim: ClaimProvenance = {
      ...own(1, 10),
      chain: [{ citationId: 7, kind: 'PARAPHRASE', source: { type: 'UNNAMED', description: 'a spokesman for the ministry', document: { id: 10, title: 'Doc 10' } } }],
    };
    expect(traceOrigin(claim).origin).toMatchObject({ key: 'unnamed:10:a spokesman for the ministry', kind: 'UNNAMED' });
    expect(evidenceOf(claim)).toEqual(['“Doc 10”, published by MEK-Iran.com,', 'paraphrases an unnamed source (“a spokesman for the ministry”)']);
    // A named source inside the unnamed one is the innermost source.
    const nested: ClaimProvenance = { ...claim, asserter: jones, chain: [...claim.chain, { citationId: 8, kind: 'QUOTE', source: { type: 'ENTITY', entity: jones } }] };
    expect(traceOrigin(nested).origin).toMatchObject({ key: 'entity:301', kind: 'CITED_SOURCE' });
  });

  it('never says both "unnamed source" and "own voice" in evidence', () => {
    const cases: ClaimProvenance[] = [
      described(1, 10, 'officials'),
      { ...own(2, 10), chain: [{ citationId: 1, kind: 'QUOTE', source: null }] },
      { ...own(3, 10), chain: [{ citationId: 1, kind: 'QUOTE', source: { type: 'UNNAMED', description: 'officials', document: { id: 10, title: 'Doc 10' } } }, { citationId: 2, kind: 'QUOTE', source: { type: 'ENTITY', entity: jones } }] },
      { ...own(4, 10), chain: [{ citationId: 1, kind: 'QUOTE', source: { type: 'UNNAMED', description: 'officials', document: { id: 10, title: 'Doc 10' } } }] },
    ];
    for (const claim of cases) {
      const text = evidenceOf(claim).join(' ');
      expect(text.includes('unnamed source') && text.includes('own voice'), text).toBe(false);
    }
    expect(evidenceOf(cases[0]!)).toEqual(['“Doc 10”, published by MEK-Iran.com,', 'attributing it to an unnamed source (“officials”)']);
    expect(evidenceOf(cases[2]!).at(-1)).toBe('and states it in its own voice');
  });

  it('says "an unnamed source" in the summary, and compares a speculation by its value as an estimate', () => {
    const alone = buildComparison([compared(described(1, 10, 'officials'), '40', 'SPECULATES')]);
    expect(alone.summary).toBe('1 document states “40” (40), reported by an unnamed source (“officials”) in “Doc 10”.');
    const mixed = buildComparison([compared(described(1, 10, 'officials'), '40', 'SPECULATES'), compared(own(2, 11), '40', 'ESTIMATES'), compared(own(3, 12, null), '40')]);
    expect(mixed.clusters).toHaveLength(1);
    expect(mixed.clusters[0]!.origins.map((origin) => origin.kind)).toEqual(['UNNAMED', 'PUBLISHER', 'DOCUMENT']);
    expect(mixed.summary).toBe('3 documents from 3 independent origins (one of them an unnamed source) state “40” (40).');
    // The modality stays with the claim.
    expect(mixed.claims.map((claim) => claim.modality)).toEqual(['SPECULATES', 'ESTIMATES', 'REPORTS']);
  });
});
