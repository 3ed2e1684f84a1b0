import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { Document, DocumentKind } from './document.js';
import { Organisation, Person } from './entity.js';
import { databaseId } from './ids.js';
import { partialDate, PartialDate, type PartialDateShape } from './partial-date.js';
import { Method, ReviewStatus } from './span.js';

export const CitationKind = builder.enumType('CitationKind', {
  description: 'QUOTE: the source’s words in quotation marks; PARAPHRASE: its words retold; REFERENCE: a pointer to a report, letter or resolution.',
  values: ['QUOTE', 'PARAPHRASE', 'REFERENCE'] as const,
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
    kind: t.field({ type: DocumentKind, nullable: true, resolve: (work) => work.kind }),
    title: t.exposeString('title', { nullable: true }),
    date: t.field({ type: PartialDate, nullable: true, resolve: (work) => work.date }),
  }),
});

export const Citation = builder.prismaNode('Citation', {
  id: { field: 'id' },
  description:
    'A passage of a document that attributes information to a source. Citations nest: a document quotes an MP (the parent) who quotes a ministry (the child).',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Citation'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    kind: t.expose('kind', { type: CitationKind }),
    document: t.relation('document', { description: 'The citing document.' }),
    span: t.relation('span', { description: 'The attributed passage.' }),
    source: t.field({
      type: CitationSource,
      nullable: true,
      select: { sourceEntity: true, sourceDocument: true },
      resolve: (citation) => citation.sourceEntity ?? citation.sourceDocument,
    }),
    work: t.field({
      type: CitedWork,
      nullable: true,
      resolve: (citation) =>
        citation.workKind || citation.workTitle ? { kind: citation.workKind, title: citation.workTitle, date: partialDate(citation, 'work') } : null,
    }),
    parent: t.relation('parent', { nullable: true, description: 'The citation that carries this one.' }),
    children: t.relation('children', { query: { orderBy: { id: 'asc' } }, description: 'Citations nested inside this one.' }),
    claims: t.relation('claims', { query: { orderBy: { id: 'asc' } }, description: 'Claims this passage carries.' }),
    status: t.expose('status', { type: ReviewStatus }),
    method: t.expose('method', { type: Method }),
  }),
});

builder.queryField('citations', (t) =>
  t.prismaConnection({
    type: Citation,
    cursor: 'id',
    description: 'Citations in documents the caller may read, in creation order.',
    totalCount: (_parent, _args, ctx) => ctx.prisma.citation.count({ where: { document: visibleDocuments(ctx) } }),
    resolve: (query, _parent, _args, ctx) =>
      ctx.prisma.citation.findMany({ ...query, where: { document: visibleDocuments(ctx) }, orderBy: { id: 'asc' } }),
  }),
);
