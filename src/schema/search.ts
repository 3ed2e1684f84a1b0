// search(query:): documents (titles and current bodies), persons, organisations and events (names
// and aliases) and claims (the spans stating them), ranked, highlighted with offsets, with facets.
// The work is in src/db/search/.
import { GraphQLError } from 'graphql';
import { visibleCollections, visibleDocuments, type Context } from '../context.js';
import { createSearch, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseQuery, SearchQueryError, type DocumentCriteria, type SearchFacets, type SearchHit, type SearchType as SearchTypeValue } from '../db/search/index.js';
import { keyRange } from '../domain/partial-dates.js';
import { builder } from './builder.js';
import { Claim } from './claim.js';
import { collectionFilterId } from './collection.js';
import { checkedPageSize, DEFAULT_PAGE_SIZE } from './connections.js';
import { Document, DocumentKind } from './document.js';
import { Event, Organisation, Person } from './entity.js';
import { inputId } from './ids.js';

/** Deep pages of a relevance ranking cost as much as everything before them; beyond this, refine the query. */
export const MAX_SEARCH_OFFSET = 1000;

const searchTypes = ['DOCUMENT', 'PERSON', 'ORGANISATION', 'EVENT', 'CLAIM'] as const;

export const SearchType = builder.enumType('SearchType', {
  description:
    'What search looks through: document titles and bodies, the names and aliases of persons, organisations and events, or claims (the words of the span that states each claim, and its value as written).',
  values: {
    DOCUMENT: { description: 'Documents, by their titles and current bodies.' },
    PERSON: { description: 'Persons, by their names and aliases.' },
    ORGANISATION: { description: 'Organisations, by their names and aliases.' },
    EVENT: { description: 'Events, by their names and aliases.' },
    CLAIM: { description: 'Claims, by the words of their spans and their values as written (rejected claims left out).' },
  } as const,
});

export const SearchHighlightField = builder.enumType('SearchHighlightField', {
  description: 'Which text a highlight’s offsets point into.',
  values: {
    TITLE: { description: 'Offsets into the document title.' },
    BODY: { description: 'Offsets into the document body (the current version’s `body`, where span offsets point too).' },
    NAME: { description: 'Offsets into the edge’s `matchedName`.' },
    SPAN: { description: 'Offsets into a claim’s `span.exact`, for a claim whose span is not anchored in the current body (orphaned, or from an earlier version).' },
  },
});

const SearchHighlightRef = builder.objectRef<SearchHit['highlights'][number]>('SearchHighlight').implement({
  description: 'One place the query matched: `field` text `.slice(start, end)` is `text`. Offsets are UTF-16 code units.',
  fields: (t) => ({
    field: t.field({ type: SearchHighlightField, description: 'Which text the offsets point into.', resolve: (h) => h.field }),
    start: t.exposeInt('start', { description: 'Offset of the match in that text, in UTF-16 code units (inclusive).' }),
    end: t.exposeInt('end', { description: 'Offset just past the match, in UTF-16 code units (exclusive).' }),
    text: t.exposeString('text', { description: 'The matched words exactly as the text writes them.' }),
    context: t.exposeString('context', { description: 'The match with up to about 60 characters either side, for display.' }),
    contextStart: t.exposeInt('contextStart', { description: 'Where `context` starts in the same field.' }),
  }),
});

export const SearchResult = builder.unionType('SearchResult', {
  description: 'A document, an entity or a claim that matches a search.',
  types: [Document, Person, Organisation, Event, Claim],
  resolveType: (value) => {
    if ('subjectId' in value) return Claim;
    const type = (value as { type?: string }).type;
    return type === 'PERSON' ? Person : type === 'ORGANISATION' ? Organisation : type === 'EVENT' ? Event : Document;
  },
});

export const SearchFilter = builder.inputType('SearchFilter', {
  description: 'Narrows the documents found, and the claims to those in such documents (entities are not affected).',
  fields: (t) => ({
    collection: t.id({ description: 'Only documents of this collection (and their claims), named by its slug ("sample") or its global id; an unknown slug (or one of a collection the caller cannot read) is an error with code NOT_FOUND.' }),
    publisher: t.globalID({ for: [Organisation], description: 'Only documents published by this organisation (its global id).' }),
    kind: t.field({ type: [DocumentKind], description: 'Only documents of any of these kinds.' }),
    language: t.string({ description: 'Language code, e.g. "en".' }),
    publishedFrom: t.string({ description: 'Published on or after this partial date: "1988", "1988-07" or "1988-07-19".' }),
    publishedTo: t.string({ description: 'Published on or before this partial date (inclusive of the whole year or month).' }),
  }),
});

interface TypeCount {
  type: (typeof searchTypes)[number];
  count: number;
}
const SearchTypeCount = builder.objectRef<TypeCount>('SearchTypeCount').implement({
  description: 'How many matches are of one type.',
  fields: (t) => ({
    type: t.field({ type: SearchType, description: 'The type of result.', resolve: (c) => c.type }),
    count: t.exposeInt('count', { description: 'How many matches of that type the caller may see.' }),
  }),
});
const SearchPublisherCount = builder.objectRef<{ publisherId: number; count: number }>('SearchPublisherCount').implement({
  description: 'How many matching documents one publisher published.',
  fields: (t) => ({
    // findUnique calls of one tick are batched by Prisma into one statement.
    publisher: t.field({ type: Organisation, description: 'The publisher.', resolve: (facet, _args, ctx) => ctx.prisma.entity.findUniqueOrThrow({ where: { id: facet.publisherId } }) }),
    count: t.exposeInt('count', { description: 'How many matching documents it published.' }),
  }),
});
const SearchYearCount = builder.objectRef<{ year: number; count: number }>('SearchYearCount').implement({
  description: 'How many matching documents were published in one year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'The publication year, e.g. 1988.' }),
    count: t.exposeInt('count', { description: 'How many matching documents were published that year.' }),
  }),
});
const SearchFacetsRef = builder.objectRef<SearchFacets>('SearchFacets').implement({
  description: 'Counts over every match the caller may see, not only the page.',
  fields: (t) => ({
    types: t.field({ type: [SearchTypeCount], description: 'Matches per type of result.', resolve: (f) => f.types as TypeCount[] }),
    publishers: t.field({ type: [SearchPublisherCount], description: 'Documents per publisher, the 20 largest (documents without a publisher not counted).', resolve: (f) => f.publishers }),
    years: t.field({ type: [SearchYearCount], description: 'Documents per publication year, the 20 largest (undated documents not counted).', resolve: (f) => f.years }),
  }),
});

const badInput = (message: string, argument?: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });

const encodeCursor = (offset: number) => Buffer.from(`search:${offset}`).toString('base64');
function decodeCursor(cursor: string): number {
  const match = /^search:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw badInput('Argument "after" is not a search cursor.', 'after');
  return Number(match[1]) + 1;
}

type FilterInput = {
  collection?: string | null;
  publisher?: { typename: string; id: string } | null;
  kind?: string[] | null;
  language?: string | null;
  publishedFrom?: string | null;
  publishedTo?: string | null;
} | null | undefined;

function dateKey(argument: 'publishedFrom' | 'publishedTo', text: string, bound: 'from' | 'to'): number {
  const range = keyRange(text);
  if (!range) throw badInput(`${argument} must be a partial date like "1988", "1988-07" or "1988-07-19", got "${text}".`, argument);
  return range[bound];
}

async function criteriaFor(ctx: Context, filter: FilterInput): Promise<DocumentCriteria> {
  // Visibility is decided per collection (src/services/access.ts); documents are then kept to those collections.
  const visible = await ctx.prisma.collection.findMany({ where: visibleCollections(ctx), select: { id: true } });
  let collectionIds = visible.map((collection) => collection.id);
  const wanted = filter?.collection ? await collectionFilterId(ctx, filter.collection, ['filter', 'collection']) : undefined;
  if (wanted !== undefined) collectionIds = collectionIds.filter((id) => id === wanted);
  return {
    collectionIds,
    publisherId: inputId(filter?.publisher),
    kinds: filter?.kind ?? undefined,
    language: filter?.language ?? undefined,
    publishedFrom: filter?.publishedFrom ? dateKey('publishedFrom', filter.publishedFrom, 'from') : undefined,
    publishedTo: filter?.publishedTo ? dateKey('publishedTo', filter.publishedTo, 'to') : undefined,
  };
}

/** The page's rows, in hit order; hits whose row is gone or not visible are dropped. */
async function loadNodes(ctx: Context, hits: SearchHit[]) {
  const idsOf = (wanted: (type: SearchTypeValue) => boolean) => hits.filter((hit) => wanted(hit.type)).map((hit) => hit.id);
  const documentIds = idsOf((type) => type === 'DOCUMENT');
  const claimIds = idsOf((type) => type === 'CLAIM');
  const entityIds = idsOf((type) => type !== 'DOCUMENT' && type !== 'CLAIM');
  const [documents, claims, entities] = await Promise.all([
    documentIds.length ? ctx.prisma.document.findMany({ where: { id: { in: documentIds }, AND: [visibleDocuments(ctx)] } }) : [],
    claimIds.length ? ctx.prisma.claim.findMany({ where: { id: { in: claimIds }, document: visibleDocuments(ctx) } }) : [],
    entityIds.length ? ctx.prisma.entity.findMany({ where: { id: { in: entityIds } } }) : [],
  ]);
  const rows = { DOCUMENT: new Map(documents.map((row) => [row.id, row])), CLAIM: new Map(claims.map((row) => [row.id, row])), ENTITY: new Map(entities.map((row) => [row.id, row])) };
  return hits.map((hit) => (hit.type === 'DOCUMENT' || hit.type === 'CLAIM' ? rows[hit.type] : rows.ENTITY).get(hit.id));
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResult,
      description:
        `Full-text search over the documents the caller may read (titles and current bodies), over the names and aliases of persons, organisations and events, ` +
        `and over the claims in those documents (the words of the span stating each, and its value as written; rejected claims are left out). ` +
        `Query language: words (all must occur), "quoted phrases", OR between alternatives, -word or -"phrase" to exclude, word* for words starting so; ` +
        `case and accents are ignored ("Mojahedin" finds "Mojāhedin"). Entities come first, exact name > name prefix > contains; then documents by relevance ` +
        `(a match in the title counts more than one in the body); then claims by relevance. At most ${MAX_QUERY_LENGTH} characters and ${MAX_QUERY_TERMS} terms; pages go up to ${MAX_SEARCH_OFFSET} results deep; ` +
        '`last`/`before` are not supported.',
      args: {
        query: t.arg.string({ required: true, description: 'What to look for, e.g. `massacre 1988 -"death commission"` (see the field’s description for the query language).' }),
        types: t.arg({ type: [SearchType], description: 'Which kinds of result to look for. Default: all.' }),
        filter: t.arg({ type: SearchFilter, description: 'Narrows the documents and claims found; entities are not affected.' }),
      },
      resolve: async (_parent, args, ctx) => {
        checkedPageSize(args);
        if (args.last != null || args.before != null) throw badInput('search pages forward only: use first and after.', args.last != null ? 'last' : 'before');
        const limit = args.first ?? DEFAULT_PAGE_SIZE;
        const offset = args.after ? decodeCursor(args.after) : 0;
        if (offset > MAX_SEARCH_OFFSET) throw badInput(`search pages go up to ${MAX_SEARCH_OFFSET} results deep; refine the query instead.`, 'after');
        let query;
        try {
          query = parseQuery(args.query);
        } catch (error) {
          if (error instanceof SearchQueryError) throw badInput(error.message, 'query');
          throw error;
        }
        const types: SearchTypeValue[] = args.types?.length ? [...new Set(args.types)] : [...searchTypes];
        const criteria = await criteriaFor(ctx, args.filter);
        const page = await createSearch(ctx.prisma, ctx.db.provider, { signal: ctx.signal, read: ctx.db.lean }).search({ query, types, criteria, limit, offset });
        const nodes = await loadNodes(ctx, page.hits);
        const edges = page.hits.flatMap((hit, index) => {
          const node = nodes[index];
          return node ? [{ cursor: encodeCursor(offset + index), node, score: hit.score, type: hit.type, highlights: hit.highlights, matchedName: hit.matchedName ?? null }] : [];
        });
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: offset > 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
          totalCount: page.totalCount,
          facets: page.facets,
        };
      },
    },
    {
      name: 'SearchResultConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'How many results match, across all pages.',
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
        facets: c.field({
          type: SearchFacetsRef,
          description: 'Counts of all matches by type, publisher and year, to refine the search.',
          resolve: (connection) => (connection as unknown as { facets: () => Promise<SearchFacets> }).facets(),
        }),
      }),
    },
    {
      name: 'SearchResultEdge',
      fields: (e) => ({
        score: e.float({
          description: 'Relevance; higher is better. Comparable only within one type: bm25 (SQLite) or ts_rank_cd (PostgreSQL) for documents and claims, 3 / 2 / 1 (exact / prefix / contains) for entity names.',
          resolve: (edge) => (edge as unknown as { score: number }).score,
        }),
        type: e.field({ type: SearchType, description: 'What kind of result the node is.', resolve: (edge) => (edge as unknown as { type: (typeof searchTypes)[number] }).type }),
        highlights: e.field({
          type: [SearchHighlightRef],
          description:
            'Where the query matched, in text order: up to 3 in the title and 5 in the body of a document; in the matched name of an entity; up to 5 in the span of a claim (as BODY offsets where the span is anchored in the current body, else SPAN).',
          resolve: (edge) => (edge as unknown as { highlights: SearchHit['highlights'] }).highlights,
        }),
        matchedName: e.string({
          nullable: true,
          description: 'For an entity: the name or alias that matched (NAME highlights point into it).',
          resolve: (edge) => (edge as unknown as { matchedName: string | null }).matchedName,
        }),
      }),
    },
  ),
);
