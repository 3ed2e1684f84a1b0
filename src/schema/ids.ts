import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';

/** The one refusal of a global id that is not one this API issued, whatever is wrong with it. */
export function invalidGlobalId(raw: string): GraphQLError {
  const shown = raw.length > 100 ? `${raw.slice(0, 100)}…` : raw;
  return new GraphQLError(`Invalid global ID "${shown}".`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** The builder's decoder for ID arguments (relay.decodeGlobalID): Pothos's, with a code and our wording. */
export function decodeGlobalIdArgument(raw: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(raw);
  } catch {
    throw invalidGlobalId(raw);
  }
}

/** The numeric database id inside a decoded global id; a clear error instead of a database crash. */
export function databaseId(id: string | number, typename: string): number {
  const value = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(value) || value < 1 || String(value) !== String(id)) throw invalidGlobalId(encodeGlobalID(typename, id));
  return value;
}

/** The database id of a decoded `t.arg.globalID` / `t.globalID` input, or undefined when absent. */
export function inputId(value: { typename: string; id: string } | null | undefined): number | undefined {
  return value ? databaseId(value.id, value.typename) : undefined;
}
