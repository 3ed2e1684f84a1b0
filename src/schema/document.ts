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
  description: 'The genre of a document (or of a cited work that is not in the library).',
  values: {
    ARTICLE: { description: 'A news or web article, blog post or opinion piece.' },
    REPORT: { description: 'A report, e.g. by a human-rights organisation, a government or a UN body.' },
    LETTER: { description: 'A letter, open letter or petition.' },
    RESOLUTION: { description: 'A resolution adopted by a parliament, assembly or other body.' },
    TRANSCRIPT: { description: 'A transcript of speech: an interview, hearing, debate or broadcast.' },
    STATEMENT: { description: 'A formal statement or press release by an organisation or official.' },
    OTHER: { description: 'Any other kind of document.' },
  } as const,
});

export const BoilerplateKind = builder.enumType('BoilerplateKind', {
  description: 'What kind of page furniture a boilerplate region is.',
  values: {
    HEADLINE: { description: 'The headline (and its deck) repeated at the top of the page text.' },
    NAVIGATION: { description: 'Navigation crumbs and site menus, e.g. teaser lines ending in "…".' },
    CAPTION: { description: 'Image captions and sub-heading captions not part of the running text.' },
    EXCERPT: { description: 'A lede the page shows twice: the first copy, when the article repeats it later.' },
    SHARE_LINKS: { description: '"Share on …" and "Follow us" lines.' },
    RELATED_LINKS: { description: '"Latest news", "You might also like", "See also", "Related: …" and reference-footer blocks.' },
    TAGS: { description: '"Tags:", "Categories:", "Filed under:" lines.' },
    COPYRIGHT: { description: 'Copyright, "all rights reserved" and "last edited" notices.' },
    CREDITS: { description: 'Byline and date lines, "powered by" credits, cookie, newsletter, reprint and contact notices.' },
  } as const,
});

builder.prismaObject('BoilerplateRegion', {
  description: 'Page furniture cut from the raw text (share links, "latest news", copyright). Offsets are UTF-16 code units into `rawText`.',
  fields: (t) => ({
    kind: t.expose('kind', { type: BoilerplateKind, description: 'What kind of furniture the region is.' }),
    start: t.exposeInt('start', { description: 'Offset of the region’s first character in `rawText`, in UTF-16 code units (inclusive).' }),
    end: t.exposeInt('end', { description: 'Offset just past the region in `rawText`, in UTF-16 code units (exclusive): rawText.slice(start, end) === text.' }),
    text: t.exposeString('text', { description: 'The cut text itself, as it stands in `rawText`.' }),
  }),
});

export const DocumentVersion = builder.prismaNode('DocumentVersion', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row the caller cannot see is null, not an error
  description: 'One text of a document. Spans are anchored in `body`: `rawText` without its boilerplate regions.',
  findUnique: (id, ctx) => ({ id: databaseId(id, 'DocumentVersion'), document: visibleDocuments(ctx) }),
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'The version’s number within its document: 1 for the first text, then 2, 3… for each addDocumentVersion.' }),
    rawText: t.exposeString('rawText', { description: 'The text exactly as it was given, boilerplate included.' }),
    body: t.exposeString('body', { description: 'rawText with its boilerplate regions cut: the text span offsets of this version point into.' }),
    contentHash: t.exposeString('contentHash', { description: 'sha256 of rawText, hex.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When this version was added.' }),
    boilerplate: t.relation('boilerplate', { description: 'The regions cut from rawText to make body, in text order.', query: { orderBy: { start: 'asc' } } }),
    document: t.relation('document', { description: 'The document this is a version of.' }),
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
    title: t.exposeString('title', { description: 'The document’s title or headline.' }),
    kind: t.expose('kind', { type: DocumentKind, description: 'The genre: article, report, letter…' }),
    language: t.exposeString('language', { nullable: true, description: 'The language of the text as a code, e.g. "en"; null when not recorded.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the document was found on the web; null for documents without one.' }),
    published: t.field({
      type: PartialDate,
      nullable: true,
      description: 'When the document was published, as far as known (a year, a month or a day); null when unknown. Filters publishedFrom/publishedTo and order PUBLISHED use it.',
      resolve: (document) => partialDate(document, 'published'),
    }),
    retrievedAt: t.expose('retrievedAt', { type: 'DateTime', nullable: true, description: 'When the text was fetched from `url`; null when not recorded.' }),
    contentHash: t.exposeString('contentHash', { nullable: true, description: 'sha256 of the current version’s raw text.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Curation notes.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the document was added to the library.' }),
    collection: t.relation('collection', { type: Collection, description: 'The collection the document belongs to, which decides who may read it.' }),
    publisher: t.relation('publisher', {
      type: Organisation,
      nullable: true,
      description: 'The organisation that published the document; null when unknown. A claim in the document’s own voice counts for its publisher as an origin (documents of one publisher are one origin).',
    }),
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
      description: 'The newest version: the one `body` and current span offsets come from.',
      select: (_args, _ctx, nested) => ({ versions: nested(latestVersion) }),
      resolve: (document) => document.versions[0]!,
    }),
    versions: t.relation('versions', { description: 'Every version of the text, oldest (number 1) first.', query: { orderBy: { number: 'asc' } } }),
  }),
});

export const DocumentConnection = builder.connectionObject({ type: Document, name: 'DocumentConnection', fields: totalCountField }, { name: 'DocumentEdge' });

export const DocumentFilter = builder.inputType('DocumentFilter', {
  description: 'Narrows a list of documents; conditions combine with AND. Only documents the caller may read are ever listed.',
  fields: (t) => ({
    collection: t.id({ description: 'Only documents of this collection, named by its slug ("sample") or its global id; an unknown slug (or one of a collection the caller cannot read) is an error with code NOT_FOUND.' }),
    publisher: t.globalID({ for: [Organisation], description: 'Only documents published by this organisation (its global id).' }),
    kind: t.field({ type: [DocumentKind], description: 'Only documents of any of these kinds.' }),
    language: t.string({ description: 'Language code, e.g. "en".' }),
    publishedFrom: t.string({ description: 'Published on or after this partial date: "1988", "1988-07" or "1988-07-19". Documents without a known year are excluded.' }),
    publishedTo: t.string({ description: 'Published on or before this partial date (inclusive of the whole year or month).' }),
    mentions: t.globalID({ for: [Person, Organisation, Event], description: 'Only documents that mention this entity (rejected mentions do not count).' }),
    cites: t.globalID({ for: [Person, Organisation, Document], description: 'Only documents that cite this person, organisation or document.' }),
  }),
});

export const DocumentOrderField = builder.enumType('DocumentOrderField', {
  description: 'What to sort documents by.',
  values: {
    CREATED: { description: 'The order the documents were added in.' },
    TITLE: { description: 'The title, in the database’s string order (its collation).' },
    PUBLISHED: { description: 'The publication date, a missing month or day counting as earliest; documents without a known year come last in either direction.' },
  } as const,
});
export const DocumentOrder = builder.inputType('DocumentOrder', {
  description: 'How to sort a list of documents; ties are broken by creation order in the same direction.',
  fields: (t) => ({
    field: t.field({ type: DocumentOrderField, required: true, description: 'The key to sort by.' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC', description: 'ASC (default) or DESC.' }),
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

// The hottest read (benchmark scenario (a)): a page of `documents` with their publishers.
// Through Prisma it costs one findMany (a fixed cost of query compilation and mapping whatever it
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
        filter: t.arg({ type: DocumentFilter, description: 'Only documents matching these conditions; all readable ones when omitted.' }),
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
  t.relatedConnection('documents', { cursor: 'id', ...paging, totalCount: true, description: 'The documents of this collection, in the order they were added.', query: { orderBy: { id: 'asc' } } }, DocumentConnection),
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
