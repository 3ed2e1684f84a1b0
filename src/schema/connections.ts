// Shared connection types (DocumentConnection, DocumentEdge …) and the page-size rule:
// first/last between 1 and 100, default 20, as the GitHub API does.
import { completeValue } from '@pothos/core';
import DataLoader from 'dataloader';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { pageSizeMessage } from '../limits.js';
import { Prisma } from '../generated/sqlite/client.js';
import { builder } from './builder.js';
import { leanRows, visibleCollectionSql } from './lean.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Validates first/last and returns the largest page; refuses out-of-range sizes instead of clamping them.
 * Over HTTP the limit plugin (src/limits.ts, usePageSizeLimit) refuses them first, as a request error.
 */
export function checkedPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(pageSizeMessage(name, value), {
        extensions: { code: 'BAD_USER_INPUT', argument: name },
      });
    }
  }
  return MAX_PAGE_SIZE;
}

/** Spread into every prismaConnection / relatedConnection. */
export const paging = { maxSize: checkedPageSize, defaultSize: DEFAULT_PAGE_SIZE } as const;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type TotalCount = number | (() => number | Promise<number>) | Promise<number> | undefined;

/**
 * The totalCount field of a shared connection type. Root connections carry totalCount as a
 * function; related ones either a number folded into the parent's query (Pothos prisma plugin,
 * `totalCount: true`) or, for a `countedRelation`, nothing: it is counted here per page of parents.
 */
export function totalCountField<Shape>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) {
  return {
    totalCount: t.int({
      description: 'How many items match, across all pages.',
      extensions: { pothosPrismaTotalCount: true },
      resolve: (connection, _args, ctx) => resolveTotalCount(connection as unknown as Connection, ctx),
    }),
  };
}

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Ascending: smallest, earliest or A first.' },
    DESC: { description: 'Descending: largest, latest or Z first.' },
  } as const,
});

export const direction = (value: 'ASC' | 'DESC' | null | undefined) => (value === 'DESC' ? ('desc' as const) : ('asc' as const));

// ---------------------------------------------------------------------------------------------
// Bounded totalCount for related connections.
//
// With `totalCount: true` the prisma plugin folds the count into the parent's query as a relation
// `_count`, which Prisma computes as `LEFT JOIN (SELECT fk, COUNT(*) FROM child GROUP BY fk)`: an
// aggregate over the whole child table for every page of parents (docs/performance.md). A counted
// relation keeps the plugin's totalCount machinery (edges are not loaded when only totalCount is
// selected) but drops that `_count`; the shared totalCount field then counts the page's parents in
// one statement per relation and filter (a DataLoader over the parents' ids: `WHERE fk IN (…)`),
// read through the driver (Database.lean), not through Prisma.


export interface RelationCount {
  /** The Prisma relation field on the parent (e.g. "mentions"). */
  relation: string;
  /** The child table and the column holding the parent's id, as Prisma names them. */
  table: 'Mention' | 'Claim' | 'Citation';
  parentColumn: 'documentId' | 'entityId' | 'subjectId';
  /** Count only rows in documents the caller may read (the child table has a documentId). */
  visibleOnly: boolean;
  /** Conditions from the field's arguments, on the child table aliased `t`; the same ones the field's `query` applies. */
  conditions?(args: Record<string, unknown>): Prisma.Sql[];
}

type Connection = { parent?: { id?: unknown } | null; args?: Record<string, unknown>; totalCount?: TotalCount };

const countedConnections = new WeakMap<object, RelationCount>();
const countLoaders = new WeakMap<Context, Map<string, DataLoader<number, number>>>();
const PAGING_ARGS = new Set(['first', 'last', 'after', 'before']);

/** `t."column" IN ('A', 'B')` for enum values, checked against the values the enum allows. */
export function enumIn(column: string, values: readonly string[] | null | undefined, allowed: readonly string[]): Prisma.Sql[] {
  if (!values?.length) return [];
  for (const value of values) if (!allowed.includes(value)) throw new Error(`unexpected ${column} value ${value}`);
  // Inlined, not bound: PostgreSQL compares an enum column with a text parameter only through a cast.
  return [Prisma.raw(`t."${column}" IN (${values.map((value) => `'${value}'`).join(', ')})`)];
}

export { visibleCollectionSql } from './lean.js';

function countSql(ctx: Context, spec: RelationCount, ids: readonly number[], args: Record<string, unknown>): Prisma.Sql {
  const parent = Prisma.raw(`t."${spec.parentColumn}"`);
  const conditions = [Prisma.sql`${parent} IN (${Prisma.join(ids)})`, ...(spec.conditions?.(args) ?? [])];
  let from = Prisma.raw(`"${spec.table}" t`);
  if (spec.visibleOnly) {
    from = Prisma.raw(`"${spec.table}" t JOIN "Document" d ON d."id" = t."documentId" JOIN "Collection" c ON c."id" = d."collectionId"`);
    conditions.push(visibleCollectionSql(ctx, 'c'));
  }
  return Prisma.sql`SELECT ${parent} AS "parent", COUNT(*) AS "count" FROM ${from} WHERE ${Prisma.join(conditions, ' AND ')} GROUP BY ${parent}`;
}

function countLoader(ctx: Context, spec: RelationCount, args: Record<string, unknown>): DataLoader<number, number> {
  const filter = Object.fromEntries(Object.entries(args).filter(([name, value]) => !PAGING_ARGS.has(name) && value !== undefined && value !== null));
  const key = `${spec.table}.${spec.parentColumn}:${spec.visibleOnly}:${JSON.stringify(filter)}`;
  let loaders = countLoaders.get(ctx);
  if (!loaders) countLoaders.set(ctx, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly number[]) => {
      // Through the driver (src/schema/lean.ts): the same statement, without Prisma's fixed cost per call.
      const rows = await leanRows(ctx, countSql(ctx, spec, ids, filter));
      const counts = new Map(rows.map((row) => [Number(row[0]), Number(row[1])]));
      return ids.map((id) => counts.get(id) ?? 0);
    });
    loaders.set(key, loader);
  }
  return loader;
}

/** The totalCount of a connection: counted per page of parents when it is a counted relation. */
function resolveTotalCount(connection: Connection, ctx: Context): number | Promise<number> {
  const spec = countedConnections.get(connection);
  const parentId = connection.parent?.id;
  if (spec && typeof parentId === 'number') return countLoader(ctx, spec, connection.args ?? {}).load(parentId);
  const total = connection.totalCount;
  return (typeof total === 'function' ? total() : total) ?? 0;
}

type FieldConfig = { resolve?: (...args: unknown[]) => unknown; extensions?: Record<string, unknown> | null };
type SelectFn = (...args: unknown[]) => unknown;
type LoadedFn = (value: Record<string, unknown>, info: GraphQLResolveInfo, context: unknown) => boolean;

/**
 * Makes a `t.relatedConnection(…, { totalCount: true })` count its totalCount per page of parents
 * (see above) instead of through Prisma's relation `_count`. Its connection type must take its
 * totalCount from `totalCountField`.
 */
export function countedRelation<Ref extends object>(ref: Ref, spec: RelationCount): Ref {
  (ref as unknown as { updateConfig(cb: (config: FieldConfig) => FieldConfig): void }).updateConfig((config) => {
    const extensions = config.extensions ?? {};
    const select = extensions.pothosPrismaSelect as SelectFn | undefined;
    const loaded = extensions.pothosPrismaLoaded as LoadedFn | undefined;
    const resolve = config.resolve;
    if (typeof select !== 'function' || !loaded || !resolve) throw new Error(`countedRelation(${spec.relation}): not a prisma relatedConnection`);
    const withoutCount = (query: unknown) => {
      const { _count, ...rest } = ((query as { select?: Record<string, unknown> }).select ?? {}) as Record<string, unknown>;
      return { ...(query as object), select: rest };
    };
    return {
      ...config,
      extensions: {
        ...extensions,
        // The parent's query: the relation's rows (unless only totalCount is selected), never its _count.
        pothosPrismaSelect: (...args: unknown[]) => completeValue(select(...args), withoutCount),
        // The plugin checks that the parent row carries the _count it asked for; it no longer asks.
        pothosPrismaLoaded: ((value, info, context) => loaded({ ...value, _count: { ...(value._count as object), [spec.relation]: 0 } }, info, context)) satisfies LoadedFn,
      },
      resolve: (...args: unknown[]) =>
        completeValue(resolve(...args), (connection) => {
          if (connection && typeof connection === 'object') countedConnections.set(connection, spec);
          return connection;
        }),
    };
  });
  return ref;
}
