// Entity judgements and reversible merges. A merge moves names, mentions, claims, citations and
// every other reference from one record to the kept one and records exactly what it moved, so
// unmerge can put each row back; a NOT_SAME judgement blocks a merge of that pair.
import type { Prisma } from '../db/client.js';
import { audit, requireEditorSomewhere, type Tx, type Writer } from './curation.js';
import { idOf, notFound, type IdRef } from './ids.js';
import { ConflictError, ValidationError } from './errors.js';

export interface MergeSnapshot {
  kept: number;
  merged: number;
  names: number[];
  mentions: number[];
  claimSubjects: number[];
  claimAsserters: number[];
  claimValues: number[];
  qualifiers: number[];
  citations: number[];
  published: number[];
  authored: number[];
  children: number[];
  externalIds: number[];
}

async function entityAt(tx: Tx, raw: IdRef, path: string[]) {
  const { id, typename } = idOf(raw, path, ['Person', 'Organisation', 'Event']);
  const entity = await tx.entity.findUnique({ where: { id } });
  const types = { Person: 'PERSON', Organisation: 'ORGANISATION', Event: 'EVENT' } as const;
  if (!entity || entity.type !== types[typename as keyof typeof types]) throw notFound(raw, path, typename);
  return entity;
}

const pairWhere = (a: number, b: number): Prisma.EntityJudgementWhereInput => ({
  OR: [
    { entityAId: a, entityBId: b },
    { entityAId: b, entityBId: a },
  ],
});

export async function judgeEntities(writer: Writer, input: { a: IdRef; b: IdRef; verdict: 'NOT_SAME' | 'UNSURE'; reason?: string | null }) {
  requireEditorSomewhere(writer, 'Judging entities');
  return writer.db.transaction(async (tx) => {
    const a = await entityAt(tx, input.a, ['a']);
    const b = await entityAt(tx, input.b, ['b']);
    if (a.id === b.id) throw ValidationError.at(['b'], 'an entity is always the same as itself');
    const judgement = await tx.entityJudgement.create({ data: { entityAId: a.id, entityBId: b.id, verdict: input.verdict, actor: writer.viewer.actor, reason: input.reason ?? null } });
    await audit(tx, writer, { operation: 'judgeEntities', nodeType: 'EntityJudgement', nodeId: judgement.id, collectionId: null, after: judgement });
    return judgement;
  });
}

export async function mergeEntities(writer: Writer, input: { keep: IdRef; merge: IdRef; reason?: string | null }) {
  requireEditorSomewhere(writer, 'Merging entities');
  return writer.db.transaction(async (tx) => {
    const kept = await entityAt(tx, input.keep, ['keep']);
    const merged = await entityAt(tx, input.merge, ['merge']);
    if (kept.id === merged.id) throw ValidationError.at(['merge'], 'cannot merge an entity into itself');
    if (kept.type !== merged.type) throw ValidationError.at(['merge'], `cannot merge a ${merged.type.toLowerCase()} into a ${kept.type.toLowerCase()}`);
    if (kept.mergedIntoId) throw ValidationError.at(['keep'], `${kept.name} was itself merged into another entity: merge into that one`);
    if (merged.mergedIntoId) throw new ConflictError(`${merged.name} is already merged`);
    const blocking = await tx.entityJudgement.findFirst({ where: { ...pairWhere(kept.id, merged.id), verdict: 'NOT_SAME', undoneAt: null } });
    if (blocking) throw new ConflictError(`a reviewer judged ${kept.name} and ${merged.name} NOT_SAME (judgement ${blocking.id}${blocking.reason ? `: ${blocking.reason}` : ''})`);

    const keptNames = new Set((await tx.entityName.findMany({ where: { entityId: kept.id }, select: { normalized: true } })).map((name) => name.normalized));
    const keptSpans = new Set((await tx.mention.findMany({ where: { entityId: kept.id }, select: { spanId: true } })).map((mention) => mention.spanId));
    const ids = async <T extends { id: number }>(rows: Promise<T[]>) => (await rows).map((row) => row.id);
    const snapshot: MergeSnapshot = {
      kept: kept.id,
      merged: merged.id,
      // The merged record's primary name and names the kept one already has stay behind.
      names: (await tx.entityName.findMany({ where: { entityId: merged.id }, select: { id: true, normalized: true, kind: true } }))
        .filter((name) => name.kind !== 'PRIMARY' && !keptNames.has(name.normalized))
        .map((name) => name.id),
      mentions: (await tx.mention.findMany({ where: { entityId: merged.id }, select: { id: true, spanId: true } })).filter((mention) => !keptSpans.has(mention.spanId)).map((mention) => mention.id),
      claimSubjects: await ids(tx.claim.findMany({ where: { subjectId: merged.id }, select: { id: true } })),
      claimAsserters: await ids(tx.claim.findMany({ where: { asserterId: merged.id }, select: { id: true } })),
      claimValues: await ids(tx.claim.findMany({ where: { valueEntityId: merged.id }, select: { id: true } })),
      qualifiers: await ids(tx.claimQualifier.findMany({ where: { entityId: merged.id }, select: { id: true } })),
      citations: await ids(tx.citation.findMany({ where: { sourceEntityId: merged.id }, select: { id: true } })),
      published: await ids(tx.document.findMany({ where: { publisherId: merged.id }, select: { id: true } })),
      authored: (await tx.documentAuthor.findMany({ where: { personId: merged.id }, select: { documentId: true } })).map((row) => row.documentId),
      children: await ids(tx.entity.findMany({ where: { parentId: merged.id }, select: { id: true } })),
      externalIds: await ids(tx.externalId.findMany({ where: { entityId: merged.id }, select: { id: true } })),
    };
    await move(tx, snapshot, merged.id, kept.id);
    await tx.entity.update({ where: { id: merged.id }, data: { mergedIntoId: kept.id } });
    const judgement = await tx.entityJudgement.create({
      data: { entityAId: kept.id, entityBId: merged.id, verdict: 'SAME', actor: writer.viewer.actor, reason: input.reason ?? null, snapshot: snapshot as unknown as Prisma.InputJsonValue },
    });
    await audit(tx, writer, { operation: 'mergeEntities', nodeType: kept.type === 'PERSON' ? 'Person' : kept.type === 'EVENT' ? 'Event' : 'Organisation', nodeId: kept.id, collectionId: null, after: snapshot });
    return { kept: await tx.entity.findUniqueOrThrow({ where: { id: kept.id } }), judgement };
  });
}

/** Points every row the snapshot lists from one entity to the other. */
async function move(tx: Tx, snapshot: MergeSnapshot, from: number, to: number) {
  const inIds = (list: number[]) => ({ id: { in: list } });
  await tx.entityName.updateMany({ where: { ...inIds(snapshot.names), entityId: from }, data: { entityId: to } });
  await tx.mention.updateMany({ where: { ...inIds(snapshot.mentions), entityId: from }, data: { entityId: to } });
  await tx.claim.updateMany({ where: { ...inIds(snapshot.claimSubjects), subjectId: from }, data: { subjectId: to } });
  await tx.claim.updateMany({ where: { ...inIds(snapshot.claimAsserters), asserterId: from }, data: { asserterId: to } });
  await tx.claim.updateMany({ where: { ...inIds(snapshot.claimValues), valueEntityId: from }, data: { valueEntityId: to } });
  await tx.claimQualifier.updateMany({ where: { ...inIds(snapshot.qualifiers), entityId: from }, data: { entityId: to } });
  await tx.citation.updateMany({ where: { ...inIds(snapshot.citations), sourceEntityId: from }, data: { sourceEntityId: to } });
  await tx.document.updateMany({ where: { ...inIds(snapshot.published), publisherId: from }, data: { publisherId: to } });
  await tx.documentAuthor.updateMany({ where: { documentId: { in: snapshot.authored }, personId: from }, data: { personId: to } });
  await tx.entity.updateMany({ where: { ...inIds(snapshot.children), parentId: from }, data: { parentId: to } });
  await tx.externalId.updateMany({ where: { ...inIds(snapshot.externalIds), entityId: from }, data: { entityId: to } });
}

export async function unmergeEntities(writer: Writer, input: { entity: IdRef }) {
  requireEditorSomewhere(writer, 'Unmerging entities');
  return writer.db.transaction(async (tx) => {
    const merged = await entityAt(tx, input.entity, ['entity']);
    if (!merged.mergedIntoId) throw ValidationError.at(['entity'], `${merged.name} is not merged into another entity`);
    const judgement = await tx.entityJudgement.findFirst({
      where: { entityAId: merged.mergedIntoId, entityBId: merged.id, verdict: 'SAME', undoneAt: null },
      orderBy: { id: 'desc' },
    });
    if (!judgement?.snapshot) throw new ConflictError(`no reversible merge of ${merged.name} is recorded`);
    const snapshot = judgement.snapshot as unknown as MergeSnapshot;
    await move(tx, snapshot, snapshot.kept, snapshot.merged);
    await tx.entity.update({ where: { id: merged.id }, data: { mergedIntoId: null } });
    await tx.entityJudgement.update({ where: { id: judgement.id }, data: { undoneAt: new Date() } });
    await audit(tx, writer, { operation: 'unmergeEntities', nodeType: merged.type === 'PERSON' ? 'Person' : merged.type === 'EVENT' ? 'Event' : 'Organisation', nodeId: merged.id, collectionId: null, before: snapshot });
    return {
      restored: await tx.entity.findUniqueOrThrow({ where: { id: merged.id } }),
      kept: await tx.entity.findUniqueOrThrow({ where: { id: snapshot.kept } }),
    };
  });
}
