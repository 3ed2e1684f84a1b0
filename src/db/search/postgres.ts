// PostgreSQL: the table search_document (migration 0005_full_text_search) holds one tsvector per
// document, title weight A, current body weight B, accents folded by search_fold() (unaccent);
// search_claim (0007_claim_search) one per claim, its span's words A, its value as written B.
// The query is tsquery text from toTsquery(): every word a quoted lexeme of letters and digits,
// the operators ours, so to_tsquery cannot fail on user input. Ranking is ts_rank_cd (cover
// density) with PostgreSQL's default weights (A 1.0, B 0.4).
import type { PrismaClient } from '../client.js';
import { documentConditions, Params, toNumber, type DocumentCriteria, type DocumentIndex } from './sql.js';

export function postgresIndex(prisma: PrismaClient): DocumentIndex {
  // The planner prices `tsv @@ q` on a sequential scan as if the vectors were in the table; they are
  // TOASTed (kept beside the table, many times its size), so it picked a sequential scan far slower
  // than the GIN index (docs/performance.md, Search). SET LOCAL, in a transaction with the query,
  // steers this query alone to the index.
  const client = {
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> {
      const [, rows] = await prisma.$transaction([prisma.$executeRawUnsafe('SET LOCAL enable_seqscan = off'), prisma.$queryRawUnsafe<T>(sql, ...values)]);
      return rows;
    },
  };
  const base = (match: string, criteria: DocumentCriteria, params: Params) =>
    `FROM "search_document" s JOIN "Document" d ON d."id" = s."documentId", to_tsquery('simple', ${params.add(match)}) q
     WHERE s."tsv" @@ q AND ${documentConditions(criteria, params, 'd."kind"::text')}`;
  const claimBase = (match: string, criteria: DocumentCriteria, params: Params) =>
    `FROM "search_claim" s JOIN "Claim" c ON c."id" = s."claimId" JOIN "Document" d ON d."id" = c."documentId", to_tsquery('simple', ${params.add(match)}) q
     WHERE s."tsv" @@ q AND c."status"::text <> 'REJECTED' AND ${documentConditions(criteria, params, 'd."kind"::text')}`;
  const count = async (from: (params: Params) => string) => {
    const params = new Params('postgresql');
    const rows = await client.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT count(*) AS n ${from(params)}`, ...params.values);
    return toNumber(rows[0]?.n ?? 0);
  };
  const ranked = async (from: (params: Params) => string, id: string, limit: number, offset: number) => {
    const params = new Params('postgresql');
    const sql = `SELECT ${id} AS id, ts_rank_cd(s."tsv", q) AS score ${from(params)} ORDER BY score DESC, ${id} LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`;
    const rows = await client.$queryRawUnsafe<Array<{ id: unknown; score: unknown }>>(sql, ...params.values);
    return rows.map((row) => ({ id: toNumber(row.id), score: toNumber(row.score) }));
  };
  return {
    hits: (match, criteria, limit, offset) => ranked((params) => base(match, criteria, params), 'd."id"', limit, offset),
    count: (match, criteria) => count((params) => base(match, criteria, params)),
    async facets(match, criteria, size) {
      const params = new Params('postgresql');
      const from = base(match, criteria, params);
      const rows = await client.$queryRawUnsafe<Array<{ facet: string; key: unknown; n: unknown }>>(
        `WITH m AS MATERIALIZED (SELECT d."publisherId" AS "publisherId", d."publishedYear" AS year ${from})
         (SELECT 'publisher' AS facet, "publisherId" AS key, count(*) AS n FROM m WHERE "publisherId" IS NOT NULL GROUP BY "publisherId" ORDER BY n DESC, key LIMIT ${size})
         UNION ALL
         (SELECT 'year' AS facet, year AS key, count(*) AS n FROM m WHERE year IS NOT NULL GROUP BY year ORDER BY n DESC, key LIMIT ${size})`,
        ...params.values,
      );
      const pick = (facet: string) => rows.filter((row) => row.facet === facet).map((row) => ({ key: toNumber(row.key), count: toNumber(row.n) }));
      return { publishers: pick('publisher'), years: pick('year') };
    },
    claimHits: (match, criteria, limit, offset) => ranked((params) => claimBase(match, criteria, params), 'c."id"', limit, offset),
    claimCount: (match, criteria) => count((params) => claimBase(match, criteria, params)),
  };
}
