import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { connect, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { start, StartupError } from '../src/server.js';
import { createEmptyDatabase, testProvider } from './helpers/database.js';
import { startServerProcess } from './helpers/server-process.js';

let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
beforeAll(async () => {
  empty = await createEmptyDatabase();
});
afterAll(async () => {
  await empty.drop();
});

const configFor = (url: string, port = 0, env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });

const documentsQuery = JSON.stringify({ query: '{ documents(first: 10) { totalCount edges { node { title } } } }' });

/**
 * A POST to /graphql whose headers the server has taken (it answered `100 Continue`) and whose
 * body is still incomplete: a request reliably in flight, however fast the server is.
 */
async function requestInFlight(port: number, body: string) {
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/graphql',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode!, body: text }));
      res.once('error', reject);
    });
  });
  // Seen only if the request fails before it is finished; the caller awaits `response` for the rest.
  response.catch(() => undefined);
  await Promise.race([once(req, 'continue'), response]);
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { finish: () => req.end(body.slice(half)), response };
}

/** Resolves with the error code of a connection attempt ('connected' if it was accepted). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

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

  it('cuts a request short only when SHUTDOWN_TIMEOUT_MS runs out', async () => {
    const server = await start(configFor(empty.url, 0, { SHUTDOWN_TIMEOUT_MS: '200' }));
    // The body never completes: only the deadline can end this request.
    const { response } = await requestInFlight(server.port, documentsQuery);
    await server.stop();
    await expect(response).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.server.listening).toBe(false);
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

describe(`npm start (${testProvider})`, () => {
  it('finishes an in-flight request when its process group gets SIGTERM, repeatedly, then refuses connections and exits 0', async () => {
    // An empty database: npm start migrates it and loads the sample corpus, from the compiled code.
    const database = await createEmptyDatabase();
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      const inFlight = await requestInFlight(server.port, documentsQuery);
      // What Ctrl-C, systemd and container runtimes do: every process of the group gets the signal
      // (npm forwards it to the server once more).
      server.signalGroup('SIGTERM');
      await server.waitFor('shutting down');
      server.signalGroup('SIGTERM');
      server.signalGroup('SIGTERM');
      expect(await tryConnect(server.port)).toBe('ECONNREFUSED');

      inFlight.finish();
      const response = await inFlight.response;
      expect(response.status).toBe(200);
      const { data } = JSON.parse(response.body) as { data: { documents: { totalCount: number; edges: Array<{ node: { title: string } }> } } };
      expect(data.documents.totalCount).toBe(5);
      expect(data.documents.edges).toHaveLength(5);
      for (const edge of data.documents.edges) expect(edge.node.title).toMatch(/\S/);

      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output().split('shutting down').length - 1).toBe(1);
      expect(server.output()).toContain('"msg":"stopped"');
    } finally {
      server.kill();
      await database.drop();
    }
    // A generous limit, not a speed assertion: npm, a rebuild of dist/ when sources changed, and
    // migrating and seeding a fresh database all run in this test on a possibly busy machine.
  }, 180_000);
});

describe('configuration', () => {
  it('defaults to the SQLite file under data/', () => {
    expect(loadConfig({}).DATABASE_URL).toBe('file:./data/crosscheck.db');
  });
  it('refuses a DATABASE_URL of another kind with a clear message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow('Invalid configuration: DATABASE_URL: DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  });
});
