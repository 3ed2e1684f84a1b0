import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { start, StartupError } from '../src/server.js';
import { createEmptyDatabase, testProvider } from './helpers/database.js';

let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
beforeAll(async () => {
  empty = await createEmptyDatabase();
});
afterAll(async () => {
  await empty.drop();
});

const configFor = (url: string, port = 0) => loadConfig({ DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' });

describe(`the server (${testProvider})`, () => {
  it('migrates an empty database, loads the sample corpus, serves GraphQL and /health, then stops cleanly', async () => {
    const server = await start(configFor(empty.url));
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: { provider: testProvider, up: true } });

      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ documents(first: 10) { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { documents: { totalCount: 5 } } });

      const graphiql = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
      expect(graphiql.status).toBe(200);
      expect(await graphiql.text()).toContain('DeathTollClaims');
    } finally {
      await server.stop();
    }
    expect(server.server.listening).toBe(false);
  });

  it('starts again on the same database without loading the corpus twice', async () => {
    const server = await start(configFor(empty.url));
    try {
      expect(await server.db.prisma.document.count()).toBe(5);
    } finally {
      await server.stop();
    }
  });

  it('lets an in-flight request finish during shutdown', async () => {
    const server = await start(configFor(empty.url));
    // Stop once the server has the request (a fixed delay raced the connection on a busy machine).
    const received = new Promise((resolve) => server.server.once('request', resolve));
    const request = fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ documents(first: 5) { edges { node { body } } } }' }),
    });
    await received;
    const stopping = server.stop();
    const response = await request;
    expect(response.status).toBe(200);
    expect((await response.json()).data.documents.edges).toHaveLength(5);
    await stopping;
  });

  it('reports a port already in use in one sentence', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const failure = await start(configFor(empty.url, port)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toBe(`Port ${port} is already in use: stop the other process or set PORT.`);
    } finally {
      blocker.close();
    }
  });
});

describe('configuration', () => {
  it('defaults to the SQLite file under data/', () => {
    expect(loadConfig({}).DATABASE_URL).toBe('file:./data/crosscheck.db');
  });
  it('refuses a DATABASE_URL of another kind with a clear message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow('Invalid configuration: DATABASE_URL: DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  });
});
