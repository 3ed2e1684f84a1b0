// CORS: which browser origins may call the API (CORS_ORIGINS), and never with credentials.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadCorsOrigins } from '../src/config.js';
import { createApp } from '../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

const silent = pino({ level: 'silent' });
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

const ALLOWED = 'https://newsroom.example.org';
const REFUSED = 'https://elsewhere.example.com';

/** A browser's preflight before a POST carrying a token. */
function preflight(app: ReturnType<typeof createApp>, origin: string) {
  return app.fetch('http://crosscheck.test/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
}

function post(app: ReturnType<typeof createApp>, origin: string) {
  return app.fetch('http://crosscheck.test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

const allowedHeaders = (response: Response) =>
  (response.headers.get('access-control-allow-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());

describe('CORS_ORIGINS setting', () => {
  it('is any origin when unset, empty or *', () => {
    expect(loadCorsOrigins({})).toBe('*');
    expect(loadCorsOrigins({ CORS_ORIGINS: ' ' })).toBe('*');
    expect(loadCorsOrigins({ CORS_ORIGINS: `${ALLOWED},*` })).toBe('*');
  });

  it('is a list of origins, written as browsers send them', () => {
    expect(loadCorsOrigins({ CORS_ORIGINS: ' https://Newsroom.example.org/ , http://localhost:5173,https://a.example:443' })).toEqual([
      ALLOWED,
      'http://localhost:5173',
      'https://a.example',
    ]);
    expect(loadConfig({ CORS_ORIGINS: ALLOWED }).CORS_ORIGINS).toEqual([ALLOWED]);
  });

  it('refuses what is not an origin, naming it', () => {
    expect(() => loadCorsOrigins({ CORS_ORIGINS: `${ALLOWED},newsroom.example.org` })).toThrow(/CORS_ORIGINS: "newsroom\.example\.org" is not an origin/);
    expect(() => loadCorsOrigins({ CORS_ORIGINS: 'https://a.example/app' })).toThrow(/is not an origin/);
    expect(() => loadCorsOrigins({ CORS_ORIGINS: 'ftp://a.example' })).toThrow(/is not an origin/);
  });
});

describe('CORS with a list of origins', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = createApp({ db: t.db, logger: silent, corsOrigins: loadCorsOrigins({ CORS_ORIGINS: `${ALLOWED},http://localhost:5173` }) });
  });

  it('answers an allowed origin’s preflight with that origin, the methods and the headers a client sends', async () => {
    const response = await preflight(app, ALLOWED);
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowedHeaders(response)).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
  });

  it('gives a refused origin no CORS header, on the preflight and on the request', async () => {
    for (const response of [await preflight(app, REFUSED), await post(app, REFUSED)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
    }
    // A look-alike of an allowed origin is another origin.
    expect((await preflight(app, `${ALLOWED}.evil.example`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(app, 'http://newsroom.example.org')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin read the answer and its request id', async () => {
    const response = await post(app, 'http://localhost:5173');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/i);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CORS by default (any origin)', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    // What the server does with CORS_ORIGINS unset: createApp reads it from the environment.
    const saved = process.env.CORS_ORIGINS;
    delete process.env.CORS_ORIGINS;
    try {
      app = createApp({ db: t.db, logger: silent });
    } finally {
      if (saved !== undefined) process.env.CORS_ORIGINS = saved;
    }
  });

  it('allows any origin, never with credentials', async () => {
    for (const origin of [ALLOWED, REFUSED, 'http://localhost:3000']) {
      for (const response of [await preflight(app, origin), await post(app, origin)]) {
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
      expect(allowedHeaders(await preflight(app, origin))).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    }
  });

  it('sends no CORS header to a request without Origin (not a cross-origin browser call)', async () => {
    const response = await app.fetch('http://crosscheck.test/graphql?query=%7B__typename%7D');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
