// Loads the claims of one subject and property with everything comparison needs (publisher,
// asserter, citation chain, qualifiers) and hands them to the domain module.
//
// Two ways, with the same result (test/compare.test.ts checks it on generated claims):
// - summariseClaims: the database groups the claims into claim sets (claims that agree in value
//   text, value, denial, qualifiers and origin) and the domain compares sets. A comparison can span
//   10,000 claims; they state a dozen values from a few dozen origins, so this reads a few hundred
//   rows instead of 10,000 and builds no object per claim (bench/compare.ts).
// - compareClaims: every claim, one row each, for queries that list claims (their origin and
//   evidence, the claims behind each relation and cluster).
// Reads go straight through the driver (Database.lean): through Prisma, result mapping alone costs
// ~30 ms per 10,000 rows.
import type { Database, Prisma, PrismaClient } from '../db/client.js';
import type { ComparableValue } from '../domain/compare.js';
import {
  buildComparison,
  compareClaimSets,
  scopeKey,
  scopeText,
  type ClaimSet,
  type Comparison,
  type ComparisonClaim,
  type ComparisonSummary,
} from '../domain/comparison.js';
import {
  innermostSource,
  originOf,
  traceOrigin,
  type ChainLink,
  type CitedSource,
  type ClaimProvenance,
  type IndependenceOptions,
  type Origin,
  type OrganisationRef,
} from '../domain/independence.js';

type Id = number | bigint | string;
const num = (value: Id | null): number | null => (value === null ? null : Number(value));

export interface ComparisonQuery {
  subjectId: number;
  property: string;
  collections: Prisma.CollectionWhereInput;
}

/** id, documentId, title, publisherId, valueText, valueKind, lower, upper, modality, valueEntityId, asserterId, citationId, asserterDescription */
type ClaimTuple = [Id, Id, string, Id | null, string, string, number | null, number | null, ComparisonClaim['modality'], Id | null, Id | null, Id | null, string | null];

interface CitationRow {
  id: Id;
  documentId: Id;
  kind: ChainLink['kind'];
  parentId: Id | null;
  sourceEntityId: Id | null;
  sourceDocumentId: Id | null;
  sourceDescription: string | null;
}

async function visibleCollectionIds(prisma: PrismaClient, where: Prisma.CollectionWhereInput): Promise<number[]> {
  return (await prisma.collection.findMany({ where, select: { id: true } })).map((collection) => collection.id);
}

const placeholders = (from: number, count: number) => Array.from({ length: count }, (_, index) => `$${from + index}`).join(', ');

/** Every citation of the documents with claims about the subject's property: chains stay inside their document. */
async function citationsOf(db: Database, query: ComparisonQuery): Promise<CitationRow[]> {
  return db.lean<CitationRow>(
    `SELECT "id", "documentId", "kind", "parentId", "sourceEntityId", "sourceDocumentId", "sourceDescription" FROM "Citation"
     WHERE "documentId" IN (SELECT "documentId" FROM "Claim" WHERE "subjectId" = $1 AND "property" = $2)`,
    [query.subjectId, query.property],
  );
}

/**
 * Names of the organisations and persons involved, with their parents, and the cited documents:
 * one object per organisation, shared by every claim that names it (10,000 claims name a few dozen).
 */
async function provenanceResolver(
  db: Database,
  needed: { entityIds: Iterable<number>; citations: readonly CitationRow[]; documentIds?: Iterable<number> },
) {
  const citationRows = needed.citations;
  const citations = new Map(citationRows.map((row) => [Number(row.id), row]));
  const sourceDocuments = new Map<number, { title: string; publisherId: number | null }>();
  // Cited documents, and the documents whose citations describe an unnamed source (its origin names the document).
  const sourceDocumentIds = [
    ...new Set([
      ...(needed.documentIds ?? []),
      ...citationRows.map((row) => num(row.sourceDocumentId)).filter((id): id is number => id !== null),
      ...citationRows.filter((row) => row.sourceDescription !== null).map((row) => Number(row.documentId)),
    ]),
  ];
  if (sourceDocumentIds.length > 0) {
    const rows = await db.lean<{ id: Id; title: string; publisherId: Id | null }>(
      `SELECT "id", "title", "publisherId" FROM "Document" WHERE "id" IN (${placeholders(1, sourceDocumentIds.length)})`,
      sourceDocumentIds,
    );
    for (const row of rows) sourceDocuments.set(Number(row.id), { title: row.title, publisherId: num(row.publisherId) });
  }

  // Walk up parents level by level.
  const entities = new Map<number, { name: string; parentId: number | null }>();
  let wanted = new Set(needed.entityIds);
  for (const row of citationRows) if (row.sourceEntityId !== null) wanted.add(Number(row.sourceEntityId));
  for (const document of sourceDocuments.values()) if (document.publisherId !== null) wanted.add(document.publisherId);
  for (let depth = 0; wanted.size > 0 && depth < 10; depth++) {
    const ids = [...wanted];
    const rows = await db.lean<{ id: Id; name: string; parentId: Id | null }>(
      `SELECT "id", "name", "parentId" FROM "Entity" WHERE "id" IN (${placeholders(1, ids.length)})`,
      ids,
    );
    for (const row of rows) entities.set(Number(row.id), { name: row.name, parentId: num(row.parentId) });
    wanted = new Set(rows.map((row) => num(row.parentId)).filter((id): id is number => id !== null && !entities.has(id)));
  }

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

  const sourceDocument = (id: number): CitedSource | null => {
    const document = sourceDocuments.get(id);
    return document ? { type: 'DOCUMENT', documentId: id, title: document.title, publisher: organisation(document.publisherId) } : null;
  };

  const unnamedSource = (description: string, documentId: number): CitedSource => ({
    type: 'UNNAMED',
    description,
    document: { id: documentId, title: sourceDocuments.get(documentId)?.title ?? '' },
  });

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
      const source: CitedSource | null =
        row.sourceEntityId !== null
          ? { type: 'ENTITY', entity: organisation(Number(row.sourceEntityId))! }
          : row.sourceDocumentId !== null
            ? sourceDocument(Number(row.sourceDocumentId))
            : row.sourceDescription !== null
              ? unnamedSource(row.sourceDescription, Number(row.documentId))
              : null;
      chain.unshift({ citationId: id, kind: row.kind, source });
      id = num(row.parentId);
    }
    chains.set(citationId, chain);
    return chain;
  };

  return { organisation, chainOf, sourceDocument, unnamedSource };
}

function valueOf(valueKind: string, valueText: string, lower: number | null, upper: number | null, entity: OrganisationRef | null): ComparableValue {
  if (valueKind === 'ENTITY' && entity) return { kind: 'ENTITY', entityId: entity.id, label: entity.name };
  if (valueKind === 'QUANTITY' || valueKind === 'SHARE' || valueKind === 'DATE') {
    return { kind: valueKind, lower: lower === null ? null : Number(lower), upper: upper === null ? null : Number(upper) };
  }
  return { kind: 'TEXT', text: valueText };
}

/** Every claim of the comparison, one by one, by document then id. */
export async function compareClaims(db: Database, query: ComparisonQuery, options: IndependenceOptions = {}): Promise<Comparison> {
  const visible = await visibleCollectionIds(db.prisma, query.collections);
  if (visible.length === 0) return buildComparison([], options);
  // Rows as arrays: 10,000 claims would otherwise be 10,000 short-lived objects before the real ones.
  const claimRows = (await db.leanRows(
    `SELECT c."id", c."documentId", d."title", d."publisherId", c."valueText", c."valueKind", c."lower", c."upper", c."modality",
            c."valueEntityId", c."asserterId", c."citationId", c."asserterDescription"
     FROM "Claim" c JOIN "Document" d ON d."id" = c."documentId"
     WHERE c."subjectId" = $1 AND c."property" = $2 AND c."status" <> 'REJECTED' AND d."collectionId" IN (${placeholders(3, visible.length)})
     ORDER BY c."documentId", c."id"`,
    [query.subjectId, query.property, ...visible],
  )) as ClaimTuple[];
  // With the primary name of an entity qualifier, for the scope in words: no statement of its own.
  const qualifierRows = await db.lean<{ claimId: Id; property: string; valueText: string | null; entityId: Id | null; entityName: string | null }>(
    `SELECT q."claimId", q."property", q."valueText", q."entityId", e."name" AS "entityName"
     FROM "ClaimQualifier" q JOIN "Claim" c ON c."id" = q."claimId" LEFT JOIN "Entity" e ON e."id" = q."entityId"
     WHERE c."subjectId" = $1 AND c."property" = $2 ORDER BY q."id"`,
    [query.subjectId, query.property],
  );
  const entityIds = new Set<number>();
  for (const row of claimRows) for (const id of [row[3], row[9], row[10]]) if (id !== null) entityIds.add(Number(id));
  const { organisation, chainOf } = await provenanceResolver(db, { entityIds, citations: await citationsOf(db, query) });

  const qualifiers = new Map<number, ComparisonClaim['qualifiers']>();
  for (const row of qualifierRows) {
    const list = qualifiers.get(Number(row.claimId)) ?? [];
    list.push({ property: row.property, valueText: row.valueText, entityId: num(row.entityId), entityName: row.entityName });
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
    asserterDescription: row[12],
    chain: chainOf(num(row[11])),
    valueText: row[4],
    value: valueOf(row[5], row[4], row[6], row[7], organisation(num(row[9]))),
    modality: row[8],
    qualifiers: qualifiers.get(Number(row[0])) ?? noQualifiers,
  }));
  return buildComparison(claims, options);
}

/** A position in the order compareClaims lists claims: after the claim with this id in this document. */
export interface ClaimPosition {
  documentId: number;
  claimId: number;
}

/** One page of a comparison's claims, each with its provenance and the origin it counts for. */
export interface ComparedClaimPage {
  /** In comparison order (document, then id). */
  claims: Array<ClaimProvenance & { origin: Origin }>;
  hasNextPage: boolean;
}

/**
 * The claims of the comparison after `after` (exclusive), at most `first`, in compareClaims'
 * order, with the origins compareClaims gives them. Only the page's rows are read, and the
 * citations, documents and organisations they lead to: a page costs the same statements whatever
 * the comparison's size.
 */
export async function comparedClaimPage(
  db: Database,
  query: ComparisonQuery,
  page: { first: number; after?: ClaimPosition | null },
  options: IndependenceOptions = {},
): Promise<ComparedClaimPage> {
  const visible = await visibleCollectionIds(db.prisma, query.collections);
  if (visible.length === 0) return { claims: [], hasNextPage: false };
  const after = page.after ? ` AND (c."documentId" > $3 OR (c."documentId" = $4 AND c."id" > $5))` : '';
  const from = page.after ? 6 : 3;
  const rows = (await db.leanRows(
    `SELECT c."id", c."documentId", d."title", d."publisherId", c."asserterId", c."citationId", c."asserterDescription"
     FROM "Claim" c JOIN "Document" d ON d."id" = c."documentId"
     WHERE c."subjectId" = $1 AND c."property" = $2 AND c."status" <> 'REJECTED'${after} AND d."collectionId" IN (${placeholders(from, visible.length)})
     ORDER BY c."documentId", c."id" LIMIT ${Math.max(0, Math.floor(page.first)) + 1}`,
    [query.subjectId, query.property, ...(page.after ? [page.after.documentId, page.after.documentId, page.after.claimId] : []), ...visible],
  )) as Array<[Id, Id, string, Id | null, Id | null, Id | null, string | null]>;
  const hasNextPage = rows.length > page.first;
  const pageRows = rows.slice(0, page.first);
  if (pageRows.length === 0) return { claims: [], hasNextPage };
  // The page's citations and their parents, in one statement. As citationsOf reads them for
  // compareClaims: only citations of documents with claims about the subject's property.
  const citationIds = [...new Set(pageRows.map((row) => num(row[5])).filter((id): id is number => id !== null))];
  const withClaims = `"documentId" IN (SELECT "documentId" FROM "Claim" WHERE "subjectId" = $${citationIds.length + 1} AND "property" = $${citationIds.length + 2})`;
  const citations =
    citationIds.length > 0
      ? await db.lean<CitationRow>(
          `WITH RECURSIVE links("id") AS (
             SELECT "id" FROM "Citation" WHERE "id" IN (${placeholders(1, citationIds.length)})
             UNION SELECT c."parentId" FROM "Citation" c JOIN links ON links."id" = c."id" WHERE c."parentId" IS NOT NULL
           )
           SELECT "id", "documentId", "kind", "parentId", "sourceEntityId", "sourceDocumentId", "sourceDescription" FROM "Citation"
           WHERE "id" IN (SELECT "id" FROM links) AND ${withClaims}`,
          [...citationIds, query.subjectId, query.property],
        )
      : [];
  const entityIds = new Set<number>();
  for (const row of pageRows) for (const id of [row[3], row[4]]) if (id !== null) entityIds.add(Number(id));
  const { organisation, chainOf } = await provenanceResolver(db, { entityIds, citations });
  const documents = new Map<number, ClaimProvenance['document']>();
  const claims = pageRows.map((row) => {
    const documentId = Number(row[1]);
    let document = documents.get(documentId);
    if (!document) documents.set(documentId, (document = { id: documentId, title: row[2], publisher: organisation(num(row[3])) }));
    const claim: ClaimProvenance = { claimId: Number(row[0]), document, asserter: organisation(num(row[4])), asserterDescription: row[6], chain: chainOf(num(row[5])) };
    return { ...claim, origin: traceOrigin(claim, options).origin };
  });
  return { claims, hasNextPage };
}

/** How many claims compareClaims would list. */
export async function comparedClaimCount(db: Database, query: ComparisonQuery): Promise<number> {
  const visible = await visibleCollectionIds(db.prisma, query.collections);
  if (visible.length === 0) return 0;
  const [row] = await db.leanRows(
    `SELECT COUNT(*) FROM "Claim" c JOIN "Document" d ON d."id" = c."documentId"
     WHERE c."subjectId" = $1 AND c."property" = $2 AND c."status" <> 'REJECTED' AND d."collectionId" IN (${placeholders(3, visible.length)})`,
    [query.subjectId, query.property, ...visible],
  );
  return Number((row as unknown[])[0]);
}

/**
 * One row per claim set: valueKind, valueText, lower, upper, valueEntityId, denies (0/1),
 * qualifiers (JSON [[property, valueText, entityId, entity name], …] or null), attributed (0/1), then the origin
 * as far as SQL resolves it: originEntityId (the publisher of the document's own voice; else the
 * person or organisation the claim's citation names, else the asserter), originDocumentId (a
 * document's own voice without publisher; else the document the citation names), originTitle (the
 * title of that own-voice document), chainCitationId (a citation naming no source, or not in the
 * claim's document: the chain is followed in code, as compareClaims does); then count, the first
 * claim (document, id), the lowest claim id and the documents, comma-separated; then, for an
 * attributed claim with no asserter entity, the asserter's description and the claim's document
 * (an unnamed source is an origin per document).
 * A claim is in its document's own voice when it has no asserter, named or described, and its
 * citation (in its document) does not describe an unnamed source (domain/independence.ts inOwnVoice).
 */
type SetTuple = [
  string, string, number | null, number | null, Id | null, Id, string | null, Id,
  Id | null, Id | null, string | null, Id | null,
  Id, Id, Id, Id, string,
  string | null, Id | null,
];

function groupedClaimsSql(provider: Database['provider'], visibleCount: number): string {
  const sqlite = provider === 'sqlite';
  const qualifierList = sqlite
    ? `json_group_array(json_array(q."property", q."valueText", q."entityId", e."name"))`
    : `json_agg(json_build_array(q."property", q."valueText", q."entityId", e."name"))::text`;
  const documentList = sqlite ? `group_concat(c."documentId")` : `string_agg(c."documentId"::text, ',')`;
  // Texts are grouped by their bytes (as SQLite does): the same groups as the column's deterministic
  // collation, and a cheaper sort.
  const bytes = (text: string) => (sqlite ? text : `${text} COLLATE "C"`);
  // The first claim by (document, id), packed into one integer (ids are 32-bit). GROUP BY lists the
  // numbers first: the sort behind it then rarely compares text (PostgreSQL: 17 → 12 ms for 10,000
  // claims). SQLite's GROUP BY costs ~11 ms for 10,000 claims however it is written (bench/compare.ts).
  const first = `MIN(c."documentId" * 4294967296 + c."id")`;
  const own = `(c."asserterId" IS NULL AND c."asserterDescription" IS NULL AND (ci."sourceDescription" IS NULL OR ci."sourceEntityId" IS NOT NULL OR ci."sourceDocumentId" IS NOT NULL))`;
  return `SELECT c."valueKind", ${bytes('c."valueText"')}, c."lower", c."upper", c."valueEntityId",
      CASE WHEN c."modality" = 'DENIES' THEN 1 ELSE 0 END,
      ${bytes('qs."qualifiers"')},
      CASE WHEN ${own} THEN 0 ELSE 1 END,
      CASE WHEN ${own} THEN d."publisherId" ELSE COALESCE(ci."sourceEntityId", c."asserterId") END,
      CASE WHEN ${own} THEN CASE WHEN d."publisherId" IS NULL THEN c."documentId" END
           WHEN ci."sourceEntityId" IS NULL THEN ci."sourceDocumentId" END,
      ${bytes(`CASE WHEN ${own} AND d."publisherId" IS NULL THEN d."title" END`)},
      CASE WHEN NOT ${own} AND c."citationId" IS NOT NULL AND ci."sourceEntityId" IS NULL AND ci."sourceDocumentId" IS NULL
           THEN c."citationId" END,
      COUNT(*), ${first} / 4294967296, ${first} % 4294967296, MIN(c."id"), ${documentList},
      ${bytes('CASE WHEN c."asserterId" IS NULL THEN c."asserterDescription" END')},
      CASE WHEN c."asserterId" IS NULL AND c."asserterDescription" IS NOT NULL THEN c."documentId" END
    FROM "Claim" c
    JOIN "Document" d ON d."id" = c."documentId"
    LEFT JOIN "Citation" ci ON ci."id" = c."citationId" AND ci."documentId" = c."documentId"
    LEFT JOIN (
      SELECT q."claimId", ${qualifierList} AS "qualifiers"
      FROM "ClaimQualifier" q JOIN "Claim" qc ON qc."id" = q."claimId" LEFT JOIN "Entity" e ON e."id" = q."entityId"
      WHERE qc."subjectId" = $1 AND qc."property" = $2
      GROUP BY q."claimId"
    ) qs ON qs."claimId" = c."id"
    WHERE c."subjectId" = $3 AND c."property" = $4 AND c."status" <> 'REJECTED' AND d."collectionId" IN (${placeholders(5, visibleCount)})
    GROUP BY 9, 10, 12, 6, 8, 3, 4, 5, 1, 2, 7, 11, 19, 18`;
}

/** "3,17,17,40" → [3, 17, 17, 40] without a string per number. */
function parseIds(list: string): number[] {
  const ids: number[] = [];
  let value = 0;
  for (let index = 0; index < list.length; index++) {
    const code = list.charCodeAt(index);
    if (code === 44) {
      ids.push(value);
      value = 0;
    } else value = value * 10 + (code - 48);
  }
  if (list.length > 0) ids.push(value);
  return ids;
}

/** Relations, clusters and summary of the comparison, from claim sets grouped by the database. */
export async function summariseClaims(db: Database, query: ComparisonQuery, options: IndependenceOptions = {}): Promise<ComparisonSummary> {
  const visible = await visibleCollectionIds(db.prisma, query.collections);
  if (visible.length === 0) return compareClaimSets([]);
  const rows = (await db.leanRows(groupedClaimsSql(db.provider, visible.length), [
    query.subjectId,
    query.property,
    query.subjectId,
    query.property,
    ...visible,
  ])) as SetTuple[];

  const entityIds = new Set<number>();
  const documentIds = new Set<number>();
  let chained = false;
  for (const row of rows) {
    if (row[4] !== null) entityIds.add(Number(row[4]));
    if (row[8] !== null) entityIds.add(Number(row[8]));
    if (Number(row[7]) === 1 && row[9] !== null) documentIds.add(Number(row[9]));
    if (row[18] !== null) documentIds.add(Number(row[18]));
    if (row[11] !== null) chained = true;
  }
  // Chains SQL did not resolve are followed through every citation of these documents, as compareClaims does.
  const citations = chained ? await citationsOf(db, query) : [];
  const { organisation, chainOf, sourceDocument, unnamedSource } = await provenanceResolver(db, { entityIds, citations, documentIds });

  // The scope key groups; its text (entities by name, the name read with the qualifiers) is what a reader sees.
  const noScope = { key: '', text: '' };
  const scopes = new Map<string, { key: string; text: string }>();
  const scopeOf = (qualifiers: string | null) => {
    if (qualifiers === null) return noScope;
    let scope = scopes.get(qualifiers);
    if (scope === undefined) {
      const list = (JSON.parse(qualifiers) as Array<[string, string | null, Id | null, string | null]>).map(([property, valueText, entityId, entityName]) => ({
        property,
        valueText,
        entityId: num(entityId),
        entityName,
      }));
      scopes.set(qualifiers, (scope = { key: scopeKey(list), text: scopeText(list) }));
    }
    return scope;
  };

  const sets: ClaimSet[] = rows.map((row) => {
    const [valueKind, valueText, lower, upper, valueEntityId, denies, qualifiers, attributed, originEntityId, originDocumentId, originTitle, chainCitationId] = row;
    const firstDocumentId = Number(row[13]);
    let origin;
    if (Number(attributed) === 0) {
      const id = num(originDocumentId) ?? firstDocumentId;
      origin = originOf({ ownVoice: { id, title: originTitle ?? '', publisher: organisation(num(originEntityId)) } }, options);
    } else {
      // As attributedSource does from the whole chain: the innermost source named or described, else the asserter.
      const [asserterDescription, describedIn] = [row[17], row[18]];
      const source =
        (chainCitationId !== null ? innermostSource(chainOf(Number(chainCitationId))) : null) ??
        (originDocumentId !== null ? sourceDocument(Number(originDocumentId)) : null) ??
        (originEntityId !== null ? ({ type: 'ENTITY', entity: organisation(num(originEntityId))! } as const) : null) ??
        unnamedSource(asserterDescription ?? '', Number(describedIn ?? firstDocumentId));
      origin = originOf({ attributedTo: source }, options);
    }
    const scope = scopeOf(qualifiers);
    return {
      valueText,
      value: valueOf(valueKind, valueText, lower, upper, organisation(num(valueEntityId))),
      denies: Number(denies) === 1,
      scope: scope.key,
      scopeText: scope.text,
      origin,
      claimCount: Number(row[12]),
      documentIds: parseIds(row[16]),
      position: [firstDocumentId, Number(row[14])],
      firstClaimId: Number(row[14]),
      lowestClaimId: Number(row[15]),
    };
  });
  return compareClaimSets(sets);
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
