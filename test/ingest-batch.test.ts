// Ingest's bulk write path (src/db/ingest-writer.ts): several batches of new documents through
// the driver, rows Prisma reads back as its own, the full-text index in sync; a batch that
// fails (a suggestion naming an entity that no longer exists) retried one document at a time,
// leaving no trace of the refused documents; ids that never reuse a deleted document's.
// On PostgreSQL, batches of DRIVER_MIN documents or more go through the writer's own pg
// connection and smaller ones through a Prisma transaction: the batches below take both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { DRIVER_MIN } from '../src/db/ingest-writer.js';
import type { ExtractedDocument } from '../src/domain/extract.js';
import { normalizeName } from '../src/domain/names.js';
import { buildGazetteer, type GazetteerName } from '../src/domain/suggestions.js';
import { cliWriter, ingestDocuments, loadGazetteer } from '../src/services/ingest.js';
import { createTestDatabase, tableCounts, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
const names = ['Amir Tehrani', 'Sara Karimi', 'Reza Hosseini'];

beforeAll(async () => {
  t = await createTestDatabase();
  for (const name of names) {
    await t.db.prisma.entity.create({ data: { type: 'PERSON', name, names: { create: [{ name, kind: 'PRIMARY', normalized: normalizeName(name) }] } } });
  }
  const event = '1988 massacre';
  await t.db.prisma.entity.create({ data: { type: 'EVENT', name: event, names: { create: [{ name: event, kind: 'PRIMARY', normalized: normalizeName(event) }] } } });
});

afterAll(async () => {
  await t?.destroy();
});

function item(tag: string, i: number, options: { url?: boolean; speaker?: string } = {}): ExtractedDocument {
  const speaker = options.speaker ?? names[i % names.length]!;
  const text =
    `Report ${tag} number ${i}\n\n` +
    `${names[(i + 1) % names.length]} met ${speaker} in Tehran. The 1988 massacre killed about ${1000 + i} political prisoners, according to a statement.\n\n` +
    `${speaker} said “the families were never told where the victims were buried” and asked for an inquiry (${tag}word${i}).\n\n` +
    `Follow us on Twitter and Facebook\n\nCopyright © 2021 Example News. All Rights Reserved`;
  return { source: `${tag}-${i}`, text, title: null, url: options.url ? `https://example.org/${tag}/${i}` : null, publishedAt: i % 2 ? '2020-05-17' : null, publisher: null };
}

async function collection(slug: string) {
  const created = await t.db.prisma.collection.create({ data: { slug, name: slug } });
  return created.id;
}

/** The full-text index holds exactly the title and current body of every document. */
async function expectSearchInSync(db: Database) {
  const documents = await db.prisma.document.count();
  if (db.provider === 'sqlite') {
    // With rank 1, FTS5 compares its index with the external content (the search_document_source view).
    await db.prisma.$executeRawUnsafe(`INSERT INTO "search_document" ("search_document", "rank") VALUES ('integrity-check', 1)`);
    const [view] = await db.prisma.$queryRawUnsafe<Array<{ rows: number | bigint }>>('SELECT count(*) AS "rows" FROM "search_document_source"');
    expect(Number(view!.rows)).toBe(documents);
  } else {
    const [index] = await db.prisma.$queryRawUnsafe<Array<{ rows: bigint; current: bigint }>>(
      'SELECT count(*) AS "rows", count(*) FILTER (WHERE s."tsv" = search_document_vector(d."title", (SELECT v."body" FROM "DocumentVersion" v WHERE v."documentId" = d."id" ORDER BY v."number" DESC LIMIT 1))) AS "current" ' +
        'FROM "search_document" s JOIN "Document" d ON d."id" = s."documentId"',
    );
    expect([Number(index!.rows), Number(index!.current)]).toEqual([documents, documents]);
  }
}

async function searchIds(db: Database, word: string): Promise<number[]> {
  const rows =
    db.provider === 'sqlite'
      ? await db.lean<{ id: number }>(`SELECT rowid AS "id" FROM "search_document" WHERE "search_document" MATCH $1 ORDER BY rowid`, [word])
      : await db.lean<{ id: number }>(`SELECT "documentId" AS "id" FROM "search_document" WHERE "tsv" @@ to_tsquery('simple', $1) ORDER BY 1`, [word]);
  return rows.map((row) => Number(row.id));
}

describe(`ingest's bulk writes (${testProvider})`, () => {
  it('writes several batches of new documents with their versions, regions, Change rows and suggestions', async () => {
    const collectionId = await collection('batches');
    const writer = cliWriter(t.db, collectionId);
    const batchSize = DRIVER_MIN + 8;
    const count = batchSize + DRIVER_MIN - 2; // one batch at or above DRIVER_MIN, one below
    const items = Array.from({ length: count }, (_, i) => item('batch', i, { url: i % 2 === 0 }));
    const started = Date.now();
    const report = await ingestDocuments(t.db, writer, collectionId, items, { batchSize });
    expect(report.failed).toEqual([]);
    expect(report.created).toBe(count);
    expect(report.outcomes.map((o) => o.status)).toEqual(Array(count).fill('CREATED'));

    const documents = await t.db.prisma.document.findMany({
      where: { collectionId },
      orderBy: { id: 'asc' },
      include: { versions: { include: { boilerplate: true, spans: { include: { mentions: true, claims: true, citations: true } } } } },
    });
    expect(documents.map((d) => d.id)).toEqual(report.outcomes.map((o) => o.documentId));
    const changes = await t.db.prisma.change.findMany({ where: { operation: 'ingestDocument', collectionId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => c.nodeId)).toEqual(documents.map((d) => d.id));
    for (const [i, document] of documents.entries()) {
      const outcome = report.outcomes[i]!;
      expect(document).toMatchObject({ title: `Report batch number ${i}`, kind: 'ARTICLE', language: 'en', version: 1, url: i % 2 === 0 ? `https://example.org/batch/${i}` : null, notes: `ingested from batch-${i}` });
      expect(i % 2 ? [document.publishedYear, document.publishedMonth, document.publishedDay, document.publishedSort] : [document.publishedYear]).toEqual(i % 2 ? [2020, 5, 17, 20200517] : [null]);
      expect(document.createdAt).toBeInstanceOf(Date);
      expect(Math.abs(document.createdAt.getTime() - started)).toBeLessThan(60_000);
      expect(document.updatedAt.getTime()).toBe(document.createdAt.getTime());
      expect(document.versions).toHaveLength(1);
      const version = document.versions[0]!;
      expect(version).toMatchObject({ number: 1, rawText: items[i]!.text, contentHash: document.contentHash });
      expect(version.boilerplate.map((r) => r.kind)).toEqual(['HEADLINE', 'SHARE_LINKS', 'COPYRIGHT']);
      expect(version.boilerplate.every((r) => items[i]!.text.slice(r.start, r.end) === r.text)).toBe(true);
      expect(changes[i]!.after).toEqual({ source: `batch-${i}`, title: document.title, url: document.url, contentHash: document.contentHash, boilerplate: 3, language: 'en' });
      expect(changes[i]!.actor).toBe('cli:ingest');
      // Spans are exact and anchored; every suggestion sits on one.
      for (const span of version.spans) {
        expect(span).toMatchObject({ documentId: document.id, exact: version.body.slice(span.start, span.end), prefix: version.body.slice(Math.max(0, span.start - 32), span.start), suffix: version.body.slice(span.end, span.end + 32), status: 'ANCHORED', offsetUnit: 'UTF16_CODE_UNIT' });
      }
      const mentions = version.spans.flatMap((s) => s.mentions);
      const claims = version.spans.flatMap((s) => s.claims);
      const citations = version.spans.flatMap((s) => s.citations);
      expect({ mentions: mentions.length, citations: citations.length, claims: claims.length }).toEqual(outcome.suggestions);
      // The quotation, and the figure's attribution ("…, according to a statement") as a paraphrase.
      expect(outcome.suggestions).toEqual({ mentions: 4, citations: 2, claims: 1 });
      expect(mentions.every((m) => m.status === 'SUGGESTED' && m.method === 'GAZETTEER' && m.confidence === 0.9 && m.documentId === document.id)).toBe(true);
      const quote = citations.find((c) => c.kind === 'QUOTE');
      const paraphrase = citations.find((c) => c.kind === 'PARAPHRASE');
      expect(quote).toMatchObject({ status: 'SUGGESTED', method: 'PATTERN', confidence: 0.75, documentId: document.id });
      expect(paraphrase).toMatchObject({ status: 'SUGGESTED', method: 'PATTERN', sourceEntityId: null, sourceDescription: 'a statement', documentId: document.id });
      expect(claims[0]).toMatchObject({ property: 'deathToll', valueText: `about ${1000 + i}`, valueKind: 'QUANTITY', approximate: true, modality: 'ESTIMATES', asserterId: null, asserterDescription: 'a statement', citationId: paraphrase!.id, status: 'SUGGESTED', method: 'PATTERN', confidence: 0.45 });
      expect(claims[0]!.lower).toBe(Math.round((1000 + i) * 0.9));
      expect(claims[0]!.upper).toBe(Math.round((1000 + i) * 1.1));
    }
    await expectSearchInSync(t.db);
    expect(await searchIds(t.db, 'batchword7')).toEqual([documents[7]!.id]);

    // Again, in other batches: every document unchanged, nothing written.
    const before = await tableCounts(t.db);
    const again = await ingestDocuments(t.db, writer, collectionId, [...items].reverse(), { batchSize: 7 });
    expect([again.created, again.unchanged, again.newVersions, again.failed.length]).toEqual([0, count, 0, 0]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('writes documents without suggestions', async () => {
    const collectionId = await collection('plain');
    const report = await ingestDocuments(t.db, cliWriter(t.db, collectionId), collectionId, [item('plain', 1), item('plain', 2, { url: true })], { suggestions: false });
    expect(report.created).toBe(2);
    const ids = report.outcomes.map((o) => o.documentId!);
    expect(await t.db.prisma.span.count({ where: { documentId: { in: ids } } })).toBe(0);
    expect(await t.db.prisma.documentVersion.count({ where: { documentId: { in: ids } } })).toBe(2);
    expect(await searchIds(t.db, 'plainword2')).toEqual([ids[1]]);
    await expectSearchInSync(t.db);
  });

  it('retries a failed batch one document at a time: the others are written, the culprits leave no trace', async () => {
    const collectionId = await collection('retry');
    // A gazetteer loaded before an entity was deleted: its mentions can no longer be written.
    const known = await t.db.lean<GazetteerName>(
      'SELECT n."entityId" AS "entityId", e."type" AS "type", n."name" AS "name", n."kind" AS "kind", n."normalized" AS "normalized" FROM "EntityName" n JOIN "Entity" e ON e."id" = n."entityId"',
    );
    const gazetteer = buildGazetteer([...known, { entityId: 999_999, type: 'PERSON', name: 'Ghost Speaker', kind: 'PRIMARY', normalized: normalizeName('Ghost Speaker') }]);
    // Two batches, one at or above DRIVER_MIN, one below, each with one culprit.
    const batchSize = DRIVER_MIN + 2;
    const ghost = new Set([3, batchSize + 2]);
    const items = Array.from({ length: batchSize + 6 }, (_, i) => item('retry', i, { url: i % 3 === 0, ...(ghost.has(i) ? { speaker: 'Ghost Speaker' } : {}) }));
    const good = items.length - 2;
    const documentsBefore = await t.db.prisma.document.count();
    const changesBefore = await t.db.prisma.change.count();
    const report = await ingestDocuments(t.db, cliWriter(t.db, collectionId), collectionId, items, { batchSize, gazetteer });
    expect(report.created).toBe(good);
    expect(report.failed.map((f) => f.source)).toEqual([...ghost].map((i) => `retry-${i}`));
    expect(report.failed.every((f) => /^could not be written: .*(FOREIGN KEY|foreign key)/.test(f.reason))).toBe(true);
    expect(report.outcomes.map((o) => o.status)).toEqual(items.map((_, i) => (ghost.has(i) ? 'FAILED' : 'CREATED')));
    expect(report.suggestions).toEqual({ mentions: 4 * good, citations: 2 * good, claims: good });

    expect(await t.db.prisma.document.count()).toBe(documentsBefore + good);
    expect(await t.db.prisma.change.count()).toBe(changesBefore + good);
    expect(await t.db.prisma.document.count({ where: { notes: { in: [...ghost].map((i) => `ingested from retry-${i}`) } } })).toBe(0);
    expect(await t.db.prisma.documentVersion.count({ where: { rawText: { in: [...ghost].map((i) => items[i]!.text) } } })).toBe(0);
    expect(await t.db.prisma.span.count({ where: { exact: 'Ghost Speaker' } })).toBe(0);
    expect(await t.db.prisma.document.count({ where: { versions: { none: {} } } })).toBe(0);
    expect(await searchIds(t.db, 'retryword3')).toEqual([]);
    expect(await searchIds(t.db, 'retryword4')).toEqual([report.outcomes[4]!.documentId]);
    await expectSearchInSync(t.db);

    // Once the gazetteer is right again, the refused documents load.
    const retried = await ingestDocuments(t.db, cliWriter(t.db, collectionId), collectionId, items, { gazetteer: await loadGazetteer(t.db) });
    expect([retried.created, retried.unchanged, retried.failed.length]).toEqual([2, good, 0]);
  });

  it('never gives a new document the id of a deleted one', async () => {
    const collectionId = await collection('ids');
    const writer = cliWriter(t.db, collectionId);
    const first = await ingestDocuments(t.db, writer, collectionId, [item('ids', 1)], { suggestions: false });
    const deleted = first.outcomes[0]!.documentId!;
    await t.db.prisma.document.delete({ where: { id: deleted } });
    const second = await ingestDocuments(t.db, writer, collectionId, [item('ids', 2)], { suggestions: false });
    expect(second.outcomes[0]!.documentId!).toBeGreaterThan(deleted);
    await expectSearchInSync(t.db);
  });
});
