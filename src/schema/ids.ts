import { GraphQLError } from 'graphql';

/** The numeric database id inside a decoded global id; a clear error instead of a database crash. */
export function databaseId(id: string | number, typename: string): number {
  const value = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(value) || value < 1 || String(value) !== String(id)) {
    throw new GraphQLError(`Invalid ${typename} id`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

/** The database id of a decoded `t.arg.globalID` / `t.globalID` input, or undefined when absent. */
export function inputId(value: { typename: string; id: string } | null | undefined): number | undefined {
  return value ? databaseId(value.id, value.typename) : undefined;
}
