// Persisted operations, in one of two modes (README: Persisted operations):
//   APQ (default)  Automatic Persisted Queries: a client sends a query's SHA-256 hash instead of its
//                  text; the first time it is unknown (PersistedQueryNotFound), the client sends both,
//                  and the server keeps the text in a bounded in-memory LRU for the next requests.
//   allowlist      PERSISTED_OPERATIONS names a JSON file of id → document: only those run, by id.
// src/yoga.ts registers these plugins before the limit plugins: the query they put in place of an id
// is the one the token, depth, alias and cost limits check, so a stored query cannot slip past them.
import { useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** id (what clients send in extensions.persistedQuery.sha256Hash) → GraphQL document. */
export type PersistedOperations = ReadonlyMap<string, string>;

export interface ApqStoreBounds {
  /** Queries kept. */
  maxEntries: number;
  /** Characters of query text kept in all. */
  maxChars: number;
  /** A longer query runs but is not kept (its hash keeps missing, so the client keeps sending it in full). */
  maxEntryChars: number;
}

/**
 * The plugin's own store (createInMemoryAPQStore) bounds the number of entries (1000) but not their
 * size, and a request body may reach GRAPHQL_MAX_BODY_BYTES (21 MB by default; comments and string
 * literals cost no tokens): 1000 such queries would take gigabytes. Its TTL of 36 000 is in
 * milliseconds (lru-cache), so queries were forgotten after 36 s. Ours bounds characters instead and
 * keeps entries until they are the least recently used.
 */
export const DEFAULT_APQ_BOUNDS: ApqStoreBounds = { maxEntries: 1000, maxChars: 4_000_000, maxEntryChars: 100_000 };

export interface BoundedApqStore extends APQStore {
  get(hash: string): string | undefined;
  set(hash: string, query: string): void;
  readonly size: number;
  readonly chars: number;
}

/** An in-memory LRU of hash → query text within the bounds. */
export function createApqStore(bounds: ApqStoreBounds = DEFAULT_APQ_BOUNDS): BoundedApqStore {
  const entries = new Map<string, string>(); // iteration order: least recently used first
  let chars = 0;
  return {
    get(hash) {
      const query = entries.get(hash);
      if (query !== undefined) {
        entries.delete(hash);
        entries.set(hash, query);
      }
      return query;
    },
    set(hash, query) {
      if (query.length > bounds.maxEntryChars) return;
      const previous = entries.get(hash);
      if (previous !== undefined) {
        entries.delete(hash);
        chars -= previous.length;
      }
      entries.set(hash, query);
      chars += query.length;
      for (const [oldest, text] of entries) {
        if (entries.size <= bounds.maxEntries && chars <= bounds.maxChars) break;
        entries.delete(oldest);
        chars -= text.length;
      }
    },
    get size() {
      return entries.size;
    },
    get chars() {
      return chars;
    },
  };
}

/**
 * APQ as Apollo Client, urql and others speak it. A hash miss answers 404 with
 * { message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }, a hash that
 * is not the query's 400 PersistedQueryMismatch (code PERSISTED_QUERY_MISMATCH); both over GET and POST.
 */
export function useAutomaticPersistedQueries(store: BoundedApqStore = createApqStore()): Plugin {
  return useAPQ({ store });
}

/** Checks the documents of an allowlist parse; throws naming the first id whose document does not. */
export function checkPersistedOperations(operations: PersistedOperations, source = 'PERSISTED_OPERATIONS'): void {
  if (operations.size === 0) throw new Error(`${source} lists no operation: every request would be refused.`);
  for (const [id, document] of operations) {
    try {
      parse(document);
    } catch (error) {
      throw new Error(`${source}: the document of "${id}" is not GraphQL: ${(error as Error).message}`);
    }
  }
}

function refusal(message: string, code: string): GraphQLError {
  // spec: false: the same 400 for application/json clients as for graphql-response+json ones (as src/limits.ts).
  return new GraphQLError(message, { extensions: { code, http: { status: 400, spec: false } } });
}

const ID_FIELD = 'extensions.persistedQuery.sha256Hash';

/**
 * Allowlist mode: an operation runs only when its id is listed, or when its full text is exactly a
 * listed document (then it runs as that entry). Everything else is refused with HTTP 400 before it
 * is parsed, and so before any SQL.
 */
export function useAllowlist(operations: PersistedOperations): Plugin[] {
  checkPersistedOperations(operations);
  const idOfText = new Map<string, string>();
  for (const [id, document] of operations) if (!idOfText.has(document)) idOfText.set(document, id);

  /** A listed text sent in full (a client without persisted-query support) becomes its id. */
  const listedText: Plugin = {
    onParams({ params, setParams }) {
      if (typeof params.query !== 'string') return;
      const id = idOfText.get(params.query);
      const sent = (params.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (id === undefined || (sent !== undefined && sent !== id)) return;
      setParams({ ...params, query: undefined, extensions: { ...params.extensions, persistedQuery: { version: 1, sha256Hash: id } } });
    },
  };

  return [
    listedText,
    usePersistedOperations({
      getPersistedOperation: (id) => operations.get(id) ?? null,
      customErrors: {
        notFound: () =>
          refusal(`This operation is not in the server's list of persisted operations (PERSISTED_OPERATIONS): only listed operations run.`, 'PERSISTED_QUERY_NOT_IN_LIST'),
        persistedQueryOnly: () =>
          refusal(`This server runs only its listed (persisted) operations: send a listed id in ${ID_FIELD} instead of a query.`, 'PERSISTED_QUERY_ONLY'),
        keyNotFound: () => refusal(`Send the id of a listed operation in ${ID_FIELD}: this server runs only persisted operations.`, 'PERSISTED_QUERY_ID_REQUIRED'),
      },
    }),
  ];
}
