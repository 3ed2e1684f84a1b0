// Persisted operations through yoga.fetch: Automatic Persisted Queries (hash miss, full query, hash
// hit, over POST and GET; a wrong hash refused; the limits still checking a stored query; the store's
// bounds) and the allowlist mode (listed operations run, anything else is refused before any SQL).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersistedOperations } from '../src/config.js';
import type { Limits } from '../src/limits.js';
import { createApqStore } from '../src/persisted-operations.js';
import { loadSeed } from '../src/services/seed.js';
import { createApp } from '../src/yoga.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
let documentCount: number;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
  documentCount = await t.db.prisma.document.count();
});
afterAll(async () => {
  await t.destroy();
});

const silent = pino({ level: 'silent' });
const ACCEPT = 'application/graphql-response+json, application/json';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

const COUNT = 'query DocumentCount { documents(first: 1) { totalCount } }';
const TITLES = 'query Titles($first: Int) { documents(first: $first) { edges { node { title } } } }';

interface Request {
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** Sends one request over POST (JSON body) or GET (URL parameters); status, body and the SQL it issued. */
function client(options: { limits?: Partial<Limits>; persistedOperations?: Map<string, string> | null } = {}) {
  let app: ReturnType<typeof createApp> | undefined;
  return async (request: Request, method: 'POST' | 'GET' = 'POST', accept = ACCEPT) => {
    app ??= createApp({ db: t.db, logger: silent, limits: options.limits, persistedOperations: options.persistedOperations ?? null });
    const url = new URL('http://crosscheck.test/graphql');
    let init: RequestInit = { method, headers: { accept, 'content-type': 'application/json' }, body: JSON.stringify(request) };
    if (method === 'GET') {
      for (const [key, value] of Object.entries(request)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      init = { method, headers: { accept } };
    }
    const { result, statements } = await t.countStatements(async () => {
      const response = await app!.fetch(url, init);
      return { status: response.status, body: (await response.json()) as any };
    });
    return { ...result, statements };
  };
}

describe(`Automatic Persisted Queries (${testProvider})`, () => {
  for (const method of ['POST', 'GET'] as const) {
    it(`${method}: a hash miss is PersistedQueryNotFound, the full query runs and is kept, then the hash alone runs it`, async () => {
      const send = client();
      const extensions = persisted(sha256(COUNT));

      const miss = await send({ extensions }, method);
      expect(miss.body).toEqual({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
      expect(miss.status).toBe(404);
      expect(miss.statements).toEqual([]);

      const full = await send({ query: COUNT, extensions }, method);
      expect(full.status).toBe(200);
      expect(full.body).toEqual({ data: { documents: { totalCount: documentCount } } });

      const hit = await send({ extensions }, method);
      expect(hit.status).toBe(200);
      expect(hit.body).toEqual({ data: { documents: { totalCount: documentCount } } });
      expect(hit.statements.length).toBeGreaterThan(0);
    });
  }

  it('the miss answers 404 to application/json clients too, and a hash hit carries its variables', async () => {
    const send = client();
    const extensions = persisted(sha256(TITLES));
    const miss = await send({ variables: { first: 2 }, extensions }, 'POST', 'application/json');
    expect(miss.status).toBe(404);
    expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    expect((await send({ query: TITLES, variables: { first: 2 }, extensions })).status).toBe(200);
    const hit = await send({ variables: { first: 3 }, extensions }, 'GET');
    expect(hit.status).toBe(200);
    expect(hit.body.data.documents.edges).toHaveLength(Math.min(3, documentCount));
  });

  it('a hash that is not the query\'s is refused, and neither runs nor is kept', async () => {
    const send = client();
    const wrong = sha256(TITLES);
    const mismatch = await send({ query: COUNT, extensions: persisted(wrong) });
    expect(mismatch.body).toEqual({ errors: [{ message: 'PersistedQueryMismatch', extensions: { code: 'PERSISTED_QUERY_MISMATCH' } }] });
    expect(mismatch.status).toBe(400);
    expect(mismatch.statements).toEqual([]);

    const later = await send({ extensions: persisted(wrong) });
    expect(later.status).toBe(404);
    expect(later.body.errors[0].message).toBe('PersistedQueryNotFound');
  });

  it('a stored query is checked by the limits every time it is sent by hash', async () => {
    const send = client({ limits: { maxTokens: 8 } });
    const extensions = persisted(sha256(COUNT)); // 13 tokens
    const refusal = { errors: [{ message: 'Token limit of 8 exceeded.', extensions: { code: 'TOKEN_LIMIT_EXCEEDED' } }] };

    const full = await send({ query: COUNT, extensions });
    expect(full.body).toEqual(refusal);
    expect(full.statements).toEqual([]);
    const byHash = await send({ extensions });
    expect(byHash.body).toEqual(refusal);
    expect(byHash.status).toBe(400);
    expect(byHash.statements).toEqual([]);
  });

  it('a stored mutation still runs only over POST', async () => {
    const send = client();
    const mutation = 'mutation Typename { __typename }';
    const extensions = persisted(sha256(mutation));
    expect((await send({ query: mutation, extensions })).body).toEqual({ data: { __typename: 'Mutation' } });
    const byGet = await send({ extensions }, 'GET');
    expect(byGet.status).toBe(405);
    expect(byGet.body.data).toBeUndefined();
    expect(byGet.body.errors[0].message).toBe('Can only perform a mutation operation from a POST request.');
  });

  it('requests without a hash are unchanged', async () => {
    const plain = await client()({ query: COUNT });
    expect(plain.body).toEqual({ data: { documents: { totalCount: documentCount } } });
  });
});

describe('the APQ store is a bounded LRU', () => {
  it('forgets the least recently used entry beyond its entry count', () => {
    const store = createApqStore({ maxEntries: 2, maxChars: 1000, maxEntryChars: 100 });
    store.set('a', '{ a }');
    store.set('b', '{ b }');
    expect(store.get('a')).toBe('{ a }'); // a is now the most recently used
    store.set('c', '{ c }');
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBe('{ a }');
    expect(store.get('c')).toBe('{ c }');
    expect(store.size).toBe(2);
  });

  it('keeps its characters within bounds and does not keep an oversized query', () => {
    const store = createApqStore({ maxEntries: 100, maxChars: 25, maxEntryChars: 10 });
    store.set('big', 'x'.repeat(11));
    expect(store.get('big')).toBeUndefined();
    for (const key of ['1', '2', '3']) store.set(key, key.repeat(10));
    expect(store.chars).toBe(20);
    expect(store.get('1')).toBeUndefined();
    expect([store.get('2'), store.get('3')]).toEqual(['2'.repeat(10), '3'.repeat(10)]);
    store.set('3', 'short'); // replacing an entry releases its characters
    expect(store.chars).toBe(15);
  });

  it('a flood of distinct queries leaves the app\'s store at its bound', async () => {
    const send = client();
    for (let i = 0; i < 1005; i++) {
      const query = `query Q${i} { __typename }`;
      expect((await send({ query, extensions: persisted(sha256(query)) })).status).toBe(200);
    }
    // The first ones were evicted: the plugin's default store keeps 1000 entries, so does ours.
    expect((await send({ extensions: persisted(sha256('query Q0 { __typename }')) })).status).toBe(404);
    expect((await send({ extensions: persisted(sha256('query Q1004 { __typename }')) })).status).toBe(200);
  });
});

describe(`allowlist mode (${testProvider})`, () => {
  const countId = sha256(COUNT);
  const operations = new Map([
    [countId, COUNT],
    ['titles-v1', TITLES],
  ]);

  function expectRefused(answer: { status: number; body: any; statements: string[] }, code: string) {
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0].extensions).toEqual({ code });
    expect(answer.statements).toEqual([]);
  }

  it('runs a listed operation by id, over POST and GET, with variables', async () => {
    const send = client({ persistedOperations: operations });
    const byPost = await send({ extensions: persisted(countId) });
    expect(byPost.status).toBe(200);
    expect(byPost.body).toEqual({ data: { documents: { totalCount: documentCount } } });

    const byGet = await send({ variables: { first: 1 }, extensions: persisted('titles-v1') }, 'GET');
    expect(byGet.status).toBe(200);
    expect(byGet.body.data.documents.edges).toHaveLength(1);
  });

  it('refuses an unknown id, a query not in the list, and a request with neither', async () => {
    const send = client({ persistedOperations: operations });
    const unknown = await send({ extensions: persisted(sha256('query Other { __typename }')) });
    expectRefused(unknown, 'PERSISTED_QUERY_NOT_IN_LIST');
    expect(unknown.body.errors[0].message).toBe("This operation is not in the server's list of persisted operations (PERSISTED_OPERATIONS): only listed operations run.");

    const unlisted = await send({ query: '{ documents(first: 5) { edges { node { body } } } }' });
    expectRefused(unlisted, 'PERSISTED_QUERY_ONLY');
    expect(unlisted.body.errors[0].message).toBe('This server runs only its listed (persisted) operations: send a listed id in extensions.persistedQuery.sha256Hash instead of a query.');
    // An APQ client registering a query of its own gets the same refusal.
    const other = 'query Other { __typename }';
    expectRefused(await send({ query: other, extensions: persisted(sha256(other)) }, 'GET'), 'PERSISTED_QUERY_ONLY');
    // A listed text under another listed id is not that operation either.
    expectRefused(await send({ query: COUNT, extensions: persisted('titles-v1') }), 'PERSISTED_QUERY_ONLY');

    expectRefused(await send({ variables: { first: 1 } }), 'PERSISTED_QUERY_ID_REQUIRED');
    // Introspection is an operation like any other: refused unless listed.
    expectRefused(await send({ query: '{ __schema { types { name } } }' }), 'PERSISTED_QUERY_ONLY');
  });

  it('runs the exact text of a listed document sent in full', async () => {
    const send = client({ persistedOperations: operations });
    const full = await send({ query: COUNT });
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ data: { documents: { totalCount: documentCount } } });
    // As an APQ client sends it: its text with its SHA-256, which is the listed id here.
    expect((await send({ query: COUNT, extensions: persisted(countId) })).body).toEqual(full.body);
  });

  it('serves no GraphiQL page, which could run nothing', async () => {
    const app = createApp({ db: t.db, logger: silent, persistedOperations: operations });
    // What a browser opening /graphql accepts: the refusal, in JSON.
    const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const page = await app.fetch('http://crosscheck.test/graphql', { headers: { accept } });
    expect(page.status).toBe(400);
    expect(((await page.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    const open = createApp({ db: t.db, logger: silent, persistedOperations: null });
    const openPage = await open.fetch('http://crosscheck.test/graphql', { headers: { accept } });
    expect(openPage.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await openPage.text()).toMatch(/<html/i);
  });
});

describe('PERSISTED_OPERATIONS', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crosscheck-persisted-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('is off when unset or empty', () => {
    expect(loadPersistedOperations({})).toBeNull();
    expect(loadPersistedOperations({ PERSISTED_OPERATIONS: '' })).toBeNull();
  });

  it('reads a JSON map of id to document', () => {
    const path = file('ok.json', JSON.stringify({ [sha256(COUNT)]: COUNT, 'titles-v1': TITLES }));
    expect(loadPersistedOperations({ PERSISTED_OPERATIONS: path })).toEqual(new Map([[sha256(COUNT), COUNT], ['titles-v1', TITLES]]));
  });

  it('refuses a missing, malformed or empty list, and a document that is not GraphQL', () => {
    expect(() => loadPersistedOperations({ PERSISTED_OPERATIONS: join(dir, 'missing.json') })).toThrow(/PERSISTED_OPERATIONS .*missing\.json cannot be read as JSON/);
    expect(() => loadPersistedOperations({ PERSISTED_OPERATIONS: file('list.json', '["{ a }"]') })).toThrow(/must map ids to GraphQL documents/);
    expect(() => loadPersistedOperations({ PERSISTED_OPERATIONS: file('number.json', '{"a": 1}') })).toThrow(/at a: Expected string, received number/);
    const empty = loadPersistedOperations({ PERSISTED_OPERATIONS: file('empty.json', '{}') });
    expect(() => createApp({ db: t.db, logger: silent, persistedOperations: empty })).toThrow('PERSISTED_OPERATIONS lists no operation');
    const broken = loadPersistedOperations({ PERSISTED_OPERATIONS: file('broken.json', '{"b": "query {"}') });
    expect(() => createApp({ db: t.db, logger: silent, persistedOperations: broken })).toThrow(/the document of "b" is not GraphQL/);
  });
});
