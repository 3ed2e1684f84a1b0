// undo(change): reverts the last change of a node, itself recorded as a change.
import { hasRole } from './access.js';
import type { Prisma } from '../db/client.js';
import { canSeeChange } from './change-log.js';
import { audit, requireEditorSomewhere, type Tx, type Writer } from './curation.js';
import { idOf, notFound, refTo, type IdRef } from './ids.js';
import { ConflictError, ForbiddenError, ValidationError } from './errors.js';
import { unmergeEntities } from './merges.js';

type Row = Record<string, unknown>;

/** The stored JSON of a row, ready to write back: dates revived, bookkeeping columns dropped. */
function restorable(row: Row, drop: string[] = []): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (['createdAt', 'updatedAt', ...drop].includes(key)) continue;
    out[key] = value;
  }
  return out;
}

const delegates = (tx: Tx) =>
  ({
    Mention: tx.mention,
    Claim: tx.claim,
    Citation: tx.citation,
    Document: tx.document,
    Collection: tx.collection,
    Person: tx.entity,
    Organisation: tx.entity,
    Event: tx.entity,
    Name: tx.entityName,
  }) as unknown as Record<string, { delete(args: object): Promise<unknown>; update(args: object): Promise<Row>; create(args: object): Promise<Row>; findUnique(args: object): Promise<Row | null> }>;

export async function undoChange(writer: Writer, input: { change: IdRef }) {
  const { id } = idOf(input.change, ['change'], ['Change']);
  const change = await writer.db.prisma.change.findUnique({ where: { id } });
  // A change the caller may not see is not found, as node(id) answers for it.
  if (!change || !(await canSeeChange(writer.db.prisma, writer.viewer, change))) throw notFound(input.change, ['change'], 'Change');
  if (change.collectionId !== null && !hasRole(writer.viewer, change.collectionId, 'EDITOR')) throw new ForbiddenError('Undoing this change needs the editor role on its collection');
  if (change.collectionId === null) requireEditorSomewhere(writer, 'Undoing a change');
  if (change.operation === 'mergeEntities') {
    const snapshot = change.after as { merged: number };
    const merged = await writer.db.prisma.entity.findUniqueOrThrow({ where: { id: snapshot.merged } });
    const typename = merged.type === 'PERSON' ? 'Person' : merged.type === 'EVENT' ? 'Event' : 'Organisation';
    await unmergeEntities(writer, { entity: refTo(typename, merged.id) });
    return writer.db.prisma.change.findFirstOrThrow({ where: { nodeId: merged.id, operation: 'unmergeEntities' }, orderBy: { id: 'desc' } });
  }
  return writer.db.transaction(async (tx) => {
    const last = await tx.change.findFirst({ where: { nodeType: change.nodeType, nodeId: change.nodeId }, orderBy: { id: 'desc' } });
    if (last?.id !== change.id) throw new ConflictError('only the last change of a node can be undone: undo the later ones first');
    const delegate = delegates(tx)[change.nodeType];
    if (!delegate) throw ValidationError.at(['change'], `changes of a ${change.nodeType} cannot be undone`);
    const before = change.before as Row | null;
    const operation = change.operation;
    let result: Row | null = null;
    if (operation.startsWith('create') || operation === 'addName') {
      try {
        await delegate.delete({ where: { id: change.nodeId } });
      } catch {
        throw new ConflictError(`the ${change.nodeType} cannot be removed: other records refer to it now`);
      }
    } else if (operation.startsWith('update') || operation.startsWith('review')) {
      if (!before) throw ValidationError.at(['change'], 'this change recorded no earlier state');
      const current = await delegate.findUnique({ where: { id: change.nodeId } });
      if (!current) throw new ConflictError(`the ${change.nodeType} no longer exists`);
      const fields = restorable(before, ['id', 'version', 'names']);
      result = await delegate.update({ where: { id: change.nodeId }, data: { ...fields, version: (current.version as number) + 1 } as Prisma.InputJsonObject });
    } else if (operation === 'deleteMention' || operation === 'deleteCitation' || operation === 'removeName') {
      if (!before) throw ValidationError.at(['change'], 'this change recorded no earlier state');
      try {
        result = await delegate.create({ data: restorable(before) });
      } catch {
        throw new ConflictError(`the ${change.nodeType} cannot be restored: what it referred to is gone`);
      }
    } else {
      throw ValidationError.at(['change'], `"${operation}" cannot be undone`);
    }
    return audit(tx, writer, { operation: `undo:${operation}`, nodeType: change.nodeType, nodeId: change.nodeId, collectionId: change.collectionId, before: change.after ?? undefined, after: result ?? undefined });
  });
}

