import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { visibleDocuments } from '../context.js';
import type { Prisma } from '../db/client.js';
import { keyRange } from '../domain/partial-dates.js';
import { builder } from './builder.js';
import { Collection, collectionFilterId } from './collection.js';
import { direction, OrderDirection, paging, totalCountField, visibleCollectionSql } from './connections.js';
import { Prisma as PrismaSql } from '../generated/sqlite/client.js';
import { EntityInterface, Event, Organisation, Person } from './entity.js';
import { databaseId, inputId } from './ids.js';
import { partialDate, PartialDate } from './partial-date.js';
import { arrayMapper, columnsOf, connectionColumns, leanRows, selectColumns, subsetMapper } from './lean.js';
import type { Context } from '../context.js';

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
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
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
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    collection: t.relation('collection', { type: Collection }),
    publisher: t.relation('publisher', { type: Organisation, nullable: true }),
    authors: t.field({
      type: [EntityInterface],
      description: 'Persons or organisations credited as authors, in byline order.',
      select: (_args, _ctx, nested) => ({ authors: { orderBy: { position: 'asc' }, select: { person: nested(true) } } }),
      resolve: (document) => document.authors.map((author) => author.person),
    }),
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
  }),
});

export const DocumentConnection = builder.connectionObject({ type: Document, name: 'DocumentConnection', fields: totalCountField }, { name: 'DocumentEdge' });

export const DocumentFilter = builder.inputType('DocumentFilter', {
  fields: (t) => ({
    collection: t.id({ description: 'Only documents of this collection, named by its slug ("sample") or its global id; an unknown slug (or one of a collection the caller cannot read) is an error with code NOT_FOUND.' }),
    publisher: t.globalID({ for: [Organisation] }),
    kind: t.field({ type: [DocumentKind] }),
    language: t.string({ description: 'Language code, e.g. "en".' }),
    publishedFrom: t.string({ description: 'Published on or after this partial date: "1988", "1988-07" or "1988-07-19". Documents without a known year are excluded.' }),
    publishedTo: t.string({ description: 'Published on or before this partial date (inclusive of the whole year or month).' }),
    mentions: t.globalID({ for: [Person, Organisation, Event], description: 'Only documents that mention this entity (rejected mentions do not count).' }),
    cites: t.globalID({ for: [Person, Organisation, Document], description: 'Only documents that cite this person, organisation or document.' }),
  }),
});

export const DocumentOrderField = builder.enumType('DocumentOrderField', { values: ['CREATED', 'TITLE', 'PUBLISHED'] as const });
export const DocumentOrder = builder.inputType('DocumentOrder', {
  fields: (t) => ({
    field: t.field({ type: DocumentOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
  }),
});

function dateKey(argument: 'publishedFrom' | 'publishedTo', text: string, bound: 'from' | 'to'): number {
  const range = keyRange(text);
  if (!range) throw new GraphQLError(`${argument} must be a partial date like "1988", "1988-07" or "1988-07-19", got "${text}".`, { extensions: { code: 'BAD_USER_INPUT' } });
  return range[bound];
}

type GlobalId = { typename: string; id: string } | null | undefined;
export interface DocumentFilterInput {
  collection?: string | null;
  publisher?: GlobalId;
  kind?: Array<'ARTICLE' | 'REPORT' | 'LETTER' | 'RESOLUTION' | 'TRANSCRIPT' | 'STATEMENT' | 'OTHER'> | null;
  language?: string | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
  mentions?: GlobalId;
  cites?: GlobalId;
}

export async function documentWhere(ctx: Pick<Context, 'prisma' | 'viewer'>, filter: DocumentFilterInput | null | undefined): Promise<Prisma.DocumentWhereInput> {
  const where: Prisma.DocumentWhereInput[] = [visibleDocuments(ctx)];
  if (filter?.collection) where.push({ collectionId: await collectionFilterId(ctx, filter.collection, ['filter', 'collection']) });
  if (filter?.publisher) where.push({ publisherId: inputId(filter.publisher) });
  if (filter?.kind?.length) where.push({ kind: { in: filter.kind } });
  if (filter?.language) where.push({ language: filter.language });
  if (filter?.publishedFrom) where.push({ publishedSort: { gte: dateKey('publishedFrom', filter.publishedFrom, 'from') } });
  if (filter?.publishedTo) where.push({ publishedSort: { lte: dateKey('publishedTo', filter.publishedTo, 'to') } });
  if (filter?.mentions) where.push({ mentions: { some: { entityId: inputId(filter.mentions), status: { not: 'REJECTED' } } } });
  if (filter?.cites) {
    const id = inputId(filter.cites);
    where.push({ citations: { some: filter.cites.typename === 'Document' ? { sourceDocumentId: id } : { sourceEntityId: id } } });
  }
  return { AND: where };
}

export function documentOrder(order: { field: 'CREATED' | 'TITLE' | 'PUBLISHED'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.DocumentOrderByWithRelationInput[] {
  const dir = direction(order?.direction);
  switch (order?.field) {
    case 'TITLE':
      return [{ title: dir }, { id: dir }];
    case 'PUBLISHED':
      // Documents without a known year sort last either way.
      return [{ publishedSort: { sort: dir, nulls: 'last' } }, { id: dir }];
    default:
      return [{ id: dir }];
  }
}

// The hottest read (issue 4, benchmark scenario (a)): a page of `documents` with their publishers.
// Through Prisma it costs one findMany (~0.5 ms of query compilation and mapping whatever it
// returns, plus a second statement for the publishers); as one statement with a LEFT JOIN read
// through the driver (src/schema/lean.ts) it costs a small fraction of that (docs/performance.md).
// Taken only when the page asks for what this statement returns — Document columns and at most
// `publisher` with its columns (only those the selection reads, when that can be told) — with no
// filter, the default order and forward paging; anything else goes through Prisma.
const leanPageSelect = PrismaSql.raw(`${selectColumns('Document', 'd')}, ${selectColumns('Entity', 'p')}`);
const documentRow = arrayMapper('Document');
const publisherIdIndex = columnsOf('Document').length; // the publisher's columns follow the document's, its id first
const publisherRow = arrayMapper('Entity', publisherIdIndex);

type PageQuery = { take?: number; skip?: number; cursor?: Record<string, unknown>; include?: Record<string, unknown>; select?: unknown } & Record<string, unknown>;

/** `info`, when given, narrows the columns read to those the page's selection reads (connectionColumns). */
export async function leanDocumentsPage(ctx: Parameters<typeof visibleDocuments>[0] & Pick<Context, 'db'>, query: PageQuery, info?: GraphQLResolveInfo) {
  const { take, skip = 0, cursor, include, select, ...rest } = query;
  if (select !== undefined || Object.keys(rest).length > 0 || typeof take !== 'number' || take <= 0) return undefined;
  const included = Object.entries(include ?? {}).filter(([, value]) => value);
  if (included.some(([name, value]) => name !== 'publisher' || value !== true)) return undefined;
  const cursorId = cursor?.id;
  if (cursor && (Object.keys(cursor).length !== 1 || typeof cursorId !== 'number')) return undefined;
  // Prisma's cursor semantics: from the cursor row on (none when it no longer exists), then skip.
  const from = cursor ? PrismaSql.sql`AND d."id" >= (SELECT "id" FROM "Document" WHERE "id" = ${cursorId})` : PrismaSql.empty;
  const withPublisher = included.length > 0;
  const narrowed = connectionColumns(info, 'Document', withPublisher ? [{ name: 'publisher', model: 'Entity' }] : []);
  const columns = narrowed
    ? PrismaSql.raw([...narrowed.columns.map((column) => `d."${column}"`), ...(narrowed.relationColumns.publisher ?? []).map((column) => `p."${column}"`)].join(', '))
    : leanPageSelect;
  const toDocument = narrowed ? subsetMapper('Document', narrowed.columns) : documentRow;
  const publisherAt = narrowed ? narrowed.columns.length : publisherIdIndex;
  const toPublisher = narrowed ? subsetMapper('Entity', narrowed.relationColumns.publisher ?? [], publisherAt) : publisherRow;
  const rows = await leanRows(ctx, PrismaSql.sql`
    SELECT ${columns} FROM "Document" d JOIN "Collection" c ON c."id" = d."collectionId" LEFT JOIN "Entity" p ON p."id" = d."publisherId"
    WHERE ${visibleCollectionSql(ctx, 'c')} ${from} ORDER BY d."id" ASC LIMIT ${take} OFFSET ${skip}`);
  return rows.map((row) => {
    const document = toDocument(row);
    if (withPublisher) document.publisher = row[publisherAt] === null || row[publisherAt] === undefined ? null : toPublisher(row);
    return document;
  });
}

builder.queryField('documents', (t) =>
  t.prismaConnection(
    {
      type: Document,
      cursor: 'id',
      ...paging,
      args: {
        filter: t.arg({ type: DocumentFilter }),
        orderBy: t.arg({ type: DocumentOrder, description: 'Default: creation order. The id breaks ties, so pages are stable.' }),
      },
      description: 'Documents the caller may read.',
      totalCount: async (_parent, args, ctx) => ctx.prisma.document.count({ where: await documentWhere(ctx, args.filter) }),
      resolve: async (query, _parent, args, ctx, info) => {
        const lean = !args.filter && !args.orderBy ? await leanDocumentsPage(ctx, query as PageQuery, info) : undefined;
        return (lean as Array<Prisma.DocumentGetPayload<typeof query>> | undefined) ?? ctx.prisma.document.findMany({ ...query, where: await documentWhere(ctx, args.filter), orderBy: documentOrder(args.orderBy) });
      },
    },
    DocumentConnection,
  ),
);

builder.prismaObjectField(Collection, 'documents', (t) =>
  t.relatedConnection('documents', { cursor: 'id', ...paging, totalCount: true, query: { orderBy: { id: 'asc' } } }, DocumentConnection),
);

builder.prismaInterfaceField(EntityInterface, 'documents', (t) =>
  t.prismaConnection(
    {
      type: Document,
      cursor: 'id',
      ...paging,
      description: 'Visible documents that mention this entity (rejected mentions do not count), in creation order.',
      totalCount: async (entity, _args, ctx) => ctx.prisma.document.count({ where: await documentWhere(ctx, { mentions: { typename: 'Entity', id: String(entity.id) } }) }),
      resolve: async (query, entity, _args, ctx) =>
        ctx.prisma.document.findMany({ ...query, where: await documentWhere(ctx, { mentions: { typename: 'Entity', id: String(entity.id) } }), orderBy: { id: 'asc' } }),
    },
    DocumentConnection,
  ),
);

builder.prismaObjectField(Organisation, 'published', (t) =>
  t.relatedConnection('published', { cursor: 'id', ...paging, totalCount: true, description: 'Documents this organisation published.', query: (_args, ctx) => ({ where: visibleDocuments(ctx), orderBy: { id: 'asc' } }) }, DocumentConnection),
);
