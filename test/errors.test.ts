// Errors: expected ones pass, unexpected ones are masked with the request id and logged; every
// response names its request; bad requests get 4xx with a clear message; introspection can be
// switched off.
import { Writable } from 'node:stream';
import { getIntrospectionQuery } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, PrismaClient } from '../src/db/client.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken, revokeToken } from '../src/services/tokens.js';
import { createApp, type AppOptions } from '../src/yoga.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
});
afterAll(async () => {
  await t.destroy();
});

const ACCEPT = 'application/graphql-response+json, application/json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A pino logger that keeps its lines in memory. */
function memoryLogger() {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

function appWith(options: Partial<AppOptions> = {}) {
  const { logger, lines } = memoryLogger();
  const app = createApp({ db: t.db, logger, ...options });
  const request = async (init: RequestInit & { url?: string } = {}) => {
    const { url = 'http://crosscheck.test/graphql', ...rest } = init;
    const { result, statements } = await t.countStatements(async () => {
      const response = await app.fetch(url, { ...rest, headers: { accept: ACCEPT, ...(rest.headers as Record<string, string>) } });
      const text = await response.text();
      return { status: response.status, requestId: response.headers.get('x-request-id'), body: text.startsWith('{') ? JSON.parse(text) : text };
    });
    return { ...result, statements };
  };
  const post = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    request({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { app, lines, request, post };
}

/**
 * The real database, except that reading documents fails the way a lost connection would: through
 * the model, through raw SQL, and through the driver (Database.lean/leanRows), which the hot read
 * paths use (src/schema/lean.ts).
 */
function failingDatabase(): Database {
  const lost = () => Promise.reject(new Error('Connection terminated unexpectedly (password=hunter2)'));
  const prisma = new Proxy(t.db.prisma, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === '$queryRaw') return lost;
      if (property !== 'document') return typeof value === 'function' ? value.bind(target) : value;
      return new Proxy(value as object, {
        get(delegate, method) {
          const fn: unknown = Reflect.get(delegate, method, delegate);
          return typeof fn === 'function' ? () => Promise.reject(new Error('Connection terminated unexpectedly (password=hunter2)')) : fn;
        },
      });
    },
  }) as PrismaClient;
  return { ...t.db, prisma, lean: lost, leanRows: lost };
}

describe(`unexpected errors (${testProvider})`, () => {
  it('are masked as "Unexpected error." with the request id, and logged with it', async () => {
    const { logger, lines } = memoryLogger();
    const app = createApp({ db: failingDatabase(), logger });
    const response = await app.fetch('http://crosscheck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify({ query: '{ documents(first: 1) { edges { node { title } } } }' }),
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    const body = await response.json();
    expect(body).toEqual({
      data: null,
      errors: [{ message: 'Unexpected error.', locations: [{ line: 1, column: 3 }], path: ['documents'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');

    const logged = lines.filter((line) => line.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      requestId,
      msg: 'unexpected error while executing a request',
      path: ['documents'],
      err: { type: 'Error', message: 'Connection terminated unexpectedly (password=hunter2)' },
    });
    expect(logged[0]!.err.stack).toContain('Error: Connection terminated unexpectedly');
  });

  it('carry the caller’s x-request-id when it is sane, a fresh one when it is not', async () => {
    const { logger, lines } = memoryLogger();
    const app = createApp({ db: failingDatabase(), logger });
    const send = (requestId: string) =>
      app.fetch('http://crosscheck.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT, 'x-request-id': requestId },
        body: JSON.stringify({ query: '{ documents(first: 1) { totalCount } }' }),
      });

    const kept = await send('req-42.retry:1');
    expect(kept.headers.get('x-request-id')).toBe('req-42.retry:1');
    expect((await kept.json()).errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42.retry:1' });
    expect(lines.filter((line) => line.level === 50).at(-1)).toMatchObject({ requestId: 'req-42.retry:1', err: { message: 'Connection terminated unexpectedly (password=hunter2)' } });

    for (const insane of ['has spaces', 'x'.repeat(129), '<script>', 'a"b']) {
      const replaced = await send(insane);
      const requestId = replaced.headers.get('x-request-id');
      expect(requestId).toMatch(UUID);
      expect((await replaced.json()).errors[0].extensions.requestId).toBe(requestId);
    }
  });
});

describe(`expected errors and requests yoga refuses (${testProvider})`, () => {
  const api = () => appWith();

  it('pass a GraphQLError raised on purpose as it is, without logging an error', async () => {
    const { post, lines } = api();
    const response = await post('query ($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Document:abc').toString('base64') });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ node: null });
    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: `Invalid global ID "${Buffer.from('Document:abc').toString('base64')}".`, path: ['node'], extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('name every response with x-request-id, GraphiQL and refusals included', async () => {
    const { request, post } = api();
    expect((await post('{ documents(first: 1) { totalCount } }')).requestId).toMatch(UUID);
    expect((await post('{ xyzzy }')).requestId).toMatch(UUID);
    expect((await request({ headers: { accept: 'text/html' } })).requestId).toMatch(UUID);
    expect((await request({ headers: { accept: 'text/html', 'x-request-id': 'abc' } })).requestId).toBe('abc');
  });

  const refusals: Array<[string, RequestInit & { url?: string }, number, string]> = [
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{' }, 400, 'POST body sent invalid JSON.'],
    ['a body that is not an object', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '42' }, 400, 'POST body is expected to be object but received number'],
    ['no query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 400, 'Must provide query string.'],
    ['a query that is not a string', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": 1}' }, 400, 'Expected "query" param to be a string, but given number.'],
    ['a syntax error', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ documents("}' }, 400, 'Syntax Error: Expected Name, found <EOF>.'],
    ['an unknown field', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ xyzzy }"}' }, 400, 'Cannot query field "xyzzy" on type "Query".'],
    ['a mutation over GET', { url: `http://crosscheck.test/graphql?query=${encodeURIComponent('mutation { x }')}` }, 405, 'Can only perform a mutation operation from a POST request.'],
    ['a method GraphQL does not use', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"}' }, 405, 'GraphQL only supports GET and POST requests.'],
  ];
  for (const [what, init, status, message] of refusals) {
    it(`answers ${what} with ${status} and a clear message, running no SQL`, async () => {
      const { request, lines } = api();
      const response = await request(init);
      expect(response.status).toBe(status);
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].message).toBe(message);
      expect(response.statements).toEqual([]);
      expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    });
  }
});

describe(`introspection (${testProvider})`, () => {
  it('is on by default, within the limits, for GraphiQL; misspelt fields get suggestions', async () => {
    const { post } = appWith();
    const response = await post(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }));
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.__schema.queryType).toMatchObject({ name: 'Query' });
    expect((await post('{ document(first: 1) { totalCount } }')).body.errors[0].message).toMatch(/^Cannot query field "document" on type "Query"\. Did you mean "documents"/);
  });

  it('is refused when switched off (GRAPHQL_INTROSPECTION=false), and suggestions with it', async () => {
    const { post } = appWith({ introspection: false });
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Document") { name } }']) {
      const response = await post(query);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].message).toMatch(/^GraphQL introspection has been disabled, but the requested query contained the field "__(schema|type)"\.$/);
      expect(response.statements).toEqual([]);
    }
    expect((await post('{ document(first: 1) { totalCount } }')).body.errors[0].message).toBe('Cannot query field "document" on type "Query".');
    const served = await post('{ documents(first: 1) { __typename totalCount } }');
    expect(served.body).toEqual({ data: { documents: { __typename: 'DocumentConnection', totalCount: 5 } } });
  });
});

describe(`status codes and error codes (${testProvider})`, () => {
  const RESPONSE_JSON = 'application/graphql-response+json';
  const PLAIN_JSON = 'application/json';
  const globalId = (text: string) => Buffer.from(text).toString('base64');
  const deep = `{ citations(first: 1) { edges { node { ${'parent { '.repeat(9)}kind${' }'.repeat(9)} } } } }`;
  const postAs = (accept: string, query: string, variables?: Record<string, unknown>) => appWith().post(query, variables, { accept });

  // Request errors: refused before execution (no data, no SQL), 400 for graphql-response+json, 200 for application/json.
  const requestErrors: Array<[string, string, Record<string, unknown> | undefined, string, string]> = [
    ['first: 5000', '{ documents(first: 5000) { totalCount } }', undefined, 'BAD_USER_INPUT', 'Argument "first" must be between 1 and 100, got 5000.'],
    ['first: -1', '{ documents(first: -1) { totalCount } }', undefined, 'BAD_USER_INPUT', 'Argument "first" must be between 1 and 100, got -1.'],
    [
      'last: 0 in a variable, on a nested connection',
      'query ($n: Int) { documents(first: 1) { edges { node { mentions(last: $n) { totalCount } } } } }',
      { n: 0 },
      'BAD_USER_INPUT',
      'Argument "last" must be between 1 and 100, got 0.',
    ],
    ['the depth limit', deep, undefined, 'DEPTH_LIMIT_EXCEEDED', 'Query depth limit of 12 exceeded, found 13.'],
    ['a parse error', '{ documents(', undefined, 'GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
    ['a validation error', '{ xyzzy }', undefined, 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "xyzzy" on type "Query".'],
    [
      'a variable of the wrong type',
      'query ($n: Int) { documents(first: $n) { totalCount } }',
      { n: 'ten' },
      'BAD_USER_INPUT',
      'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
    ],
  ];
  for (const [what, query, variables, code, message] of requestErrors) {
    it(`answers ${what} as a request error: ${code}, 400 for ${RESPONSE_JSON}, 200 for ${PLAIN_JSON}`, async () => {
      for (const [accept, status] of [[RESPONSE_JSON, 400], [PLAIN_JSON, 200]] as const) {
        const response = await postAs(accept, query, variables);
        expect(response.status).toBe(status);
        expect(response.body).not.toHaveProperty('data');
        expect(response.body.errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code }) })]);
        expect(response.statements).toEqual([]);
      }
    });
  }

  // Field errors: the operation ran, the field is null, 200 whatever the client accepts.
  const fieldErrors: Array<[string, string, Record<string, unknown> | undefined, string, string, unknown]> = [
    ['a malformed global id', '{ node(id: "xxx") { id } }', undefined, 'BAD_USER_INPUT', 'Invalid global ID "xxx".', { node: null }],
    [
      'a global id whose database id is not a number',
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: globalId('Document:abc') },
      'BAD_USER_INPUT',
      `Invalid global ID "${globalId('Document:abc')}".`,
      { node: null },
    ],
    [
      'an unknown collection in a filter',
      '{ documents(filter: { collection: "no-such-collection" }) { totalCount } }',
      undefined,
      'NOT_FOUND',
      'filter.collection: no collection with slug or id "no-such-collection"',
      null,
    ],
  ];
  for (const [what, query, variables, code, message, data] of fieldErrors) {
    it(`answers ${what} as a field error: ${code}, 200 for both`, async () => {
      for (const accept of [RESPONSE_JSON, PLAIN_JSON]) {
        const response = await postAs(accept, query, variables);
        expect(response.status).toBe(200);
        expect(response.body.data).toEqual(data);
        expect(response.body.errors).toEqual([expect.objectContaining({ message, extensions: expect.objectContaining({ code }) })]);
      }
    });
  }

  it('answers an unknown id with null and no error, 200 for both', async () => {
    for (const accept of [RESPONSE_JSON, PLAIN_JSON]) {
      const response = await postAs(accept, 'query ($id: ID!) { node(id: $id) { id } }', { id: globalId('Document:999999') });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { node: null } });
    }
  });

  it('give every error of every failing request a code', async () => {
    const revoked = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER', name: 'codes-revoked' });
    await revokeToken(t.db.prisma, revoked.id);
    const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const failing: Array<[string, RequestInit & { url?: string }, Partial<AppOptions>?]> = [
      ...requestErrors.map(([what, query, variables]) => [what, json({ query, variables })] as [string, RequestInit]),
      ...fieldErrors.map(([what, query, variables]) => [what, json({ query, variables })] as [string, RequestInit]),
      ['an id argument that is not a global id', json({ query: '{ nodes(ids: ["xxx", "yyy"]) { id } }' })],
      ['a bad cursor', json({ query: '{ documents(first: 1, after: "not-a-cursor") { totalCount } }' })],
      ['a bad date', json({ query: '{ documents(filter: { publishedFrom: "July 1988" }) { totalCount } }' })],
      ['a search query too long', json({ query: `{ search(query: "${'a '.repeat(300)}") { totalCount } }` })],
      ['an operation name that names nothing', json({ query: 'query A { __typename }', operationName: 'B' })],
      ['a missing variable', json({ query: 'query ($id: ID!) { node(id: $id) { id } }' })],
      ['too many aliases', json({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: documents(first: 1) { totalCount }`).join(' ')} }` })],
      ['too many tokens', json({ query: `{ ${'__typename '.repeat(1001)}}` })],
      ['too costly', json({ query: '{ documents(first: 100) { edges { node { mentions(first: 100) { edges { node { id } } } } } } }' })],
      ['a revoked token', { ...json({ query: '{ __typename }' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${revoked.token}` } }],
      ['a malformed authorization header', { ...json({ query: '{ __typename }' }), headers: { 'content-type': 'application/json', authorization: 'Basic abc' } }],
      ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{' }],
      ['a body that is not an object', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '42' }],
      ['no query', json({})],
      ['a mutation over GET', { url: `http://crosscheck.test/graphql?query=${encodeURIComponent('mutation { x }')}` }],
      ['a method GraphQL does not use', { ...json({ query: '{ __typename }' }), method: 'PUT' }],
      ['a body over the limit', json({ query: '{ __typename }', variables: { pad: 'x'.repeat(2000) } }), { limits: { maxBodyBytes: 1000 } }],
      ['introspection switched off', json({ query: '{ __schema { queryType { name } } }' }), { introspection: false }],
      ['a database failure', json({ query: '{ documents(first: 1) { edges { node { title } } } }' }), { db: failingDatabase() }],
    ];
    let errorsSeen = 0;
    for (const [what, init, options] of failing) {
      for (const accept of [RESPONSE_JSON, PLAIN_JSON]) {
        const response = await appWith(options).request({ ...init, headers: { ...(init.headers as Record<string, string>), accept } });
        const errors: Array<{ message: string; extensions?: { code?: unknown } }> = response.body.errors ?? [];
        expect(errors.length, `${what} (${accept})`).toBeGreaterThan(0);
        for (const error of errors) {
          expect(error.extensions?.code, `${what} (${accept}): ${error.message}`).toMatch(/^[A-Z][A-Z_]+$/);
          errorsSeen++;
        }
      }
    }
    expect(errorsSeen).toBeGreaterThanOrEqual(2 * failing.length);
  });
});
