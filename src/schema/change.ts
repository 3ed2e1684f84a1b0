// The change log: node(id) of a Change, `changes` and every `history` connection show only the
// changes the caller may see, with snapshots redacted to what it may read (src/services/change-log.ts).
import { encodeGlobalID } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import type { Prisma } from '../db/client.js';
import { followChanges } from '../services/change-feed.js';
import { readableCollectionIds, redactChanges, visibleChangesWhere } from '../services/change-log.js';
import { undoChange } from '../services/undo.js';
import { builder } from './builder.js';
import { Citation } from './citation.js';
import { Claim } from './claim.js';
import { Collection, collectionFilterId } from './collection.js';
import { paging, totalCountField } from './connections.js';
import { Document } from './document.js';
import { EntityInterface } from './entity.js';
import { mutationErrors, underArgument } from './errors.js';
import { databaseId, idRef } from './ids.js';
import { Mention } from './mention.js';

type ChangeRow = Prisma.ChangeGetPayload<object>;

function createLoaders(ctx: Context) {
  return {
    // Not cached: a mutation earlier in the same request may have changed what the caller can
    // read. Lookups made in the same tick (the history of every node of a page) share one statement.
    readable: new DataLoader(async (keys: readonly true[]) => {
      const ids = await readableCollectionIds(ctx.prisma, ctx.viewer);
      return keys.map(() => ids);
    }, { cache: false }),
    // The snapshots of every change resolved in the same tick, redacted together.
    snapshots: new DataLoader(
      async (changes: readonly ChangeRow[]) => redactChanges(ctx.prisma, ctx.viewer, changes),
      { cacheKeyFn: (change) => change.id },
    ),
  };
}

const loaderCache = new WeakMap<Context, ReturnType<typeof createLoaders>>();
function changeLoaders(ctx: Context) {
  let found = loaderCache.get(ctx);
  if (!found) loaderCache.set(ctx, (found = createLoaders(ctx)));
  return found;
}

/** The changes the caller may see, as a Prisma filter. */
async function visibleChanges(ctx: Context): Promise<Prisma.ChangeWhereInput> {
  return visibleChangesWhere(await changeLoaders(ctx).readable.load(true));
}

const snapshot = (side: 'before' | 'after') => ({
  type: 'JSON' as const,
  nullable: true as const,
  description:
    side === 'before'
      ? 'The node’s fields before the change; ids of rows the caller may not read are left out (null, or dropped from lists).'
      : 'The node’s fields after the change; ids of rows the caller may not read are left out (null, or dropped from lists).',
  resolve: async (change: ChangeRow, _args: object, ctx: Context) => (await changeLoaders(ctx).snapshots.load(change))[side] as never,
});

export const Change = builder.prismaNode('Change', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'One recorded mutation: who changed which node, when, and its fields before and after. Shown only to callers who may read what it concerns.',
  findUnique: async (id, ctx) => ({ id: databaseId(id, 'Change'), AND: [await visibleChanges(ctx)] }),
  fields: (t) => ({
    actor: t.exposeString('actor', { description: 'Who made the change: "token:<id>" for an API token (as `crosscheck token list` shows it), "anonymous", or a CLI name such as "cli:ingest".' }),
    operation: t.exposeString('operation', { description: 'The mutation that made it, e.g. "createClaim" or "mergeEntities"; an undo is "undo:" followed by the operation undone.' }),
    nodeType: t.exposeString('nodeType', { description: 'The GraphQL type of the changed node.' }),
    nodeId: t.id({ description: 'The global id of the changed node.', resolve: (change) => encodeGlobalID(change.nodeType, change.nodeId) }),
    before: t.field(snapshot('before')),
    after: t.field(snapshot('after')),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The request that made the change: an HTTP request’s id (its x-request-id response header), or one the CLI assigns (e.g. "ingest-…"); null when none was recorded.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the change was committed.' }),
  }),
});

export const ChangeConnection = builder.connectionObject({ type: Change, name: 'ChangeConnection', fields: totalCountField }, { name: 'ChangeEdge' });

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
  totalCount: async (node: { id: number; type?: string }, _args: object, ctx: Context) =>
    ctx.prisma.change.count({ where: { nodeType: nodeTypes(node), nodeId: node.id, AND: [await visibleChanges(ctx)] } }),
  resolve: async (query: object, node: { id: number; type?: string }, _args: object, ctx: Context) =>
    ctx.prisma.change.findMany({ ...query, where: { nodeType: nodeTypes(node), nodeId: node.id, AND: [await visibleChanges(ctx)] }, orderBy: { id: 'desc' } }),
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
    args: {
      input: t.arg({
        type: builder.inputType('UndoInput', {
          description: 'The change to undo.',
          fields: (f) => ({ change: f.id({ required: true, description: 'Global id of the Change; it must be the last change of its node.' }) }),
        }),
        required: true,
        description: 'Which change to undo.',
      }),
    },
    resolve: (_root, { input }, ctx) => underArgument('input', () => undoChange({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId }, { change: idRef(String(input.change)) })),
  }),
);

// Live updates: the same Change nodes as the `changes` query, pushed over server-sent events.
const changeNodeTypes = {
  COLLECTION: 'Collection',
  DOCUMENT: 'Document',
  MENTION: 'Mention',
  CLAIM: 'Claim',
  CITATION: 'Citation',
  PERSON: 'Person',
  ORGANISATION: 'Organisation',
  EVENT: 'Event',
  NAME: 'Name',
  ENTITY_JUDGEMENT: 'EntityJudgement',
} as const;

export const ChangeNodeType = builder.enumType('ChangeNodeType', {
  description: 'The kind of record a change concerns (its `Change.nodeType`).',
  values: Object.fromEntries(
    Object.entries(changeNodeTypes).map(([name, nodeType]) => [name, { value: nodeType, description: `Changes whose nodeType is ${nodeType}.` }]),
  ) as Record<keyof typeof changeNodeTypes, { value: (typeof changeNodeTypes)[keyof typeof changeNodeTypes]; description: string }>,
});

builder.subscriptionField('changes', (t) =>
  t.field({
    type: Change,
    description:
      'Every change committed from now on that the caller may see, oldest first: the same nodes, shown to the same callers and redacted alike as by the `changes` query. ' +
      'What the caller may see is decided with its token’s rights as they stand when the stream reads the change, right after its commit (a role granted later applies from then on); ' +
      'a revoked token receives one error (UNAUTHENTICATED) and its stream ends. Over server-sent events: POST or GET /graphql with `Accept: text/event-stream`.',
    args: {
      collection: t.arg.id({
        required: false,
        description:
          'Only changes of this collection and the records in it (its documents, mentions, claims, citations), named by its slug ("sample") or its global id; an unknown slug (or one of a collection the caller cannot read) is an error with code NOT_FOUND. Changes of shared records (persons, organisations, events, names, judgements) belong to no collection and are left out.',
      }),
      nodeTypes: t.arg({ type: [ChangeNodeType], required: false, description: 'Only changes of these kinds of record.' }),
    },
    subscribe: async (_root, args, ctx) =>
      followChanges(ctx.db, ctx.viewer, {
        collectionId: args.collection == null ? undefined : await collectionFilterId(ctx, String(args.collection), ['collection']),
        nodeTypes: args.nodeTypes ?? undefined,
      }),
    resolve: (event, _args, ctx) => {
      if ('revoked' in event) {
        throw new GraphQLError('The token was revoked: this subscription ends.', { extensions: { code: 'UNAUTHENTICATED' } });
      }
      // The subscription's context is its own: the snapshots are redacted for the rights the
      // change was checked with.
      ctx.viewer = event.viewer;
      return event.change;
    },
  }),
);
