import { visibleDocuments } from '../context.js';
import type { Prisma } from '../db/client.js';
import { builder } from './builder.js';
import { countedRelation, paging, totalCountField } from './connections.js';
import { Document, DocumentKind } from './document.js';
import { EntityInterface, Organisation, Person } from './entity.js';
import { databaseId, inputId } from './ids.js';
import { partialDate, PartialDate, type PartialDateShape } from './partial-date.js';
import { Method, ReviewStatus } from './span.js';

export const CitationKind = builder.enumType('CitationKind', {
  description: 'QUOTE: the source’s words in quotation marks; PARAPHRASE: its words retold; REFERENCE: a pointer to a report, letter or resolution.',
  values: {
    QUOTE: { description: 'The source’s own words, in quotation marks.' },
    PARAPHRASE: { description: 'The source’s account retold in the document’s words ("officials said that …").' },
    REFERENCE: { description: 'A pointer to a report, letter, resolution or other work, without its words.' },
  } as const,
});

export const CitationSource = builder.unionType('CitationSource', {
  description: 'Who or what a citation attributes its passage to.',
  types: [Person, Organisation, Document],
  resolveType: (source) => {
    if ('type' in source) return source.type === 'PERSON' ? Person : Organisation;
    return Document;
  },
});

interface CitedWorkShape {
  kind: 'ARTICLE' | 'REPORT' | 'LETTER' | 'RESOLUTION' | 'TRANSCRIPT' | 'STATEMENT' | 'OTHER' | null;
  title: string | null;
  date: PartialDateShape | null;
}

const CitedWork = builder.objectRef<CitedWorkShape>('CitedWork').implement({
  description: 'A report, letter or resolution a citation refers to that is not itself in the library.',
  fields: (t) => ({
    kind: t.field({ type: DocumentKind, nullable: true, description: 'The genre of the cited work (REPORT, LETTER, RESOLUTION…); null when not recorded.', resolve: (work) => work.kind }),
    title: t.exposeString('title', { nullable: true, description: 'The cited work’s title as the document gives it; null when not recorded.' }),
    date: t.field({ type: PartialDate, nullable: true, description: 'When the cited work was issued, as far as known; null when not recorded.', resolve: (work) => work.date }),
  }),
});

export const Citation = builder.prismaNode('Citation', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description:
    'A passage of a document that attributes information to a source. Citations nest: a document quotes an MP (the parent) who quotes a ministry (the child).',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Citation'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    kind: t.expose('kind', { type: CitationKind, description: 'Whether the passage quotes, paraphrases or refers to its source.' }),
    document: t.relation('document', { description: 'The citing document.' }),
    span: t.relation('span', { description: 'The attributed passage.' }),
    source: t.field({
      type: CitationSource,
      nullable: true,
      description: 'The person, organisation or document the passage is attributed to.',
      select: (_args, _ctx, nested) => ({ sourceEntity: nested(true), sourceDocument: nested(true) }),
      resolve: (citation) => citation.sourceEntity ?? citation.sourceDocument,
    }),
    sourceDescription: t.exposeString('sourceDescription', {
      nullable: true,
      description: 'The source in the document’s words when it does not name it ("officials", "human rights groups"); null otherwise.',
    }),
    work: t.field({
      type: CitedWork,
      nullable: true,
      description: 'The cited report, letter or resolution when it is not in the library (kind, title, date); null when none is recorded.',
      resolve: (citation) =>
        citation.workKind || citation.workTitle ? { kind: citation.workKind, title: citation.workTitle, date: partialDate(citation, 'work') } : null,
    }),
    status: t.expose('status', { type: ReviewStatus, description: 'SUGGESTED by ingest until a curator CONFIRMS or REJECTS it; citations entered by hand are CONFIRMED unless given a status.' }),
    method: t.expose('method', { type: Method, description: 'How the citation was recorded: by hand, from the curated seed, or suggested by ingest.' }),
    confidence: t.exposeFloat('confidence', {
      nullable: true,
      description: 'How sure the recorder was, from 0 to 1: set by ingest for its suggestions, 1 for the curated seed, as given (or null) for citations entered by hand.',
    }),
  }),
});

// Self references, declared apart.
builder.prismaObjectFields(Citation, (t) => ({
  parent: t.relation('parent', { type: Citation, nullable: true, description: 'The citation that carries this one.' }),
  children: t.relation('children', { type: Citation, query: { orderBy: { id: 'asc' } }, description: 'Citations nested inside this one.' }),
}));

export const CitationConnection = builder.connectionObject({ type: Citation, name: 'CitationConnection', fields: totalCountField }, { name: 'CitationEdge' });

builder.prismaObjectField(Document, 'citations', (t) =>
  countedRelation(
    t.relatedConnection(
      'citations',
      { cursor: 'id', ...paging, totalCount: true, description: 'Passages of this document that attribute information to a source, in reading order.', query: { orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] } },
      CitationConnection,
    ),
    { relation: 'citations', table: 'Citation', parentColumn: 'documentId', visibleOnly: false },
  ),
);

builder.prismaInterfaceField(EntityInterface, 'citedIn', (t) =>
  t.relatedConnection(
    'citedIn',
    {
      cursor: 'id',
      ...paging,
      totalCount: true,
      description: 'Passages of visible documents that attribute information to this person or organisation.',
      query: (_args, ctx) => ({ where: { document: visibleDocuments(ctx) }, orderBy: [{ documentId: 'asc' }, { id: 'asc' }] }),
    },
    CitationConnection,
  ),
);

const CitationFilter = builder.inputType('CitationFilter', {
  description: 'Narrows a list of citations; conditions combine with AND.',
  fields: (t) => ({
    document: t.globalID({ for: [Document], description: 'Only citations in this document.' }),
    source: t.globalID({ for: [Person, Organisation, Document], description: 'Only citations of this source.' }),
    kind: t.field({ type: [CitationKind], description: 'Only citations of any of these kinds.' }),
  }),
});

type GlobalId = { typename: string; id: string } | null | undefined;
function citationWhere(
  ctx: Parameters<typeof visibleDocuments>[0],
  filter: { document?: GlobalId; source?: GlobalId; kind?: Array<'QUOTE' | 'PARAPHRASE' | 'REFERENCE'> | null } | null | undefined,
): Prisma.CitationWhereInput {
  return {
    AND: [
      { document: visibleDocuments(ctx) },
      filter?.document ? { documentId: inputId(filter.document) } : {},
      filter?.source ? (filter.source.typename === 'Document' ? { sourceDocumentId: inputId(filter.source) } : { sourceEntityId: inputId(filter.source) }) : {},
      filter?.kind?.length ? { kind: { in: filter.kind } } : {},
    ],
  };
}

builder.queryField('citations', (t) =>
  t.prismaConnection(
    {
      type: Citation,
      cursor: 'id',
      ...paging,
      args: { filter: t.arg({ type: CitationFilter, description: 'Only citations matching these conditions; all visible ones when omitted.' }) },
      description: 'Citations in documents the caller may read, in creation order.',
      totalCount: (_parent, args, ctx) => ctx.prisma.citation.count({ where: citationWhere(ctx, args.filter) }),
      resolve: (query, _parent, args, ctx) => ctx.prisma.citation.findMany({ ...query, where: citationWhere(ctx, args.filter), orderBy: { id: 'asc' } }),
    },
    CitationConnection,
  ),
);
