// Ingest writes every field of its suggestions, whichever path writes them: citations with their
// kind and unnamed source, claims with modality, asserter (named or described), citation (by
// index into the document's suggested citations) and qualifiers. Suggestions are built by hand
// here (IngestOptions.suggest), so the test holds whatever the rules suggest. Paths: new documents
// in a batch (on PostgreSQL, DRIVER_MIN or more go through the writer's own connection), a single
// new document (a Prisma transaction on PostgreSQL), and a new version (writeSuggestionsMany).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_MIN } from '../src/db/ingest-writer.js';
import type { ExtractedDocument } from '../src/domain/extract.js';
import type { Suggestions } from '../src/domain/suggestions.js';
import { cliWriter, ingestDocuments } from '../src/services/ingest.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
let collectionId: number;
let strike: number;
let amnesty: number;
let gaza: number;

beforeAll(async () => {
  t = await createTestDatabase();
  collectionId = (await t.db.prisma.collection.create({ data: { slug: 'inbox', name: 'inbox' } })).id;
  const entity = async (key: string, type: 'EVENT' | 'ORGANISATION', name: string) => (await t.db.prisma.entity.create({ data: { key, type, name } })).id;
  strike = await entity('strike', 'EVENT', 'The strike');
  amnesty = await entity('amnesty', 'ORGANISATION', 'Amnesty International');
  gaza = await entity('gaza', 'ORGANISATION', 'Gaza City Council');
});

afterAll(async () => {
  await t?.destroy();
});

const quoted = 'at least 12 of them were children';
const text = (n: number, unnamed: string) => `Report ${n}. ${unnamed} said the strike may have killed 40 people. Amnesty International said: “${quoted}”.`;
const described = (body: string) => (body.includes('A spokesman for the ministry') ? 'a spokesman for the ministry' : 'officials');

/** Two citations (an unnamed source's paraphrase, a named source's quote) and a claim carried by each, the second citation's claim listed first. */
function suggest(body: string): Suggestions {
  const at = (phrase: string) => {
    const start = body.indexOf(phrase);
    if (start < 0) throw new Error(`"${phrase}" is not in the text`);
    return { start, end: start + phrase.length };
  };
  const paraphrase = at('the strike may have killed 40 people');
  const quote = at(quoted);
  const description = described(body);
  return {
    mentions: [{ entityId: amnesty, ...at('Amnesty International'), confidence: 0.9 }],
    citations: [
      { ...paraphrase, kind: 'PARAPHRASE', sourceEntityId: null, sourceDescription: description, confidence: 0.45, cue: 'said' },
      { ...quote, kind: 'QUOTE', sourceEntityId: amnesty, sourceDescription: null, confidence: 0.75, cue: 'said' },
    ],
    claims: [
      {
        subjectId: strike,
        property: 'childDeathToll',
        valueText: '12',
        ...quote,
        confidence: 0.6,
        modality: 'ASSERTS',
        asserterId: amnesty,
        asserterDescription: null,
        citation: 1,
        qualifiers: [{ property: 'place', valueText: 'Gaza', entityId: gaza }],
      },
      {
        subjectId: strike,
        property: 'deathToll',
        valueText: '40',
        ...paraphrase,
        confidence: 0.4,
        modality: 'SPECULATES',
        asserterId: null,
        asserterDescription: description,
        citation: 0,
        qualifiers: [
          { property: 'pointInTime', valueText: 'by Tuesday', entityId: null },
          { property: 'place', valueText: 'the city', entityId: null },
        ],
      },
    ],
    candidates: new Map(),
  };
}

const item = (n: number, unnamed = 'Officials'): ExtractedDocument => ({
  source: `doc-${n}`,
  text: text(n, unnamed),
  title: `Report ${n}`,
  url: `https://example.org/report/${n}`,
  publishedAt: null,
  publisher: null,
});

/** Every field of the two suggested citations and claims, as stored for the document (the rows of one version when given). */
async function expectWritten(documentId: number, description: string, versionId?: number) {
  const span = versionId === undefined ? {} : { span: { versionId } };
  const citations = await t.db.prisma.citation.findMany({ where: { documentId, ...span }, include: { span: true }, orderBy: { id: 'asc' } });
  expect(citations.map((c) => ({ kind: c.kind, exact: c.span.exact, sourceEntityId: c.sourceEntityId, sourceDescription: c.sourceDescription, status: c.status, method: c.method, confidence: c.confidence }))).toEqual([
    { kind: 'PARAPHRASE', exact: 'the strike may have killed 40 people', sourceEntityId: null, sourceDescription: description, status: 'SUGGESTED', method: 'PATTERN', confidence: 0.45 },
    { kind: 'QUOTE', exact: quoted, sourceEntityId: amnesty, sourceDescription: null, status: 'SUGGESTED', method: 'PATTERN', confidence: 0.75 },
  ]);
  const [unnamed, named] = citations;
  const claims = await t.db.prisma.claim.findMany({
    where: { documentId, ...span },
    include: { span: true, qualifiers: { orderBy: { id: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  expect(
    claims.map((c) => ({
      property: c.property,
      valueText: c.valueText,
      exact: c.span.exact,
      modality: c.modality,
      asserterId: c.asserterId,
      asserterDescription: c.asserterDescription,
      citationId: c.citationId,
      status: c.status,
      method: c.method,
      confidence: c.confidence,
      qualifiers: c.qualifiers.map(({ property, valueText, entityId }) => ({ property, valueText, entityId })),
    })),
  ).toEqual([
    {
      property: 'childDeathToll',
      valueText: '12',
      exact: quoted,
      modality: 'ASSERTS',
      asserterId: amnesty,
      asserterDescription: null,
      citationId: named!.id,
      status: 'SUGGESTED',
      method: 'PATTERN',
      confidence: 0.6,
      qualifiers: [{ property: 'place', valueText: 'Gaza', entityId: gaza }],
    },
    {
      property: 'deathToll',
      valueText: '40',
      exact: 'the strike may have killed 40 people',
      modality: 'SPECULATES',
      asserterId: null,
      asserterDescription: description,
      citationId: unnamed!.id,
      status: 'SUGGESTED',
      method: 'PATTERN',
      confidence: 0.4,
      qualifiers: [
        { property: 'pointInTime', valueText: 'by Tuesday', entityId: null },
        { property: 'place', valueText: 'the city', entityId: null },
      ],
    },
  ]);
  // The claims are on their own document's citations (ids are not shared between documents).
  expect(citations.every((c) => c.documentId === documentId)).toBe(true);
}

describe(`ingest writes every field of its suggestions (${testProvider})`, () => {
  it('through the bulk path, a batch of new documents and a single one', async () => {
    const writer = cliWriter(t.db, collectionId);
    const batch = Array.from({ length: DRIVER_MIN + 1 }, (_, n) => item(n));
    const report = await ingestDocuments(t.db, writer, collectionId, batch, { suggest });
    expect(report.created).toBe(DRIVER_MIN + 1);
    const single = await ingestDocuments(t.db, writer, collectionId, [item(100)], { suggest });
    expect(single.created).toBe(1);
    for (const outcome of [...report.outcomes, ...single.outcomes]) {
      expect(outcome.suggestions).toEqual({ mentions: 1, citations: 2, claims: 2 });
      await expectWritten(outcome.documentId!, 'officials');
    }
  });

  it('through the new-version path', async () => {
    const writer = cliWriter(t.db, collectionId);
    // What re-anchoring keeps of the first version stays; the new version's suggestions come after it.
    const before = await t.db.prisma.citation.aggregate({ _max: { id: true } });
    const report = await ingestDocuments(t.db, writer, collectionId, [item(100, 'A spokesman for the ministry')], { suggest });
    expect(report.newVersions).toBe(1);
    const documentId = report.outcomes[0]!.documentId!;
    expect(report.outcomes[0]!.suggestions).toMatchObject({ citations: 2, claims: 2 });
    const version = await t.db.prisma.documentVersion.findFirstOrThrow({ where: { documentId }, orderBy: { number: 'desc' } });
    expect(version.number).toBe(2);
    const newer = { id: { gt: before._max.id! } };
    const citations = await t.db.prisma.citation.findMany({ where: { documentId, ...newer }, include: { span: true }, orderBy: { id: 'asc' } });
    expect(citations.map((c) => [c.kind, c.span.exact, c.sourceEntityId, c.sourceDescription, c.status, c.method, c.confidence])).toEqual([
      ['PARAPHRASE', 'the strike may have killed 40 people', null, 'a spokesman for the ministry', 'SUGGESTED', 'PATTERN', 0.45],
      ['QUOTE', quoted, amnesty, null, 'SUGGESTED', 'PATTERN', 0.75],
    ]);
    const claims = await t.db.prisma.claim.findMany({ where: { documentId, citationId: { in: citations.map((c) => c.id) } }, include: { qualifiers: { orderBy: { id: 'asc' } } }, orderBy: { id: 'asc' } });
    expect(claims.map((c) => [c.valueText, c.modality, c.asserterId, c.asserterDescription, c.citationId, c.status, c.method, c.confidence, c.qualifiers.map((q) => [q.property, q.valueText, q.entityId])])).toEqual([
      ['12', 'ASSERTS', amnesty, null, citations[1]!.id, 'SUGGESTED', 'PATTERN', 0.6, [['place', 'Gaza', gaza]]],
      ['40', 'SPECULATES', null, 'a spokesman for the ministry', citations[0]!.id, 'SUGGESTED', 'PATTERN', 0.4, [['pointInTime', 'by Tuesday', null], ['place', 'the city', null]]],
    ]);
  });
});
