import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from './builder.js';
import { paging, totalCountField } from './connections.js';
import { databaseId } from './ids.js';

export const Change = builder.prismaNode('Change', {
  id: { field: 'id' },
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

builder.queryField('changes', (t) =>
  t.prismaConnection(
    {
      type: Change,
      cursor: 'id',
      ...paging,
      description: 'The change log, newest first.',
      totalCount: (_parent, _args, ctx) => ctx.prisma.change.count(),
      resolve: (query, _parent, _args, ctx) => ctx.prisma.change.findMany({ ...query, orderBy: { id: 'desc' } }),
    },
    ChangeConnection,
  ),
);
