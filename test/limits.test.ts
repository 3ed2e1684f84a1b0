// Over-limit operations are refused before execution: status 400 for application/graphql-response+json
// clients (200 for application/json ones; 413 for a body), the exact message, and not one SQL
// statement. Operations at the limit run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadLimitSettings } from '../src/config.js';
import type { Database, PrismaClient } from '../src/db/client.js';
import { exampleQueries } from '../src/graphiql-examples.js';
import { limitsFromSettings, operationCost, type Limits } from '../src/limits.js';
import { schema } from '../src/schema/index.js';
import { loadSeed } from '../src/services/seed.js';
import { createToken, revokeToken } from '../src/services/tokens.js';
import { createApp } from '../src/yoga.js';
import { createTestDatabase, testProvider, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadSeed(t.db.prisma);
});
afterAll(async () => {
  await t.destroy();
});

const silent = pino({ level: 'silent' });
const ACCEPT = 'application/graphql-response+json, application/json';

interface Answer {
  status: number;
  body: any;
  statements: string[];
}

/** POSTs a raw body to the app and returns status, parsed body and the SQL it issued. */
function client(options: { limits?: Partial<Limits>; db?: Database } = {}) {
  let app: ReturnType<typeof createApp> | undefined; // built on first use: the database exists by then
  const send = async (body: BodyInit, headers: Record<string, string> = {}, extra: RequestInit = {}): Promise<Answer> => {
    app ??= createApp({ db: options.db ?? t.db, logger: silent, limits: options.limits });
    const { result, statements } = await t.countStatements(async () => {
      const response = await app!.fetch('http://crosscheck.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
        body,
        ...extra,
      });
      return { status: response.status, body: await response.json() };
    });
    return { ...result, statements };
  };
  return {
    send,
    query: (query: string, variables?: Record<string, unknown>, accept = ACCEPT) => send(JSON.stringify({ query, variables }), { accept }),
  };
}

function expectRefused(answer: Answer, message: string, code: string, status = 400) {
  expect(answer.body).toEqual({ errors: [{ message, extensions: { code } }] });
  expect(answer.status).toBe(status);
  expect(answer.statements).toEqual([]);
}

function expectServed(answer: Answer) {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.statements.length).toBeGreaterThan(0);
}

/** `citations { edges { node { parent { … { kind } } } } }`, `depth` fields deep. */
const deepQuery = (depth: number) => `{ citations(first: 1) { edges { node { ${'parent { '.repeat(depth - 4)}kind${' }'.repeat(depth - 4)} } } } }`;
const aliasQuery = (aliases: number) => `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: documents(first: 1) { totalCount }`).join(' ')} }`;
/**
 * `{ nodes(ids: ["…", …]) { id } }`: 12 tokens of frame plus one per id. (Repeating a field instead
 * would trip graphql-js's own guard on overlapping fields: "Validation aborted.")
 */
const tokenQuery = (tokens: number) => {
  const id = JSON.stringify(Buffer.from('Document:1').toString('base64'));
  return `{ nodes(ids: [${Array.from({ length: tokens - 12 }, () => id).join(' ')}]) { id } }`;
};

describe(`limits with the default settings (${testProvider})`, () => {
  const api = client();
  const defaults = limitsFromSettings(loadLimitSettings({}));

  it('are 12 deep, 15 aliases, 1000 tokens, cost 25 000, room for a maximal document, 10 s, and come from GRAPHQL_* settings', () => {
    // The body limit follows MAX_DOCUMENT_BYTES (10 MiB): twice its bytes (JSON escaping) and 1 MB.
    expect(defaults).toEqual({ maxDepth: 12, maxAliases: 15, maxTokens: 1000, maxCost: 25_000, maxBodyBytes: 2 * 10 * 1024 * 1024 + 1_000_000, timeoutMs: 10_000 });
    expect(limitsFromSettings(loadLimitSettings({ MAX_DOCUMENT_BYTES: '1000' })).maxBodyBytes).toBe(1_002_000);
    const config = loadConfig({ GRAPHQL_MAX_DEPTH: '7', GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_TOKENS: '50', GRAPHQL_MAX_COST: '99', GRAPHQL_MAX_BODY_BYTES: '2048', GRAPHQL_TIMEOUT_MS: '250' });
    expect(limitsFromSettings(config)).toEqual({ maxDepth: 7, maxAliases: 3, maxTokens: 50, maxCost: 99, maxBodyBytes: 2048, timeoutMs: 250 });
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow('Invalid configuration: GRAPHQL_MAX_DEPTH: Expected number, received nan');
  });

  it('let every GraphiQL example run', async () => {
    const document = parse(exampleQueries);
    for (const definition of document.definitions) {
      const operationName = 'name' in definition ? definition.name?.value : undefined;
      const answer = await client().send(JSON.stringify({ query: exampleQueries, operationName }));
      if ('operation' in definition && definition.operation === 'mutation') {
        // Anonymous: refused as a typed ForbiddenError before any SQL, but served, not blocked by a limit.
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
      } else {
        expectServed(answer);
      }
      expect(operationCost(schema, document, operationName)).toBeLessThan(defaults.maxCost);
    }
  });

  it('serve depth 12 and refuse depth 13', async () => {
    expectServed(await api.query(deepQuery(12)));
    expectRefused(await api.query(deepQuery(13)), 'Query depth limit of 12 exceeded, found 13.', 'DEPTH_LIMIT_EXCEEDED');
  });

  it('count fragments by the fields they hold, not as a level', async () => {
    const viaFragment = `{ citations(first: 1) { edges { node { ...P } } } } fragment P on Citation { ${'parent { '.repeat(8)}kind${' }'.repeat(8)} }`;
    expectServed(await api.query(viaFragment));
    expectRefused(await api.query(viaFragment.replace('parent { ', 'parent { parent { ').replace('kind }', 'kind } }')), 'Query depth limit of 12 exceeded, found 13.', 'DEPTH_LIMIT_EXCEEDED');
  });

  it('serve 15 aliases and refuse 16', async () => {
    expectServed(await api.query(aliasQuery(15)));
    expectRefused(await api.query(aliasQuery(16)), 'Aliases limit of 15 exceeded, found 16.', 'ALIAS_LIMIT_EXCEEDED');
  });

  it('serve 1000 tokens and refuse 1001', async () => {
    expectServed(await api.query(tokenQuery(1000)));
    expectRefused(await api.query(tokenQuery(1001)), 'Token limit of 1000 exceeded.', 'TOKEN_LIMIT_EXCEEDED');
  });

  it('refuse two nested full pages', async () => {
    const query = '{ documents(first: 100) { edges { node { mentions(first: 100) { edges { node { id } } } } } } }';
    expectRefused(await api.query(query), 'Query cost limit of 25000 exceeded, found 30301. Ask for smaller pages (first/last) or fewer nested connections.', 'COST_LIMIT_EXCEEDED');
  });

  it('refuse with 200 for clients accepting only application/json, as GraphQL over HTTP says', async () => {
    const answer = await api.query(deepQuery(13), undefined, 'application/json');
    expectRefused(answer, 'Query depth limit of 12 exceeded, found 13.', 'DEPTH_LIMIT_EXCEEDED', 200);
    expectRefused(await api.query(tokenQuery(1001), undefined, 'application/json'), 'Token limit of 1000 exceeded.', 'TOKEN_LIMIT_EXCEEDED', 200);
    expectRefused(await api.query(aliasQuery(16), undefined, 'application/json'), 'Aliases limit of 15 exceeded, found 16.', 'ALIAS_LIMIT_EXCEEDED', 200);
    const costly = '{ documents(first: 100) { edges { node { mentions(first: 100) { edges { node { id } } } } } } }';
    expectRefused(
      await api.query(costly, undefined, 'application/json'),
      'Query cost limit of 25000 exceeded, found 30301. Ask for smaller pages (first/last) or fewer nested connections.',
      'COST_LIMIT_EXCEEDED',
      200,
    );
  });
});

describe(`page sizes (${testProvider})`, () => {
  const api = client();
  /** A refusal of the whole operation before any SQL, naming the argument and the range, at the argument. */
  function expectPageRefused(answer: Answer, argument: 'first' | 'last', value: number, column: number, status = 400) {
    expect(answer.body).toEqual({
      errors: [{ message: `Argument "${argument}" must be between 1 and 100, got ${value}.`, locations: [{ line: 1, column }], extensions: { code: 'BAD_USER_INPUT', argument } }],
    });
    expect(answer.status).toBe(status);
    expect(answer.statements).toEqual([]);
  }

  it('serve 1 and 100 and refuse 0, 101, 5000 and -1 before execution, literal or variable', async () => {
    expectServed(await api.query('{ documents(first: 1) { totalCount } mentions(last: 100) { totalCount } }'));
    expectPageRefused(await api.query('{ documents(first: 5000) { totalCount } }'), 'first', 5000, 13);
    expectPageRefused(await api.query('{ documents(first: -1) { totalCount } }'), 'first', -1, 13);
    expectPageRefused(await api.query('{ documents(last: 101) { totalCount } }'), 'last', 101, 13);
    const byVariable = 'query ($n: Int = 0) { documents(first: $n) { totalCount } }';
    expectServed(await api.query(byVariable, { n: 100 }));
    expectPageRefused(await api.query(byVariable, { n: 5000 }), 'first', 5000, 33);
    expectPageRefused(await api.query(byVariable), 'first', 0, 33); // the variable's default
  });

  it('check nested connections and fragments, and only the operation that runs', async () => {
    expectPageRefused(await api.query('{ documents(first: 1) { edges { node { mentions(first: 1000) { totalCount } } } } }'), 'first', 1000, 49);
    expectPageRefused(await api.query('{ documents(first: 1) { ...F } } fragment F on DocumentConnection { edges { node { mentions(last: 0) { totalCount } } } }'), 'last', 0, 93);
    const two = { query: 'query A { documents(first: 1) { totalCount } } query B { documents(first: 5000) { totalCount } }' };
    expectServed(await api.send(JSON.stringify({ ...two, operationName: 'A' })));
    // The same document again (yoga hands back the same parsed document): B is checked on its own.
    expectPageRefused(await api.send(JSON.stringify({ ...two, operationName: 'B' })), 'first', 5000, 68);
  });

  it('refuse with 200 for clients accepting only application/json', async () => {
    expectPageRefused(await api.query('{ documents(first: 5000) { totalCount } }', undefined, 'application/json'), 'first', 5000, 13, 200);
  });
});

describe(`the cost budget (${testProvider})`, () => {
  // { documents(first: N) { edges { node { title } } } } costs 1 + 3N: 31 for N = 10.
  const api = client({ limits: { maxCost: 31 } });
  const message = (found: number) => `Query cost limit of 31 exceeded, found ${found}. Ask for smaller pages (first/last) or fewer nested connections.`;

  it('serves a page at the budget and refuses one item more', async () => {
    expectServed(await api.query('{ documents(first: 10) { edges { node { title } } } }'));
    expectRefused(await api.query('{ documents(first: 11) { edges { node { title } } } }'), message(34), 'COST_LIMIT_EXCEEDED');
  });

  it('reads page sizes from variables and their defaults', async () => {
    const query = 'query ($n: Int = 11) { documents(first: $n) { edges { node { title } } } }';
    expectServed(await api.query(query, { n: 10 }));
    expectRefused(await api.query(query, { n: 11 }), message(34), 'COST_LIMIT_EXCEEDED');
    expectRefused(await api.query(query), message(34), 'COST_LIMIT_EXCEEDED');
  });

  it('counts a connection without first/last at the default page size (20), last like first', async () => {
    expectRefused(await api.query('{ documents { edges { node { title } } } }'), message(61), 'COST_LIMIT_EXCEEDED');
    expectRefused(await api.query('{ documents(last: 11) { edges { node { title } } } }'), message(34), 'COST_LIMIT_EXCEEDED');
  });

  it('counts nested pages, aliases and fragments', () => {
    const cost = (query: string, variables?: Record<string, unknown>) => operationCost(schema, parse(query), undefined, variables);
    expect(cost('{ documents(first: 2) { totalCount edges { node { mentions(first: 3) { edges { node { id } } } } } } }')).toBe(1 + 2 * (1 + 1 + 1 + 1 + 3 * 3));
    expect(cost('{ a: documents(first: 2) { totalCount } b: documents(first: 2) { totalCount } }')).toBe(2 * (1 + 2));
    expect(cost('{ documents(first: 2) { ...F } } fragment F on DocumentConnection { totalCount }')).toBe(1 + 2);
    expect(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a', 'b', 'c'] })).toBe(1 + 3);
    expect(cost('{ documents(first: 1000) { totalCount } }')).toBe(1 + 100); // the schema caps pages at 100
  });
});

describe(`the request body size (${testProvider})`, () => {
  const api = client({ limits: { maxBodyBytes: 1000 } });
  const bodyOf = (bytes: number) => {
    const frame = JSON.stringify({ query: '{ documents(first: 1) { totalCount } }', variables: { pad: '' } });
    return JSON.stringify({ query: '{ documents(first: 1) { totalCount } }', variables: { pad: 'x'.repeat(bytes - frame.length) } });
  };
  const message = 'Request body too large: the limit is 1000 bytes.';

  it('serves a body at the limit and refuses one byte more with 413', async () => {
    expect(bodyOf(1000)).toHaveLength(1000);
    expectServed(await api.send(bodyOf(1000)));
    expectRefused(await api.send(bodyOf(1001)), message, 'REQUEST_ENTITY_TOO_LARGE', 413);
  });

  const stream = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let offset = 0; offset < bytes.length; offset += 256) controller.enqueue(bytes.slice(offset, offset + 256));
        controller.close();
      },
    });

  it('refuses a large body sent without Content-Length, or under a lying one, while reading it', async () => {
    const chunked = await api.send(stream(bodyOf(5000)), {}, { duplex: 'half' } as RequestInit);
    expectRefused(chunked, message, 'REQUEST_ENTITY_TOO_LARGE', 413);
    const lying = await api.send(stream(bodyOf(5000)), { 'content-length': '100' }, { duplex: 'half' } as RequestInit);
    expectRefused(lying, message, 'REQUEST_ENTITY_TOO_LARGE', 413);
    expectServed(await api.send(stream(bodyOf(1000)), {}, { duplex: 'half' } as RequestInit));
  });

  it('refuses the same over HTTP: by Content-Length before reading, a chunked body while reading', async () => {
    const server = createServer(createApp({ db: t.db, logger: silent, limits: { maxBodyBytes: 1000 } }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const post = async (body: BodyInit) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT }, body, duplex: 'half' } as RequestInit);
      return { status: response.status, body: await response.json() };
    };
    const refused = { status: 413, body: { errors: [{ message, extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] } };
    const served = { status: 200, body: { data: { documents: { totalCount: expect.any(Number) } } } };
    try {
      expect(await post(bodyOf(1000))).toEqual(served);
      expect(await post(bodyOf(1001))).toEqual(refused);
      expect(await post(stream(bodyOf(1000)))).toEqual(served);
      expect(await post(stream(bodyOf(5000)))).toEqual(refused);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe(`refusals with a bearer token (${testProvider})`, () => {
  // The token is looked up only for an operation about to execute: every refusal comes first.
  let bearer: Record<string, string>;
  beforeAll(async () => {
    const { token } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'EDITOR', name: 'limits' });
    bearer = { authorization: `Bearer ${token}` };
  });
  const api = client({ limits: { maxCost: 31 } });
  const small = client({ limits: { maxBodyBytes: 1000 } });
  const asBearer = (query: string) => api.send(JSON.stringify({ query }), bearer);
  const tokenReads = (statements: string[]) => statements.filter((sql) => /ApiToken/.test(sql));

  it('issue no SQL for depth, aliases, tokens, cost or body size', async () => {
    expectRefused(await asBearer(deepQuery(13)), 'Query depth limit of 12 exceeded, found 13.', 'DEPTH_LIMIT_EXCEEDED');
    expectRefused(await asBearer(aliasQuery(16)), 'Aliases limit of 15 exceeded, found 16.', 'ALIAS_LIMIT_EXCEEDED');
    expectRefused(await asBearer(tokenQuery(1001)), 'Token limit of 1000 exceeded.', 'TOKEN_LIMIT_EXCEEDED');
    expectRefused(
      await asBearer('{ documents(first: 11) { edges { node { title } } } }'),
      'Query cost limit of 31 exceeded, found 34. Ask for smaller pages (first/last) or fewer nested connections.',
      'COST_LIMIT_EXCEEDED',
    );
    const large = JSON.stringify({ query: '{ documents(first: 1) { totalCount } }', variables: { pad: 'x'.repeat(2000) } });
    expectRefused(await small.send(large, bearer), 'Request body too large: the limit is 1000 bytes.', 'REQUEST_ENTITY_TOO_LARGE', 413);
  });

  it('still look the token up for an operation that runs, and refuse a revoked one with 401', async () => {
    const served = await asBearer('{ documents(first: 10) { edges { node { title } } } }');
    expectServed(served);
    expect(tokenReads(served.statements).length).toBeGreaterThan(0);
    const { token, id } = await createToken(t.db.prisma, { collectionSlug: 'sample', role: 'READER', name: 'revoked' });
    await revokeToken(t.db.prisma, id);
    const refused = await api.send(JSON.stringify({ query: '{ documents(first: 1) { totalCount } }' }), { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/^Invalid or revoked token/);
    expect(tokenReads(refused.statements).length).toBeGreaterThan(0);
    expect(refused.statements.filter((sql) => /"Document"/.test(sql))).toEqual([]);
  });
});

describe(`the execution timeout (${testProvider})`, () => {
  /** The real database, with every read of documents (through Prisma or the driver) answered `delayMs` late. */
  function slowDatabase(delayMs: number) {
    const pending: Promise<unknown>[] = [];
    const prisma = new Proxy(t.db.prisma, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === '$queryRaw') {
          // The lean documents page reads through raw SQL: slow it down the same way.
          return (...args: unknown[]) => {
            const call = new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
            pending.push(call.catch(() => undefined));
            return call;
          };
        }
        if (property !== 'document') return typeof value === 'function' ? value.bind(target) : value;
        return new Proxy(value as object, {
          get(delegate, method) {
            const fn: unknown = Reflect.get(delegate, method, delegate);
            if (typeof fn !== 'function') return fn;
            return (...args: unknown[]) => {
              const call = new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => fn.apply(delegate, args));
              pending.push(call.catch(() => undefined));
              return call;
            };
          },
        });
      },
    }) as PrismaClient;
    // The hot read paths read through the driver (src/schema/lean.ts): slow those reads down too.
    const slowed =
      <R,>(read: (text: string, params?: unknown[]) => Promise<R>) =>
      (text: string, params?: unknown[]): Promise<R> => {
        const call = new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => read(text, params));
        pending.push(call.catch(() => undefined));
        return call;
      };
    const db: Database = { ...t.db, prisma, lean: slowed(t.db.lean) as Database['lean'], leanRows: slowed(t.db.leanRows) };
    return { db, settled: () => Promise.all(pending) };
  }

  it('aborts an execution that outlasts the limit with 504 and a clear message, without waiting for it', async () => {
    const slow = slowDatabase(1000);
    const api = createApp({ db: slow.db, logger: silent, limits: { timeoutMs: 100 } });
    const started = performance.now();
    const response = await api.fetch('http://crosscheck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify({ query: '{ documents(first: 5) { edges { node { title } } } }' }),
    });
    const elapsed = performance.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ errors: [{ message: 'The operation was aborted after 100 ms (the request time limit).', extensions: { code: 'TIMEOUT' } }] });
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(800);
    await slow.settled();
  });

  it('gives each of several executions its own time limit, counted from its start', async () => {
    const slow = slowDatabase(3000);
    const api = createApp({ db: slow.db, logger: silent, limits: { timeoutMs: 300 } });
    const timed = async () => {
      const started = performance.now();
      const response = await api.fetch('http://crosscheck.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: ACCEPT },
        body: JSON.stringify({ query: '{ documents(first: 5) { edges { node { title } } } }' }),
      });
      return { status: response.status, elapsed: performance.now() - started };
    };
    const first = timed();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = timed();
    // One that ends in time meanwhile changes nothing for the others.
    expect((await api.fetch('http://crosscheck.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })).status).toBe(200);
    for (const answer of [await first, await second]) {
      expect(answer.status).toBe(504);
      expect(answer.elapsed).toBeGreaterThanOrEqual(295);
      expect(answer.elapsed).toBeLessThan(2500);
    }
    await slow.settled();
  });

  it('lets an execution that ends in time finish', async () => {
    const slow = slowDatabase(20);
    const api = createApp({ db: slow.db, logger: silent, limits: { timeoutMs: 2000 } });
    const response = await api.fetch('http://crosscheck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify({ query: '{ documents(first: 5) { edges { node { title } } } }' }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).data.documents.edges).toHaveLength(5);
    await slow.settled();
  });
});
