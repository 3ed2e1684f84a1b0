import { GraphQLError } from 'graphql';
import { visibleCollections, type Context } from '../context.js';
import { NotFoundError } from '../services/errors.js';
import { builder } from './builder.js';
import { paging, totalCountField } from './connections.js';
import { databaseId, idFromGlobalId } from './ids.js';

export const Visibility = builder.enumType('Visibility', {
  description: 'Who may read a collection’s documents (and everything anchored in them).',
  values: {
    PUBLIC: { description: 'Anyone, with or without a token.' },
    PRIVATE: { description: 'Only callers whose token holds a role on the collection. The default for new collections.' },
  } as const,
});

export const Collection = builder.prismaNode('Collection', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'A set of documents with one visibility: the unit of access control.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Collection'), AND: [visibleCollections(ctx)] }),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Short unique handle of lower-case letters, digits and dashes (e.g. "sample"); accepted wherever an argument names a collection.' }),
    name: t.exposeString('name', { description: 'Display name, e.g. "Sample corpus — the 1988 executions in Iran".' }),
    description: t.exposeString('description', { nullable: true, description: 'What the collection holds, in free text; null when none was given.' }),
    visibility: t.expose('visibility', { type: Visibility, description: 'PUBLIC (anyone may read it) or PRIVATE (only token holders with a role on it).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the collection was created.' }),
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
    args: { slug: t.arg.string({ required: true, description: 'The collection’s slug, e.g. "sample".' }) },
    resolve: (query, _parent, args, ctx) => ctx.prisma.collection.findFirst({ ...query, where: { slug: args.slug, AND: [visibleCollections(ctx)] } }),
  }),
);

/**
 * The database id of the collection an argument names, by its slug ("sample") or its global id: every
 * argument that takes a collection accepts both. A slug is looked up among the collections the caller
 * may read, so an unknown slug and a private collection's slug are refused alike (nothing tells a
 * caller that a collection it cannot read exists). A global id is decoded without a lookup, as every
 * other id: where it is used decides what the caller may do with it, as before.
 * Refusals are NotFoundErrors (typed results of mutations); queries turn them into GraphQL errors
 * with code NOT_FOUND (collectionFilterId).
 */
export async function collectionIdOf(ctx: Pick<Context, 'prisma' | 'viewer'>, raw: string, path: string[]): Promise<number> {
  // A slug has no capitals and every Collection global id starts "Q29s", so the two cannot be confused.
  const id = idFromGlobalId(raw, 'Collection');
  if (id !== null) return id;
  const found = await ctx.prisma.collection.findFirst({ where: { slug: raw, AND: [visibleCollections(ctx)] }, select: { id: true } });
  if (found) return found.id;
  throw new NotFoundError(path, raw, 'Collection', `${path.join('.')}: no collection with slug or id "${raw}"`);
}

/** collectionIdOf for a query's filter: an unknown collection is a GraphQL error with code NOT_FOUND. */
export async function collectionFilterId(ctx: Pick<Context, 'prisma' | 'viewer'>, raw: string, path: string[]): Promise<number> {
  try {
    return await collectionIdOf(ctx, raw, path);
  } catch (error) {
    if (error instanceof NotFoundError) throw new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND', argument: path.join('.') } });
    throw error;
  }
}
