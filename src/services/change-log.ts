// Who may see which recorded change, and what of its snapshots, by the one visibility rule of
// src/services/access.ts (a collection is readable when public or when the caller holds a role on it):
// - a change of a collection-scoped node (collection, document, mention, claim, citation) carries
//   its collection and is shown only to callers who may read that collection now;
// - a deleted collection is read by no one, so its changes (its creation, edits, deletion and
//   those of the documents it held) are shown only to the tokens that were its admins when it was
//   deleted, as deleteCollection recorded them (DeletedCollectionAdmin); they stay in the database
//   and in exports;
// - a change of a shared node (entities, names, judgements) carries no collection and is shown to
//   everyone, its snapshots redacted to the rows the caller may read
//   (src/domain/change-references.ts);
// - a change of any other node type without a collection is shown to no one (fail closed).
import type { Prisma, PrismaClient } from '../db/client.js';
import { readableCollectionsWhere, readableDocumentsWhere, type Actor } from './access.js';
import { collectReferences, redactSnapshots, type ChangeSnapshots, type References, type ScopedTable } from '../domain/change-references.js';

/** Node types shared by every collection: their changes are recorded without a collection. */
export const sharedNodeTypes = ['Person', 'Organisation', 'Event', 'Name', 'EntityJudgement'] as const;

type Reader = Pick<PrismaClient, 'collection' | 'document' | 'span' | 'mention' | 'claim' | 'claimQualifier' | 'citation'>;
type CollectionReader = Pick<PrismaClient, 'collection' | 'deletedCollectionAdmin'>;

/**
 * Ids of the collections whose changes the caller may see: those it may read (readableCollectionsWhere),
 * and the deleted ones its token was an admin of when they were deleted. One statement, two with a
 * token (run together). `only`: just this collection, whether it is one of them.
 */
export async function readableCollectionIds(prisma: CollectionReader, viewer: Actor, only?: number): Promise<number[]> {
  const where = readableCollectionsWhere(viewer);
  const [live, deleted] = await Promise.all([
    prisma.collection.findMany({ where: only === undefined ? where : { AND: [{ id: only }, where] }, select: { id: true } }),
    viewer.tokenId === null
      ? []
      : prisma.deletedCollectionAdmin.findMany({ where: { tokenId: viewer.tokenId, ...(only === undefined ? {} : { collectionId: only }) }, select: { collectionId: true } }),
  ]);
  return [...live.map((row) => row.id), ...deleted.map((row) => row.collectionId)];
}

/** The changes a caller who may read these collections may see. */
export function visibleChangesWhere(readableCollections: readonly number[]): Prisma.ChangeWhereInput {
  return {
    OR: [
      { collectionId: null, nodeType: { in: [...sharedNodeTypes] } },
      { collectionId: { in: [...readableCollections] } },
    ],
  };
}

/** Whether the caller may see this change at all. */
export async function canSeeChange(prisma: CollectionReader, viewer: Actor, change: { collectionId: number | null; nodeType: string }): Promise<boolean> {
  if (change.collectionId === null) return (sharedNodeTypes as readonly string[]).includes(change.nodeType);
  return (await readableCollectionIds(prisma, viewer, change.collectionId)).includes(change.collectionId);
}

/**
 * Records, in deleteCollection's transaction, the tokens holding ADMIN on the collection about to
 * be deleted (its grants go with it): they alone see its changes afterwards. Revoked tokens,
 * which no request can use, are left out.
 */
export async function recordDeletedCollectionAdmins(tx: Pick<PrismaClient, 'tokenGrant' | 'deletedCollectionAdmin'>, collectionId: number): Promise<void> {
  const admins = await tx.tokenGrant.findMany({ where: { collectionId, role: 'ADMIN', token: { revokedAt: null } }, select: { tokenId: true } });
  if (admins.length > 0) await tx.deletedCollectionAdmin.createMany({ data: admins.map(({ tokenId }) => ({ tokenId, collectionId })) });
}

/** Which of these ids of one table the caller may read: one statement. */
async function readableIds(prisma: Reader, viewer: Actor, table: ScopedTable, ids: number[]): Promise<number[]> {
  const documents = readableDocumentsWhere(viewer);
  const id = { in: ids };
  const select = { id: true } as const;
  let rows: Array<{ id: number }>;
  switch (table) {
    case 'Document':
      rows = await prisma.document.findMany({ where: { AND: [{ id }, documents] }, select });
      break;
    case 'Span':
      rows = await prisma.span.findMany({ where: { id, document: documents }, select });
      break;
    case 'Mention':
      rows = await prisma.mention.findMany({ where: { id, document: documents }, select });
      break;
    case 'Claim':
      rows = await prisma.claim.findMany({ where: { id, document: documents }, select });
      break;
    case 'Citation':
      rows = await prisma.citation.findMany({ where: { id, document: documents }, select });
      break;
    case 'ClaimQualifier':
      rows = await prisma.claimQualifier.findMany({ where: { id, claim: { document: documents } }, select });
      break;
  }
  return rows.map((row) => row.id);
}

/**
 * The snapshots of these changes as the caller may see them. Every id a page of changes names is
 * checked at once: one statement per table named, none when the snapshots name no scoped row.
 */
export async function redactChanges(prisma: Reader, viewer: Actor, changes: readonly ChangeSnapshots[]): Promise<Array<{ before: unknown; after: unknown }>> {
  const references: References = new Map();
  for (const change of changes) collectReferences(change, references);
  const readable = new Map<ScopedTable, Set<number>>();
  await Promise.all(
    [...references].map(async ([table, ids]) => {
      readable.set(table, new Set(await readableIds(prisma, viewer, table, [...ids])));
    }),
  );
  return changes.map((change) => redactSnapshots(change, (table, id) => readable.get(table)?.has(id) ?? false));
}
