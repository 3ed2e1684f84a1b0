import { visibleDocuments } from '../context.js';
import { builder } from './builder.js';
import { Collection } from './collection.js';
import { Organisation } from './entity.js';
import { databaseId } from './ids.js';
import { partialDate, PartialDate } from './partial-date.js';

export const DocumentKind = builder.enumType('DocumentKind', {
  values: ['ARTICLE', 'REPORT', 'LETTER', 'RESOLUTION', 'TRANSCRIPT', 'STATEMENT', 'OTHER'] as const,
});

export const BoilerplateKind = builder.enumType('BoilerplateKind', {
  values: ['HEADLINE', 'NAVIGATION', 'CAPTION', 'EXCERPT', 'SHARE_LINKS', 'RELATED_LINKS', 'TAGS', 'COPYRIGHT', 'CREDITS'] as const,
});

builder.prismaObject('BoilerplateRegion', {
  description: 'Page furniture cut from the raw text (share links, "latest news", copyright). Offsets are UTF-16 code units into `rawText`.',
  fields: (t) => ({
    kind: t.expose('kind', { type: BoilerplateKind }),
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
  }),
});

export const DocumentVersion = builder.prismaNode('DocumentVersion', {
  id: { field: 'id' },
  description: 'One text of a document. Spans are anchored in `body`: `rawText` without its boilerplate regions.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'DocumentVersion'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    number: t.exposeInt('number'),
    rawText: t.exposeString('rawText'),
    body: t.exposeString('body'),
    contentHash: t.exposeString('contentHash', { description: 'sha256 of rawText, hex.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    boilerplate: t.relation('boilerplate', { query: { orderBy: { start: 'asc' } } }),
    document: t.relation('document'),
  }),
});

const latestVersion = { orderBy: { number: 'desc' as const }, take: 1 };

export const Document = builder.prismaNode('Document', {
  id: { field: 'id' },
  description: 'One source text: an article, report, letter… with its metadata, its versions and what it says.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'Document'), AND: [visibleDocuments(ctx)] }),
  fields: (t) => ({
    key: t.exposeString('key', { nullable: true, description: 'Stable handle from the seed or import file.' }),
    title: t.exposeString('title'),
    kind: t.expose('kind', { type: DocumentKind }),
    language: t.exposeString('language', { nullable: true }),
    url: t.exposeString('url', { nullable: true }),
    published: t.field({ type: PartialDate, nullable: true, resolve: (document) => partialDate(document, 'published') }),
    retrievedAt: t.expose('retrievedAt', { type: 'DateTime', nullable: true }),
    contentHash: t.exposeString('contentHash', { nullable: true, description: 'sha256 of the current version’s raw text.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Curation notes.' }),
    collection: t.relation('collection', { type: Collection }),
    publisher: t.relation('publisher', { type: Organisation, nullable: true }),
    body: t.string({
      description: 'The clean text of the current version; every span offset points into it.',
      select: { versions: { ...latestVersion, select: { body: true } } },
      resolve: (document) => document.versions[0]?.body ?? '',
    }),
    currentVersion: t.field({
      type: DocumentVersion,
      select: (_args, _ctx, nested) => ({ versions: nested(latestVersion) }),
      resolve: (document) => document.versions[0]!,
    }),
    versions: t.relation('versions', { query: { orderBy: { number: 'asc' } } }),
    mentions: t.relatedConnection('mentions', { cursor: 'id', totalCount: true, query: { orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] } }),
    claims: t.relatedConnection('claims', { cursor: 'id', totalCount: true, query: { orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] } }),
    citations: t.relatedConnection('citations', { cursor: 'id', totalCount: true, query: { orderBy: [{ span: { start: 'asc' } }, { id: 'asc' }] } }),
  }),
});

builder.queryField('documents', (t) =>
  t.prismaConnection({
    type: Document,
    cursor: 'id',
    description: 'Documents the caller may read, in creation order.',
    totalCount: (_parent, _args, ctx) => ctx.prisma.document.count({ where: visibleDocuments(ctx) }),
    resolve: (query, _parent, _args, ctx) => ctx.prisma.document.findMany({ ...query, where: visibleDocuments(ctx), orderBy: { id: 'asc' } }),
  }),
);
