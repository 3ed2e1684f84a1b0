import { visibleDocuments } from '../context.js';
import type { Prisma } from '../db/client.js';
import { builder } from './builder.js';
import { countedRelation, enumIn, paging, totalCountField } from './connections.js';
import { Document } from './document.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { databaseId, inputId } from './ids.js';
import { Method, ReviewStatus } from './span.js';

export const Mention = builder.prismaNode('Mention', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'A span that refers to an entity.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Mention'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    span: t.relation('span'),
    entity: t.relation('entity', { type: EntityInterface }),
    document: t.relation('document'),
    status: t.expose('status', { type: ReviewStatus }),
    method: t.expose('method', { type: Method }),
    confidence: t.exposeFloat('confidence', { nullable: true }),
  }),
});

export const MentionConnection = builder.connectionObject({ type: Mention, name: 'MentionConnection', fields: totalCountField }, { name: 'MentionEdge' });

type Status = 'SUGGESTED' | 'CONFIRMED' | 'REJECTED';
const statusWhere = (status: Status[] | null | undefined): Prisma.MentionWhereInput => (status?.length ? { status: { in: status } } : {});
const inDocumentOrder = [{ span: { start: 'asc' as const } }, { id: 'asc' as const }];
const STATUSES = ['SUGGESTED', 'CONFIRMED', 'REJECTED'] as const;
/** totalCount of a mention connection: the same status filter as its `query`, counted per page of parents. */
const statusCondition = (args: Record<string, unknown>) => enumIn('status', args.status as Status[] | null | undefined, STATUSES);

builder.prismaObjectField(Document, 'mentions', (t) =>
  countedRelation(t.relatedConnection(
    'mentions',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description: 'Mentions in this document, in reading order.',
      args: { status: t.arg({ type: [ReviewStatus], description: 'Only mentions with these review statuses.' }) },
      query: (args) => ({ where: statusWhere(args.status), orderBy: inDocumentOrder }),
    },
    MentionConnection,
  ), { relation: 'mentions', table: 'Mention', parentColumn: 'documentId', visibleOnly: false, conditions: statusCondition }),
);

builder.prismaInterfaceField(EntityInterface, 'mentions', (t) =>
  countedRelation(t.relatedConnection(
    'mentions',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description: 'Spans in visible documents that refer to this entity, by document then reading order.',
      args: { status: t.arg({ type: [ReviewStatus], description: 'Only mentions with these review statuses.' }) },
      query: (args, ctx) => ({
        where: { AND: [{ document: visibleDocuments(ctx) }, statusWhere(args.status)] },
        orderBy: [{ documentId: 'asc' }, { span: { start: 'asc' } }, { id: 'asc' }],
      }),
    },
    MentionConnection,
  ), { relation: 'mentions', table: 'Mention', parentColumn: 'entityId', visibleOnly: true, conditions: statusCondition }),
);

const MentionFilter = builder.inputType('MentionFilter', {
  fields: (t) => ({
    entity: t.globalID({ for: [Person, Organisation, Event] }),
    document: t.globalID({ for: [Document] }),
    status: t.field({ type: [ReviewStatus] }),
  }),
});

builder.queryField('mentions', (t) =>
  t.prismaConnection(
    {
      type: Mention,
      cursor: 'id',
      ...paging,
      args: { filter: t.arg({ type: MentionFilter }) },
      description: 'Mentions in documents the caller may read, in creation order.',
      totalCount: (_parent, args, ctx) => ctx.prisma.mention.count({ where: mentionWhere(ctx, args.filter) }),
      resolve: (query, _parent, args, ctx) => ctx.prisma.mention.findMany({ ...query, where: mentionWhere(ctx, args.filter), orderBy: { id: 'asc' } }),
    },
    MentionConnection,
  ),
);

type GlobalId = { typename: string; id: string } | null | undefined;
function mentionWhere(ctx: Parameters<typeof visibleDocuments>[0], filter: { entity?: GlobalId; document?: GlobalId; status?: Status[] | null } | null | undefined): Prisma.MentionWhereInput {
  return {
    AND: [
      { document: visibleDocuments(ctx) },
      filter?.entity ? { entityId: inputId(filter.entity) } : {},
      filter?.document ? { documentId: inputId(filter.document) } : {},
      statusWhere(filter?.status),
    ],
  };
}
