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
    span: t.relation('span', { description: 'The words that refer to the entity, e.g. "Raisi".' }),
    entity: t.relation('entity', { type: EntityInterface, description: 'The person, organisation or event referred to.' }),
    document: t.relation('document', { description: 'The document the mention is in.' }),
    status: t.expose('status', { type: ReviewStatus, description: 'SUGGESTED by ingest until a curator CONFIRMS or REJECTS it; mentions entered by hand are CONFIRMED unless given a status.' }),
    method: t.expose('method', { type: Method, description: 'How the mention was recorded: GAZETTEER for ingest’s name matches, MANUAL by hand, CURATED from the seed.' }),
    confidence: t.exposeFloat('confidence', {
      nullable: true,
      description: 'How sure the recorder was, from 0 to 1: set by ingest from the kind of name matched (a primary name counts more than an acronym), 1 for the curated seed, as given (or null) for mentions entered by hand.',
    }),
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
  description: 'Narrows a list of mentions; conditions combine with AND.',
  fields: (t) => ({
    entity: t.globalID({ for: [Person, Organisation, Event], description: 'Only mentions of this person, organisation or event.' }),
    document: t.globalID({ for: [Document], description: 'Only mentions in this document.' }),
    status: t.field({ type: [ReviewStatus], description: 'Only mentions in any of these review states.' }),
  }),
});

builder.queryField('mentions', (t) =>
  t.prismaConnection(
    {
      type: Mention,
      cursor: 'id',
      ...paging,
      args: { filter: t.arg({ type: MentionFilter, description: 'Only mentions matching these conditions; all visible ones when omitted.' }) },
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
