// Loads the claims of one subject and property with everything comparison needs (publisher,
// asserter, citation chain, qualifiers) and hands them to the domain module. A comparison can
// span 10,000 claims, so the three big reads go straight through the driver (Database.lean):
// through Prisma they cost ~30 ms per 10,000 rows in result mapping alone (bench/compare.ts).
import type { Database, Prisma, PrismaClient } from '../db/client.js';
import type { ComparableValue } from '../domain/compare.js';
import { buildComparison, type Comparison, type ComparisonClaim } from '../domain/comparison.js';
import type { ChainLink, CitedSource, IndependenceOptions, OrganisationRef } from '../domain/independence.js';

type Id = number | bigint;
const num = (value: Id | null): number | null => (value === null ? null : Number(value));


/** id, documentId, title, publisherId, valueText, valueKind, lower, upper, modality, valueEntityId, asserterId, citationId */
type ClaimTuple = [Id, Id, string, Id | null, string, string, number | null, number | null, ComparisonClaim['modality'], Id | null, Id | null, Id | null];

interface CitationRow {
  id: Id;
  kind: ChainLink['kind'];
  parentId: Id | null;
  sourceEntityId: Id | null;
  sourceDocumentId: Id | null;
}

export async function compareClaims(
  db: Database,
  query: { subjectId: number; property: string; collections: Prisma.CollectionWhereInput },
  options: IndependenceOptions = {},
): Promise<Comparison> {
  const prisma = db.prisma;
  const visible = (await prisma.collection.findMany({ where: query.collections, select: { id: true } })).map((collection) => collection.id);
  if (visible.length === 0) return buildComparison([], options);
  const inVisible = visible.map((_, index) => `$${index + 3}`).join(', ');
  // Rows as arrays: 10,000 claims would otherwise be 10,000 short-lived objects before the real ones.
  const claimRows = (
    await db.leanRows(
      `SELECT c."id", c."documentId", d."title", d."publisherId", c."valueText", c."valueKind", c."lower", c."upper", c."modality",
              c."valueEntityId", c."asserterId", c."citationId"
       FROM "Claim" c JOIN "Document" d ON d."id" = c."documentId"
       WHERE c."subjectId" = $1 AND c."property" = $2 AND c."status" <> 'REJECTED' AND d."collectionId" IN (${inVisible})
       ORDER BY c."documentId", c."id"`,
      [query.subjectId, query.property, ...visible],
    )
  ) as ClaimTuple[];
  const qualifierRows = await db.lean<{ claimId: Id; property: string; valueText: string | null; entityId: Id | null }>(
    `SELECT q."claimId", q."property", q."valueText", q."entityId" FROM "ClaimQualifier" q JOIN "Claim" c ON c."id" = q."claimId"
     WHERE c."subjectId" = $1 AND c."property" = $2 ORDER BY q."id"`,
    [query.subjectId, query.property],
  );
  // Every citation of these documents: chains stay inside their document.
  const citationRows = await db.lean<CitationRow>(
    `SELECT "id", "kind", "parentId", "sourceEntityId", "sourceDocumentId" FROM "Citation"
     WHERE "documentId" IN (SELECT "documentId" FROM "Claim" WHERE "subjectId" = $1 AND "property" = $2)`,
    [query.subjectId, query.property],
  );
  const citations = new Map(citationRows.map((row) => [Number(row.id), row]));

  const sourceDocuments = new Map<number, { title: string; publisherId: number | null }>();
  const sourceDocumentIds = [...new Set(citationRows.map((row) => num(row.sourceDocumentId)).filter((id): id is number => id !== null))];
  if (sourceDocumentIds.length > 0) {
    const rows = await prisma.document.findMany({ where: { id: { in: sourceDocumentIds } }, select: { id: true, title: true, publisherId: true } });
    for (const row of rows) sourceDocuments.set(row.id, row);
  }

  // Names and parents of every organisation or person involved, walking up parents level by level.
  const entities = new Map<number, { name: string; parentId: number | null }>();
  let wanted = new Set<number>();
  for (const row of claimRows) for (const id of [row[3], row[9], row[10]]) if (id !== null) wanted.add(Number(id));
  for (const row of citationRows) if (row.sourceEntityId !== null) wanted.add(Number(row.sourceEntityId));
  for (const document of sourceDocuments.values()) if (document.publisherId !== null) wanted.add(document.publisherId);
  for (let depth = 0; wanted.size > 0 && depth < 10; depth++) {
    const rows = await prisma.entity.findMany({ where: { id: { in: [...wanted] } }, select: { id: true, name: true, parentId: true } });
    for (const row of rows) entities.set(row.id, row);
    wanted = new Set(rows.map((row) => row.parentId).filter((id): id is number => id !== null && !entities.has(id)));
  }

  // One object per organisation, shared by every claim that names it: 10,000 claims name a few dozen.
  const organisations = new Map<number, OrganisationRef | null>();
  const organisation = (id: number | null): OrganisationRef | null => {
    if (id === null) return null;
    if (organisations.has(id)) return organisations.get(id)!;
    const entity = entities.get(id);
    let ref: OrganisationRef | null = null;
    if (entity) {
      const ancestors: Array<{ id: number; name: string }> = [];
      for (let parent = entity.parentId, hops = 0; parent !== null && hops < 10; hops++) {
        const found = entities.get(parent);
        if (!found) break;
        ancestors.push({ id: parent, name: found.name });
        parent = found.parentId;
      }
      ref = { id, name: entity.name, ancestors };
    }
    organisations.set(id, ref);
    return ref;
  };

  const chains = new Map<number, ChainLink[]>();
  const chainOf = (citationId: number | null): ChainLink[] => {
    if (citationId === null) return [];
    const cached = chains.get(citationId);
    if (cached) return cached;
    const chain: ChainLink[] = [];
    const seen = new Set<number>();
    for (let id: number | null = citationId; id !== null && !seen.has(id); ) {
      seen.add(id);
      const row = citations.get(id);
      if (!row) break;
      const sourceDocumentId = num(row.sourceDocumentId);
      const sourceDocument = sourceDocumentId === null ? undefined : sourceDocuments.get(sourceDocumentId);
      const source: CitedSource | null =
        row.sourceEntityId !== null
          ? { type: 'ENTITY', entity: organisation(Number(row.sourceEntityId))! }
          : sourceDocument
            ? { type: 'DOCUMENT', documentId: sourceDocumentId!, title: sourceDocument.title, publisher: organisation(sourceDocument.publisherId) }
            : null;
      chain.unshift({ citationId: id, kind: row.kind, source });
      id = num(row.parentId);
    }
    chains.set(citationId, chain);
    return chain;
  };

  const qualifiers = new Map<number, ComparisonClaim['qualifiers']>();
  for (const row of qualifierRows) {
    const list = qualifiers.get(Number(row.claimId)) ?? [];
    list.push({ property: row.property, valueText: row.valueText, entityId: num(row.entityId) });
    qualifiers.set(Number(row.claimId), list);
  }

  const documents = new Map<number, ComparisonClaim['document']>();
  const documentOf = (row: ClaimTuple) => {
    const id = Number(row[1]);
    let document = documents.get(id);
    if (!document) documents.set(id, (document = { id, title: row[2], publisher: organisation(num(row[3])) }));
    return document;
  };
  const noQualifiers: ComparisonClaim['qualifiers'] = [];
  const claims: ComparisonClaim[] = claimRows.map((row) => ({
    claimId: Number(row[0]),
    document: documentOf(row),
    asserter: organisation(num(row[10])),
    chain: chainOf(num(row[11])),
    valueText: row[4],
    value: valueOf(row[5], row[4], row[6], row[7], organisation(num(row[9]))),
    modality: row[8],
    qualifiers: qualifiers.get(Number(row[0])) ?? noQualifiers,
  }));
  return buildComparison(claims, options);
}

function valueOf(valueKind: string, valueText: string, lower: number | null, upper: number | null, entity: OrganisationRef | null): ComparableValue {
  if (valueKind === 'ENTITY' && entity) return { kind: 'ENTITY', entityId: entity.id, label: entity.name };
  if (valueKind === 'QUANTITY' || valueKind === 'SHARE' || valueKind === 'DATE') {
    return { kind: valueKind, lower: lower === null ? null : Number(lower), upper: upper === null ? null : Number(upper) };
  }
  return { kind: 'TEXT', text: valueText };
}

/** For each subject: the properties with claims from at least two visible documents. */
export async function comparableProperties(
  prisma: PrismaClient,
  subjectIds: readonly number[],
  documents: Prisma.DocumentWhereInput,
): Promise<Array<Array<{ property: string; documentCount: number; claimCount: number }>>> {
  const groups = await prisma.claim.groupBy({
    by: ['subjectId', 'property', 'documentId'],
    where: { subjectId: { in: [...subjectIds] }, status: { not: 'REJECTED' }, document: documents },
    _count: { _all: true },
  });
  return subjectIds.map((subjectId) => {
    const byProperty = new Map<string, { documentCount: number; claimCount: number }>();
    for (const group of groups) {
      if (group.subjectId !== subjectId) continue;
      const entry = byProperty.get(group.property) ?? { documentCount: 0, claimCount: 0 };
      entry.documentCount += 1;
      entry.claimCount += group._count._all;
      byProperty.set(group.property, entry);
    }
    return [...byProperty.entries()]
      .filter(([, entry]) => entry.documentCount >= 2)
      .map(([property, entry]) => ({ property, ...entry }))
      .sort((a, b) => b.documentCount - a.documentCount || a.property.localeCompare(b.property));
  });
}
