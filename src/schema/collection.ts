import { visibleCollections } from '../context.js';
import { builder } from './builder.js';
import { paging, totalCountField } from './connections.js';
import { databaseId } from './ids.js';

export const Visibility = builder.enumType('Visibility', { values: ['PUBLIC', 'PRIVATE'] as const });

export const Collection = builder.prismaNode('Collection', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'A set of documents with one visibility: the unit of access control.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Collection'), AND: [visibleCollections(ctx)] }),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    visibility: t.expose('visibility', { type: Visibility }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const CollectionConnection = builder.connectionObject({ type: Collection, name: 'CollectionConnection', fields: totalCountField }, { name: 'CollectionEdge' });

builder.queryField('collections', (t) =>
  t.prismaConnection(
    {
      type: Collection,
      cursor: 'id',
      ...paging,
      description: 'Collections the caller may read, in creation order.',
      totalCount: (_parent, _args, ctx) => ctx.prisma.collection.count({ where: visibleCollections(ctx) }),
      resolve: (query, _parent, _args, ctx) => ctx.prisma.collection.findMany({ ...query, where: visibleCollections(ctx), orderBy: { id: 'asc' } }),
    },
    CollectionConnection,
  ),
);

builder.queryField('collection', (t) =>
  t.prismaField({
    type: Collection,
    nullable: true,
    description: 'A collection by its slug, e.g. "sample"; null when it does not exist or is not visible.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _parent, args, ctx) => ctx.prisma.collection.findFirst({ ...query, where: { slug: args.slug, AND: [visibleCollections(ctx)] } }),
  }),
);
