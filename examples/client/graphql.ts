// gql.tada's `graphql` for crosscheck: operations written with it are parsed by TypeScript against
// the committed schema.graphql (through graphql-env.d.ts, generated from it; see tsconfig.json), so
// their results and variables are typed with no codegen step, and a field the schema lacks fails
// the type check.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // As the server serialises them (graphql-scalars): ISO strings and any JSON value.
  scalars: { DateTime: string; URL: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
