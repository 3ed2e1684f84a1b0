// Ids as services take them. The API's global ids are decoded in src/schema (ids.ts, idRef): a
// service gets the type and database id one names, checks that the type is one it accepts and
// that the row exists and may be seen, in its own order of checks, and answers NotFoundError
// otherwise. Ids built in code (ingest, undo) are references too, with nothing "given".
import { NotFoundError } from './errors.js';

export interface IdRef {
  /** The type the id names ('Person', 'Document' …); '' when the text sent was not an id of this API. */
  typename: string;
  /** The database id; null when the text sent was not an id of this API. */
  id: number | null;
  /** The id as the caller sent it, only for error messages; absent for ids built in code. */
  given?: string;
}

/** A reference built in code to a row of this type. */
export const refTo = (typename: string, id: number): IdRef => ({ typename, id });

/** NotFoundError for this reference at this input path. */
export function notFound(ref: IdRef, path: string[], what: string): NotFoundError {
  return ref.given === undefined && ref.id !== null ? NotFoundError.gone(path, ref.typename, ref.id) : new NotFoundError(path, ref.given ?? '', what);
}

/** The database id of a reference to one of these types; NotFoundError otherwise. */
export function idOf<T extends string>(ref: IdRef, path: string[], allowed: readonly T[]): { typename: T; id: number } {
  if (ref.id !== null && (allowed as readonly string[]).includes(ref.typename)) return { typename: ref.typename as T, id: ref.id };
  throw notFound(ref, path, allowed.join(' or '));
}
