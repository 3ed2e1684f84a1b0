import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, URLResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-sqlite.js';
import { getDatamodel } from '../generated/pothos-sqlite.js';
import type { Context } from '../context.js';

const entityTypenames: Record<string, string> = { PERSON: 'Person', ORGANISATION: 'Organisation', EVENT: 'Event' };

async function followMerges(ctx: Context, id: { typename: string; id: string }): Promise<{ typename: string; id: string }> {
  if (!['Person', 'Organisation', 'Event'].includes(id.typename) || !/^\d+$/.test(id.id)) return id;
  let entity = await ctx.prisma.entity.findUnique({ where: { id: Number(id.id) }, select: { id: true, type: true, mergedIntoId: true } });
  for (let hops = 0; entity?.mergedIntoId && hops < 100; hops++) {
    entity = await ctx.prisma.entity.findUnique({ where: { id: entity.mergedIntoId }, select: { id: true, type: true, mergedIntoId: true } });
  }
  return entity ? { typename: entityTypenames[entity.type]!, id: String(entity.id) } : id;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    URL: { Input: URL; Output: string | URL };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, RelayPlugin, PrismaPlugin],
  errors: {
    // Mutation results are unions of the payload itself and the error types (no wrapper object).
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result` },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // node(id) of a merged entity answers with the entity it was merged into. The plugin's
    // resolveNode reads the decoded argument object itself, so the redirect rewrites it in place.
    nodeQueryOptions: {
      resolve: async (_root, { id }, ctx, _info, resolveNode) => {
        Object.assign(id, await followMerges(ctx, id));
        return resolveNode(id);
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, { ids }, ctx, _info, resolveNodes) => {
        await Promise.all(ids.map(async (id) => Object.assign(id, await followMerges(ctx, id))));
        return resolveNodes(ids);
      },
    },
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('URL', URLResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
