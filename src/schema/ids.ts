import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { IdRef } from '../services/ids.js';

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

/** The global id of a row, as the API shows it (base64 of "Typename:id"); `ApiToken` for tokens, which only the CLI shows. */
export function globalId(typename: string, id: number): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/** The database id inside a global id of this type, or null when the text is not one. */
export function idFromGlobalId(raw: string, typename: string): number | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return null;
  const match = /^([A-Za-z]+):([1-9]\d{0,15})$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
  if (!match || match[1] !== typename) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * A global id of a mutation's input as services take it (src/services/ids.ts): its type and
 * database id, or neither when the text is not an id of this API. Never throws: the service
 * answers NotFoundError at that input, in its own order of checks (a refused write before a bad id).
 */
export function idRef(raw: string): IdRef {
  try {
    const { typename, id } = decodeGlobalID(raw);
    const numeric = Number(id);
    if (Number.isSafeInteger(numeric) && numeric > 0 && String(numeric) === id) return { typename, id: numeric, given: raw };
  } catch {
    // not one of our ids: not found either
  }
  return { typename: '', id: null, given: raw };
}

/** idRef for an optional input: null (clear it) and undefined (leave it) pass through, as services tell them apart. */
export function optionalIdRef<T extends null | undefined>(raw: string | T): IdRef | T {
  return raw === null || raw === undefined ? (raw as T) : idRef(raw);
}
