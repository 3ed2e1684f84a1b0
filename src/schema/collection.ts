import { builder } from './builder.js';
import { databaseId } from './ids.js';

export const Visibility = builder.enumType('Visibility', { values: ['PUBLIC', 'PRIVATE'] as const });

export const Collection = builder.prismaNode('Collection', {
  id: { field: 'id' },
  description: 'A set of documents with one visibility: the unit of access control.',
  findUnique: (id) => ({ id: databaseId(id, 'Collection'), visibility: 'PUBLIC' }),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    visibility: t.expose('visibility', { type: Visibility }),
    documents: t.relatedConnection('documents', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } }),
  }),
});

builder.queryField('collections', (t) =>
  t.prismaConnection({
    type: Collection,
    cursor: 'id',
    description: 'Collections the caller may read, in creation order.',
    totalCount: (_parent, _args, ctx) => ctx.prisma.collection.count({ where: { visibility: 'PUBLIC' } }),
    resolve: (query, _parent, _args, ctx) => ctx.prisma.collection.findMany({ ...query, where: { visibility: 'PUBLIC' }, orderBy: { id: 'asc' } }),
  }),
);
