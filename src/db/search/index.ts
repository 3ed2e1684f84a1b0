// Search, one facade over both databases: parses the user's query (query-language.ts), runs the
// document and claim parts on SQLite FTS5 (sqlite.ts) or PostgreSQL full text (postgres.ts), the
// entity part over names and aliases (EntityName.normalized, through Prisma), and computes
// highlights as offsets (highlight.ts). Bodies are never read whole: highlights are scanned from
// the start in pieces read with substr(), only as far as the first few matches, yielding the
// event loop between pieces and stopping at the request's deadline (SearchOptions.signal). The
// raw SQL of search lives in this folder and in migrations 0005_full_text_search and
// 0007_claim_search only.
//
// Order of results: entities first (a name is the most specific answer to a word: "Rais" →
// Ebrahim Raisi), ranked exact > prefix > contains, then documents by relevance, then claims (the
// words of the span stating each) by relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL; scores
// compare only within one type and one database). Pages are offsets into that order.
import type { Provider } from '../provider.js';
import type { PrismaClient } from '../client.js';
import { normalizeName } from '../../domain/names.js';
import { context, findMatches, scanMatches, SCAN_PIECE } from './highlight.js';
import { isSearchable, nameText, parseQuery, positiveTerms, toFts5, toTsquery, words, type SearchQuery, type Term } from './query-language.js';
import { postgresIndex } from './postgres.js';
import { sqliteIndex } from './sqlite.js';
import { toNumber, type DocumentCriteria, type DocumentIndex } from './sql.js';

export { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseQuery, SearchQueryError } from './query-language.js';
export type { DocumentCriteria } from './sql.js';

export type SearchType = 'DOCUMENT' | 'PERSON' | 'ORGANISATION' | 'EVENT' | 'CLAIM';
export const SEARCH_TYPES: readonly SearchType[] = ['DOCUMENT', 'PERSON', 'ORGANISATION', 'EVENT', 'CLAIM'];
type EntityType = 'PERSON' | 'ORGANISATION' | 'EVENT';

/** Entity candidates looked at per query: type-ahead wants the best few, not every substring match. */
export const MAX_ENTITY_CANDIDATES = 1000;
const BODY_HIGHLIGHTS = 5;
/**
 * Code points of a body read per statement after its first piece: an eighth of the body, within
 * these bounds. Each read of a long body costs about as much as reading it up to there: SQLite
 * materialises the whole value for every substr(), PostgreSQL decompresses it from its start. So
 * fewer, larger reads cost less in all. On SQLite, which answers synchronously, the upper bound
 * keeps one read's hold of the event loop short; PostgreSQL's reads do not hold it.
 */
const BODY_READ_MIN = 1 << 19;
const BODY_READ_MAX: Record<Provider, number> = { sqlite: 1 << 21, postgresql: 1 << 23 };
const FACET_SIZE = 20;

export interface Highlight {
  field: 'TITLE' | 'BODY' | 'NAME' | 'SPAN';
  /** Offsets (UTF-16 code units) into the title, the current body, `matchedName`, or a claim's span text (when it is not anchored in the current body). */
  start: number;
  end: number;
  text: string;
  /** Some text around the match, and where it starts in the same field. */
  context: string;
  contextStart: number;
}

export interface SearchHit {
  type: SearchType;
  id: number;
  score: number;
  highlights: Highlight[];
  /** For entities: the name or alias that matched best. */
  matchedName?: string;
}

export interface SearchFacets {
  types: Array<{ type: SearchType; count: number }>;
  publishers: Array<{ publisherId: number; count: number }>;
  years: Array<{ year: number; count: number }>;
}

export interface SearchPage {
  hits: SearchHit[];
  hasNextPage: boolean;
  totalCount(): Promise<number>;
  facets(): Promise<SearchFacets>;
}

export interface SearchRequest {
  /** Already parsed with parseQuery (which throws SearchQueryError on a query over the limits). */
  query: SearchQuery;
  types: readonly SearchType[];
  criteria: DocumentCriteria;
  limit: number;
  offset: number;
}

const TIER = { EXACT: 3, PREFIX: 2, CONTAINS: 1 } as const;

interface EntityMatch {
  id: number;
  type: EntityType;
  tier: number;
  primary: boolean;
  name: string;
  normalized: string;
}

/** Entities by name or alias, best first: exact > word prefix > contains, primary names before aliases, shorter names first. */
export async function searchEntities(prisma: PrismaClient, text: string, types: readonly EntityType[]): Promise<EntityMatch[]> {
  const needle = normalizeName(text);
  if (!needle || types.length === 0) return [];
  const names = await prisma.entityName.findMany({
    where: { normalized: { contains: needle }, entity: { mergedIntoId: null, type: { in: [...types] } } },
    select: { entityId: true, name: true, kind: true, normalized: true, entity: { select: { type: true } } },
    orderBy: { id: 'asc' },
    take: MAX_ENTITY_CANDIDATES,
  });
  const best = new Map<number, EntityMatch>();
  for (const row of names) {
    const tier = row.normalized === needle ? TIER.EXACT : row.normalized.startsWith(needle) || row.normalized.includes(` ${needle}`) ? TIER.PREFIX : TIER.CONTAINS;
    const match: EntityMatch = { id: row.entityId, type: row.entity.type, tier, primary: row.kind === 'PRIMARY', name: row.name, normalized: row.normalized };
    const current = best.get(row.entityId);
    if (!current || compareMatches(match, current) < 0) best.set(row.entityId, match);
  }
  return [...best.values()].sort(compareMatches);
}

function compareMatches(a: EntityMatch, b: EntityMatch): number {
  return b.tier - a.tier || Number(b.primary) - Number(a.primary) || a.normalized.length - b.normalized.length || a.normalized.localeCompare(b.normalized) || a.id - b.id;
}

function highlightsIn(field: Highlight['field'], text: string, terms: Term[], limit: number, allPrefix = false): Highlight[] {
  return findMatches(text, terms, { limit, allPrefix }).map((match) => {
    const around = context(text, match);
    return { field, start: match.start, end: match.end, text: text.slice(match.start, match.end), context: around.text, contextStart: around.start };
  });
}

/** Where the typed name occurs in a matched name: its words as prefixes, else the word holding it. */
function nameHighlights(name: string, text: string): Highlight[] {
  const typed = words(text);
  const found = highlightsIn('NAME', name, [{ words: typed, prefix: true }], 3, true);
  if (found.length > 0 || typed.length !== 1) return found;
  const needle = typed[0]!;
  for (const match of name.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    if (normalizeName(match[0]).includes(needle)) {
      return [{ field: 'NAME', start: match.index, end: match.index + match[0].length, text: match[0], context: name, contextStart: 0 }];
    }
  }
  return [];
}

export interface SearchOptions {
  /**
   * Reads through the driver, $1… placeholders on both databases (Database.lean): bodies are read
   * piece by piece through it, without Prisma's per-value cost on long strings. Default: Prisma.
   */
  read?: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  /**
   * Fires when the request's time is up (or its client left): long scans stop at their next
   * checkpoint. Between checkpoints the event loop is yielded, so other requests are answered.
   */
  signal?: AbortSignal;
}

export function createSearch(prisma: PrismaClient, provider: Provider, { signal, read: readOption }: SearchOptions = {}) {
  const read =
    readOption ??
    (<T,>(text: string, params: unknown[] = []) => prisma.$queryRawUnsafe<T[]>(provider === 'sqlite' ? text.replace(/\$\d+/g, '?') : text, ...params));
  const checkpoint = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  };
  const index: DocumentIndex = provider === 'sqlite' ? sqliteIndex(prisma) : postgresIndex(prisma);
  const render = provider === 'sqlite' ? toFts5 : toTsquery;

  /** A claim's highlights: in the current body where its span is anchored there, else in the span's own text. */
  async function claimHighlights(ids: number[], terms: Term[]) {
    const rows = await prisma.claim.findMany({
      where: { id: { in: ids } },
      select: { id: true, span: { select: { exact: true, start: true, versionId: true, status: true } }, document: { select: { versions: { orderBy: { number: 'desc' }, take: 1, select: { id: true } } } } },
    });
    return new Map(
      rows.map((row) => {
        const { exact, start, versionId, status } = row.span;
        const inBody = status !== 'ORPHANED' && row.document.versions[0]?.id === versionId;
        const found = highlightsIn(inBody ? 'BODY' : 'SPAN', exact, terms, BODY_HIGHLIGHTS);
        const shift = inBody ? start : 0;
        return [row.id, found.map((h) => ({ ...h, start: h.start + shift, end: h.end + shift, contextStart: h.contextStart + shift }))];
      }),
    );
  }

  /**
   * Titles, and of each current body its first piece and its size in bytes (octet_length reads
   * neither SQLite's nor PostgreSQL's whole value), in one statement: never whole bodies. A body
   * longer than its first piece is read on, a piece per statement, only as far as its highlights need.
   */
  async function currentTexts(ids: number[]) {
    const rows = await read<{ id: unknown; title: string; versionId: unknown; head: string | null; bytes: unknown }>(
      `SELECT d."id" AS "id", d."title" AS "title", v."id" AS "versionId", substr(v."body", 1, CAST($1 AS integer)) AS "head", octet_length(v."body") AS "bytes"
       FROM "Document" d LEFT JOIN "DocumentVersion" v ON v."id" = (SELECT l."id" FROM "DocumentVersion" l WHERE l."documentId" = d."id" ORDER BY l."number" DESC LIMIT 1)
       WHERE d."id" IN (${ids.map((_, i) => `$${i + 2}`).join(', ')})`,
      [SCAN_PIECE, ...ids],
    );
    return new Map(
      rows.map((row) => [toNumber(row.id), { title: row.title, versionId: row.versionId == null ? null : toNumber(row.versionId), head: row.head ?? '', bytes: toNumber(row.bytes ?? 0) }]),
    );
  }

  /** A body as consecutive pieces: the head already read, then the rest while the scan asks for it. */
  async function* bodyPieces({ versionId, head, bytes }: { versionId: number | null; head: string; bytes: number }): AsyncGenerator<string> {
    yield head;
    // Fewer code units than code points asked for: the body ended there.
    if (versionId === null || head.length < SCAN_PIECE) return;
    const size = Math.min(BODY_READ_MAX[provider], Math.max(BODY_READ_MIN, Math.ceil(bytes / 8)));
    for (let from = SCAN_PIECE + 1; ; from += size) {
      const rows = await read<{ part: string | null }>(
        'SELECT substr(v."body", CAST($1 AS integer), CAST($2 AS integer)) AS "part" FROM "DocumentVersion" v WHERE v."id" = $3',
        [from, size, versionId],
      );
      const part = rows[0]?.part ?? '';
      if (part) yield part;
      if (part.length < size) return;
    }
  }

  async function bodyHighlights(body: { versionId: number | null; head: string; bytes: number }, terms: Term[]): Promise<Highlight[]> {
    const found = await scanMatches(bodyPieces(body), terms, { limit: BODY_HIGHLIGHTS, checkpoint });
    return found.map((match) => ({ field: 'BODY', ...match }));
  }

  return {
    async search(request: SearchRequest): Promise<SearchPage> {
      const { query, types, criteria, limit, offset } = request;
      const searchable = isSearchable(query);
      const wantDocuments = searchable && types.includes('DOCUMENT');
      const wantClaims = searchable && types.includes('CLAIM');
      const entityTypes = (['PERSON', 'ORGANISATION', 'EVENT'] as const).filter((type) => types.includes(type));
      const match = wantDocuments || wantClaims ? render(query) : '';
      const terms = positiveTerms(query);

      // Entity names: the query's positive terms read as one name; exclusions then drop entities
      // whose matched name holds an excluded word.
      const typedName = nameText(query);
      const excluded = query.none;
      const entities = searchable
        ? (await searchEntities(prisma, typedName, entityTypes)).filter((entity) => excluded.length === 0 || findMatches(entity.name, excluded, { limit: 1 }).length === 0)
        : [];

      const entityPage = entities.slice(offset, offset + limit + 1);
      const documentOffset = Math.max(0, offset - entities.length);
      const documentLimit = limit + 1 - entityPage.length;
      // SQLite answers synchronously, so a chain of awaited statements never lets the event loop
      // turn: checkpoints between the steps do.
      await checkpoint();
      const documentHits = wantDocuments && documentLimit > 0 ? await index.hits(match, criteria, documentLimit, documentOffset) : [];
      await checkpoint();
      const texts: Awaited<ReturnType<typeof currentTexts>> = documentHits.length > 0 ? await currentTexts(documentHits.map((hit) => hit.id)) : new Map();
      // One document at a time: each scan is bounded by its highlights, or by the deadline.
      const bodies = new Map<number, Highlight[]>();
      for (const hit of documentHits) {
        await checkpoint();
        const text = texts.get(hit.id);
        if (text) bodies.set(hit.id, await bodyHighlights(text, terms));
      }

      let documentCount: Promise<number> | undefined;
      const countDocuments = () => (documentCount ??= wantDocuments ? index.count(match, criteria) : Promise.resolve(0));
      // Claims fill the page once the documents have run out; where they ran out is known from this
      // page unless the page starts past them (then they are counted).
      const claimLimit = documentLimit - documentHits.length;
      let claimHits: Array<{ id: number; score: number }> = [];
      if (wantClaims && claimLimit > 0) {
        const documentsSeen = !wantDocuments ? 0 : documentHits.length > 0 || documentOffset === 0 ? documentOffset + documentHits.length : await countDocuments();
        claimHits = await index.claimHits(match, criteria, claimLimit, Math.max(0, offset - entities.length - documentsSeen));
      }
      const claimTexts = claimHits.length > 0 ? await claimHighlights(claimHits.map((hit) => hit.id), terms) : new Map<number, Highlight[]>();

      const hits: SearchHit[] = [
        ...entityPage.map((entity) => ({
          type: entity.type,
          id: entity.id,
          score: entity.tier,
          matchedName: entity.name,
          highlights: nameHighlights(entity.name, typedName),
        })),
        ...documentHits.map((hit) => {
          const title = texts.get(hit.id)?.title ?? '';
          return {
            type: 'DOCUMENT' as const,
            id: hit.id,
            score: hit.score,
            highlights: [...highlightsIn('TITLE', title, terms, 3), ...(bodies.get(hit.id) ?? [])],
          };
        }),
        ...claimHits.map((hit) => ({ type: 'CLAIM' as const, id: hit.id, score: hit.score, highlights: claimTexts.get(hit.id) ?? [] })),
      ];

      let claimCount: Promise<number> | undefined;
      const countClaims = () => (claimCount ??= wantClaims ? index.claimCount(match, criteria) : Promise.resolve(0));
      return {
        hits: hits.slice(0, limit),
        hasNextPage: hits.length > limit,
        totalCount: async () => entities.length + (await countDocuments()) + (await countClaims()),
        async facets() {
          const [documents, claims, grouped] = await Promise.all([
            countDocuments(),
            countClaims(),
            wantDocuments ? index.facets(match, criteria, FACET_SIZE) : Promise.resolve({ publishers: [], years: [] }),
          ]);
          const typeCounts = SEARCH_TYPES.filter((type) => types.includes(type)).map((type) => ({
            type,
            count: type === 'DOCUMENT' ? documents : type === 'CLAIM' ? claims : entities.filter((entity) => entity.type === type).length,
          }));
          return {
            types: typeCounts,
            publishers: grouped.publishers.map((facet) => ({ publisherId: facet.key, count: facet.count })),
            years: grouped.years.map((facet) => ({ year: facet.key, count: facet.count })),
          };
        },
      };
    },
  };
}

export { parseQuery as parseSearchQuery };
