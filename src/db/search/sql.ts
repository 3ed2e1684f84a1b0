// The document filters both backends apply, as SQL over "Document" d, with placeholders in the
// provider's style (? for SQLite, $n for PostgreSQL). Values are always parameters.
export interface DocumentCriteria {
  /** Collections whose documents the caller may read (and, filtered, wants); empty: nothing. */
  collectionIds: number[];
  publisherId?: number;
  kinds?: string[];
  language?: string;
  /** publishedSort bounds (yyyymmdd keys). */
  publishedFrom?: number;
  publishedTo?: number;
}

export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly style: 'sqlite' | 'postgresql') {}
  add(value: unknown): string {
    this.values.push(value);
    return this.style === 'sqlite' ? '?' : `$${this.values.length}`;
  }
  list(values: readonly unknown[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

/** Conditions on "Document" d, joined with AND; never empty (collectionIds always applies). */
export function documentConditions(criteria: DocumentCriteria, params: Params, kindColumn = 'd."kind"'): string {
  const ids = criteria.collectionIds.length > 0 ? criteria.collectionIds : [-1];
  const conditions = [`d."collectionId" IN (${params.list(ids)})`];
  if (criteria.publisherId !== undefined) conditions.push(`d."publisherId" = ${params.add(criteria.publisherId)}`);
  if (criteria.kinds?.length) conditions.push(`${kindColumn} IN (${params.list(criteria.kinds)})`);
  if (criteria.language !== undefined) conditions.push(`d."language" = ${params.add(criteria.language)}`);
  if (criteria.publishedFrom !== undefined) conditions.push(`d."publishedSort" >= ${params.add(criteria.publishedFrom)}`);
  if (criteria.publishedTo !== undefined) conditions.push(`d."publishedSort" <= ${params.add(criteria.publishedTo)}`);
  return conditions.join(' AND ');
}

export interface DocumentHit {
  id: number;
  score: number;
}

export interface Facet<K> {
  key: K;
  count: number;
}

export interface DocumentFacets {
  publishers: Array<Facet<number>>;
  years: Array<Facet<number>>;
}

/** What one database does for full-text search: documents, and claims (the span that states each, and its value). */
export interface DocumentIndex {
  hits(match: string, criteria: DocumentCriteria, limit: number, offset: number): Promise<DocumentHit[]>;
  count(match: string, criteria: DocumentCriteria): Promise<number>;
  facets(match: string, criteria: DocumentCriteria, size: number): Promise<DocumentFacets>;
  /** Claims not rejected, in documents meeting the criteria. */
  claimHits(match: string, criteria: DocumentCriteria, limit: number, offset: number): Promise<DocumentHit[]>;
  claimCount(match: string, criteria: DocumentCriteria): Promise<number>;
}

export type RawClient = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

export const toNumber = (value: unknown): number => (typeof value === 'bigint' ? Number(value) : Number(value));
