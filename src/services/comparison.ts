// Loads the claims of one subject and property with everything comparison needs (publisher,
// asserter, citation chain, qualifiers) in one query, and hands them to the domain module.
import type { Prisma, PrismaClient } from '../db/client.js';
import type { ComparableValue } from '../domain/compare.js';
import { buildComparison, type Comparison, type ComparisonClaim } from '../domain/comparison.js';
import type { ChainLink, IndependenceOptions, OrganisationRef } from '../domain/independence.js';

/** Organisations nest at most this deep for origin merging; citation chains are followed this deep. */
const ANCESTOR_DEPTH = 4;
const CHAIN_DEPTH = 6;

type Named = { id: number; name: string; parent?: Named | null };

function organisationSelect(depth: number): Prisma.EntitySelect {
  return { id: true, name: true, ...(depth > 0 ? { parent: { select: organisationSelect(depth - 1) } } : {}) };
}

function citationSelect(depth: number): Prisma.CitationSelect {
  return {
    id: true,
    kind: true,
    parentId: true,
    sourceEntity: { select: organisationSelect(ANCESTOR_DEPTH) },
    sourceDocument: { select: { id: true, title: true, publisher: { select: organisationSelect(ANCESTOR_DEPTH) } } },
    ...(depth > 1 ? { parent: { select: citationSelect(depth - 1) } } : {}),
  };
}

const claimSelect = {
  id: true,
  valueText: true,
  valueKind: true,
  lower: true,
  upper: true,
  modality: true,
  valueEntity: { select: { id: true, name: true } },
  qualifiers: { select: { property: true, valueText: true, entityId: true } },
  document: { select: { id: true, title: true, publisher: { select: organisationSelect(ANCESTOR_DEPTH) } } },
  asserter: { select: organisationSelect(ANCESTOR_DEPTH) },
  citation: { select: citationSelect(CHAIN_DEPTH) },
} satisfies Prisma.ClaimSelect;

function organisation(entity: Named | null | undefined): OrganisationRef | null {
  if (!entity) return null;
  const ancestors: Array<{ id: number; name: string }> = [];
  for (let parent = entity.parent; parent; parent = parent.parent) ancestors.push({ id: parent.id, name: parent.name });
  return { id: entity.id, name: entity.name, ancestors };
}

type LoadedCitation = {
  id: number;
  kind: ChainLink['kind'];
  parentId: number | null;
  sourceEntity: Named | null;
  sourceDocument: { id: number; title: string; publisher: Named | null } | null;
  parent?: LoadedCitation | null;
};

function chainOf(citation: LoadedCitation | null): ChainLink[] {
  const chain: ChainLink[] = [];
  for (let link = citation; link; link = link.parent ?? null) {
    const source = link.sourceEntity
      ? { type: 'ENTITY' as const, entity: organisation(link.sourceEntity)! }
      : link.sourceDocument
        ? { type: 'DOCUMENT' as const, documentId: link.sourceDocument.id, title: link.sourceDocument.title, publisher: organisation(link.sourceDocument.publisher) }
        : null;
    chain.unshift({ citationId: link.id, kind: link.kind, source });
  }
  return chain;
}

function valueOf(claim: { valueKind: string; valueText: string; lower: number | null; upper: number | null; valueEntity: { id: number; name: string } | null }): ComparableValue {
  if (claim.valueKind === 'ENTITY' && claim.valueEntity) return { kind: 'ENTITY', entityId: claim.valueEntity.id, label: claim.valueEntity.name };
  if (claim.valueKind === 'QUANTITY' || claim.valueKind === 'SHARE' || claim.valueKind === 'DATE') return { kind: claim.valueKind, lower: claim.lower, upper: claim.upper };
  return { kind: 'TEXT', text: claim.valueText };
}

export async function compareClaims(
  prisma: PrismaClient,
  query: { subjectId: number; property: string; documents: Prisma.DocumentWhereInput },
  options: IndependenceOptions = {},
): Promise<Comparison> {
  const rows = await prisma.claim.findMany({
    where: { subjectId: query.subjectId, property: query.property, status: { not: 'REJECTED' }, document: query.documents },
    orderBy: [{ documentId: 'asc' }, { id: 'asc' }],
    select: claimSelect,
  });
  const claims: ComparisonClaim[] = rows.map((row) => ({
    claimId: row.id,
    document: { id: row.document.id, title: row.document.title, publisher: organisation(row.document.publisher as Named | null) },
    asserter: organisation(row.asserter as Named | null),
    chain: chainOf(row.citation as LoadedCitation | null),
    valueText: row.valueText,
    value: valueOf(row),
    modality: row.modality,
    qualifiers: row.qualifiers,
  }));
  return buildComparison(claims, options);
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
