import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, URLResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-sqlite.js';
import { getDatamodel } from '../generated/pothos-sqlite.js';
import { isProduction } from '../config.js';
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
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result`,
      description: 'What a mutation returns: its payload when the write was made, or one of the error types (each implements Error) when it was refused and nothing changed. Select `__typename` to tell them apart.',
    },
  },
  relay: {
    clientMutationId: 'omit',
    // An undecodable ID argument is refused with code BAD_USER_INPUT, worded as databaseId's refusal.
    decodeGlobalID: decodeGlobalIdArgument,
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor, in the list’s order.' },
    nodeFieldOptions: { nullable: false, description: 'The item at this position of the list.' },
    cursorFieldOptions: { description: 'An opaque cursor for this item: pass it as `after` (or `before`) to continue the list from here.' },
    pageInfoFieldOptions: { description: 'Whether there are more pages, and the cursors to reach them.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page (fetch them with `after: endCursor`).' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page (fetch them with `before: startCursor`, `last`).' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of this page; null when the page is empty.' },
    firstArgOptions: { description: 'Page size counted from the start (or from `after`): 1 to 100, default 20. Sizes outside that range are refused (BAD_USER_INPUT), not clamped.' },
    lastArgOptions: { description: 'Page size counted from the end (or back from `before`): 1 to 100. Sizes outside that range are refused (BAD_USER_INPUT), not clamped.' },
    afterArgOptions: { description: 'Return items after this cursor (an edge’s `cursor` or `pageInfo.endCursor` from an earlier page).' },
    beforeArgOptions: { description: 'Return items before this cursor (an edge’s `cursor` or `pageInfo.startCursor` from an earlier page).' },
    pageInfoTypeOptions: { description: 'Where a page of a Relay cursor connection lies in the whole list.' },
    nodeTypeOptions: { description: 'Anything with a global id, fetchable with `node(id:)` / `nodes(ids:)`.' },
    idFieldOptions: { description: 'Global id of this object: opaque, stable, unique across all types; accepted by `node(id:)` and by every ID argument that names this object.' },
    defaultConnectionTypeOptions: { description: 'One page of a list in Relay cursor-connection form: `edges` (item and cursor), `pageInfo`, and `totalCount`.' },
    defaultEdgeTypeOptions: { description: 'One item of a connection page with the cursor that points at it.' },
    // node(id) of a merged entity answers with the entity it was merged into: the node is loaded
    // first (its row carries mergedIntoId), and only a merged one costs further queries.
    // A Document or entity whose selected fields need only its own columns is read through the
    // driver (leanNode, src/schema/lean.ts); every other node through the plugin's findUnique.
    nodeQueryOptions: {
      description: 'The object with this global id, of any type, if the caller may see it (null otherwise). A merged entity’s id answers with the entity it was merged into.',
      args: { id: { description: 'A global id, as returned in any `id` field.' } },
      resolve: async (_root, { id }, ctx, info, resolveNode) => {
        const load = async (nodeId: typeof id) => {
          const lean = await leanNode(ctx, info, nodeId, databaseId);
          return lean ? lean.node : resolveNode(nodeId);
        };
        return resolveFollowingMerges(ctx, id, await load(id), load);
      },
    },
    nodesQueryOptions: {
      description: 'The objects with these global ids, in the same order; null for each the caller may not see. Merged entities answer with the entity they were merged into.',
      args: { ids: { description: 'Global ids, as returned in any `id` field.' } },
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
    onUnusedQuery: isProduction() ? null : 'warn',
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('URL', URLResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'Reads. Only what the caller may read is returned: public collections, plus private ones its token holds a role on.' });
builder.subscriptionType({ description: 'Live updates over server-sent events (Accept: text/event-stream).' });
