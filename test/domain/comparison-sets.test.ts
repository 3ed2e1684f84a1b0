// The grouped computation (claims grouped into claim sets, as the database hands them over) must
// give exactly what the row-by-row comparison gave: same relations with reasons, same clusters in
// the same order with the same documents, texts and origins, same summary. The oracle is the
// row-by-row implementation kept verbatim in reference-comparison.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildComparison, compareClaimSets, scopeKey, scopeText, type ClaimSet, type ComparisonClaim } from '../../src/domain/comparison.js';
import { traceOrigin, type ChainLink, type OrganisationRef } from '../../src/domain/independence.js';
import { referenceComparison } from './reference-comparison.js';

const un: OrganisationRef = { id: 900, name: 'United Nations' };
const organisations: OrganisationRef[] = [
  { id: 901, name: 'MEK-Iran.com' },
  { id: 902, name: 'Amnesty International' },
  { id: 903, name: 'UN General Assembly', ancestors: [un] },
  { id: 904, name: 'UN experts', ancestors: [un] },
  un,
  { id: 905, name: 'David Jones' },
];
const values: Array<Pick<ComparisonClaim, 'valueText' | 'value'>> = [
  { valueText: '30,000', value: { kind: 'QUANTITY', lower: 30_000, upper: 30_000 } },
  { valueText: '30 000', value: { kind: 'QUANTITY', lower: 30_000, upper: 30_000 } },
  { valueText: 'about 30,000', value: { kind: 'QUANTITY', lower: 27_000, upper: 33_000 } },
  { valueText: '30,000 or more', value: { kind: 'QUANTITY', lower: 30_000, upper: null } },
  { valueText: 'up to 5,000', value: { kind: 'QUANTITY', lower: null, upper: 5_000 } },
  { valueText: 'tens of thousands', value: { kind: 'QUANTITY', lower: 20_000, upper: 99_999 } },
  { valueText: 'several thousand', value: { kind: 'QUANTITY', lower: 3_000, upper: 9_999 } },
  { valueText: 'thousands', value: { kind: 'QUANTITY', lower: 2_000, upper: 9_999 } },
  { valueText: '3,800', value: { kind: 'QUANTITY', lower: 3_800, upper: 3_800 } },
  { valueText: '9,999', value: { kind: 'QUANTITY', lower: 9_999, upper: 9_999 } },
  { valueText: 'any', value: { kind: 'QUANTITY', lower: null, upper: null } },
  { valueText: 'most', value: { kind: 'SHARE', lower: 0.5, upper: 1 } },
  { valueText: '90 percent', value: { kind: 'SHARE', lower: 0.9, upper: 0.9 } },
  { valueText: 'summer of 1988', value: { kind: 'DATE', lower: 19880600, upper: 19880931 } },
  { valueText: 'many', value: { kind: 'TEXT', text: 'many' } },
  { valueText: 'Many!', value: { kind: 'TEXT', text: 'Many!' } },
  { valueText: 'head of the judiciary', value: { kind: 'ENTITY', entityId: 950, label: 'Head of the judiciary' } },
  { valueText: 'judiciary head', value: { kind: 'ENTITY', entityId: 950, label: 'Head of the judiciary' } },
  { valueText: 'prosecutor', value: { kind: 'ENTITY', entityId: 951, label: 'Prosecutor' } },
];
const qualifierSets: Array<ComparisonClaim['qualifiers']> = [
  [],
  [],
  [{ property: 'pointInTime', valueText: 'by 5 August', entityId: null }],
  [{ property: 'pointInTime', valueText: 'By 5 august', entityId: null }],
  [
    { property: 'place', valueText: null, entityId: 960, entityName: 'Lower Valley' },
    { property: 'pointInTime', valueText: 'by 5 August', entityId: null },
  ],
  // Two entities of one name, and a text that reads like them: three scopes.
  [{ property: 'place', valueText: null, entityId: 960, entityName: 'Lower Valley' }],
  [{ property: 'place', valueText: 'Lower Valley', entityId: 961, entityName: 'Lower Valley' }],
  [{ property: 'place', valueText: 'lower valley', entityId: null }],
];

const organisation = fc.constantFrom(...organisations);
const link: fc.Arbitrary<ChainLink> = fc.record({
  citationId: fc.integer({ min: 1, max: 50 }),
  kind: fc.constantFrom('QUOTE' as const, 'PARAPHRASE' as const, 'REFERENCE' as const),
  source: fc.oneof(
    fc.constant(null),
    organisation.map((entity) => ({ type: 'ENTITY' as const, entity })),
    fc.record({
      type: fc.constant('DOCUMENT' as const),
      documentId: fc.integer({ min: 500, max: 503 }),
      title: fc.constant('A cited report'),
      publisher: fc.option(organisation, { nil: null }),
    }),
  ),
});
const claimShape = fc.record({
  documentId: fc.integer({ min: 1, max: 12 }),
  publisher: fc.option(organisation, { nil: null }),
  asserter: fc.option(organisation, { nil: null }),
  chain: fc.array(link, { maxLength: 3 }),
  value: fc.constantFrom(...values),
  modality: fc.constantFrom('ASSERTS' as const, 'ASSERTS' as const, 'REPORTS' as const, 'DENIES' as const, 'ESTIMATES' as const),
  qualifiers: fc.constantFrom(...qualifierSets),
});
/** Claims with unique ids (not in id order), listed by document then id as the service lists them, or shuffled. */
const claimList = fc
  .tuple(fc.array(claimShape, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 0, max: 1_000 }))
  .map(([shapes, byDocument, seed]) => {
    const claims: ComparisonClaim[] = shapes.map((shape, index) => ({
      claimId: ((index * 7919 + seed) % 1009) + 1,
      document: { id: shape.documentId, title: `Doc ${shape.documentId}`, publisher: shape.documentId % 4 === 0 ? null : shape.publisher },
      asserter: shape.asserter,
      chain: shape.asserter ? shape.chain : [],
      valueText: shape.value.valueText,
      value: shape.value.value,
      modality: shape.modality,
      qualifiers: shape.qualifiers,
    }));
    if (byDocument) claims.sort((a, b) => a.document.id - b.document.id || a.claimId - b.claimId);
    return claims;
  });

/** Claims grouped into sets the way the database groups them, each set split once more at random. */
function claimSets(claims: ComparisonClaim[], mergeSubOrganisations: boolean, split: number, byDocument: boolean): ClaimSet[] {
  const sets = new Map<string, ClaimSet & { documentIds: number[] }>();
  claims.forEach((claim, index) => {
    const origin = traceOrigin(claim, { mergeSubOrganisations }).origin;
    const half = (claim.claimId * 31 + split) % 3 === 0 ? 1 : 0;
    const key = JSON.stringify([claim.valueText, claim.value, claim.modality === 'DENIES', scopeKey(claim.qualifiers), origin, half]);
    const position: [number, number] = byDocument ? [claim.document.id, claim.claimId] : [index, 0];
    const set = sets.get(key);
    if (!set) {
      sets.set(key, {
        valueText: claim.valueText,
        value: claim.value,
        denies: claim.modality === 'DENIES',
        scope: scopeKey(claim.qualifiers),
        scopeText: scopeText(claim.qualifiers),
        origin,
        claimCount: 1,
        documentIds: [claim.document.id],
        position,
        firstClaimId: claim.claimId,
        lowestClaimId: claim.claimId,
      });
      return;
    }
    set.claimCount += 1;
    set.documentIds.push(claim.document.id);
    set.lowestClaimId = Math.min(set.lowestClaimId, claim.claimId);
  });
  // Sets come from the database in no particular order.
  return [...sets.values()].sort((a, b) => ((a.firstClaimId * 17 + split) % 101) - ((b.firstClaimId * 17 + split) % 101));
}

const withoutClaimIds = (reference: ReturnType<typeof referenceComparison>) => ({
  claimCount: reference.claims.length,
  relations: reference.relations.map(({ aClaims: _a, bClaims: _b, ...relation }) => relation),
  clusters: reference.clusters.map(({ claimIds, ...cluster }) => ({ claimCount: claimIds.length, ...cluster })),
  summary: reference.summary,
});

describe('claims grouped into claim sets', () => {
  it('buildComparison gives what the row-by-row comparison gave (property)', () => {
    fc.assert(
      fc.property(claimList, fc.boolean(), (claims, mergeSubOrganisations) => {
        const reference = referenceComparison(claims, { mergeSubOrganisations });
        const comparison = buildComparison(claims, { mergeSubOrganisations });
        expect(comparison.summary).toBe(reference.summary);
        expect(comparison.relations).toEqual(reference.relations);
        expect(comparison.clusters).toEqual(reference.clusters.map((cluster) => ({ ...cluster, claimCount: cluster.claimIds.length })));
        expect(comparison.origins).toEqual(reference.origins);
        expect(comparison.claims).toBe(claims);
      }),
      { numRuns: 300 },
    );
  });

  it('compareClaimSets over sets grouped elsewhere gives the same relations, clusters and summary (property)', () => {
    fc.assert(
      fc.property(claimList, fc.boolean(), fc.integer({ min: 0, max: 1000 }), (claims, mergeSubOrganisations, split) => {
        const byDocument = claims.every((claim, index) => index === 0 || claims[index - 1]!.document.id < claim.document.id || (claims[index - 1]!.document.id === claim.document.id && claims[index - 1]!.claimId < claim.claimId));
        const expected = withoutClaimIds(referenceComparison(claims, { mergeSubOrganisations }));
        expect(compareClaimSets(claimSets(claims, mergeSubOrganisations, split, false))).toEqual(expected);
        if (byDocument) expect(compareClaimSets(claimSets(claims, mergeSubOrganisations, split, true))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('names the entities of a scope in clusters, relation reasons and the summary, and keeps two of one name apart', () => {
    const anselm = (entityId: number) => ({ property: 'candidate', valueText: null, entityId, entityName: 'Viktor Anselm' });
    const scoped = (claimId: number, documentId: number, valueText: string, share: number, qualifiers: ComparisonClaim['qualifiers']): ComparisonClaim => ({
      claimId,
      document: { id: documentId, title: `Doc ${documentId}`, publisher: organisations[documentId % 2]! },
      asserter: null,
      chain: [],
      valueText,
      value: { kind: 'SHARE', lower: share, upper: share },
      modality: 'ASSERTS',
      qualifiers,
    });
    const claims = [
      scoped(1, 1, '41%', 0.41, [anselm(12), { property: 'pointInTime', valueText: 'on 31 October', entityId: null }]),
      scoped(2, 2, '41 percent', 0.41, [{ property: 'pointInTime', valueText: 'On 31 october', entityId: null }, anselm(12)]),
      // Another person of the same name: another scope, however alike it reads.
      scoped(3, 3, '12%', 0.12, [anselm(13), { property: 'pointInTime', valueText: 'on 31 October', entityId: null }]),
      scoped(4, 3, '30%', 0.3, [{ property: 'group', valueText: null, entityId: 17, entityName: 'residents of the old town' }]),
    ];
    const comparison = buildComparison(claims);
    expect(comparison.clusters.map((cluster) => [cluster.claimIds, cluster.scopeText])).toEqual([
      [[1, 2], 'candidate=Viktor Anselm, pointInTime=on 31 october'],
      [[3], 'candidate=Viktor Anselm, pointInTime=on 31 october'],
      [[4], 'group=residents of the old town'],
    ]);
    expect(comparison.clusters[0]!.scope).not.toBe(comparison.clusters[1]!.scope);
    expect(comparison.relations.map((relation) => relation.reason)).toEqual([
      'different scopes that read alike (candidate=Viktor Anselm, pointInTime=on 31 october: different entities of that name, or an entity and a text): not rival values',
      'different scopes (candidate=Viktor Anselm, pointInTime=on 31 october / group=residents of the old town): not rival values',
      'different scopes (candidate=Viktor Anselm, pointInTime=on 31 october / group=residents of the old town): not rival values',
    ]);
    expect(comparison.summary).toBe(
      '2 documents from 2 independent origins state “41%”, “41 percent” (41%) for candidate=Viktor Anselm, pointInTime=on 31 october; ' +
        '1 document from 1 independent origin states “12%” (12%) for candidate=Viktor Anselm, pointInTime=on 31 october; ' +
        '1 document from 1 independent origin states “30%” (30%) for group=residents of the old town.',
    );
    const text = JSON.stringify(comparison.clusters.map((cluster) => cluster.scopeText)) + JSON.stringify(comparison.relations) + comparison.summary;
    expect(text).not.toMatch(/#\d/);
    expect(compareClaimSets(claimSets(claims, false, 0, true))).toEqual(withoutClaimIds(referenceComparison(claims)));
  });

  it('relates 10,000 claims of ten values by their ten values', () => {
    const texts = values.slice(0, 10);
    const claims: ComparisonClaim[] = Array.from({ length: 10_000 }, (_, index) => ({
      claimId: index + 1,
      document: { id: Math.floor(index / 10) + 1, title: `Doc ${index}`, publisher: organisations[index % 3]! },
      asserter: index % 3 === 0 ? organisations[5]! : null,
      chain: [],
      ...texts[index % texts.length]!,
      modality: 'ASSERTS',
      qualifiers: [],
    }));
    const comparison = buildComparison(claims);
    const reference = referenceComparison(claims);
    expect(comparison.relations).toEqual(reference.relations);
    expect(comparison.clusters).toEqual(reference.clusters.map((cluster) => ({ ...cluster, claimCount: cluster.claimIds.length })));
    expect(comparison.summary).toBe(reference.summary);
  });
});
