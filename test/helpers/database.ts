// A fresh database per test file: a temporary SQLite file, or a PostgreSQL database created
// and dropped on the server named by TEST_POSTGRES_URL when TEST_DATABASE=postgresql.
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type QueryEvent } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import type { Provider } from '../../src/db/provider.js';

export const testProvider: Provider = process.env.TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  db: Database;
  /** Every SQL statement Prisma issued since the last reset. */
  statements: QueryEvent[];
  /** Runs fn and returns the statements it issued. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  destroy(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** An empty database of the provider under test, not yet migrated. Returns its URL and a dropper. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `crosscheck_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (testProvider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-test-'));
    return { url: `file:${join(dir, `${name}.db`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(postgresAdminUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  await migrate(empty.url);
  const statements: QueryEvent[] = [];
  const db = await openDatabase(empty.url, { onQuery: (event) => statements.push(event), synchronous: 'NORMAL' });
  return {
    url: empty.url,
    db,
    statements,
    async countStatements(fn) {
      // Prisma emits query events asynchronously; let pending ones land before and after.
      await new Promise((resolve) => setImmediate(resolve));
      const before = statements.length;
      const result = await fn();
      await new Promise((resolve) => setImmediate(resolve));
      return { result, statements: statements.slice(before).map((event) => event.query) };
    },
    async destroy() {
      await db.close();
      await empty.drop();
    },
  };
}

/** Row counts of every table: a cheap fingerprint to prove an operation changed nothing. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const p = db.prisma;
  const counts = await Promise.all([
    p.collection.count(),
    p.document.count(),
    p.documentVersion.count(),
    p.boilerplateRegion.count(),
    p.entity.count(),
    p.entityName.count(),
    p.externalId.count(),
    p.span.count(),
    p.mention.count(),
    p.claim.count(),
    p.claimQualifier.count(),
    p.citation.count(),
    p.change.count(),
  ]);
  const names = ['collection', 'document', 'documentVersion', 'boilerplateRegion', 'entity', 'entityName', 'externalId', 'span', 'mention', 'claim', 'claimQualifier', 'citation', 'change'];
  return Object.fromEntries(names.map((name, index) => [name, counts[index]!]));
}

/**
 * Runs a write that must be refused with a typed error (a result whose __typename ends in "Error",
 * no GraphQL error) and proves that nothing changed, the change log included. Returns the result.
 */
export async function expectRefusedUnchanged(db: Database, run: () => Promise<{ data?: unknown; errors?: unknown }>): Promise<any> {
  const before = await tableCounts(db);
  const response = await run();
  expect(response.errors).toBeUndefined();
  const result = Object.values(response.data as Record<string, any>)[0];
  expect(result.__typename).toMatch(/Error$/);
  expect(await tableCounts(db)).toEqual(before);
  return result;
}

