import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, URLResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-sqlite.js';
import { getDatamodel } from '../generated/pothos-sqlite.js';
import type { Context } from '../context.js';
import { databaseId, decodeGlobalIdArgument } from './ids.js';
import { leanNode } from './lean.js';

const entityTypenames: Record<string, string> = { PERSON: 'Person', ORGANISATION: 'Organisation', EVENT: 'Event' };

/**
 * The entity a merged entity row was merged into, following chains of merges. Only called when
 * node(id) loaded an entity row whose mergedIntoId is set, so a lookup of a live entity (nearly
 * every one) costs no query beyond loading the node itself.
 */
async function mergeTarget(ctx: Context, mergedIntoId: number): Promise<{ typename: string; id: string } | null> {
  let entity = await ctx.prisma.entity.findUnique({ where: { id: mergedIntoId }, select: { id: true, type: true, mergedIntoId: true } });
  for (let hops = 0; entity?.mergedIntoId && hops < 100; hops++) {
    entity = await ctx.prisma.entity.findUnique({ where: { id: entity.mergedIntoId }, select: { id: true, type: true, mergedIntoId: true } });
  }
  return entity ? { typename: entityTypenames[entity.type]!, id: String(entity.id) } : null;
}

const mergedInto = (node: unknown): number | null => {
  const value = (node as { mergedIntoId?: unknown } | null)?.mergedIntoId;
  return typeof value === 'number' ? value : null;
};

/**
 * Resolves a node, then, if it is a merged entity, the entity it was merged into. The plugin's
 * resolveNode reads the decoded argument object itself, so the redirect rewrites it in place.
 */
async function resolveFollowingMerges<T>(ctx: Context, id: { typename: string; id: string }, node: T, resolveNode: (id: { typename: string; id: string }) => T | Promise<T>): Promise<T> {
  const target = mergedInto(node);
  if (target === null) return node;
  const to = await mergeTarget(ctx, target);
  if (!to) return node;
  Object.assign(id, to);
  return resolveNode(id);
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
    // An undecodable ID argument is refused with code BAD_USER_INPUT, worded as databaseId's refusal.
    decodeGlobalID: decodeGlobalIdArgument,
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // node(id) of a merged entity answers with the entity it was merged into: the node is loaded
    // first (its row carries mergedIntoId), and only a merged one costs further queries.
    // A Document or entity whose selected fields need only its own columns is read through the
    // driver (leanNode, src/schema/lean.ts); every other node through the plugin's findUnique.
    nodeQueryOptions: {
      resolve: async (_root, { id }, ctx, info, resolveNode) => {
        const load = async (nodeId: typeof id) => {
          const lean = await leanNode(ctx, info, nodeId, databaseId);
          return lean ? lean.node : resolveNode(nodeId);
        };
        return resolveFollowingMerges(ctx, id, await load(id), load);
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, { ids }, ctx, _info, resolveNodes) => {
        const nodes = await resolveNodes(ids);
        return Promise.all(nodes.map((node, index) => resolveFollowingMerges(ctx, ids[index]!, node, async (id) => (await resolveNodes([id]))[0])));
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
builder.subscriptionType({});
