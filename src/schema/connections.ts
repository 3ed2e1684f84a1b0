// Shared connection types (DocumentConnection, DocumentEdge …) and the page-size rule:
// first/last between 1 and 100, default 20, as the GitHub API does.
import { GraphQLError } from 'graphql';
import { builder } from './builder.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Validates first/last and returns the largest page; refuses out-of-range sizes instead of clamping them. */
export function checkedPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`Argument "${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`, {
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
 * function, related ones as a number folded into the parent's query (Pothos prisma plugin).
 */
export function totalCountField<Shape>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>) {
  return {
    totalCount: t.int({
      description: 'How many items match, across all pages.',
      extensions: { pothosPrismaTotalCount: true },
      resolve: (connection) => {
        const total = (connection as unknown as { totalCount: TotalCount }).totalCount;
        return (typeof total === 'function' ? total() : total) ?? 0;
      },
    }),
  };
}

export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

export const direction = (value: 'ASC' | 'DESC' | null | undefined) => (value === 'DESC' ? ('desc' as const) : ('asc' as const));
