import { encodeGlobalID } from '@pothos/plugin-relay';
import { visibleCollections, type Context } from '../context.js';
import type { Prisma } from '../db/client.js';
import { undoChange } from '../services/undo.js';
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { Claim } from './claim.js';
import { Collection } from './collection.js';
import { paging, totalCountField } from './connections.js';
import { Document } from './document.js';
import { EntityInterface } from './entity.js';
import { mutationErrors } from './errors.js';
import { databaseId } from './ids.js';
import { Mention } from './mention.js';

export const Change = builder.prismaNode('Change', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'One recorded mutation: who changed which node, when, and its fields before and after.',
  findUnique: (id) => ({ id: databaseId(id, 'Change') }),
  fields: (t) => ({
    actor: t.exposeString('actor'),
    operation: t.exposeString('operation'),
    nodeType: t.exposeString('nodeType', { description: 'The GraphQL type of the changed node.' }),
    nodeId: t.id({ description: 'The global id of the changed node.', resolve: (change) => encodeGlobalID(change.nodeType, change.nodeId) }),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ChangeConnection = builder.connectionObject({ type: Change, name: 'ChangeConnection', fields: totalCountField }, { name: 'ChangeEdge' });

/** Changes of entities (shared by all) and of nodes in collections the caller can read. */
async function visibleChanges(ctx: Context): Promise<Prisma.ChangeWhereInput> {
  const collections = await ctx.prisma.collection.findMany({ where: visibleCollections(ctx), select: { id: true } });
  return { OR: [{ collectionId: null }, { collectionId: { in: collections.map((collection) => collection.id) } }] };
}

builder.queryField('changes', (t) =>
  t.prismaConnection(
    {
      type: Change,
      cursor: 'id',
      ...paging,
      description: 'The change log the caller may see, newest first.',
      totalCount: async (_parent, _args, ctx) => ctx.prisma.change.count({ where: await visibleChanges(ctx) }),
      resolve: async (query, _parent, _args, ctx) => ctx.prisma.change.findMany({ ...query, where: await visibleChanges(ctx), orderBy: { id: 'desc' } }),
    },
    ChangeConnection,
  ),
);

// history: every node that mutations change lists its changes, newest first.
const historyOf = (nodeTypes: (node: { id: number; type?: string }) => string) => ({
  type: Change,
  cursor: 'id' as const,
  ...paging,
  description: 'Changes to this node, newest first.',
  totalCount: (node: { id: number; type?: string }, _args: object, ctx: Context) => ctx.prisma.change.count({ where: { nodeType: nodeTypes(node), nodeId: node.id } }),
  resolve: (query: object, node: { id: number; type?: string }, _args: object, ctx: Context) =>
    ctx.prisma.change.findMany({ ...query, where: { nodeType: nodeTypes(node), nodeId: node.id }, orderBy: { id: 'desc' } }),
});

const entityTypename = (node: { type?: string }) => ({ PERSON: 'Person', ORGANISATION: 'Organisation', EVENT: 'Event' })[node.type as 'PERSON'] ?? 'Entity';

builder.prismaInterfaceField(EntityInterface, 'history', (t) => t.prismaConnection(historyOf(entityTypename) as never, ChangeConnection));
for (const [ref, typename] of [
  [Document, 'Document'],
  [Collection, 'Collection'],
  [Mention, 'Mention'],
  [Claim, 'Claim'],
  [Citation, 'Citation'],
] as const) {
  builder.prismaObjectField(ref as typeof Document, 'history', (t) => t.prismaConnection(historyOf(() => typename) as never, ChangeConnection));
}

builder.mutationField('undo', (t) =>
  t.field({
    type: Change,
    description: 'Undo the last change of a node (a creation, update, review, name removal, deletion of a mention or citation, or a merge). The undo is recorded as a change too.',
    errors: { types: mutationErrors, union: { name: 'UndoResult' } },
    args: { input: t.arg({ type: builder.inputType('UndoInput', { fields: (f) => ({ change: f.id({ required: true }) }) }), required: true }) },
    resolve: (_root, { input }, ctx) => undoChange({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId }, { change: String(input.change) }),
  }),
);
